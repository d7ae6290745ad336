// The bundled "ServiceNow - Odoo vendor bills to AP" example in a real Node-RED 5 against the Odoo and
// ServiceNow sandboxes. What ServiceNow should hold is worked out here from Odoo's own data (supplier =
// the vendor's reference, each line's GL account from its account code and cost center from its
// analytic distribution) and compared with the invoices the sandbox's transform maps made. It proves:
// the posted bill is staged with its lines and dimensions (a draft one is not); a second run stages
// nothing; a bill the transform refuses (its purchase order is not in ServiceNow yet) is kept as failed
// with ServiceNow's message, nothing half-written, and stages once on replay after the PO exists.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import { INTEGRATION_USER, type ServiceNowSimulator } from '../../sandbox/servicenow';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, press, until, stopAll } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'ServiceNow - Odoo vendor bills to AP.json';
const TAB = 'mlc-ex-snap-tab';

type OdooRow = Record<string, unknown>;
const money = (n: unknown): string => Number(n).toFixed(2);

describe(`example "${FILE}" in Node-RED 5 against the Odoo and ServiceNow sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;
  let odoo: OdooClient;
  let odooSim: RunningSimulator;
  let snSim: RunningSimulator;
  let sn: ServiceNowSimulator;
  /** Odoo analytic account id → code, plan "Cost Centers". */
  const costCenters = new Map<number, string>();

  const field = (table: string, sysId: string | undefined, name: string): string => sn.state.find(table, sysId ?? '')?.[name] ?? `none(${String(sysId)})`;
  const invoices = (number: string) => sn.state.findAllBy('sn_shop_invoice', 'external_invoice_number', number);
  /** An invoice as this test compares it: header, then per line "n account cost-center qty price amount". */
  const held = (number: string): { header: string; lines: string[] } => {
    const [invoice] = invoices(number);
    assert.ok(invoice, `invoice ${number} in ServiceNow`);
    const lines = sn.state.findAllBy('sn_shop_invoice_line', 'invoice', invoice.sys_id ?? '');
    return {
      header: [field('sn_fin_supplier', invoice.supplier, 'erp_supplier_id'), invoice.invoice_date, invoice.currency, field('sn_fin_legal_entity', invoice.legal_entity, 'code'), invoice.supplier_invoice_number, money(invoice.subtotal), money(invoice.amount_invoiced)].join(' '),
      lines: lines
        .map((l) => [l.line_number, field('sn_fin_gl_account', l.gl_account, 'number'), field('cmn_cost_center', l.cost_center, 'code'), Number(l.line_quantity), Number(l.line_unit_price), money(l.line_amount_invoiced)].join(' '))
        .sort(),
    };
  };
  /** The same from Odoo. */
  const expected = async (bill: OdooRow): Promise<{ header: string; lines: string[] }> => {
    const [vendor] = await odoo.read('res.partner', [(bill['partner_id'] as { id: number }).id], ['ref']);
    const lines = await odoo.read('account.move.line', bill['invoice_line_ids'] as number[], ['account_id', 'analytic_distribution', 'quantity', 'price_unit', 'price_subtotal']);
    return {
      header: [vendor?.['ref'], bill['invoice_date'], 'USD', 'MLC-US', bill['ref'], money(bill['amount_untaxed']), money(bill['amount_total'])].join(' '),
      lines: lines
        .map((line, i) => {
          const centers = Object.keys(line['analytic_distribution'] as Record<string, number>).flatMap((key) => key.split(',').map((id) => costCenters.get(Number(id)) ?? []).flat());
          const account = String((line['account_id'] as { name: string }).name).split(' ')[0];
          return [i + 1, account, centers.join('+'), line['quantity'], line['price_unit'], money(line['price_subtotal'])].join(' ');
        })
        .sort(),
    };
  };
  const billFields = ['name', 'ref', 'partner_id', 'invoice_date', 'amount_untaxed', 'amount_total', 'invoice_line_ids', 'state'];
  const imports = (): number => snSim.log.entries({ path: '/api/now/import/' }).filter((e) => e.method === 'POST').length;
  const finishedReads = async (): Promise<number> => (await store.listRuns({ limit: 500 })).filter((r) => r.runId.startsWith('odoo-read:account.move:') && r.status !== 'running').length;
  const syncNow = async (): Promise<void> => {
    const before = await finishedReads();
    await press(nr, 'mlc-ex-snap-run');
    await until('the vendor-bill read to end', finishedReads, (n) => n > before, 90_000);
  };
  const keysOf = async (id: number, status: 'posted' | 'failed') => (await store.list({ keyPrefix: `servicenow.bills:odoo:account.move:${id}:`, status })).map((r) => r.key);

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    odooSim = sandbox.get('odoo') as RunningSimulator;
    snSim = sandbox.get('servicenow') as RunningSimulator;
    sn = snSim.simulator as ServiceNowSimulator;
    for (const a of await odoo.searchRead('account.analytic.account', { domain: [['plan_id.name', '=', 'Cost Centers']], fields: ['code'] })) costCenters.set(Number(a['id']), String(a['code']));
    const { flows, credentials } = loadExample(FILE);
    nr = await startNodeRed('node-red', flows, { credentials, env });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it('stages the posted vendor bill with its lines, supplier, GL accounts and cost centers; the draft stays in Odoo', async () => {
    await syncNow();
    const bills = await odoo.searchRead('account.move', { domain: [['move_type', '=', 'in_invoice']], fields: billFields });
    const posted = bills.filter((b) => b['state'] === 'posted');
    assert.equal(posted.length, 1, 'the seed has one posted bill');
    for (const bill of bills) {
      if (bill['state'] !== 'posted') {
        assert.equal(invoices(String(bill['name'])).length, 0, 'a draft bill is not staged');
        continue;
      }
      assert.equal(invoices(String(bill['name'])).length, 1);
      assert.deepEqual(held(String(bill['name'])), await expected(bill));
      assert.equal((await keysOf(Number(bill['id']), 'posted')).length, 1, 'audited as posted');
    }
    // The seeded bill: Acme Lumber, two lines on Construction Materials and North Branch.
    assert.deepEqual(held(String(posted[0]?.['name'])), {
      header: 'V-1001 2026-10-20 USD MLC-US AL-INV-5521 7085.00 7085.00',
      lines: ['1 5000 CC-200 800 4.25 3400.00', '2 5000 CC-200 220 16.75 3685.00'],
    });
    const rows = sn.state.rows('sn_spend_intg_imp_invoice_line');
    assert.deepEqual(rows.map((r) => r['sys_import_state']), ['inserted', 'inserted'], 'each line row transformed');
  });

  it('stages nothing on a second run', async () => {
    const before = imports();
    assert.ok(before >= 3, `the first run staged a header and two lines (${before} import calls)`);
    const counts = [sn.state.rows('sn_shop_invoice').length, sn.state.rows('sn_shop_invoice_line').length];
    await syncNow();
    assert.equal(imports(), before, 'no import set call');
    assert.deepEqual([sn.state.rows('sn_shop_invoice').length, sn.state.rows('sn_shop_invoice_line').length], counts);
  });

  it("keeps a bill the transform refuses as failed with ServiceNow's message, and stages it once on replay after the cause is fixed", async () => {
    const [vendor] = await odoo.search('res.partner', [['ref', '=', 'V-1002']]);
    const [order] = await odoo.searchRead('purchase.order', { domain: [['partner_id', '=', vendor ?? 0], ['state', 'in', ['purchase', 'done']]], fields: ['name'] });
    assert.ok(vendor && order, 'a confirmed PO of V-1002');
    const poName = String(order['name']);
    const [subcontract] = await odoo.search('account.account', [['code', '=', '5100']]);
    const southBranch = [...costCenters].find(([, code]) => code === 'CC-300')?.[0];
    odooSim.clock.advance(2000); // write_date has whole seconds: later than the cursor
    const [billId] = await odoo.create('account.move', [
      {
        move_type: 'in_invoice',
        partner_id: vendor,
        ref: 'SUB-7781',
        invoice_date: '2026-11-12',
        invoice_origin: poName,
        invoice_line_ids: [
          [0, 0, { name: 'Framing crew, week 45', quantity: 1, price_unit: 12500, account_id: subcontract, analytic_distribution: { [String(southBranch)]: 100 } }],
          [0, 0, { name: 'Framing crew, overtime', quantity: 12, price_unit: 95.5, account_id: subcontract, analytic_distribution: { [String(southBranch)]: 100 } }],
        ],
      },
    ]);
    assert.ok(billId);
    await odoo.call({ model: 'account.move', method: 'action_post', ids: [billId] });
    const [bill] = await odoo.read('account.move', [billId], billFields);
    assert.ok(bill);
    const number = String(bill['name']);
    await syncNow();

    const [failedKey] = await keysOf(billId, 'failed');
    assert.ok(failedKey, 'kept as failed in the store');
    const failed = await store.get(failedKey);
    assert.match(failed?.error?.message ?? '', new RegExp(`Purchase order '${poName}' \\(u_purchase_order\\) not found`));
    assert.equal(failed?.flow, TAB);
    assert.equal(invoices(number).length, 0, 'no invoice, no lines');
    assert.equal(sn.state.rows('sn_spend_intg_imp_invoice_line').filter((r) => r['u_external_invoice_number'] === number).length, 0, 'no line staged after a refused header');

    // The fix: the PO reaches ServiceNow (what the purchase-order flow stages), then replay.
    const res = await fetch(`${snSim.url}/api/now/import/sn_fcms_intg_imp_order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Basic ${Buffer.from(`${INTEGRATION_USER.userName}:${INTEGRATION_USER.password}`).toString('base64')}` },
      body: JSON.stringify({ erp_po_number: poName, erp_source: 'odoo', supplier: 'V-1002' }),
    });
    assert.equal(res.status, 201, await res.text());
    await press(nr, 'mlc-ex-snap-replay-inject');
    await until('the replayed bill posted', () => store.get(failedKey), (r) => r?.status === 'posted', 60_000);
    assert.equal(invoices(number).length, 1);
    assert.deepEqual(held(number), await expected(bill));
    assert.deepEqual(held(number).lines, ['1 5100 CC-300 1 12500 12500.00', '2 5100 CC-300 12 95.5 1146.00']);
    assert.equal(field('sn_shop_purchase_order', invoices(number)[0]?.purchase_order, 'erp_po_number'), poName, 'on its purchase order');

    const before = imports();
    await press(nr, 'mlc-ex-snap-replay-inject');
    await syncNow();
    assert.equal(imports(), before, 'a second replay and a new run stage nothing');
    assert.equal(invoices(number).length, 1);
  });
});
