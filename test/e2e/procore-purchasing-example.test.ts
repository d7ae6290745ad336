// The bundled "Procore - Odoo purchasing to Procore projects" example in a real Node-RED 5 against the
// Odoo and Procore sandboxes. What Procore should hold is worked out here from Odoo's own data (each
// line's project from its analytic distribution, its cost code from its product by the sandbox's
// PRODUCT_COST_CODES), independently of the flow's mapping, and compared to the cent with the Procore
// sandbox's state. It proves: vendors are synced first (the seeded Procore vendors linked by their
// Odoo reference, not duplicated); confirmed POs become commitments on the right project with lines on
// the right cost codes; posted vendor bills become direct costs of type invoice; a PO changed in Odoo
// updates its commitment on the next run; a second run writes nothing; a PO on a project the map does
// not know is refused and kept failed while the rest go through; and a burst that meets Procore's
// spike window ends with every PO posted once and no call after a 429 before its reset.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import { COMPANY_ID, PRODUCT_COST_CODES, procoreQuotaRules, PROJECT_IDS, type ProcoreSimulator, type RateLimits } from '../../sandbox/procore';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, press, until, stopAll } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'Procore - Odoo purchasing to Procore projects.json';
/** The example's reads key their records `<prefix>:odoo:<model>:<id>:<write_date>`. */
const KEY_PREFIX = { 'res.partner': 'procore.vendors', 'purchase.order': 'procore.pos', 'account.move': 'procore.bills' } as const;
const TAB = 'mlc-ex-ppp-tab';
const PROJECT_BY_NUMBER: Record<string, number> = { 'PRJ-1001': PROJECT_IDS.riverside, 'PRJ-1002': PROJECT_IDS.oakStreet, 'PRJ-1003': PROJECT_IDS.harborView };

type OdooRow = Record<string, unknown>;
/** A commitment or direct cost as this test expects it: project, and per line "origin cost-code amount". */
interface Expected {
  projectId: number;
  lines: string[];
}

describe(`example "${FILE}" in Node-RED 5 against the Odoo and Procore sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;
  let odoo: OdooClient;
  let odooSim: RunningSimulator;
  let procoreSim: RunningSimulator;
  let procore: ProcoreSimulator;
  /** Odoo analytic account id → code, for the plan "Projects". */
  const projectAccounts = new Map<number, string>();
  let costCenter = 0;

  const fullCode = (id: number | null): string => {
    const code = procore.state.costCodes.find((c) => c.id === id);
    const parent = procore.state.costCodes.find((c) => c.id === code?.parent_id);
    return code ? (parent ? `${parent.code}-${code.code}` : code.code) : `none(${String(id)})`;
  };
  const commitments = (originId: string) => procore.state.purchaseOrders.filter((po) => po.origin_id === originId && po.deleted_at === null);
  const directCosts = (originId: string) => procore.state.directCosts.filter((dc) => dc.origin_id === originId);
  const held = (record: { project_id: number; line_items: Array<{ origin_id: string | null; cost_code_id: number | null; amount_cents: number }> }): Expected => ({
    projectId: record.project_id,
    lines: record.line_items.map((l) => `${l.origin_id} ${fullCode(l.cost_code_id)} ${(l.amount_cents / 100).toFixed(2)}`).sort(),
  });
  /** From Odoo: the one project the lines book to, and each line's cost code and untaxed amount. */
  const expectedFrom = (lines: OdooRow[], quantityField: string): Expected => {
    const projects = new Set<string>();
    const out = lines.map((line) => {
      for (const key of Object.keys(line['analytic_distribution'] as Record<string, number>)) {
        for (const id of key.split(',')) {
          const code = projectAccounts.get(Number(id));
          if (code) projects.add(code);
        }
      }
      // The client gives a many2one as {id, name}; the name shows the internal reference: "[DRY-58] Drywall ...".
      const product = /^\[([^\]]+)\]/.exec((line['product_id'] as { name: string }).name)?.[1] ?? '';
      const cents = Math.round(Number(line[quantityField]) * Number(line['price_unit']) * 100);
      return `${String(line['id'])} ${PRODUCT_COST_CODES[product]?.[0] ?? `unmapped ${product}`} ${(cents / 100).toFixed(2)}`;
    });
    assert.equal(projects.size, 1, `the lines book to one project: ${[...projects].join(', ')}`);
    return { projectId: PROJECT_BY_NUMBER[[...projects][0] as string] ?? 0, lines: out.sort() };
  };
  const confirmedOrders = async (): Promise<Array<{ id: number; expected: Expected }>> => {
    const orders = await odoo.searchRead('purchase.order', { domain: [['state', 'in', ['purchase', 'done']]], fields: ['order_line'] });
    const out = [];
    for (const order of orders) {
      const lines = await odoo.read('purchase.order.line', order['order_line'] as number[], ['product_id', 'product_qty', 'price_unit', 'analytic_distribution']);
      out.push({ id: Number(order['id']), expected: expectedFrom(lines, 'product_qty') });
    }
    return out;
  };
  const procoreWrites = (): number => procoreSim.log.entries({ path: '/rest/' }).filter((e) => e.method !== 'GET').length;
  const finishedBillReads = async (): Promise<number> =>
    (await store.listRuns({ limit: 500 })).filter((r) => r.runId.startsWith('odoo-read:account.move:') && r.status !== 'running').length;
  /** Presses "sync now" and waits until the last read of the chain (vendor bills) has ended. */
  const syncNow = async (timeoutMs = 90_000): Promise<void> => {
    const before = await finishedBillReads();
    await press(nr, 'mlc-ex-ppp-run');
    await until('the vendor-bill read (the last of the run) to end', finishedBillReads, (n) => n > before, timeoutMs);
  };
  /** Odoo stamps write_date in whole seconds: move its clock on so a change is later than the cursor. */
  const later = (): void => odooSim.clock.advance(2000);
  const newOrder = async (vendor: number, lines: Array<[product: string, quantity: number, price: number, project: number]>): Promise<number> => {
    later();
    const products = new Map((await odoo.searchRead('product.product', { fields: ['default_code'] })).map((p) => [String(p['default_code']), Number(p['id'])]));
    const [id] = await odoo.create('purchase.order', [
      {
        partner_id: vendor,
        order_line: lines.map(([product, quantity, price, project]) => [0, 0, { product_id: products.get(product), product_qty: quantity, price_unit: price, analytic_distribution: { [`${costCenter},${project}`]: 100 } }]),
      },
    ]);
    assert.ok(id);
    await odoo.call({ model: 'purchase.order', method: 'button_confirm', ids: [id] });
    return id;
  };
  /** Procore's rate limits, through the sandbox's control API. */
  const setQuota = async (limits: RateLimits): Promise<void> => {
    const res = await fetch(`${procoreSim.url}/__sandbox/quota`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: procoreQuotaRules(limits) }) });
    assert.equal(res.status, 200, await res.text());
  };
  const keysOf = async (model: keyof typeof KEY_PREFIX, id: number, status: 'posted' | 'failed') => (await store.list({ keyPrefix: `${KEY_PREFIX[model]}:odoo:${model}:${id}:`, status })).map((r) => r.key);

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    odooSim = sandbox.get('odoo') as RunningSimulator;
    procoreSim = sandbox.get('procore') as RunningSimulator;
    procore = procoreSim.simulator as ProcoreSimulator;
    for (const a of await odoo.searchRead('account.analytic.account', { domain: [['plan_id.name', '=', 'Projects']], fields: ['code'] })) projectAccounts.set(Number(a['id']), String(a['code']));
    const [cc] = await odoo.search('account.analytic.account', [['code', '=', 'CC-200']]);
    costCenter = cc ?? 0;
    assert.equal(projectAccounts.size, 3);
    // Procore's own spike window (25 calls in 10 s) would make each run take half a minute; the last
    // test sets a small one on purpose.
    await setQuota({ hourly: 3600, spike: 500 });

    const { flows, credentials } = loadExample(FILE);
    nr = await startNodeRed('node-red', flows, { credentials, env });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it('syncs vendors first, linking the ones Procore already has by their Odoo reference', async () => {
    const seededAcme = procore.state.vendors.find((v) => v.origin_code === 'V-1001');
    assert.ok(seededAcme && seededAcme.origin_id === null);
    await syncNow();
    const odooVendors = await odoo.searchRead('res.partner', { domain: [['supplier_rank', '>', 0]], fields: ['name', 'ref'] });
    for (const v of odooVendors) {
      const inProcore = procore.state.vendors.filter((p) => p.origin_id === String(v['id']));
      assert.equal(inProcore.length, 1, `Odoo vendor ${String(v['name'])} once in Procore`);
      assert.equal(inProcore[0]?.name, v['name']);
      assert.equal((await keysOf('res.partner', Number(v['id']), 'posted')).length, 1);
    }
    assert.equal(seededAcme.origin_id, '1', 'the seeded Acme Lumber Supply is now linked to Odoo partner 1');
    assert.equal(procore.state.vendors.filter((v) => v.name === 'Acme Lumber Supply').length, 1, 'not duplicated');
    // Vendors first: the first purchase order contract call came after the last vendor sync.
    const log = procoreSim.log.entries({ path: '/rest/' });
    const lastSync = Math.max(...log.filter((e) => e.path.endsWith('/vendors/sync')).map((e) => e.seq));
    const firstContract = Math.min(...log.filter((e) => e.path.includes('purchase_order_contracts')).map((e) => e.seq));
    assert.ok(lastSync < firstContract, `vendor sync #${lastSync} before the first contract call #${firstContract}`);
  });

  it('turns every confirmed PO into one commitment on its project, each line on its cost code, to the cent', async () => {
    const orders = await confirmedOrders();
    assert.deepEqual(orders.map((o) => o.id).sort(), [1, 2, 3, 4, 9], 'the seed has five confirmed orders');
    for (const { id, expected } of orders) {
      const found = commitments(String(id));
      assert.equal(found.length, 1, `PO ${id}: one commitment`);
      assert.deepEqual(held(found[0] as (typeof found)[number]), expected, `PO ${id}`);
      assert.equal((await keysOf('purchase.order', id, 'posted')).length, 1);
    }
    const p1 = commitments('1')[0];
    assert.equal(p1?.project_id, PROJECT_IDS.riverside);
    assert.equal(p1?.vendor_id, procore.state.vendors.find((v) => v.origin_id === '1')?.id, "on the Odoo vendor's Procore vendor");
    assert.equal(((p1?.line_items ?? []).reduce((sum, l) => sum + l.amount_cents, 0) / 100).toFixed(2), '7085.00', 'P00001: 800 × 4.25 + 220 × 16.75');
    assert.equal(procore.state.purchaseOrders.filter((po) => po.origin_id !== null).length, 5, 'draft, sent and cancelled orders stay in Odoo');
  });

  it('turns the posted vendor bill into a direct cost of type invoice on its project', async () => {
    const bills = await odoo.searchRead('account.move', { domain: [['move_type', '=', 'in_invoice']], fields: ['state', 'ref', 'invoice_line_ids'] });
    const posted = bills.filter((b) => b['state'] === 'posted');
    assert.equal(posted.length, 1);
    for (const bill of bills) {
      const found = directCosts(String(bill['id']));
      if (bill['state'] !== 'posted') {
        assert.equal(found.length, 0, 'a draft bill is not sent');
        continue;
      }
      assert.equal(found.length, 1);
      const cost = found[0] as (typeof found)[number];
      assert.equal(cost.direct_cost_type, 'invoice');
      assert.equal(cost.invoice_number, bill['ref']);
      const lines = await odoo.read('account.move.line', bill['invoice_line_ids'] as number[], ['product_id', 'quantity', 'price_unit', 'analytic_distribution']);
      assert.deepEqual(held(cost), expectedFrom(lines, 'quantity'));
      assert.equal(cost.project_id, PROJECT_IDS.riverside);
    }
  });

  it('writes nothing on a second run', async () => {
    const writes = procoreWrites();
    const counts = [procore.state.vendors.length, procore.state.purchaseOrders.length, procore.state.directCosts.length];
    await syncNow();
    assert.equal(procoreWrites(), writes, 'no POST, PATCH or DELETE');
    assert.deepEqual([procore.state.vendors.length, procore.state.purchaseOrders.length, procore.state.directCosts.length], counts);
  });

  it('updates the commitment of a PO changed in Odoo on the next run, not a second one', async () => {
    const [order] = await odoo.read('purchase.order', [2], ['order_line']);
    const [lineId] = order?.['order_line'] as number[];
    const before = commitments('2')[0];
    const procoreLineId = before?.line_items[0]?.id;
    later();
    await odoo.write('purchase.order', [2], { order_line: [[1, lineId, { product_qty: 70, price_unit: 147.25 }]] });
    const fromSeq = procoreSim.log.lastSeq;
    await syncNow();
    const writes = procoreSim.log.entries({ path: '/rest/' }).filter((e) => e.seq > fromSeq && e.method !== 'GET');
    assert.deepEqual(writes.map((e) => `${e.method} ${e.path}`), [`PATCH /rest/v1.0/purchase_order_contracts/${before?.id}/line_items/${procoreLineId}`], 'only the changed line is sent');
    const after = commitments('2');
    assert.equal(after.length, 1, 'still one commitment');
    assert.equal(after[0]?.id, before?.id);
    assert.deepEqual(held(after[0] as (typeof after)[number]).lines, [`${lineId} 03-300 10307.50`], '70 × 147.25');
    assert.equal(after[0]?.line_items[0]?.id, procoreLineId, 'the line was updated in place');
    assert.deepEqual(held(after[0] as (typeof after)[number]), (await confirmedOrders()).find((o) => o.id === 2)?.expected);
  });

  it('refuses a PO whose project the map does not know and keeps it failed, while the rest go through', async () => {
    const [plan] = await odoo.search('account.analytic.plan', [['name', '=', 'Projects']]);
    const [lakeside] = await odoo.create('account.analytic.account', [{ name: 'Lakeside Clinic', code: 'PRJ-1099', plan_id: plan }]);
    assert.ok(lakeside);
    const [oak] = [...projectAccounts].find(([, code]) => code === 'PRJ-1002') ?? [];
    const unmapped = await newOrder(1, [['LUM-2X4-8', 100, 4.25, lakeside]]);
    const mapped = await newOrder(2, [['CONC-3000', 10, 150, oak ?? 0]]);
    await syncNow();

    const [failedKey] = await keysOf('purchase.order', unmapped, 'failed');
    assert.ok(failedKey, 'kept as failed in the store');
    const failed = await store.get(failedKey);
    assert.match(failed?.error?.message ?? '', /Odoo analytic account "PRJ-1099" has no Procore project in the map/);
    assert.equal(failed?.flow, TAB);
    assert.equal(commitments(String(unmapped)).length, 0, 'nothing written for it');
    assert.equal((await keysOf('purchase.order', mapped, 'posted')).length, 1, 'the other PO went through');
    assert.deepEqual(held(commitments(String(mapped))[0] as ReturnType<typeof commitments>[number]).lines.map((l) => l.split(' ').slice(1).join(' ')), ['03-300 1500.00']);
    assert.equal(commitments(String(mapped))[0]?.project_id, PROJECT_IDS.oakStreet);
  });

  it('writes the refused PO once, on replay, after its project row is added', async () => {
    const orderKeys = `${KEY_PREFIX['purchase.order']}:odoo:purchase.order:`;
    const [failed] = await store.list({ keyPrefix: orderKeys, status: 'failed' });
    assert.ok(failed, 'the PO on Lakeside Clinic is failed');
    const originId = failed.key.slice(orderKeys.length).split(':')[0] ?? '';
    // The fix, as a user would: Lakeside Clinic is run as part of Harbor View in Procore; a row in the
    // map node, and deploy (the example's credentials stay with Node-RED).
    const { flows } = loadExample(FILE);
    const fixed = flows.map((n) =>
      n.id === 'mlc-ex-ppp-project-map' ? { ...n, rows: [...(n['rows'] as unknown[]), { kind: 'project', odoo: 'PRJ-1099', project: 'PRJ-1003' }] } : n,
    );
    const deploy = await fetch(`${nr.url}/flows`, { method: 'POST', headers: { 'content-type': 'application/json', 'Node-RED-Deployment-Type': 'full' }, body: JSON.stringify(fixed) });
    assert.equal(deploy.status, 204);
    await press(nr, 'mlc-ex-ppp-replay-inject');
    await until('the replayed PO posted', () => store.get(failed.key), (r) => r?.status === 'posted', 60_000);
    const written = commitments(originId);
    assert.equal(written.length, 1);
    assert.equal(written[0]?.project_id, PROJECT_IDS.harborView);
    assert.deepEqual(held(written[0] as (typeof written)[number]).lines.map((l) => l.split(' ').slice(1).join(' ')), ['06-100 425.00']);
    await press(nr, 'mlc-ex-ppp-replay-inject');
    await syncNow();
    assert.equal(commitments(originId).length, 1, 'a second replay and a new run add nothing');
  });

  it('ends a burst that meets the spike window with every PO posted once, and no call after a 429 before its reset', async () => {
    const projects = [...projectAccounts.keys()];
    const burst: number[] = [];
    for (let i = 0; i < 12; i++) burst.push(await newOrder(1 + (i % 3), [['DRY-58', 10 + i, 16.75, projects[i % 3] ?? 0]]));
    later();
    await odoo.write('res.partner', [1], { phone: '+1 555 0199' });

    await setQuota({ hourly: 3600, spike: 12, spikeWindowSeconds: 3 });
    // Another integration on the company spends the spike window just before the run: the flow does
    // not know and meets a 429 on its first call.
    const tokenRes = await fetch(`${procoreSim.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: 'mlc-limited-client', client_secret: 'mlc-limited-secret' }) });
    const { access_token: other } = (await tokenRes.json()) as { access_token: string };
    const fromSeq = procoreSim.log.lastSeq;
    for (let spent = false; !spent; ) {
      const res = await fetch(`${procoreSim.url}/rest/v1.0/me`, { headers: { authorization: `Bearer ${other}`, 'procore-company-id': String(COMPANY_ID) } });
      await res.arrayBuffer();
      spent = res.status === 429;
    }
    // The log masks tokens: the other integration's calls are told by the masked form of its own.
    const otherAuth = new Set(procoreSim.log.entries({ path: '/rest/' }).filter((e) => e.seq > fromSeq).map((e) => e.headers['authorization']));
    assert.equal(otherAuth.size, 1);
    await syncNow(180_000);

    for (const id of burst) {
      assert.equal(commitments(String(id)).length, 1, `PO ${id}: one commitment`);
      assert.deepEqual((await keysOf('purchase.order', id, 'failed')), [], `PO ${id} not failed`);
      assert.equal((await keysOf('purchase.order', id, 'posted')).length, 1, `PO ${id} posted once`);
    }
    // Node-RED's calls: every call since, but the other integration's.
    const calls = procoreSim.log.entries({ path: '/rest/' }).filter((e) => e.seq > fromSeq && !otherAuth.has(e.headers['authorization']));
    assert.ok(calls.length >= burst.length * 3, `the flow's calls are in the log (${calls.length})`);
    const refused = calls.filter((e) => e.status === 429);
    assert.ok(refused.length > 0, 'the flow met the spike window');
    for (const r of refused) {
      const reset = r.tags['rateLimitReset'];
      assert.equal(typeof reset, 'number', `429 #${r.seq} names its reset`);
      const early = calls.filter((e) => e.seq > r.seq && Date.parse(e.at) < (reset as number) * 1000);
      assert.deepEqual(early.map((e) => `#${e.seq} ${e.method} ${e.path} at ${e.at}`), [], `calls after 429 #${r.seq} before its reset ${new Date((reset as number) * 1000).toISOString()}`);
    }
    assert.equal(calls[calls.length - 1]?.status === 429, false, 'the burst ends answered');
  });
});
