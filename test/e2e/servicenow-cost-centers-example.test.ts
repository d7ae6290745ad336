// The bundled "ServiceNow - cost centers both ways" example in a real Node-RED 5 against the Odoo and
// ServiceNow sandboxes. It proves: after one run each side has the other's codes (Odoo's four branches
// in cmn_cost_center with Odoo's names; ServiceNow's own CC-900 as an Odoo analytic account, on the
// account Odoo already had archived with that code, not a second one); a second run writes nothing on
// either side; a rename in Odoo reaches ServiceNow while a rename in ServiceNow stays out of Odoo (Odoo
// is the record, as the tab's help says); a cost center whose Odoo company has no legal entity is kept
// as failed and posts once on replay after the fix.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import { COST_CENTERS } from '../../sandbox/odoo/engine/seed/accounting';
import type { RunningSimulator } from '../../sandbox/kit';
import { SERVICENOW_ONLY_COST_CENTER, type ServiceNowSimulator } from '../../sandbox/servicenow';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, press, until, type FlowNode, stopAll } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'ServiceNow - cost centers both ways.json';
const TAB = 'mlc-ex-sncc-tab';
const ODOO_WRITES = new Set(['create', 'write', 'load', 'unlink']);

describe(`example "${FILE}" in Node-RED 5 against the Odoo and ServiceNow sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;
  let odoo: OdooClient;
  let odooSim: RunningSimulator;
  let snSim: RunningSimulator;
  let sn: ServiceNowSimulator;

  const inServiceNow = (code: string) => sn.state.findAllBy('cmn_cost_center', 'code', code);
  const entityCode = (sysId: string | undefined): string => sn.state.find('sn_fin_legal_entity', sysId ?? '')?.['code'] ?? 'none';
  const inOdoo = (code: string) =>
    odoo.searchRead('account.analytic.account', { domain: [['plan_id.name', '=', 'Cost Centers'], ['code', '=', code]], fields: ['name', 'active'], context: { active_test: false } });
  const snImports = (): number => snSim.log.entries({ path: '/api/now/import/' }).filter((e) => e.method === 'POST').length;
  const odooWrites = (): number => odooSim.log.entries({}).filter((e) => ODOO_WRITES.has(String(e.tags['method']))).length;
  const finishedOdooReads = async (): Promise<number> =>
    (await store.listRuns({ limit: 500 })).filter((r) => r.runId.startsWith('odoo-read:account.analytic.account:') && r.status !== 'running').length;
  /** Presses "sync both ways now" and waits for the Odoo read, the second direction, to end. */
  const syncBoth = async (): Promise<void> => {
    const before = await finishedOdooReads();
    await press(nr, 'mlc-ex-sncc-run');
    await until('the Odoo → ServiceNow read to end', finishedOdooReads, (n) => n > before, 90_000);
  };

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    odooSim = sandbox.get('odoo') as RunningSimulator;
    snSim = sandbox.get('servicenow') as RunningSimulator;
    sn = snSim.simulator as ServiceNowSimulator;
    const { flows, credentials } = loadExample(FILE);
    nr = await startNodeRed('node-red', flows, { credentials, env });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it("gives each side the other's codes in one run", async () => {
    const [legacy] = await inOdoo(SERVICENOW_ONLY_COST_CENTER.code);
    assert.equal(legacy?.['active'], false, 'Odoo holds CC-900 archived (Legacy Yard)');
    await syncBoth();

    for (const [code, name] of COST_CENTERS) {
      const rows = inServiceNow(code);
      assert.equal(rows.length, 1, `${code} once in ServiceNow`);
      assert.deepEqual([rows[0]?.['name'], rows[0]?.['erp_source'], rows[0]?.['active'], entityCode(rows[0]?.['legal_entity'])], [name, 'odoo', 'true', 'MLC-US']);
    }
    const centers = await inOdoo(SERVICENOW_ONLY_COST_CENTER.code);
    assert.deepEqual(
      centers.map((c) => [c['id'], c['name'], c['active']]),
      [[legacy['id'], SERVICENOW_ONLY_COST_CENTER.name, true]],
      "ServiceNow's CC-900 is on the account Odoo had with that code, made active, not a second one",
    );
    const cc900 = inServiceNow(SERVICENOW_ONLY_COST_CENTER.code);
    assert.equal(cc900.length, 1);
    assert.equal(cc900[0]?.['erp_source'], 'odoo', 'from now on Odoo holds it');
    assert.equal(cc900[0]?.['name'], SERVICENOW_ONLY_COST_CENTER.name);
    const failed = await store.list({ status: 'failed' });
    assert.deepEqual(failed.map((r) => r.key), [], 'nothing failed');
  });

  it('writes nothing on either side on a second run', async () => {
    const imports = snImports();
    const writes = odooWrites();
    assert.ok(imports >= 5 && writes >= 1, `the first run wrote (${imports} imports, ${writes} Odoo writes)`);
    await syncBoth();
    assert.equal(snImports(), imports, 'no import set call');
    assert.equal(odooWrites(), writes, 'no Odoo write');
  });

  it('carries a rename in Odoo to ServiceNow; a rename in ServiceNow stays out of Odoo', async () => {
    const [south] = await inOdoo('CC-300');
    odooSim.clock.advance(2000); // write_date has whole seconds: later than the cursor
    await odoo.write('account.analytic.account', [Number(south?.['id'])], { name: 'South Branch Operations' });
    const [north] = inServiceNow('CC-200');
    sn.editRecord('cmn_cost_center', north?.['sys_id'], { name: 'North Region' });
    await syncBoth();

    assert.deepEqual(inServiceNow('CC-300').map((r) => r['name']), ['South Branch Operations']);
    assert.deepEqual((await inOdoo('CC-200')).map((c) => c['name']), ['North Branch'], 'Odoo keeps its name');
    assert.deepEqual(inServiceNow('CC-200').map((r) => r['name']), ['North Region'], 'until the account changes in Odoo');
    const [northInOdoo] = await inOdoo('CC-200');
    odooSim.clock.advance(2000);
    await odoo.write('account.analytic.account', [Number(northInOdoo?.['id'])], { name: 'North Branch' });
    await syncBoth();
    assert.deepEqual(inServiceNow('CC-200').map((r) => r['name']), ['North Branch'], "Odoo's name put back");
  });

  it('keeps a cost center of an Odoo company without a legal entity as failed, and posts it once on replay after the fix', async () => {
    const [company] = await odoo.create('res.company', [{ name: 'ML Construction Canada' }]);
    const [plan] = await odoo.search('account.analytic.plan', [['name', '=', 'Cost Centers']]);
    odooSim.clock.advance(2000);
    const [yard] = await odoo.create('account.analytic.account', [{ name: 'Vancouver Yard', code: 'CC-610', plan_id: plan, company_id: company }]);
    assert.ok(company && yard);
    await syncBoth();

    const [failed] = await store.list({ keyPrefix: `servicenow.cost_centers:odoo:account.analytic.account:${yard}:`, status: 'failed' });
    assert.ok(failed, 'kept as failed');
    assert.match(failed.error?.message ?? '', /legal entity/i);
    assert.equal((await store.get(failed.key))?.flow, TAB);
    assert.equal(inServiceNow('CC-610').length, 0);

    // The fix: the Canadian legal entity in ServiceNow and the company's row in the map's table.
    sn.editRecord('sn_fin_legal_entity', undefined, { name: 'ML Construction Canada Ltd.', code: 'MLC-CA', currency: 'CAD', country: 'CA', active: 'true' });
    const { flows } = loadExample(FILE);
    const fixed = flows.map((n): FlowNode =>
      n.id === 'mlc-ex-sncc-to-sn' ? { ...n, tables: [{ name: 'legalEntities', source: 'rows', rows: [{ key: '1', value: 'MLC-US' }, { key: String(company), value: 'MLC-CA' }] }] } : n,
    );
    const deploy = await fetch(`${nr.url}/flows`, { method: 'POST', headers: { 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full' }, body: JSON.stringify(fixed) });
    assert.equal(deploy.status, 204);
    await press(nr, 'mlc-ex-sncc-replay-inject');
    await until('the replayed cost center posted', () => store.get(failed.key), (r) => r?.status === 'posted', 60_000);
    const rows = inServiceNow('CC-610');
    assert.deepEqual(rows.map((r) => [r['name'], entityCode(r['legal_entity'])]), [['Vancouver Yard', 'MLC-CA']]);

    const imports = snImports();
    await press(nr, 'mlc-ex-sncc-replay-inject');
    await syncBoth();
    assert.equal(snImports(), imports, 'a second replay and a new run stage nothing');
    assert.equal(inServiceNow('CC-610').length, 1);
  });
});
