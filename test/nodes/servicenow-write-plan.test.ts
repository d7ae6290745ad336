// mlc-servicenow-write in plan-only mode, in real Node-RED against the ServiceNow sandbox, with
// mlc-audit on a real SQLite store: what each record would become (create, update with the fields that
// change, unchanged, fail), for Table API upserts and for purchase orders staged with their lines
// through import sets (references compared as the sys_ids the transform stores), with no write call
// made and only the plan kept in the store; posting the plan then makes exactly the planned writes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { NodeAPI } from 'node-red';
import helper from 'node-red-node-test-helper';
import type { PlanMessage } from '../../lib/plan/plan';
import { INTEGRATION_USER, ServiceNowSimulator } from '../../sandbox/servicenow';
import auditNode = require('../../nodes/core/audit');
import { postPlan } from '../../nodes/core/plan-post';
import storeNode = require('../../nodes/core/store-config');
import serviceNowConfigNode = require('../../nodes/servicenow/servicenow-config');
import serviceNowWriteNode = require('../../nodes/servicenow/servicenow-write');
import type { StoreConfigNode } from '../../nodes/shared/types';
import { simulatorSuite } from '../support/simulator-suite';
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
type NodeModules = Parameters<typeof helper.load>[0];
const NODES = [serviceNowConfigNode, serviceNowWriteNode, storeNode, auditNode] as unknown as NodeModules;
const WRITE_METHODS = ['POST', 'PATCH', 'PUT', 'DELETE'];

const ORDER = 'sn_fcms_intg_imp_order';
const ORDER_LINE = 'sn_fcms_intg_imp_order_line';

describe('mlc-servicenow-write in plan-only mode against the ServiceNow sandbox', () => {
  const servicenow = new ServiceNowSimulator();
  const suite = simulatorSuite(servicenow, { tmpPrefix: 'mlc-sn-plan' });

  const flow = (write: Msg): Msg[] =>
    positioned([
      { id: 'tab', type: 'tab', label: 'plan' },
      { id: 'sn', type: 'mlc-servicenow-config', name: 'ServiceNow (test)', instanceUrl: suite.sim.url, authMode: 'basic', maxAttempts: 1, timeoutSeconds: 5 },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(suite.dir, 'store.sqlite') },
      { id: 'write', z: 'tab', type: 'mlc-servicenow-write', servicenow: 'sn', ...write, wires: [['audit'], ['audit']] },
      { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
      { id: 'audited', z: 'tab', type: 'helper' },
    ]);
  const load = (write: Msg): Promise<void> => helper.load(NODES, flow(write), { sn: { user: INTEGRATION_USER.userName, password: INTEGRATION_USER.password } });
  const planOf = (msg: Msg | undefined): PlanMessage => msg?.['plan'] as PlanMessage;
  const keyOf = (msg: Msg): string => (msg['mlc'] as { key: string }).key;
  const writeCalls = (since: number): number => WRITE_METHODS.reduce((n, method) => n + suite.sim.log.count({ sinceSeq: since, method }), 0);
  const record = (key: string, payload: Msg, runId: string, plan?: boolean): Msg => ({ payload, mlc: { key, runId, ...(plan === undefined ? {} : { plan }) } });
  const storeOf = (): Promise<import('../../lib/store').Store> => (helper.getNode('store') as unknown as StoreConfigNode).getStore();
  const red = (): NodeAPI => (helper as unknown as { _RED: NodeAPI })._RED;
  const one = (table: string, field: string, value: string): Record<string, string> => {
    const rows = servicenow.state.findAllBy(table, field, value);
    assert.equal(rows.length, 1, `one ${table} with ${field} ${value}`);
    return rows[0] as Record<string, string>;
  };

  const po = (number: string, lineTwo = '240.50', extra: Msg = {}): Msg => ({
    header: { erp_po_number: number, erp_source: 'odoo', supplier: 'V-1001', legal_entity: 'MLC-US', cost_center: 'CC-200', po_amount: 3640.5, currency: 'USD', ...extra },
    lines: [
      { erp_po_number: number, erp_line_number: 1, product_name: 'Lumber 2x4x8 SPF', purchase_quantity: 800, total_line_amount: '3400.00', gl_account: '5000', cost_center: 'CC-200' },
      { erp_po_number: number, erp_line_number: 2, product_name: 'Nails 16d (50 lb)', purchase_quantity: 3, total_line_amount: lineTwo, gl_account: '5000', cost_center: 'CC-200' },
    ],
  });


  it('plans upserts as create, update naming the field, unchanged and fail, writes nothing, and posting writes exactly the plan', async () => {
    await load({ operation: 'upsert', table: 'cmn_cost_center', correlationField: 'code', planOnly: true });
    const audited = collect('audited');
    // Written for real through the plan-only node: msg.mlc.plan false is what posting a plan sends.
    send('write', record('cc:701', { code: 'CC-701', name: 'Yard Operations', account_number: '700100' }, 'seed', false));
    send('write', record('cc:702', { code: 'CC-702', name: 'Fleet', account_number: '700200' }, 'seed', false));
    await audited.waitFor(2);
    const yard = one('cmn_cost_center', 'code', 'CC-701');

    const since = suite.sim.log.lastSeq;
    send('write', record('cc:701', { code: 'CC-701', name: 'Yard & Logistics', account_number: 700100 }, 'plan-run'));
    send('write', record('cc:702', { code: 'CC-702', name: 'Fleet', account_number: 700200.0 }, 'plan-run'));
    send('write', record('cc:703', { code: 'CC-703', name: 'Scaffolding' }, 'plan-run'));
    send('write', record('cc:none', { name: 'No Code' }, 'plan-run'));
    const out = await audited.waitFor(6);
    const byKey = new Map(out.slice(2).map((m) => [keyOf(m), planOf(m)]));

    const renamed = byKey.get('cc:701');
    assert.equal(renamed?.action, 'update');
    assert.deepEqual(renamed?.changes, [{ field: 'name', old: 'Yard Operations', new: 'Yard & Logistics' }], 'the account number given as a number is the same string');
    assert.equal(renamed?.id, yard['sys_id']);
    assert.equal(renamed?.system, 'servicenow');
    assert.equal(renamed?.entity, 'cmn_cost_center');
    assert.equal(byKey.get('cc:702')?.action, 'unchanged');
    const added = byKey.get('cc:703');
    assert.equal(added?.action, 'create');
    assert.deepEqual(added?.changes, [{ field: 'code', old: null, new: 'CC-703' }, { field: 'name', old: null, new: 'Scaffolding' }]);
    const refused = byKey.get('cc:none');
    assert.equal(refused?.action, 'fail');
    assert.equal(refused?.error?.code, 'MLC_SERVICENOW_INPUT');
    assert.equal(writeCalls(since), 0, 'no write call of any kind');
    assert.equal(suite.sim.log.count({ sinceSeq: since, method: 'GET', path: '/api/now/table/cmn_cost_center' }), 3, 'the upsert look-up, once per record with a correlation value');

    const store = await storeOf();
    const plan = await store.listPlanEntries('plan-run');
    assert.deepEqual(plan.map((e) => [e.key, e.action]), [['cc:701', 'update'], ['cc:702', 'unchanged'], ['cc:703', 'create'], ['cc:none', 'fail']]);
    assert.equal(plan[0]?.node, 'write');
    assert.equal(await store.count({ keyPrefix: 'cc:70', status: 'posted' }), 2, 'only the two seeded records are posted');

    const posting = suite.sim.log.lastSeq;
    const posted = await postPlan(red(), store, 'plan-run');
    assert.deepEqual({ sent: posted.sent, skipped: posted.skipped, notDeployed: posted.notDeployed }, { sent: 2, skipped: 2, notDeployed: 0 });
    const written = (await audited.waitFor(8)).slice(6);
    assert.deepEqual(written.map((m) => [keyOf(m), m['plan'], (m['servicenow'] as { created: boolean }).created]).sort(), [['cc:701', undefined, false], ['cc:703', undefined, true]]);
    const patches = suite.sim.log.entries({ sinceSeq: posting, method: 'PATCH' });
    assert.deepEqual(patches.map((e) => [e.path, e.body]), [[`/api/now/table/cmn_cost_center/${yard['sys_id']}`, { name: 'Yard & Logistics' }]]);
    assert.deepEqual(suite.sim.log.entries({ sinceSeq: posting, method: 'POST' }).map((e) => (e.body as { code: string }).code), ['CC-703']);
    assert.equal(writeCalls(posting), 2, 'the planned writes and no others');
    assert.equal(one('cmn_cost_center', 'code', 'CC-701')['name'], 'Yard & Logistics');
    assert.equal(one('cmn_cost_center', 'code', 'CC-702')['sys_mod_count'], '0');
  });

  it('plans purchase orders staged with their lines as the transform would write them, and posting stages exactly the planned ones', async () => {
    await load({ operation: 'import', table: ORDER, lineTable: ORDER_LINE, planOnly: true });
    const audited = collect('audited');
    send('write', record('po:9001', po('PO-9001'), 'seed', false));
    send('write', record('po:9002', po('PO-9002'), 'seed', false));
    await audited.waitFor(2);
    const order = one('sn_shop_purchase_order', 'erp_po_number', 'PO-9001');
    const unchangedOrder = one('sn_shop_purchase_order', 'erp_po_number', 'PO-9002');

    const since = suite.sim.log.lastSeq;
    const grown = po('PO-9001', '250.00') as { header: Msg; lines: Msg[] };
    grown.lines.push({ erp_po_number: 'PO-9001', erp_line_number: 3, product_name: 'Rebar #4', total_line_amount: '99.95', gl_account: '5000' });
    send('write', record('po:9001', grown, 'plan-run'));
    send('write', record('po:9002', po('PO-9002', '240.5'), 'plan-run'));
    send('write', record('po:9003', po('PO-9003'), 'plan-run'));
    send('write', record('po:9004', po('PO-9004', '240.50', { supplier: 'V-9999' }), 'plan-run'));
    const out = await audited.waitFor(6);
    const byKey = new Map(out.slice(2).map((m) => [keyOf(m), planOf(m)]));

    const changed = byKey.get('po:9001');
    assert.equal(changed?.action, 'update');
    assert.equal(changed?.entity, 'sn_shop_purchase_order');
    assert.equal(changed?.id, order['sys_id']);
    const gl = one('sn_fin_gl_account', 'number', '5000')['sys_id'];
    assert.deepEqual(changed?.changes, [
      { field: 'lines.1.total_line_amount', old: '240.50', new: '250.00' },
      { field: 'lines.2.erp_line_number', old: null, new: '3' },
      { field: 'lines.2.product_name', old: null, new: 'Rebar #4' },
      { field: 'lines.2.total_line_amount', old: null, new: '99.95' },
      { field: 'lines.2.gl_account', old: null, new: gl },
    ], 'the supplier, legal entity, cost center and GL account keys are the sys_ids already stored; only the changed amount and the new line');
    assert.equal(byKey.get('po:9002')?.action, 'unchanged', '240.5 is the 240.50 stored');
    const added = byKey.get('po:9003');
    assert.equal(added?.action, 'create');
    assert.deepEqual(added?.changes.find((c) => c.field === 'supplier'), { field: 'supplier', old: null, new: one('sn_fin_supplier', 'erp_supplier_id', 'V-1001')['sys_id'] });
    assert.deepEqual(added?.changes.filter((c) => c.field.startsWith('lines.1.')).map((c) => c.field), ['lines.1.erp_line_number', 'lines.1.product_name', 'lines.1.purchase_quantity', 'lines.1.total_line_amount', 'lines.1.gl_account', 'lines.1.cost_center']);
    const refused = byKey.get('po:9004');
    assert.equal(refused?.action, 'fail');
    assert.equal(refused?.error?.code, 'MLC_SERVICENOW_REFERENCE_MISSING');
    assert.match(refused?.error?.message ?? '', /Supplier 'V-9999' \(supplier\) not found/);
    assert.equal(writeCalls(since), 0, 'nothing staged, nothing written');
    const reads = (path: string): number => suite.sim.log.entries({ sinceSeq: since, method: 'GET' }).filter((e) => e.path === path).length;
    assert.equal(reads('/api/now/table/sn_shop_purchase_order'), 1, 'one coalesce query for the batch of headers');
    assert.equal(reads('/api/now/table/sn_shop_purchase_order_line'), 1, 'and one for the lines under the headers found');

    const store = await storeOf();
    assert.deepEqual((await store.listPlanEntries('plan-run')).map((e) => [e.key, e.action]), [['po:9001', 'update'], ['po:9002', 'unchanged'], ['po:9003', 'create'], ['po:9004', 'fail']]);

    const posting = suite.sim.log.lastSeq;
    const posted = await postPlan(red(), store, 'plan-run');
    assert.equal(posted.sent, 2);
    await audited.waitFor(8);
    const staged = suite.sim.log.entries({ sinceSeq: posting, method: 'POST' }).map((e) => `${e.path.replace('/api/now/import/', '')} ${String((e.body as Msg)['erp_po_number'])}`);
    assert.deepEqual(staged.sort(), [
      `${ORDER} PO-9001`,
      `${ORDER} PO-9003`,
      ...Array(3).fill(`${ORDER_LINE} PO-9001`),
      ...Array(2).fill(`${ORDER_LINE} PO-9003`),
    ].sort());
    assert.equal(writeCalls(posting), 7, 'the planned rows and no others');
    const lines = servicenow.state.findAllBy('sn_shop_purchase_order_line', 'purchase_order', order['sys_id'] as string).map((l) => `${l['erp_line_number']} ${l['total_line_amount']}`).sort();
    assert.deepEqual(lines, ['1 3400.00', '2 250.00', '3 99.95']);
    assert.equal(one('sn_shop_purchase_order', 'erp_po_number', 'PO-9003')['supplier'], one('sn_fin_supplier', 'erp_supplier_id', 'V-1001')['sys_id']);
    assert.equal(one('sn_shop_purchase_order', 'erp_po_number', 'PO-9002')['sys_mod_count'], unchangedOrder['sys_mod_count']);
    assert.equal(servicenow.state.findAllBy('sn_shop_purchase_order', 'erp_po_number', 'PO-9004').length, 0);
  });
});
