// mlc-servicenow-write in real Node-RED with the real mlc-servicenow-config, against the ServiceNow
// sandbox over real sockets: upsert by a correlation field (created, unchanged with nothing sent, one
// field changed and only it PATCHed, a create whose answer is lost found and not sent again); update by
// sys_id; purchase orders with lines staged through the Import Set API (written with the target sys_id,
// an unknown supplier and a bad line audited with ServiceNow's message and written on replay after the
// fix, `ignored` on a rerun by the node's choice, the empty 201 an ACL causes, a lost answer re-staged
// onto the same record); and insertMultiple followed up until each record's outcome is known.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { IMPORT_ONLY_USER, INTEGRATION_USER, ServiceNowSimulator } from '../../sandbox/servicenow';
import serviceNowConfigNode = require('../../nodes/servicenow/servicenow-config');
import serviceNowWriteNode = require('../../nodes/servicenow/servicenow-write');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
interface Written {
  operation: string;
  table: string;
  sysId: string;
  created: boolean;
  updated?: boolean;
  unchanged?: boolean;
  confirmedBy?: string;
  sent?: string[];
  rows?: Array<{ staging: string; status: string; sysId?: string; message?: string }>;
}

const ORDER = 'sn_fcms_intg_imp_order';
const ORDER_LINE = 'sn_fcms_intg_imp_order_line';

describe('mlc-servicenow-write against the ServiceNow sandbox', () => {
  const servicenow = new ServiceNowSimulator();
  let sim: RunningSimulator;

  const flow = (write: Msg, wireFailed: boolean): Msg[] =>
    positioned([
      { id: 'tab', type: 'tab', label: 'servicenow write' },
      { id: 'sn', type: 'mlc-servicenow-config', name: 'ServiceNow (test)', instanceUrl: sim.url, authMode: 'basic', maxAttempts: 2, timeoutSeconds: 5 },
      { id: 'write', z: 'tab', type: 'mlc-servicenow-write', servicenow: 'sn', ...write, wires: [['written'], wireFailed ? ['failed'] : []] },
      { id: 'written', z: 'tab', type: 'helper' },
      { id: 'failed', z: 'tab', type: 'helper' },
      { id: 'catch', z: 'tab', type: 'catch', scope: ['write'], wires: [['caught']] },
      { id: 'caught', z: 'tab', type: 'helper' },
    ]);
  const load = (write: Msg, options: { user?: { userName: string; password: string }; wireFailed?: boolean } = {}): Promise<void> => {
    const user = options.user ?? INTEGRATION_USER;
    return helper.load([serviceNowConfigNode, serviceNowWriteNode], flow(write, options.wireFailed ?? true), { sn: { user: user.userName, password: user.password } });
  };
  const writtenOf = (msg: Msg | undefined) => msg?.['servicenow'] as Written;
  const targetOf = (msg: Msg | undefined) => (msg?.['mlc'] as { target: { system: string; entity: string; id: string } }).target;
  const errorOf = (msg: Msg | undefined) => msg?.['error'] as { message: string; code: string; transient?: boolean };
  const records = (table: string, field: string, value: string) => servicenow.state.findAllBy(table, field, value);
  const writes = (path: string, method = 'POST') => sim.log.count({ method, path });

  const po = (number: string, extra: Msg = {}) => ({
    header: { erp_po_number: number, erp_source: 'odoo', supplier: 'V-1001', legal_entity: 'MLC-US', cost_center: 'CC-200', po_amount: 3640.5, currency: 'USD', po_status: 'ordered', ...extra },
    lines: [
      { erp_po_number: number, erp_line_number: 1, product_name: 'Lumber 2x4x8 SPF', purchase_quantity: 800, unit_price: '4.25', total_line_amount: '3400.00', gl_account: '5000', cost_center: 'CC-200' },
      { erp_po_number: number, erp_line_number: 2, product_name: 'Nails 16d (50 lb)', purchase_quantity: 3, unit_price: '80.17', total_line_amount: '240.50', gl_account: '5000', cost_center: 'CC-200' },
    ],
  });
  const linesOf = (number: string) => {
    const order = records('sn_shop_purchase_order', 'erp_po_number', number);
    assert.equal(order.length, 1, `one purchase order ${number}`);
    return servicenow.state
      .findAllBy('sn_shop_purchase_order_line', 'purchase_order', order[0]?.sys_id as string)
      .map((l) => `${l['erp_line_number']} ${l['total_line_amount']}`)
      .sort();
  };

  before(async () => {
    sim = await startSimulator(servicenow, { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });
  beforeEach(() => sim.reset());
  afterEach(() => helper.unload());

  it('upserts by the correlation field: creates, sends nothing when nothing differs, PATCHes only the field that changed', async () => {
    await load({ operation: 'upsert', table: 'cmn_cost_center', correlationField: 'code' });
    const written = collect('written');
    send('write', { payload: { code: 'CC-700', name: 'Yard Operations', account_number: 700100, erp_source: 'odoo' }, mlc: { key: 'odoo:analytic:7' } });
    const [created] = await written.waitFor(1);
    const [record] = records('cmn_cost_center', 'code', 'CC-700');
    assert.ok(record);
    assert.equal(record['account_number'], '700100', 'the number went as a string');
    assert.deepEqual(writtenOf(created), { operation: 'upsert', table: 'cmn_cost_center', sysId: record.sys_id, created: true });
    assert.deepEqual(targetOf(created), { system: 'servicenow', entity: 'cmn_cost_center', id: record.sys_id });

    send('write', { payload: { code: 'CC-700', name: 'Yard Operations', account_number: '700100', erp_source: 'odoo' } });
    const [, same] = await written.waitFor(2);
    assert.equal(writtenOf(same).unchanged, true);
    assert.equal(writes('/api/now/table/cmn_cost_center', 'PATCH'), 0, 'nothing sent when nothing differs');

    send('write', { payload: { code: 'CC-700', name: 'Yard & Logistics', account_number: 700100, erp_source: 'odoo' } });
    const [, , changed] = await written.waitFor(3);
    assert.deepEqual(writtenOf(changed), { operation: 'upsert', table: 'cmn_cost_center', sysId: record.sys_id, created: false, updated: true, sent: ['name'] });
    const patch = sim.log.entries({ method: 'PATCH', path: '/api/now/table/cmn_cost_center' });
    assert.equal(patch.length, 1);
    assert.deepEqual(patch[0]?.body, { name: 'Yard & Logistics' });
    assert.equal(records('cmn_cost_center', 'code', 'CC-700').length, 1);
    assert.equal(writes('/api/now/table/cmn_cost_center'), 1, 'one insert in all');
  });

  it('finds a record whose insert answer was lost after commit by its correlation field and does not insert it again', async () => {
    await load({ operation: 'upsert', table: 'sn_fin_supplier', correlationField: 'erp_supplier_id' });
    sim.faults.add({ kind: 'drop', afterCommit: true, method: 'POST', path: '/api/now/table/sn_fin_supplier' });
    const written = collect('written');
    send('write', { payload: { erp_supplier_id: 'V-1050', name: 'Front Range Rebar', erp_source: 'odoo' } });
    const [found] = await written.waitFor(1);
    const suppliers = records('sn_fin_supplier', 'erp_supplier_id', 'V-1050');
    assert.equal(suppliers.length, 1, 'one supplier, not two');
    assert.deepEqual(writtenOf(found), { operation: 'upsert', table: 'sn_fin_supplier', sysId: suppliers[0]?.sys_id, created: false, unchanged: true, confirmedBy: 'lookup' });
    assert.equal(writes('/api/now/table/sn_fin_supplier'), 1);
  });

  it('updates a record by sys_id (msg.sys_id), and a plain insert whose answer is lost is not sent again', async () => {
    await load({ operation: 'update', table: 'cmn_cost_center' });
    const written = collect('written');
    const failed = collect('failed');
    const cc = records('cmn_cost_center', 'code', 'CC-300')[0];
    assert.ok(cc);
    send('write', { payload: { name: 'East Branch (renamed)' }, sys_id: cc.sys_id });
    const [updated] = await written.waitFor(1);
    assert.equal(writtenOf(updated).updated, true);
    assert.equal(cc['name'], 'East Branch (renamed)');

    sim.faults.add({ kind: 'drop', afterCommit: true, method: 'POST', path: '/api/now/table/cmn_cost_center' });
    send('write', { payload: { code: 'CC-701', name: 'Insert only' }, operation: 'insert' });
    const [lost] = await failed.waitFor(1);
    assert.equal(errorOf(lost).code, 'MLC_SERVICENOW_OUTCOME_UNKNOWN');
    assert.match(errorOf(lost).message, /not sent again.*upsert/);
    assert.equal(writes('/api/now/table/cmn_cost_center'), 1);
  });

  it('stages a purchase order and its lines, keeps the target sys_id, and counts an unchanged rerun (ignored) as written; a changed PO updates the same order', async () => {
    await load({ operation: 'import', table: ORDER, lineTable: ORDER_LINE });
    const written = collect('written');
    send('write', { payload: po('P00042'), mlc: { key: 'odoo:purchase.order:42' } });
    const [first] = await written.waitFor(1);
    const order = records('sn_shop_purchase_order', 'erp_po_number', 'P00042')[0];
    assert.ok(order);
    assert.deepEqual(targetOf(first), { system: 'servicenow', entity: 'sn_shop_purchase_order', id: order.sys_id });
    assert.equal(writtenOf(first).created, true);
    assert.deepEqual(writtenOf(first).rows?.map((r) => `${r.staging} ${r.status}`), [`${ORDER} inserted`, `${ORDER_LINE} inserted`, `${ORDER_LINE} inserted`]);
    assert.deepEqual(linesOf('P00042'), ['1 3400.00', '2 240.50']);

    send('write', { payload: po('P00042') });
    const [, rerun] = await written.waitFor(2);
    assert.equal(writtenOf(rerun).unchanged, true);
    assert.equal(writtenOf(rerun).sysId, order.sys_id);
    assert.deepEqual(writtenOf(rerun).rows?.map((r) => r.message), ['No field values changed', 'No field values changed', 'No field values changed']);

    const changed = po('P00042', { po_amount: '3700.50' });
    (changed.lines[1] as Msg)['total_line_amount'] = '300.50';
    send('write', { payload: changed });
    const [, , update] = await written.waitFor(3);
    assert.equal(writtenOf(update).updated, true);
    assert.equal(writtenOf(update).sysId, order.sys_id);
    assert.equal(order['total_amount'], '3700.50');
    assert.deepEqual(linesOf('P00042'), ['1 3400.00', '2 300.50']);
  });

  it('audits an unknown supplier and a bad line with ServiceNow\'s message; the fixed record is written on replay, once', async () => {
    await load({ operation: 'import', table: ORDER, lineTable: ORDER_LINE });
    const written = collect('written');
    const failed = collect('failed');
    send('write', { payload: po('P00043', { supplier: 'V-9999' }) });
    const [unknownSupplier] = await failed.waitFor(1);
    assert.equal(errorOf(unknownSupplier).code, 'MLC_SERVICENOW_TRANSFORM_ERROR');
    assert.match(errorOf(unknownSupplier).message, /Supplier 'V-9999' \(supplier\) not found/);
    assert.match(errorOf(unknownSupplier).message, /^servicenow: transform map "ERP Order to Purchase Order" of sn_fcms_intg_imp_order \(import set ISET\d+\) rejected the row: /);
    assert.equal(records('sn_shop_purchase_order', 'erp_po_number', 'P00043').length, 0);
    assert.equal(writes(`/api/now/import/${ORDER_LINE}`), 0, 'no line staged for a rejected header');

    const badLine = po('P00043');
    (badLine.lines[1] as Msg)['gl_account'] = '9999';
    send('write', { payload: badLine });
    const [, lineRefused] = await failed.waitFor(2);
    assert.equal(errorOf(lineRefused).code, 'MLC_SERVICENOW_TRANSFORM_ERROR');
    assert.match(errorOf(lineRefused).message, /line 2 of 2: .*GL account '9999'/);

    // Fixed in Odoo and replayed: every row staged again, the header and line 1 coalesce.
    send('write', { payload: po('P00043') });
    const [fixed] = await written.waitFor(1);
    assert.deepEqual(writtenOf(fixed).rows?.map((r) => r.status), ['ignored', 'ignored', 'inserted']);
    assert.equal(writtenOf(fixed).created, false);
    assert.deepEqual(linesOf('P00043'), ['1 3400.00', '2 240.50']);
  });

  it('with "ignored" set to always fail, an unchanged re-stage is an audited failure with ServiceNow\'s status message', async () => {
    await load({ operation: 'import', table: 'sn_fcms_intg_imp_cost_center', ignored: 'failure' });
    const written = collect('written');
    const failed = collect('failed');
    send('write', { payload: { code: 'CC-500', name: 'Field Services', legal_entity: 'MLC-US' } });
    await written.waitFor(1);
    send('write', { payload: { code: 'CC-500', name: 'Field Services', legal_entity: 'MLC-US' } });
    const [ignored] = await failed.waitFor(1);
    assert.equal(errorOf(ignored).code, 'MLC_SERVICENOW_TRANSFORM_IGNORED');
    assert.match(errorOf(ignored).message, /ignored the row: No field values changed/);
  });

  it('with "ignored" set to always fail, a purchase order staged again after a line failed (or a crash between header and lines) is written; only a rerun where no row changed fails', async () => {
    await load({ operation: 'import', table: ORDER, lineTable: ORDER_LINE, ignored: 'failure' });
    const written = collect('written');
    const failed = collect('failed');
    const badLine = po('P00045');
    (badLine.lines[1] as Msg)['gl_account'] = '9999';
    send('write', { payload: badLine });
    const [lineRefused] = await failed.waitFor(1);
    assert.match(errorOf(lineRefused).message, /line 2 of 2: .*GL account '9999'/);

    send('write', { payload: po('P00045') });
    const [fixed] = await written.waitFor(1);
    assert.deepEqual(writtenOf(fixed).rows?.map((r) => r.status), ['ignored', 'ignored', 'inserted']);
    assert.deepEqual(linesOf('P00045'), ['1 3400.00', '2 240.50']);

    send('write', { payload: po('P00045') });
    const [, unchanged] = await failed.waitFor(2);
    assert.equal(errorOf(unchanged).code, 'MLC_SERVICENOW_TRANSFORM_IGNORED');
    assert.match(errorOf(unchanged).message, /sn_fcms_intg_imp_order .*ignored the row: No field values changed/);

    // insertMultiple: the header already staged (a crash before its lines), the lines new.
    send('write', { payload: { header: po('P00046').header, lines: [] } });
    await written.waitFor(2);
    send('write', { payload: po('P00046'), operation: 'import-bulk' });
    const [, , bulk] = await written.waitFor(3);
    assert.deepEqual(writtenOf(bulk).rows?.map((r) => r.status), ['ignored', 'inserted', 'inserted']);
    assert.deepEqual(linesOf('P00046'), ['1 3400.00', '2 240.50']);
  });

  it('with "ignored" set to always fail, a record every row of which is ignored is written when it is not the key\'s first claim (a crash after its rows went in), in both import modes', async () => {
    await load({ operation: 'import', table: ORDER, lineTable: ORDER_LINE, ignored: 'failure' });
    const written = collect('written');
    const failed = collect('failed');
    send('write', { payload: po('P00047'), mlc: { key: 'odoo:purchase.order:47', attempt: 1 } });
    await written.waitFor(1);
    send('write', { payload: po('P00047'), mlc: { key: 'odoo:purchase.order:47', attempt: 1 } });
    const [first] = await failed.waitFor(1);
    assert.equal(errorOf(first).code, 'MLC_SERVICENOW_TRANSFORM_IGNORED', 'on a first claim, nothing new is a failure');
    send('write', { payload: po('P00047'), mlc: { key: 'odoo:purchase.order:47', attempt: 2 } });
    send('write', { payload: po('P00047'), operation: 'import-bulk', mlc: { key: 'odoo:purchase.order:47', attempt: 3 } });
    const [, again, bulk] = await written.waitFor(3);
    for (const msg of [again, bulk]) {
      assert.equal(writtenOf(msg).unchanged, true);
      assert.deepEqual(writtenOf(msg).rows?.map((r) => r.status), ['ignored', 'ignored', 'ignored']);
    }
    assert.deepEqual(linesOf('P00047'), ['1 3400.00', '2 240.50']);
  });

  it('fails an import answered 201 with an empty body (an ACL hides the result), naming the ACL, and hands it to a Catch node when output 2 is not wired', async () => {
    await load({ operation: 'import', table: 'sn_fcms_intg_imp_cost_center' }, { user: IMPORT_ONLY_USER, wireFailed: false });
    const caught = collect('caught');
    send('write', { payload: { code: 'CC-510', name: 'Hidden Result' }, mlc: { key: 'odoo:analytic:510' } });
    const [msg] = await caught.waitFor(1);
    assert.equal(errorOf(msg).code, 'MLC_SERVICENOW_IMPORT_EMPTY');
    assert.match(errorOf(msg).message, /empty body.*ACL/);
    assert.equal((msg?.['error'] as { source: { type: string } }).source.type, 'mlc-servicenow-write');
  });

  it('re-stages a purchase order whose import answer was lost after commit, verified against the order found by its coalesce key: one order', async () => {
    await load({ operation: 'import', table: ORDER, lineTable: ORDER_LINE });
    sim.faults.add({ kind: 'drop', afterCommit: true, method: 'POST', path: `/api/now/import/${ORDER}` });
    const written = collect('written');
    send('write', { payload: po('P00044') });
    const [msg] = await written.waitFor(1);
    const order = records('sn_shop_purchase_order', 'erp_po_number', 'P00044');
    assert.equal(order.length, 1);
    assert.equal(writtenOf(msg).sysId, order[0]?.sys_id);
    assert.equal(writtenOf(msg).confirmedBy, 'restage');
    assert.deepEqual(writtenOf(msg).rows?.map((r) => r.status), ['ignored', 'inserted', 'inserted']);
    assert.deepEqual(linesOf('P00044'), ['1 3400.00', '2 240.50']);
    assert.equal(sim.log.count({ method: 'GET', path: /^\/api\/now\/table\/sn_shop_purchase_order$/ }), 1, 'the order looked up by its coalesce key before it was staged again');
    assert.equal(sim.log.count({ method: 'GET', path: /^\/api\/now\/table\/sn_shop_purchase_order_line$/ }), 2, 'and each line by its own');
  });

  it('stages many purchase orders through insertMultiple, follows the transform up, and gives each record its own outcome', async () => {
    await load({ operation: 'import-bulk', table: ORDER, lineTable: ORDER_LINE });
    const statuses: string[] = [];
    (helper.getNode('write') as unknown as NodeJS.EventEmitter).on('call:status', (call: { args: Array<{ text?: string }> }) => statuses.push(call.args[0]?.text ?? ''));
    const written = collect('written');
    const failed = collect('failed');
    send('write', { payload: po('P00051') });
    send('write', { payload: po('P00052', { supplier: 'V-9999' }) });
    send('write', { payload: po('P00053') });
    const ok = await written.waitFor(2);
    const [refused] = await failed.waitFor(1);
    assert.equal(errorOf(refused).code, 'MLC_SERVICENOW_TRANSFORM_ERROR');
    assert.match(errorOf(refused).message, /Supplier 'V-9999'/);
    assert.deepEqual(ok.map((m) => writtenOf(m).created), [true, true]);
    assert.deepEqual(linesOf('P00051'), ['1 3400.00', '2 240.50']);
    assert.deepEqual(linesOf('P00053'), ['1 3400.00', '2 240.50']);
    assert.equal(writes(`/api/now/import/${ORDER}/insertMultiple`), 1, 'the headers in one call');
    assert.equal(writes(`/api/now/import/${ORDER_LINE}/insertMultiple`), 1, 'the lines of the good headers in another');
    const lineCall = sim.log.entries({ method: 'POST', path: `/api/now/import/${ORDER_LINE}/insertMultiple` })[0];
    assert.equal((lineCall?.body as { records: unknown[] }).records.length, 4);
    assert.ok(statuses.some((t) => /^waiting for transform, \d of 3 done$/.test(t)), `follow-up shown: ${statuses.join(' | ')}`);
  });

  it('stages an insertMultiple batch again after its answer was lost: no duplicates, every record written', async () => {
    await load({ operation: 'import-bulk', table: ORDER, lineTable: ORDER_LINE });
    sim.faults.add({ kind: 'drop', afterCommit: true, method: 'POST', path: `/api/now/import/${ORDER}/insertMultiple` });
    const written = collect('written');
    send('write', { payload: po('P00061') });
    send('write', { payload: po('P00062') });
    const ok = await written.waitFor(2);
    assert.deepEqual(ok.map((m) => writtenOf(m).confirmedBy), ['restage', 'restage']);
    assert.deepEqual(linesOf('P00061'), ['1 3400.00', '2 240.50']);
    assert.deepEqual(linesOf('P00062'), ['1 3400.00', '2 240.50']);
    assert.equal(writes(`/api/now/import/${ORDER}/insertMultiple`), 2);
  });

  it('fails the rows still pending when the follow-up time is up (transient), and a replay once ServiceNow transforms writes them once', async () => {
    await load({ operation: 'import-bulk', table: ORDER, lineTable: ORDER_LINE, followSeconds: 1 });
    servicenow.setOptions({ insertMultipleDelayMs: 3_600_000 });
    const written = collect('written');
    const failed = collect('failed');
    send('write', { payload: po('P00071') });
    const [pending] = await failed.waitFor(1);
    assert.equal(errorOf(pending).code, 'MLC_SERVICENOW_TRANSFORM_PENDING');
    assert.equal(errorOf(pending).transient, true);
    assert.match(errorOf(pending).message, /has not run yet \(still waiting for the transform after 1 s\)/);
    assert.equal(records('sn_shop_purchase_order', 'erp_po_number', 'P00071').length, 0);

    servicenow.setOptions({ insertMultipleDelayMs: 0 });
    send('write', { payload: po('P00071') });
    const [replayed] = await written.waitFor(1);
    assert.equal(writtenOf(replayed).sysId, records('sn_shop_purchase_order', 'erp_po_number', 'P00071')[0]?.sys_id);
    assert.deepEqual(linesOf('P00071'), ['1 3400.00', '2 240.50']);
  });

  it('refuses what it cannot send with a clear error and sends nothing: no correlation value, an object as a column value, no sys_id, no table', async () => {
    await load({ operation: 'upsert', table: 'cmn_cost_center', correlationField: 'code' });
    const failed = collect('failed');
    send('write', { payload: { name: 'No code' } });
    send('write', { payload: { code: 'CC-720', name: 'Nested', manager: { user_name: 'x' } } });
    send('write', { payload: { name: 'Where?' }, operation: 'update' });
    send('write', { payload: { code: 'CC-721' }, table: 'bad table' });
    const out = await failed.waitFor(4);
    const byMessage = out.map((m) => `${errorOf(m).code} ${errorOf(m).message}`).sort();
    assert.match(byMessage[0] ?? '', /^MLC_SERVICENOW_INPUT mlc-servicenow-write: the correlation field code in msg.payload is not usable/);
    assert.match(byMessage[1] ?? '', /^MLC_SERVICENOW_INPUT mlc-servicenow-write: the sys_id \(msg.sys_id or payload.sys_id\)/);
    assert.match(byMessage[2] ?? '', /^MLC_SERVICENOW_INPUT mlc-servicenow-write: the table "bad table" is not a table name/);
    assert.match(byMessage[3] ?? '', /^MLC_SERVICENOW_INPUT servicenow: cmn_cost_center with code=CC-720 was not written: servicenow: cmn_cost_center.manager is an object/);
    assert.equal(sim.log.entries({}).filter((e) => e.method !== 'GET').length, 0, 'nothing written');
  });
});
