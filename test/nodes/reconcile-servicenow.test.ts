// mlc-reconcile set to ServiceNow, in Node-RED with mlc-servicenow-write and mlc-audit on a real SQLite
// store, against the ServiceNow sandbox over its socket: purchase orders staged with their lines by the
// write node and audited are read back by their lines and tie out to the cent (output 1); a line
// changed in the sandbox behind the pack's back sends the run out of output 2, naming the order.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { tablesFromLookups } from '../../lib/mapping/lookup-tables';
import { compileControls, type ControlSpec, type ReconcileResult } from '../../lib/reconcile';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { INTEGRATION_USER, ServiceNowSimulator } from '../../sandbox/servicenow';
import auditNode = require('../../nodes/core/audit');
import reconcileNode = require('../../nodes/core/reconcile');
import storeNode = require('../../nodes/core/store-config');
import serviceNowConfigNode = require('../../nodes/servicenow/servicenow-config');
import serviceNowWriteNode = require('../../nodes/servicenow/servicenow-write');
import type { StoreConfigNode } from '../../nodes/shared/types';
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
type NodeModules = Parameters<typeof helper.load>[0];
const NODES = [reconcileNode, storeNode, auditNode, serviceNowConfigNode, serviceNowWriteNode] as unknown as NodeModules;
const SPEC: ControlSpec = { lines: 'lines', amounts: [{ name: 'amount', from: 'amount', target: 'total_line_amount' }], dimensions: [{ name: 'GL account', from: 'gl', target: 'gl_account.number' }] };

describe('mlc-reconcile reading back from ServiceNow', () => {
  const servicenow = new ServiceNowSimulator();
  let sim: RunningSimulator;
  let dir: string;

  const flow = (): Msg[] =>
    positioned([
      { id: 'tab', type: 'tab', label: 'reconcile servicenow' },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
      { id: 'sn', type: 'mlc-servicenow-config', name: 'ServiceNow (test)', instanceUrl: sim.url, authMode: 'basic', maxAttempts: 2, timeoutSeconds: 5 },
      { id: 'write', z: 'tab', type: 'mlc-servicenow-write', servicenow: 'sn', operation: 'import', table: 'sn_fcms_intg_imp_order', lineTable: 'sn_fcms_intg_imp_order_line', wires: [['audit'], ['audit']] },
      { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
      { id: 'audited', z: 'tab', type: 'helper' },
      { id: 'reconcile', z: 'tab', type: 'mlc-reconcile', store: 'store', system: 'servicenow', servicenow: 'sn', pageSize: 1, waitSeconds: 5, wires: [['tied'], ['off']] },
      { id: 'tied', z: 'tab', type: 'helper' },
      { id: 'off', z: 'tab', type: 'helper' },
    ]);

  /** A source order as the read gave it: its lines with amounts and GL account numbers. */
  const source = (n: number, amounts: string[]) => ({ key: `odoo:po:${n}`, number: `PO-N${n}`, lines: amounts.map((amount, i) => ({ amount, gl: i === 0 ? '5000' : '6100' })) });
  const orders = [source(1, ['1500.25', '20.10']), source(2, ['0.99'])];

  before(async () => {
    sim = await startSimulator(servicenow, { port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'mlc-reconcile-sn-node-'));
    await helper.startServer();
  });
  afterEach(() => helper.unload());
  after(async () => {
    await helper.stopServer();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reconciles a run the write node staged: tied out, then off once a line is changed in ServiceNow', async () => {
    await helper.load(NODES, flow(), { sn: { user: INTEGRATION_USER.userName, password: INTEGRATION_USER.password } });
    const store = await (helper.getNode('store') as unknown as StoreConfigNode).getStore();
    // What the read and the map do for the run: its records read, their control totals counted.
    const controls = compileControls(SPEC);
    await store.startRun({ runId: 'sn-run' });
    await store.addRunCounts('sn-run', { read: orders.length });
    await store.recordControls(orders.map((o) => ({ runId: 'sn-run', key: o.key, spec: SPEC, figures: controls.figuresOf(o, o.key, tablesFromLookups({}, 'test')) })));

    const audited = collect('audited');
    for (const o of orders) {
      const lines = o.lines.map((l, i) => ({ erp_po_number: o.number, erp_line_number: i + 1, total_line_amount: l.amount, gl_account: l.gl }));
      send('write', { payload: { header: { erp_po_number: o.number, erp_source: 'odoo', supplier: 'V-1001', currency: 'USD' }, lines }, mlc: { key: o.key, runId: 'sn-run' } });
    }
    const written = await audited.waitFor(2);
    assert.deepEqual(written.map((m) => (m['mlc'] as { target?: { entity: string } }).target?.entity), ['sn_shop_purchase_order', 'sn_shop_purchase_order']);

    const tied = collect('tied');
    const since = sim.log.lastSeq;
    send('reconcile', { mlc: { runId: 'sn-run' } });
    const [result] = await tied.waitFor(1);
    const tiedOut = result?.['payload'] as ReconcileResult;
    assert.equal(tiedOut.status, 'tied', tiedOut.summary);
    assert.deepEqual(tiedOut.records, { expected: 2, found: 2 });
    assert.deepEqual(tiedOut.totals, [{ measure: 'amount', expected: 152_134, found: 152_134 }]);
    assert.equal(sim.log.entries({ sinceSeq: since, method: 'GET' }).filter((e) => e.path === '/api/now/table/sn_shop_purchase_order_line').length, 2, 'one read per page of one record');

    const order = servicenow.state.findBy('sn_shop_purchase_order', 'erp_po_number', 'PO-N1');
    const line = servicenow.state.findAllBy('sn_shop_purchase_order_line', 'purchase_order', order?.['sys_id'] as string).find((l) => l['erp_line_number'] === '2');
    assert.ok(line);
    servicenow.state.update(line, { total_line_amount: '21.10' }, 'admin', Date.now());
    const off = collect('off');
    send('reconcile', { mlc: { runId: 'sn-run' } });
    const [offMsg] = await off.waitFor(1);
    const result2 = offMsg?.['payload'] as ReconcileResult;
    assert.equal(result2.status, 'off');
    assert.match(result2.summary, /record odoo:po:1: amount off by \+1.00/);
    assert.deepEqual(result2.differences.filter((d) => d.dimension === 'GL account').map((d) => [d.value, d.off]), [['6100', 100]]);
  });
});
