import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { INTEGRATION_USER, OAUTH_CLIENT, ServiceNowSimulator } from '../../../sandbox/servicenow';
import { startSandbox } from '../../../sandbox/start-sandbox';
import { call, q, startServiceNow } from './helpers';

describe('ServiceNow sandbox: persistence, after-commit faults, the runner', () => {
  it('keeps records, staged rows, pending insertMultiple transforms and counters in its data file across a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlc-sn-'));
    const dataFile = join(dir, 'servicenow.json');
    try {
      const first = await startServiceNow({}, { dataFile });
      first.running.clock.set('2026-12-01T10:00:00Z');
      const staged = await call(first.url, '/api/now/import/sn_fcms_intg_imp_order', { method: 'POST', body: { erp_po_number: 'P00010', erp_source: 'odoo', supplier: 'V-1002' } });
      assert.equal(staged.json().result[0].status, 'inserted');
      const many = await call(first.url, '/api/now/import/sn_fcms_intg_imp_cost_center/insertMultiple', { method: 'POST', body: { records: [{ code: 'CC-700', name: 'Later' }] } });
      const importSetId = many.json().import_set_id as string;
      await first.running.close();

      const second = await startServiceNow({}, { dataFile });
      assert.equal(second.running.restored, true);
      const po = await call(second.url, '/api/now/table/sn_shop_purchase_order?sysparm_query=erp_po_number%3DP00010&sysparm_fields=number');
      assert.deepEqual(po.json().result, [{ number: 'PO0001001' }]);
      // The pending transform survived and runs once its time has come.
      await call(second.url, '/__sandbox/imports/run', { method: 'POST', user: null });
      const rows = await call(second.url, `/api/now/table/sn_fcms_intg_imp_cost_center?sysparm_fields=sys_import_state&sysparm_query=${q(`sys_import_set=${importSetId}`)}`);
      assert.deepEqual(rows.json().result, [{ sys_import_state: 'inserted' }]);
      // Counters go on from where they were: the next PO gets the next number.
      await call(second.url, '/api/now/import/sn_fcms_intg_imp_order', { method: 'POST', body: { erp_po_number: 'P00011', erp_source: 'odoo', supplier: 'V-1002' } });
      const numbers = await call(second.url, '/api/now/table/sn_shop_purchase_order?sysparm_fields=number&sysparm_query=ORDERBYnumber');
      assert.deepEqual(numbers.json().result, [{ number: 'PO0001001' }, { number: 'PO0001002' }]);
      await second.running.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an after-commit drop loses the answer, not the import: the staged row is there when the client looks', async () => {
    const sn = await startServiceNow();
    try {
      sn.running.faults.add({ kind: 'drop', afterCommit: true, method: 'POST', path: '/api/now/import/' });
      await assert.rejects(call(sn.url, '/api/now/import/sn_fcms_intg_imp_supplier', { method: 'POST', body: { erp_supplier_id: 'V-1020', name: 'Liberty Insulation' } }));
      const found = await call(sn.url, '/api/now/table/sn_fin_supplier?sysparm_query=erp_supplier_id%3DV-1020&sysparm_fields=name');
      assert.deepEqual(found.json().result, [{ name: 'Liberty Insulation' }]);
      const again = await call(sn.url, '/api/now/import/sn_fcms_intg_imp_supplier', { method: 'POST', body: { erp_supplier_id: 'V-1020', name: 'Liberty Insulation' } });
      assert.equal(again.json().result[0].status, 'ignored');
      assert.equal(sn.running.log.entries({ outcome: 'dropped' })[0]?.tags.afterCommit, 201);
    } finally {
      await sn.running.close();
    }
  });

  it('starts with the sandbox runner and hands its demo credentials out as MLC_SANDBOX_SERVICENOW_* variables', async () => {
    const sandbox = await startSandbox({ simulators: { servicenow: () => new ServiceNowSimulator() }, ports: { servicenow: 0 } });
    try {
      const running = sandbox.get('servicenow')!;
      const env = sandbox.environment();
      assert.equal(env.MLC_SANDBOX_SERVICENOW_URL, running.url);
      assert.equal(env.MLC_SANDBOX_SERVICENOW_INSTANCE_URL, running.url);
      assert.equal(env.MLC_SANDBOX_SERVICENOW_TOKEN_URL, `${running.url}/oauth_token.do`);
      assert.equal(env.MLC_SANDBOX_SERVICENOW_USERNAME, INTEGRATION_USER.userName);
      assert.equal(env.MLC_SANDBOX_SERVICENOW_PASSWORD, INTEGRATION_USER.password);
      assert.equal(env.MLC_SANDBOX_SERVICENOW_CLIENT_ID, OAUTH_CLIENT.clientId);
      assert.equal(env.MLC_SANDBOX_SERVICENOW_CLIENT_SECRET, OAUTH_CLIENT.clientSecret);
      assert.match(sandbox.lines().find((line) => line.startsWith('servicenow'))!, /user mlc\.integration \/ mlc-demo-password/);
      const answer = await call(running.url, '/api/now/table/cmn_cost_center?sysparm_limit=1', { user: { userName: env.MLC_SANDBOX_SERVICENOW_USERNAME!, password: env.MLC_SANDBOX_SERVICENOW_PASSWORD! } });
      assert.equal(answer.status, 200);
    } finally {
      await sandbox.close();
    }
  });
});
