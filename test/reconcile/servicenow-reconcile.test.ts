// Reconciling runs against the ServiceNow simulator over its socket, with a real SQLite store: purchase
// orders written through the pack's writer (import sets, header and lines), control totals from the
// source, read back one Table API GET per page of written records (counted in the simulator's request
// log); a line amount changed in the simulator behind the pack's back, and a purchase order deleted
// there, make the run off and say where.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tablesFromLookups } from '../../lib/mapping/lookup-tables';
import { compileControls, reconcileRun, serviceNowReadBack, type ControlSpec } from '../../lib/reconcile';
import { ServiceNowClient } from '../../lib/servicenow';
import { ServiceNowWriter } from '../../lib/servicenow/writer';
import { openStore, type Store } from '../../lib/store';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { INTEGRATION_USER, ServiceNowSimulator } from '../../sandbox/servicenow';

const LINES: ControlSpec = {
  lines: 'lines',
  amounts: [{ name: 'amount', from: 'amount', target: 'total_line_amount' }],
  dimensions: [{ name: 'cost center', from: 'costCenter', target: 'cost_center.code' }],
};
const DOCUMENTS: ControlSpec = { amounts: [{ name: 'amount', from: 'total', target: 'total_amount' }], dimensions: [] };

interface SourceOrder {
  key: string;
  number: string;
  total: string;
  lines: Array<{ amount: string; costCenter: string }>;
}

const order = (n: number, amounts: string[]): SourceOrder => ({
  key: `odoo:po:${n}`,
  number: `PO-R${n}`,
  total: (amounts.reduce((sum, a) => sum + Math.round(Number(a) * 100), 0) / 100).toFixed(2),
  lines: amounts.map((amount, i) => ({ amount, costCenter: i % 2 === 0 ? 'CC-200' : 'CC-900' })),
});

describe('reconciling runs against the ServiceNow simulator', () => {
  const servicenow = new ServiceNowSimulator();
  let sim: RunningSimulator;
  let client: ServiceNowClient;
  let store: Store;
  const dir = mkdtempSync(join(tmpdir(), 'mlc-reconcile-sn-'));
  const tables = tablesFromLookups({}, 'test');

  before(async () => {
    sim = await startSimulator(servicenow, { port: 0 });
    client = new ServiceNowClient({ configName: 'reconcile', instanceUrl: sim.url, authMode: 'basic', user: INTEGRATION_USER.userName, password: INTEGRATION_USER.password });
    store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
  });
  after(async () => {
    client.close();
    await store.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** As map, write and audit do it: the source counted, the order staged with its lines by the writer, the key posted with the target sys_id. */
  async function postRun(runId: string, spec: ControlSpec, orders: SourceOrder[]): Promise<Map<string, string>> {
    const controls = compileControls(spec);
    await store.recordControls(orders.map((o) => ({ runId, key: o.key, spec, figures: controls.figuresOf(o, o.key, tables) })));
    const writer = new ServiceNowWriter(client, { ignoredIsUnchanged: true });
    const outcomes = await writer.writeBatch(
      orders.map((o) => ({
        operation: 'import' as const,
        table: 'sn_fcms_intg_imp_order',
        lineTable: 'sn_fcms_intg_imp_order_line',
        header: { erp_po_number: o.number, erp_source: 'odoo', supplier: 'V-1001', po_amount: o.total, currency: 'USD' },
        lines: o.lines.map((l, i) => ({ erp_po_number: o.number, erp_line_number: i + 1, total_line_amount: l.amount, cost_center: l.costCenter, gl_account: '5000' })),
      })),
    );
    const ids = new Map<string, string>();
    for (const [i, outcome] of outcomes.entries()) {
      assert.ok(outcome.ok, JSON.stringify(outcome));
      const key = (orders[i] as SourceOrder).key;
      ids.set(key, outcome.sysId);
      await store.markPosted({ key, runId, target: { system: 'servicenow', entity: outcome.table, id: outcome.sysId } });
    }
    return ids;
  }

  const reads = (since: number, table: string): number => sim.log.entries({ sinceSeq: since, method: 'GET' }).filter((e) => e.path === `/api/now/table/${table}`).length;

  it('ties a run out to the cent by the lines, with one read call per page of written records', async () => {
    await postRun('run-1', LINES, [order(1, ['1234.56', '0.01']), order(2, ['99999.99']), order(3, ['10.10', '20.20', '30.30']), order(4, ['0.07']), order(5, ['333.33'])]);
    const since = sim.log.lastSeq;
    const result = await reconcileRun(store, 'run-1', serviceNowReadBack(client), { pageSize: 2 });
    assert.equal(result.status, 'tied', result.summary);
    assert.deepEqual(result.records, { expected: 5, found: 5 });
    assert.deepEqual(result.totals, [{ measure: 'amount', expected: 10_162_856, found: 10_162_856 }]);
    assert.equal(result.pages, 3);
    assert.equal(result.readCalls, 3);
    assert.equal(reads(since, 'sn_shop_purchase_order_line'), 3, 'the request log agrees');
    assert.equal(sim.log.count({ sinceSeq: since }), 3, 'and nothing else was asked');
  });

  it('names the order, the cost center and the difference when a line is changed in ServiceNow, and counts a deleted order as missing', async () => {
    const ids = await postRun('run-2', LINES, [order(21, ['500.00', '200.00']), order(22, ['700.00']), order(23, ['50.00'])]);
    // Behind the pack's back, through the simulator's own state: a line raised by 12.34, an order deleted.
    const [line] = servicenow.state.findAllBy('sn_shop_purchase_order_line', 'purchase_order', ids.get('odoo:po:21') as string).filter((l) => l['erp_line_number'] === '2');
    assert.ok(line);
    servicenow.state.update(line, { total_line_amount: '212.34' }, 'admin', Date.now());
    for (const l of servicenow.state.findAllBy('sn_shop_purchase_order_line', 'purchase_order', ids.get('odoo:po:23') as string)) servicenow.state.remove('sn_shop_purchase_order_line', l['sys_id'] as string);
    servicenow.state.remove('sn_shop_purchase_order', ids.get('odoo:po:23') as string);

    const result = await reconcileRun(store, 'run-2', serviceNowReadBack(client), { pageSize: 2 });
    assert.equal(result.status, 'off');
    assert.deepEqual(result.records, { expected: 3, found: 2 });
    const find = (dimension: string, measure: string) => result.differences.filter((d) => d.dimension === dimension && d.measure === measure).map((d) => [d.value, d.off]).sort();
    assert.deepEqual(find('record', 'amount'), [['odoo:po:21', 1234], ['odoo:po:23', -5000]]);
    assert.deepEqual(find('cost center', 'amount'), [['CC-200', -5000], ['CC-900', 1234]]);
    assert.deepEqual(find('record', 'count'), [['odoo:po:23', -1]]);
    assert.match(result.summary, /record odoo:po:21: amount off by \+12.34 \(expected 700.00, found 712.34\)/);
    assert.match(result.summary, /record odoo:po:23: 1 record\(s\) missing in the target/);
  });

  it('ties purchase orders out by their own totals when the controls count no lines, reading the orders themselves', async () => {
    const ids = await postRun('run-3', DOCUMENTS, [order(31, ['100.00', '0.50']), order(32, ['42.42'])]);
    const since = sim.log.lastSeq;
    const tied = await reconcileRun(store, 'run-3', serviceNowReadBack(client));
    assert.equal(tied.status, 'tied', tied.summary);
    assert.deepEqual(tied.totals, [{ measure: 'amount', expected: 14_292, found: 14_292 }]);
    assert.equal(reads(since, 'sn_shop_purchase_order'), 1);

    const header = servicenow.state.find('sn_shop_purchase_order', ids.get('odoo:po:32') as string);
    assert.ok(header);
    servicenow.state.update(header, { total_amount: '42.40' }, 'admin', Date.now());
    const off = await reconcileRun(store, 'run-3', serviceNowReadBack(client));
    assert.equal(off.status, 'off');
    assert.deepEqual(off.differences.filter((d) => d.dimension === 'record').map((d) => [d.value, d.measure, d.off]), [['odoo:po:32', 'amount', -2]]);
  });
});
