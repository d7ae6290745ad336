// The bundled "ServiceNow - Odoo purchase orders to S2P" example in a real Node-RED 5 against the Odoo
// and ServiceNow sandboxes. What S2P should hold is worked out here from Odoo's own data (the vendor's
// reference, each line's cost center from its analytic distribution and GL account from its product's
// expense account, amounts from quantity × price), independently of the flow's mapping, and compared
// with what ServiceNow's Table API returns from sn_shop_purchase_order(_line). It proves: suppliers are
// staged before any order; every confirmed PO is staged with its lines, supplier, cost center, GL
// account and amounts; a second run sends no import at all; a PO changed in Odoo updates its S2P order
// and line through the transform maps' coalesce (the unchanged line answers "ignored"), not a second
// order; a row the transform map rejects is kept failed with ServiceNow's own message and staged once
// on replay after the cause is fixed; and a PO on a cost center ServiceNow lacks is refused before
// anything is staged, then staged once on replay after the cost center exists; and a vendor without a
// reference is kept failed and staged once on replay after it has one.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, press, until, stopAll } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'ServiceNow - Odoo purchase orders to S2P.json';
/** The example's reads key their records `<prefix>:odoo:<model>:<id>:<write_date>`. */
const KEY_PREFIX = { 'res.partner': 'servicenow.suppliers', 'purchase.order': 'servicenow.pos' } as const;
const TAB = 'mlc-ex-snpo-tab';
const IMPORT_PATH = '/api/now/import/';

type Row = Record<string, string>;
/** A purchase order as S2P should hold it: header values and one "line-number qty price amount gl cost-center" per line. */
interface Expected {
  header: Row;
  lines: string[];
}

describe(`example "${FILE}" in Node-RED 5 against the Odoo and ServiceNow sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;
  let odoo: OdooClient;
  let odooSim: RunningSimulator;
  let snSim: RunningSimulator;
  let snAuth = '';
  /** Odoo analytic account id → code, for the plan "Cost Centers". */
  const costCenters = new Map<number, string>();

  /** Table API rows, as any ServiceNow client reads them (reference columns dot-walked to their keys). */
  const table = async (name: string, query: string, fields: string[]): Promise<Row[]> => {
    const params = new URLSearchParams({ sysparm_query: query, sysparm_fields: fields.join(','), sysparm_exclude_reference_link: 'true' });
    const res = await fetch(`${snSim.url}/api/now/table/${name}?${params}`, { headers: { authorization: snAuth, accept: 'application/json' } });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { result: Row[] }).result;
  };
  const ORDER_FIELDS = ['sys_id', 'erp_po_number', 'erp_source', 'supplier.erp_supplier_id', 'legal_entity.code', 'cost_center.code', 'total_amount', 'currency'];
  const LINE_FIELDS = ['sys_id', 'erp_line_number', 'purchase_quantity', 'unit_price', 'total_line_amount', 'gl_account.number', 'cost_center.code'];
  const ordersIn = (poNumber: string) => table('sn_shop_purchase_order', `erp_po_number=${poNumber}`, ORDER_FIELDS);
  const held = async (poNumber: string): Promise<Expected> => {
    const [order, ...more] = await ordersIn(poNumber);
    assert.ok(order, `S2P holds ${poNumber}`);
    assert.equal(more.length, 0, `one S2P order for ${poNumber}`);
    const lines = await table('sn_shop_purchase_order_line', `purchase_order=${order['sys_id']}`, LINE_FIELDS);
    const { sys_id: _, ...header } = order;
    return {
      header,
      lines: lines.map((l) => [l['erp_line_number'], l['purchase_quantity'], l['unit_price'], l['total_line_amount'], l['gl_account.number'], l['cost_center.code']].join(' ')).sort(),
    };
  };

  /** The cost center a line books the most to (Odoo joins the plans of a line in one key: "<cost center>,<project>"). */
  const lineCostCenter = (distribution: Record<string, number>): string => {
    let best = { code: '', share: -1 };
    for (const [key, share] of Object.entries(distribution)) {
      for (const id of key.split(',')) {
        const code = costCenters.get(Number(id));
        if (code && share > best.share) best = { code, share };
      }
    }
    return best.code;
  };
  /** From Odoo: what S2P should hold for a purchase order. */
  const expectedFor = async (orderId: number): Promise<Expected> => {
    const [order] = await odoo.read('purchase.order', [orderId], ['name', 'partner_id', 'order_line', 'currency_id']);
    assert.ok(order);
    const [vendor] = await odoo.read('res.partner', [(order['partner_id'] as { id: number }).id], ['ref']);
    const lines = await odoo.read('purchase.order.line', order['order_line'] as number[], ['product_id', 'product_qty', 'price_unit', 'analytic_distribution']);
    const byCostCenter = new Map<string, number>();
    let totalCents = 0;
    const expectedLines: string[] = [];
    for (const line of lines) {
      const [product] = await odoo.read('product.product', [(line['product_id'] as { id: number }).id], ['property_account_expense_id']);
      const accountId = (product?.['property_account_expense_id'] as { id: number } | false | undefined) || undefined;
      const [account] = accountId ? await odoo.read('account.account', [accountId.id], ['code']) : [];
      const cents = Math.round(Number(line['product_qty']) * Number(line['price_unit']) * 100);
      const costCenter = lineCostCenter(line['analytic_distribution'] as Record<string, number>);
      totalCents += cents;
      byCostCenter.set(costCenter, (byCostCenter.get(costCenter) ?? 0) + cents);
      expectedLines.push([String(line['id']), String(line['product_qty']), String(line['price_unit']), (cents / 100).toFixed(2), String(account?.['code'] ?? ''), costCenter].join(' '));
    }
    const headerCostCenter = [...byCostCenter].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    return {
      header: {
        erp_po_number: String(order['name']),
        erp_source: 'Odoo',
        'supplier.erp_supplier_id': String(vendor?.['ref']),
        'legal_entity.code': 'MLC-US',
        'cost_center.code': headerCostCenter,
        total_amount: (totalCents / 100).toFixed(2),
        currency: (order['currency_id'] as { name: string }).name,
      },
      lines: expectedLines.sort(),
    };
  };
  const confirmedOrders = async () => (await odoo.searchRead('purchase.order', { domain: [['state', 'in', ['purchase', 'done']]], fields: ['name'] })).map((o) => ({ id: Number(o['id']), name: String(o['name']) }));
  /** Import POSTs from `fromSeq` on (`log.lastSeq` is the seq of the next request). */
  const importPosts = (fromSeq = 0) => snSim.log.entries({ path: IMPORT_PATH }).filter((e) => e.method === 'POST' && e.seq >= fromSeq);
  const finishedOrderReads = async (): Promise<number> =>
    (await store.listRuns({ limit: 500 })).filter((r) => r.runId.startsWith('odoo-read:purchase.order:') && r.status !== 'running').length;
  /** Presses "sync now" and waits until the last read of the chain (the orders) has ended. */
  const syncNow = async (): Promise<void> => {
    const before = await finishedOrderReads();
    await press(nr, 'mlc-ex-snpo-run');
    await until('the purchase order read (the last of the run) to end', finishedOrderReads, (n) => n > before, 90_000);
  };
  /** Odoo stamps write_date in whole seconds: move its clock on so a change is later than the cursor. */
  const later = (): void => odooSim.clock.advance(2000);
  const keysOf = async (model: keyof typeof KEY_PREFIX, id: number, status: 'posted' | 'failed') => (await store.list({ keyPrefix: `${KEY_PREFIX[model]}:odoo:${model}:${id}:`, status })).map((r) => r.key);
  const setOptions = async (options: Record<string, unknown>): Promise<void> => {
    const res = await fetch(`${snSim.url}/__sandbox/options`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(options) });
    assert.equal(res.status, 200, await res.text());
  };
  const stagedLines = (poNumber: string) => table('sn_fcms_intg_imp_order_line', `erp_po_number=${poNumber}`, ['sys_id', 'erp_line_number', 'sys_import_state', 'sys_target_sys_id']);

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    odooSim = sandbox.get('odoo') as RunningSimulator;
    snSim = sandbox.get('servicenow') as RunningSimulator;
    snAuth = `Basic ${Buffer.from(`${env['MLC_SANDBOX_SERVICENOW_USERNAME']}:${env['MLC_SANDBOX_SERVICENOW_PASSWORD']}`).toString('base64')}`;
    for (const a of await odoo.searchRead('account.analytic.account', { domain: [['plan_id.name', '=', 'Cost Centers']], fields: ['code'] })) costCenters.set(Number(a['id']), String(a['code']));
    assert.equal(costCenters.size, 4);

    const { flows, credentials } = loadExample(FILE);
    nr = await startNodeRed('node-red', flows, { credentials, env });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it('stages the Odoo vendors as suppliers first, by their reference, the seeded ones coalesced', async () => {
    const seeded = await table('sn_fin_supplier', 'erp_supplier_idSTARTSWITHV-', ['erp_supplier_id']);
    assert.equal(seeded.length, 12, 'ServiceNow starts with the first 12 Odoo vendors');
    await syncNow();
    const vendors = await odoo.searchRead('res.partner', { domain: [['supplier_rank', '>', 0]], fields: ['name', 'ref'] });
    assert.ok(vendors.length > seeded.length, `Odoo has vendors ServiceNow lacked (${vendors.length} > ${seeded.length})`);
    for (const v of vendors) {
      const found = await table('sn_fin_supplier', `erp_supplier_id=${String(v['ref'])}`, ['name', 'erp_source', 'legal_entity.code']);
      assert.equal(found.length, 1, `vendor ${String(v['ref'])} once in sn_fin_supplier`);
      assert.equal(found[0]?.['name'], v['name']);
      assert.equal(found[0]?.['legal_entity.code'], 'MLC-US');
      assert.equal((await keysOf('res.partner', Number(v['id']), 'posted')).length, 1);
    }
    const posts = importPosts();
    const lastSupplier = Math.max(...posts.filter((e) => e.path.endsWith('/sn_fcms_intg_imp_supplier')).map((e) => e.seq));
    const firstOrder = Math.min(...posts.filter((e) => e.path.endsWith('/sn_fcms_intg_imp_order')).map((e) => e.seq));
    assert.ok(lastSupplier < firstOrder, `last supplier import #${lastSupplier} before the first order import #${firstOrder}`);
  });

  it('stages every confirmed PO with its lines: supplier, cost center, GL account and amounts as Odoo has them', async () => {
    const orders = await confirmedOrders();
    assert.deepEqual(orders.map((o) => o.name).sort(), ['P00001', 'P00002', 'P00003', 'P00004', 'P00009'], 'the seed has five confirmed orders');
    for (const { id, name } of orders) {
      assert.deepEqual(await held(name), await expectedFor(id), name);
      const [key] = await keysOf('purchase.order', id, 'posted');
      assert.ok(key, `${name} posted in the store`);
      const record = await store.get(key);
      const [order] = await ordersIn(name);
      assert.deepEqual(record?.target, { system: 'servicenow', entity: 'sn_shop_purchase_order', id: order?.['sys_id'] }, `${name}: the audit keeps the S2P order's sys_id`);
    }
    // Spot checks against numbers worked out by hand from the seed.
    const p1 = await held('P00001');
    assert.equal(p1.header['total_amount'], '7085.00', '800 × 4.25 + 220 × 16.75');
    assert.equal(p1.header['supplier.erp_supplier_id'], 'V-1001');
    assert.equal(p1.header['cost_center.code'], 'CC-200');
    const p9 = await held('P00009');
    assert.deepEqual(p9.lines.map((l) => l.split(' ').slice(3).join(' ')).sort(), ['1020.00 6600 CC-400', '1275.00 5000 CC-400', '7800.00 5000 CC-400'], 'PPE on Office Supplies, drywall and lumber on Construction Materials');
    const all = await table('sn_shop_purchase_order', 'erp_source=Odoo', ['erp_po_number']);
    assert.equal(all.length, 5, 'draft, sent and cancelled orders stay in Odoo');
  });

  it('sends no import at all on a second run', async () => {
    const fromSeq = snSim.log.lastSeq;
    const counts = [(await table('sn_shop_purchase_order', '', ['sys_id'])).length, (await table('sn_shop_purchase_order_line', '', ['sys_id'])).length, (await table('sn_fcms_intg_imp_order', '', ['sys_id'])).length];
    await syncNow();
    // Nothing changed in Odoo since the marks moved, so the incremental reads find nothing: no row is
    // staged, not even one the transform would answer "ignored".
    assert.deepEqual(importPosts(fromSeq).map((e) => `${e.method} ${e.path}`), []);
    assert.deepEqual([(await table('sn_shop_purchase_order', '', ['sys_id'])).length, (await table('sn_shop_purchase_order_line', '', ['sys_id'])).length, (await table('sn_fcms_intg_imp_order', '', ['sys_id'])).length], counts);
  });

  it('updates the S2P order and the changed line of a PO changed in Odoo, through the coalesce, not a second order', async () => {
    const [order] = await odoo.read('purchase.order', [1], ['order_line']);
    const [changedLine, sameLine] = order?.['order_line'] as number[];
    const [before] = await ordersIn('P00001');
    const beforeLines = await stagedLines('P00001');
    later();
    await odoo.write('purchase.order', [1], { order_line: [[1, changedLine, { product_qty: 900 }]] });
    const fromSeq = snSim.log.lastSeq;
    await syncNow();

    assert.deepEqual(importPosts(fromSeq).map((e) => e.path), [`${IMPORT_PATH}sn_fcms_intg_imp_order`, `${IMPORT_PATH}sn_fcms_intg_imp_order_line`, `${IMPORT_PATH}sn_fcms_intg_imp_order_line`], 'the header and its two lines, staged again');
    const after = await held('P00001');
    assert.deepEqual(after, await expectedFor(1));
    assert.equal(after.header['total_amount'], '7510.00', '900 × 4.25 + 220 × 16.75');
    const [now] = await ordersIn('P00001');
    assert.equal(now?.['sys_id'], before?.['sys_id'], 'the same S2P order');
    const staged = (await stagedLines('P00001')).filter((r) => !beforeLines.some((b) => b['sys_id'] === r['sys_id']));
    assert.deepEqual(
      staged.map((r) => `${r['erp_line_number']} ${r['sys_import_state']}`).sort(),
      [`${changedLine} updated`, `${sameLine} ignored`].sort(),
      'the changed line updated in place, the other left as it was',
    );
    assert.equal((await keysOf('purchase.order', 1, 'posted')).length, 2, 'each version of the order posted once');
    assert.deepEqual(await keysOf('purchase.order', 1, 'failed'), [], 'the ignored line counts as written');
  });

  it('keeps a PO whose row the transform map rejects as failed, with ServiceNow\'s message, and stages it once on replay after the fix', async () => {
    const [order] = await odoo.read('purchase.order', [9], ['order_line']);
    const [line] = order?.['order_line'] as number[];
    const before = await held('P00009');
    // The instance's staging columns turn out to be u_-prefixed (B.6 leaves it open): the transform
    // map finds no ERP PO number in the row and rejects it.
    await setOptions({ fcmsColumnPrefix: 'u_' });
    later();
    await odoo.write('purchase.order', [9], { order_line: [[1, line, { price_unit: 17.1 }]] });
    await syncNow();

    const [failedKey] = await keysOf('purchase.order', 9, 'failed');
    assert.ok(failedKey, 'kept as failed in the store');
    const failed = await store.get(failedKey);
    assert.match(failed?.error?.message ?? '', /Mandatory field 'ERP PO number' \(u_erp_po_number\) is empty/);
    assert.equal(failed?.flow, TAB);
    assert.deepEqual(await held('P00009'), before, 'S2P unchanged');

    // The fix: the staging columns as the flow sends them. Then "replay failed".
    await setOptions({ fcmsColumnPrefix: '' });
    const fromSeq = snSim.log.lastSeq;
    await press(nr, 'mlc-ex-snpo-replay-inject');
    await until('the replayed PO posted', () => store.get(failedKey), (r) => r?.status === 'posted', 60_000);
    const after = await held('P00009');
    assert.deepEqual(after, await expectedFor(9));
    assert.notDeepEqual(after, before, 'the new price reached S2P');
    assert.equal(importPosts(fromSeq).filter((e) => e.path.endsWith('/sn_fcms_intg_imp_order')).length, 1, 'the header staged once');
    const replayed = await store.get(failedKey);
    assert.equal(replayed?.history[0]?.error.message.includes('u_erp_po_number'), true, 'the first cause stays in the history');

    const again = snSim.log.lastSeq;
    await press(nr, 'mlc-ex-snpo-replay-inject');
    await syncNow();
    assert.deepEqual(importPosts(again), [], 'a second replay and a new run stage nothing');
    assert.equal((await ordersIn('P00009')).length, 1);
  });

  it('refuses a PO on a cost center ServiceNow lacks before staging anything, and stages it once on replay after the cost center exists', async () => {
    const [plan] = await odoo.search('account.analytic.plan', [['name', '=', 'Cost Centers']]);
    const [fieldServices] = await odoo.create('account.analytic.account', [{ name: 'Field Services', code: 'CC-500', plan_id: plan }]);
    assert.ok(fieldServices);
    costCenters.set(fieldServices, 'CC-500');
    const [product] = await odoo.search('product.product', [['default_code', '=', 'REBAR-5']]);
    later();
    const [id] = await odoo.create('purchase.order', [{ partner_id: 3, order_line: [[0, 0, { product_id: product, product_qty: 40, price_unit: 18.5, analytic_distribution: { [String(fieldServices)]: 100 } }]] }]);
    assert.ok(id);
    await odoo.call({ model: 'purchase.order', method: 'button_confirm', ids: [id] });
    const [created] = await odoo.read('purchase.order', [id], ['name']);
    const name = String(created?.['name']);
    const fromSeq = snSim.log.lastSeq;
    await syncNow();

    const [failedKey] = await keysOf('purchase.order', id, 'failed');
    assert.ok(failedKey, 'kept as failed in the store');
    assert.match((await store.get(failedKey))?.error?.message ?? '', /cost center "CC-500" .*is not in ServiceNow/);
    assert.deepEqual(importPosts(fromSeq), [], 'nothing staged for it');
    assert.deepEqual(await ordersIn(name), []);

    // The fix: the cost center reaches ServiceNow (as the cost-centers flow stages it). The reference
    // check asks again for a key it did not find, so the replay finds it at once.
    const res = await fetch(`${snSim.url}${IMPORT_PATH}sn_fcms_intg_imp_cost_center`, {
      method: 'POST',
      headers: { authorization: snAuth, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ code: 'CC-500', name: 'Field Services', erp_source: 'Odoo', legal_entity: 'MLC-US' }),
    });
    assert.equal(res.status, 201);
    assert.equal(((await res.json()) as { result: Array<{ status: string }> }).result[0]?.status, 'inserted');
    await press(nr, 'mlc-ex-snpo-replay-inject');
    await until('the replayed PO posted', () => store.get(failedKey), (r) => r?.status === 'posted', 60_000);
    const staged = await held(name);
    assert.deepEqual(staged, await expectedFor(id));
    assert.equal(staged.header['cost_center.code'], 'CC-500');
    assert.equal(staged.header['supplier.erp_supplier_id'], 'V-1003');
    assert.deepEqual(staged.lines.map((l) => l.split(' ').slice(1).join(' ')), ['40 18.5 740.00 5000 CC-500']);
  });

  it('keeps a vendor without a reference as failed, naming the field, and stages it once on replay after it has one', async () => {
    later();
    const [vendor] = await odoo.create('res.partner', [{ name: 'Front Range Scaffolding', is_company: true, supplier_rank: 1 }]);
    assert.ok(vendor);
    await syncNow();
    const [failedKey] = await keysOf('res.partner', vendor, 'failed');
    assert.ok(failedKey, 'kept as failed in the store');
    assert.match((await store.get(failedKey))?.error?.message ?? '', /the Odoo vendor reference \(ERP supplier id\)/);
    assert.deepEqual(await table('sn_fin_supplier', 'name=Front Range Scaffolding', ['sys_id']), [], 'nothing staged for it');

    later();
    await odoo.write('res.partner', [vendor], { ref: 'V-3001' });
    await press(nr, 'mlc-ex-snpo-replay-inject');
    await until('the replayed vendor posted', () => store.get(failedKey), (r) => r?.status === 'posted', 60_000);
    // The next run reads the vendor again (its write_date moved): the coalesce finds the supplier the replay made.
    await syncNow();
    const suppliers = await table('sn_fin_supplier', 'erp_supplier_id=V-3001', ['name']);
    assert.deepEqual(suppliers, [{ name: 'Front Range Scaffolding' }], 'one supplier');
    assert.equal((await keysOf('res.partner', vendor, 'posted')).length, 2, 'the replayed version and the changed one, each posted once');
  });
});
