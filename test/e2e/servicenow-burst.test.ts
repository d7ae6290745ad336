// A burst of 2,000 purchase orders (a header and 5 lines each) in a real Node-RED 5: dedup →
// mlc-servicenow-write → audit on a SQLite store, against the ServiceNow sandbox with a rate-limit rule
// of a few hundred requests per window on the integration user. The write node stages them the way the
// PO example's does, into the same staging tables with the same transform maps, but through
// insertMultiple (operation import-bulk, up to 200 POs a call, each row's outcome followed up) rather
// than one synchronous call per row: 12,000 rows in well under a hundred requests, so the file runs in
// seconds rather than minutes. The 429s do not depend on how fast the flow is: before the burst the
// test spends the window as the same user from another client, so the flow's first calls meet a closed
// window, and it spends each new window until the flow has met a 429.
// It proves: every PO is in S2P once with its 5 lines (none lost, none twice), every record is audited
// as written, every row was staged once; the flow met 429s, and the request log shows it honoured them:
// on each connection, the request after a 429 came no earlier than the 429's answer plus its
// Retry-After; no window saw more of the flow's 429s than it can have in flight when it reads the first
// one (so nothing was sent into a closed window); never more of its requests open than allowed.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { INTEGRATION_USER, ServiceNowSimulator } from '../../sandbox/servicenow';
import { press, until, type FlowNode } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';
import { basicAuthorization } from '../../lib/auth/static-auth';
import { mostInFlight, refusedPerWindow, sentDuringWaitOnSameConnection } from '../support/rate-limit-log';

const POS = 2000;
const LINES = 5;
const CONCURRENCY = 4;
/** A few hundred requests per window; the window long enough that the test can spend it with room to spare. */
const LIMIT = 300;
const WINDOW_SECONDS = 5;
/** The flow's requests, told from the spender's in the log by the user agent the client sends. */
const FLOW_AGENT = 'ml-connector (Node-RED)';
const ORDER = 'sn_fcms_intg_imp_order';
const ORDER_LINE = 'sn_fcms_intg_imp_order_line';
const KEYS = 'servicenow.pos:odoo:purchase.order:';

// The burst as the example's Odoo read would hand it over: one message per PO, keyed by the Odoo id. Suppliers,
// cost centers and GL accounts are ones the sandbox has seeded.
const MAKE_BURST = `
const suppliers = ['V-1001', 'V-1002', 'V-1003', 'V-1004', 'V-1005', 'V-1006'];
const centers = ['CC-100', 'CC-200', 'CC-300', 'CC-400'];
const accounts = ['5000', '5100', '5200', '6100'];
for (let id = 1; id <= ${POS}; id++) {
  const number = 'P' + String(id).padStart(5, '0');
  const center = centers[id % centers.length];
  const lines = [];
  let total = 0;
  for (let n = 1; n <= ${LINES}; n++) {
    const quantity = n * 2 + (id % 7);
    const price = (10 + n + (id % 13)).toFixed(2);
    const amount = (quantity * Number(price)).toFixed(2);
    total += Number(amount);
    lines.push({ erp_po_number: number, erp_line_number: n, product_name: 'Item ' + n, purchase_quantity: quantity, unit_price: price, total_line_amount: amount, gl_account: accounts[n % accounts.length], cost_center: center });
  }
  node.send({
    payload: { header: { erp_po_number: number, erp_source: 'odoo', supplier: suppliers[id % suppliers.length], legal_entity: 'MLC-US', cost_center: center, po_amount: total.toFixed(2), currency: 'USD', po_status: 'ordered' }, lines },
    mlc: { key: '${KEYS}' + id, source: { system: 'odoo', entity: 'purchase.order', id } },
  });
}
return null;
`;

function flows(instanceUrl: string): FlowNode[] {
  const tab = 'burst-tab';
  return [
    { id: tab, type: 'tab', label: 'ServiceNow burst' },
    { id: 'burst-store', type: 'mlc-store', name: 'burst store', backend: 'sqlite', path: '', connectionString: '', schema: 'mlc', poolSize: 5 },
    { id: 'burst-sn', type: 'mlc-servicenow-config', name: 'ServiceNow sandbox', instanceUrl, authMode: 'basic', concurrency: CONCURRENCY, timeoutSeconds: 60, maxAttempts: 20, maxRetrySeconds: 120 },
    { id: 'burst-go', z: tab, type: 'inject', name: 'burst', props: [{ p: 'payload' }], payload: '', payloadType: 'date', repeat: '', crontab: '', once: false, onceDelay: 0.1, topic: '', wires: [['burst-make']], x: 110, y: 80 },
    { id: 'burst-make', z: tab, type: 'function', name: `${POS} POs`, func: MAKE_BURST, outputs: 1, wires: [['burst-dedup']], x: 270, y: 80 },
    { id: 'burst-dedup', z: tab, type: 'mlc-dedup', name: '', store: 'burst-store', staleMinutes: 10, wires: [['burst-write'], []], x: 430, y: 80 },
    { id: 'burst-write', z: tab, type: 'mlc-servicenow-write', name: 'S2P orders', servicenow: 'burst-sn', operation: 'import-bulk', table: ORDER, lineTable: ORDER_LINE, ignored: 'unchanged', followSeconds: 120, wires: [['burst-audit'], ['burst-audit']], x: 610, y: 80 },
    { id: 'burst-audit', z: tab, type: 'mlc-audit', name: '', store: 'burst-store', mode: 'auto', wires: [[]], x: 790, y: 80 },
  ];
}

/** What the spender saw of the last request of a window: its status and the reset it named (epoch ms). */
interface Spent {
  refused: boolean;
  resetAtMs: number;
}

/**
 * Another client of the integration user, as a second integration on the same account would be: it
 * spends the current window until ServiceNow answers 429, and says when that window resets.
 */
async function spendWindow(url: string): Promise<Spent> {
  const headers = { accept: 'application/json', authorization: basicAuthorization(INTEGRATION_USER.userName, INTEGRATION_USER.password) };
  const one = async (): Promise<Spent> => {
    const res = await fetch(`${url}/api/now/table/cmn_cost_center?sysparm_limit=1&sysparm_fields=sys_id`, { headers });
    await res.arrayBuffer();
    return { refused: res.status === 429, resetAtMs: Number(res.headers.get('x-ratelimit-reset')) * 1000 };
  };
  for (;;) {
    const answers = await Promise.all(Array.from({ length: 20 }, one));
    const refused = answers.find((a) => a.refused);
    if (refused) return refused;
  }
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

describe(`a burst of ${POS} POs through the Import Set API under a rate limit, in Node-RED 5`, () => {
  let sim: RunningSimulator;
  let servicenow: ServiceNowSimulator;
  let nr: RunningNodeRed;
  let store: Store;

  before(async () => {
    // The transform runs a fifth of a second after each insertMultiple (1 s by default): the follow-up's
    // first or second read finds it done, and the file spends its time on the burst, not on waiting.
    servicenow = new ServiceNowSimulator({ wire: { insertMultipleDelayMs: 200 } });
    // 12,000 rows and the 429s: more than the log keeps by default.
    sim = await startSimulator(servicenow, { port: 0, logCapacity: 50_000 });
    const rules = { rules: [{ user: INTEGRATION_USER.userName, path: '/api/now/', limit: LIMIT, windowSeconds: WINDOW_SECONDS }] };
    const res = await fetch(`${sim.url}/__sandbox/rate-limits`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(rules) });
    assert.equal(res.status, 200, await res.text());
    nr = await startNodeRed('node-red', flows(sim.url), { credentials: { 'burst-sn': { user: INTEGRATION_USER.userName, password: INTEGRATION_USER.password } } });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
  });
  after(async () => {
    await store?.close();
    await nr?.stop();
    await sim?.close();
  });

  it('posts every PO once with its lines, audits each as written, and honours every 429', async () => {
    const flowLog = () => sim.log.entries({ path: '/api/now/' }).filter((e) => e.headers['user-agent'] === FLOW_AGENT);
    // Spend the window before the burst, and every new one while the flow has not met a 429 yet: its
    // first calls land in a spent window however fast or slow the machine is.
    let spent = await spendWindow(sim.url);
    let burstOver = false;
    const spender = (async () => {
      while (!burstOver && !flowLog().some((e) => e.status === 429)) {
        await pause(Math.min(spent.resetAtMs - Date.now() + 20, 200));
        if (Date.now() >= spent.resetAtMs) spent = await spendWindow(sim.url);
      }
    })();
    const startedAt = Date.now();
    await press(nr, 'burst-go');
    const settled = async () => ({ posted: await store.count({ keyPrefix: KEYS, status: 'posted' }), failed: await store.count({ keyPrefix: KEYS, status: 'failed' }) });
    let done: Awaited<ReturnType<typeof settled>>;
    try {
      done = await until('every PO audited', settled, (c) => c.posted + c.failed >= POS, 90_000);
    } finally {
      burstOver = true;
      await spender;
    }
    const elapsedMs = Date.now() - startedAt;
    assert.deepEqual(done, { posted: POS, failed: 0 }, nr.output().slice(-3000));

    // In S2P: each PO once, with its 5 lines once each, by ERP PO number.
    const orders = servicenow.state.findAllBy('sn_shop_purchase_order', 'erp_source', 'odoo');
    const byNumber = new Map<string, number>();
    for (const order of orders) byNumber.set(String(order['erp_po_number']), (byNumber.get(String(order['erp_po_number'])) ?? 0) + 1);
    const expected = Array.from({ length: POS }, (_, i) => `P${String(i + 1).padStart(5, '0')}`);
    assert.deepEqual(expected.filter((n) => byNumber.get(n) !== 1), [], 'POs missing or twice');
    assert.equal(orders.length, POS);
    const orderOf = new Map(orders.map((o) => [String(o['sys_id']), String(o['erp_po_number'])]));
    const lineKeys = new Map<string, number>();
    for (const line of servicenow.state.rows('sn_shop_purchase_order_line')) {
      const po = orderOf.get(String(line['purchase_order']));
      if (po === undefined) continue;
      const key = `${po}/${String(line['erp_line_number'])}`;
      lineKeys.set(key, (lineKeys.get(key) ?? 0) + 1);
    }
    const wantLines = expected.flatMap((n) => Array.from({ length: LINES }, (_, k) => `${n}/${k + 1}`));
    assert.deepEqual(wantLines.filter((k) => lineKeys.get(k) !== 1), [], 'lines missing or twice');
    assert.equal(lineKeys.size, POS * LINES);

    // Every record audited as written, with the order it became.
    const audited = await store.list({ keyPrefix: KEYS, status: 'posted', limit: POS + 1 });
    assert.equal(audited.length, POS);
    assert.ok(audited.every((r) => r.target?.system === 'servicenow' && r.target.entity === 'sn_shop_purchase_order' && orderOf.has(r.target.id)), 'each audited with its target order');
    assert.equal(new Set(audited.map((r) => r.target?.id)).size, POS);

    // Every row staged once, by the staging tables' own rows.
    const stagedOrders = servicenow.state.rows(ORDER).map((r) => String(r['erp_po_number']));
    assert.equal(stagedOrders.length, POS, 'header rows staged once each');
    assert.equal(new Set(stagedOrders).size, POS);
    const stagedLines = servicenow.state.rows(ORDER_LINE).map((r) => `${String(r['erp_po_number'])}/${String(r['erp_line_number'])}`);
    assert.equal(stagedLines.length, POS * LINES, 'line rows staged once each');
    assert.equal(new Set(stagedLines).size, POS * LINES);

    // The flow's requests in the log: 429s met, each honoured.
    const log = flowLog();
    assert.deepEqual(log.filter((e) => e.status !== 429 && (e.status ?? 0) >= 300).map((e) => `${e.method} ${e.path} ${String(e.status)}`), [], 'nothing failed but 429s');
    const windows = refusedPerWindow(log);
    assert.ok(windows.size >= 1, 'the flow met no 429');
    for (const [reset, refused] of windows) assert.ok(refused <= CONCURRENCY, `${refused} 429s in the window ending ${new Date(reset * 1000).toISOString()}: a request was sent into a closed window`);
    assert.deepEqual(sentDuringWaitOnSameConnection(log), []);
    assert.ok(mostInFlight(log) <= CONCURRENCY, `${mostInFlight(log)} requests open at once`);
    const refused = [...windows.values()].reduce((a, b) => a + b, 0);
    // Visible in the test output: how the burst went.
    console.log(`burst: ${POS} POs, ${log.length} requests (${refused} refused in ${windows.size} windows) in ${(elapsedMs / 1000).toFixed(1)} s`);
  });
});
