// 2,000 Odoo purchase orders of 5 lines each into ServiceNow S2P, against the ServiceNow sandbox in a
// worker thread over real sockets, three ways in the same run:
// (a) mlc-servicenow-write `import-bulk`: per batch of 200 records, the headers in one insertMultiple
//     into sn_fcms_intg_imp_order, their staging rows read until every transform outcome is known, then
//     the lines of the headers that succeeded in one insertMultiple into sn_fcms_intg_imp_order_line,
//     read the same way; two batches in flight, as the node has.
// (b) mlc-servicenow-write `insert`, one row per Table API call: the headers into sn_shop_purchase_order,
//     then each line into sn_shop_purchase_order_line naming its header's sys_id from the first pass (as a
//     flow of two write nodes would). The Table API takes references as sys_ids, not codes: the seeded
//     supplier, cost center, GL account and legal entity sys_ids are known before the clock starts
//     (the cached look-ups a flow would make). No transform runs for these rows.
// (c) a raw fetch client making the calls of (a): one token, then per batch of 200 the same four calls
//     with the same bodies and queries, and the same follow-up waits, two batches in flight.
// The sandbox runs an insertMultiple's transform INSERT_MULTIPLE_DELAY_MS after the load, on its clock:
// 0 here, so (a)/(c) measures the clients, not the wait (both would poll the same schedule). Calls per PO
// come from the sandbox's request log. The sandbox starts from its seed before each run, so every run
// inserts all 2,000 orders and 10,000 lines. A discarded round of each side keeps the JIT's first
// minutes out; then five pairs of (a) and (c), in turn raw first and node first, compared by medians;
// (b) makes 12,000 calls and runs once, after the pairs. Last, for information, (a) once more against a
// sandbox whose transform starts DELAYED_TRANSFORM_MS after each load: what the follow-up's waits cost.
import { join } from 'node:path';
import helper from 'node-red-node-test-helper';
import serviceNowConfigNode = require('../nodes/servicenow/servicenow-config');
import serviceNowWriteNode = require('../nodes/servicenow/servicenow-write');
import { INTEGRATION_USER, OAUTH_CLIENT } from '../sandbox/servicenow';
import { ConcurrencyGate } from '../lib/util/concurrency-gate';
import type { ServiceNowLogSummary, ServiceNowSeedRefs, ServiceNowSimWorkerAnswer, ServiceNowSimWorkerRequest } from './servicenow-sim-worker';
import { SimWorker } from './sim-worker';
import type { BenchLine, BenchSuite } from './types';
import { secondsSince, writeThroughFlow, type WriteFlow } from './write-flow';

const ORDERS = 2000;
const LINES = 5;
const WARM_UP_ORDERS = 400;
/** As mlc-servicenow-write: records per insertMultiple batch, and batches in flight. */
const BATCH = 200;
const IN_FLIGHT = 2;
const INSERT_MULTIPLE_DELAY_MS = 0;
/** For the information line: an asynchronous transform that starts a second after the load, as a scheduled job would. */
const DELAYED_TRANSFORM_MS = 1000;
/** As the node's writer: the first wait between follow-up reads, doubled up to the cap. */
const FOLLOW_FIRST_WAIT_MS = 250;
const FOLLOW_MAX_WAIT_MS = 5000;
const PAGE_SIZE = 1000;
const TARGET_RATIO = 0.8;
const ROUNDS = 5;
const ORDER_STAGING = 'sn_fcms_intg_imp_order';
const LINE_STAGING = 'sn_fcms_intg_imp_order_line';
const IMPORT_ROW_COLUMNS = 'sys_id,sys_import_row,sys_import_state,sys_import_state_comment,sys_row_error,sys_target_table,sys_target_sys_id,sys_transform_map';
const PRODUCTS = ['Lumber 2x4x8 SPF', 'Rebar #5 20ft', 'Concrete mix 80 lb', 'Drywall 4x8 1/2in', 'Nails 16d 50 lb', 'PVC pipe 4in 10ft', 'Anchor bolts 1/2in'];
const UNITS = ['ea', 'bag', 'box', 'ft'];

type Sim = SimWorker<ServiceNowSimWorkerAnswer, ServiceNowSimWorkerRequest>;
type Values = Record<string, string | number>;

interface Order {
  header: Values;
  lines: Values[];
}

const pick = <T>(list: readonly T[], i: number): T => list[i % list.length] as T;

/** An Odoo purchase order as the PO mapping hands it to the import set: the same list for every run. */
function order(refs: ServiceNowSeedRefs, i: number): Order {
  const number = `P${String(10_000 + i).padStart(6, '0')}`;
  const costCenter = pick(refs.costCenters, i).code;
  const supplier = pick(refs.suppliers, i).code;
  const lines = Array.from({ length: LINES }, (_, j): Values => {
    const k = i * LINES + j;
    const quantity = 1 + (k % 60);
    const unitPrice = (4.25 + (k % 23) * 2.5).toFixed(2);
    return {
      erp_po_number: number,
      erp_line_number: j + 1,
      product_name: pick(PRODUCTS, k),
      product_type: 'goods',
      purchase_quantity: quantity,
      unit: pick(UNITS, k),
      unit_price: unitPrice,
      total_line_amount: (quantity * Number(unitPrice)).toFixed(2),
      gl_account: pick(refs.glAccounts, k).code,
      cost_center: costCenter,
      supplier,
    };
  });
  const total = lines.reduce((sum, line) => sum + Number(line['total_line_amount']), 0);
  const day = String(1 + (i % 28)).padStart(2, '0');
  return {
    header: {
      erp_po_number: number,
      erp_source: 'odoo',
      supplier,
      legal_entity: refs.legalEntity.code,
      cost_center: costCenter,
      po_amount: total.toFixed(2),
      currency: 'USD',
      po_status: 'ordered',
      order_type: 'standard',
      payment_term: 'Net 30',
      order_date: `2026-11-${day} 09:00:00`,
      description: `${number} site materials`,
    },
    lines,
  };
}

/** The same order as Table API rows: codes become the seeded records' sys_ids, the header's columns its target fields. */
function tableRows(refs: ServiceNowSeedRefs, o: Order): { header: Values; lines: (purchaseOrder: string) => Values[] } {
  const sysIdOf = (list: ServiceNowSeedRefs['suppliers'], code: string | number) => list.find((r) => r.code === String(code))?.sysId ?? '';
  const h = o.header;
  return {
    header: {
      erp_po_number: h['erp_po_number'] as string,
      erp_source: 'odoo',
      supplier: sysIdOf(refs.suppliers, h['supplier'] as string),
      legal_entity: refs.legalEntity.sysId,
      cost_center: sysIdOf(refs.costCenters, h['cost_center'] as string),
      total_amount: h['po_amount'] as string,
      currency: 'USD',
      status: 'ordered',
      order_type: 'standard',
      payment_term: 'Net 30',
      order_placed: h['order_date'] as string,
      short_description: h['description'] as string,
    },
    lines: (purchaseOrder) =>
      o.lines.map(({ erp_po_number: _number, gl_account, cost_center, supplier, ...rest }) => ({
        ...rest,
        purchase_order: purchaseOrder,
        gl_account: sysIdOf(refs.glAccounts, gl_account as string),
        cost_center: sysIdOf(refs.costCenters, cost_center as string),
        supplier: sysIdOf(refs.suppliers, supplier as string),
      })),
  };
}

function startSim(insertMultipleDelayMs: number): Sim {
  return new SimWorker(join(__dirname, 'servicenow-sim-worker.js'), { logCapacity: 2 * ORDERS * (LINES + 1), insertMultipleDelayMs }, { kind: 'close' });
}

function serviceNowFlow(url: string, write: Record<string, unknown>): WriteFlow {
  return {
    modules: [serviceNowConfigNode, serviceNowWriteNode],
    config: { type: 'mlc-servicenow-config', instanceUrl: url, authMode: 'oauth-password' },
    write: { type: 'mlc-servicenow-write', servicenow: 'config', ...write },
    credentials: { user: INTEGRATION_USER.userName, password: INTEGRATION_USER.password, clientId: OAUTH_CLIENT.clientId, clientSecret: OAUTH_CLIENT.clientSecret },
  };
}

/** (a) */
async function throughBulkNode(url: string, orders: Order[]): Promise<{ seconds: number }> {
  const flow = serviceNowFlow(url, { operation: 'import-bulk', table: ORDER_STAGING, lineTable: LINE_STAGING });
  const { seconds } = await writeThroughFlow('servicenow-pos', flow, orders.map((payload) => ({ payload })));
  return { seconds };
}

/** (b): the headers, then the lines naming the sys_ids the first pass wrote. */
async function throughTableApiNode(url: string, refs: ServiceNowSeedRefs, orders: Order[]): Promise<{ seconds: number }> {
  const rows = orders.map((o) => tableRows(refs, o));
  const headers = await writeThroughFlow(
    'servicenow-pos',
    serviceNowFlow(url, { operation: 'insert', table: 'sn_shop_purchase_order' }),
    rows.map((r, po) => ({ payload: r.header, po })),
  );
  const started = process.hrtime.bigint();
  const lineMessages = headers.written.flatMap((msg) => {
    const sysId = (msg['servicenow'] as { sysId: string }).sysId;
    return (rows[msg['po'] as number] as (typeof rows)[number]).lines(sysId).map((payload) => ({ payload }));
  });
  const between = secondsSince(started);
  const lines = await writeThroughFlow('servicenow-pos', serviceNowFlow(url, { operation: 'insert', table: 'sn_shop_purchase_order_line' }), lineMessages);
  return { seconds: headers.seconds + between + lines.seconds };
}

/** (c): the calls of (a) made by hand. */
async function throughRawClient(url: string, orders: Order[]): Promise<{ seconds: number }> {
  const started = process.hrtime.bigint();
  const tokenAnswer = await fetch(`${url}/oauth_token.do`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: OAUTH_CLIENT.clientId, client_secret: OAUTH_CLIENT.clientSecret, username: INTEGRATION_USER.userName, password: INTEGRATION_USER.password }).toString(),
  });
  if (!tokenAnswer.ok) throw new Error(`servicenow-pos bench: the raw client's token request answered ${tokenAnswer.status}`);
  const auth = `Bearer ${((await tokenAnswer.json()) as { access_token: string }).access_token}`;
  const asStrings = (values: Values) => Object.fromEntries(Object.entries(values).map(([k, v]) => [k, String(v)]));

  /** insertMultiple, then the staging rows read until none is pending: each row's state, in row order. */
  const stage = async (staging: string, records: Values[]): Promise<string[]> => {
    const loaded = await fetch(`${url}/api/now/import/${staging}/insertMultiple`, {
      method: 'POST',
      headers: { authorization: auth, 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ records: records.map(asStrings) }),
    });
    if (loaded.status !== 201) throw new Error(`servicenow-pos bench: the raw client's insertMultiple into ${staging} answered ${loaded.status}`);
    const importSet = ((await loaded.json()) as { import_set_id: string }).import_set_id;
    for (let wait = FOLLOW_FIRST_WAIT_MS; ; wait = Math.min(wait * 2, FOLLOW_MAX_WAIT_MS)) {
      const rows: Array<Record<string, string>> = [];
      for (let offset = 0, total = Infinity; offset < total; offset += PAGE_SIZE) {
        const query = new URLSearchParams({
          sysparm_query: `sys_import_set=${importSet}^ORDERBYsys_import_row`,
          sysparm_fields: IMPORT_ROW_COLUMNS,
          sysparm_exclude_reference_link: 'true',
          sysparm_limit: String(PAGE_SIZE),
          sysparm_offset: String(offset),
        });
        const page = await fetch(`${url}/api/now/table/${staging}?${query.toString()}`, { headers: { authorization: auth, accept: 'application/json' } });
        if (page.status !== 200) throw new Error(`servicenow-pos bench: the raw client's read of ${staging} answered ${page.status}`);
        total = Number(page.headers.get('x-total-count'));
        rows.push(...((await page.json()) as { result: Array<Record<string, string>> }).result);
      }
      if (rows.length >= records.length && rows.every((r) => r['sys_import_state'] !== 'pending')) return rows.map((r) => r['sys_import_state'] ?? '');
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
  };
  const written = (state: string) => state === 'inserted' || state === 'updated' || state === 'ignored';

  const gate = new ConcurrencyGate(IN_FLIGHT);
  const batches: Array<Promise<void>> = [];
  for (let from = 0; from < orders.length; from += BATCH) {
    const batch = orders.slice(from, from + BATCH);
    batches.push(
      gate.run(async () => {
        const headerStates = await stage(ORDER_STAGING, batch.map((o) => o.header));
        const lines = batch.flatMap((o, i) => (written(headerStates[i] ?? '') ? o.lines : []));
        const lineStates = await stage(LINE_STAGING, lines);
        const failed = [...headerStates, ...lineStates].filter((s) => !written(s)).length;
        if (failed > 0) throw new Error(`servicenow-pos bench: ${failed} rows of the raw client's batch were not written`);
      }),
    );
  }
  await Promise.all(batches);
  return { seconds: secondsSince(started) };
}

interface Run {
  seconds: number;
  log: ServiceNowLogSummary;
}

async function measured(sim: Sim, expected: number, run: () => Promise<{ seconds: number }>): Promise<Run> {
  await sim.next('reset-done', { kind: 'reset' });
  const { seconds } = await run();
  const { kind: _kind, ...log } = await sim.next('log', { kind: 'log' });
  if (log.rejected > 0) throw new Error(`servicenow-pos bench: ${log.rejected} calls met a 429; the comparison would measure waiting`);
  // The seed holds no purchase orders: what is there, the run wrote.
  if (log.orders !== expected || log.orderLines !== expected * LINES) {
    throw new Error(`servicenow-pos bench: ${log.orders} orders and ${log.orderLines} lines in ServiceNow after the run, expected ${expected} and ${expected * LINES}`);
  }
  return { seconds, log };
}

/** The run with the median time (ROUNDS is odd). */
function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)] as Run;
}

function callsNote(run: Run): string {
  const calls = Object.entries(run.log.byOperation).map(([operation, n]) => `${operation.replace('/api/now/', '')} ${n}`).join(', ');
  return `${run.log.calls + run.log.tokenCalls} requests: token ${run.log.tokenCalls}, ${calls}; ${run.seconds.toFixed(2)} s`;
}

export const servicenowPosBench: BenchSuite = {
  name: 'servicenow-pos',
  async run(): Promise<BenchLine[]> {
    const sim = startSim(INSERT_MULTIPLE_DELAY_MS);
    const { url, refs } = await sim.next('ready');
    helper.init(require.resolve('node-red'));
    await helper.startServer();
    try {
      const orders = Array.from({ length: ORDERS }, (_, i) => order(refs, i));
      const warmUp = orders.slice(0, WARM_UP_ORDERS);
      await measured(sim, WARM_UP_ORDERS, () => throughRawClient(url, warmUp));
      await measured(sim, WARM_UP_ORDERS, () => throughBulkNode(url, warmUp));
      await measured(sim, WARM_UP_ORDERS, () => throughTableApiNode(url, refs, warmUp));

      const raws: Run[] = [];
      const nodes: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const rawRun = () => measured(sim, ORDERS, () => throughRawClient(url, orders)).then((run) => raws.push(run));
        const nodeRun = () => measured(sim, ORDERS, () => throughBulkNode(url, orders)).then((run) => nodes.push(run));
        if (round % 2 === 0) await rawRun().then(nodeRun);
        else await nodeRun().then(rawRun);
      }
      const single = await measured(sim, ORDERS, () => throughTableApiNode(url, refs, orders));
      const slow = startSim(DELAYED_TRANSFORM_MS);
      const delayed = await slow
        .next('ready')
        .then((ready) => measured(slow, ORDERS, () => throughBulkNode(ready.url, orders)))
        .finally(() => slow.close());
      // Each batch loads twice and waits for each transform; the batches go IN_FLIGHT at a time.
      const waitFloor = (2 * Math.ceil(ORDERS / BATCH / IN_FLIGHT) * DELAYED_TRANSFORM_MS) / 1000;
      const raw = median(raws);
      const node = median(nodes);
      const pairs = raws.map((r, i) => (r.seconds / (nodes[i] as Run).seconds).toFixed(2)).join(', ');
      const perPo = (run: Run): number => (run.log.calls + run.log.tokenCalls) / ORDERS;
      const label = `${ORDERS} POs × ${LINES} lines`;
      return [
        { name: `servicenow-write import-bulk: ${label}, insertMultiple`, value: ORDERS / node.seconds, unit: 'POs/s', higherIsBetter: true, note: `${BATCH} a batch, ${IN_FLIGHT} in flight, transform delay ${INSERT_MULTIPLE_DELAY_MS} ms` },
        { name: '  API calls per PO (import-bulk, sandbox log)', value: perPo(node), unit: 'calls', higherIsBetter: false, note: callsNote(node) },
        { name: `servicenow-write insert: ${label}, a Table API call a row`, value: ORDERS / single.seconds, unit: 'POs/s', higherIsBetter: true, note: 'headers, then lines naming their sys_ids' },
        { name: '  API calls per PO (Table API, sandbox log)', value: perPo(single), unit: 'calls', higherIsBetter: false, note: callsNote(single) },
        { name: 'raw fetch client, the calls of import-bulk', value: ORDERS / raw.seconds, unit: 'POs/s', higherIsBetter: true, note: callsNote(raw) },
        { name: 'import-bulk node / raw client (POs/s, medians)', value: raw.seconds / node.seconds, unit: 'ratio', target: TARGET_RATIO, higherIsBetter: true, note: `${ROUNDS} pairs: ${pairs}` },
        { name: 'import-bulk / Table API a row (POs/s)', value: single.seconds / node.seconds, unit: 'ratio', note: 'information' },
        {
          name: `  import-bulk with the transform ${DELAYED_TRANSFORM_MS / 1000} s after each load: wall`,
          value: delayed.seconds,
          unit: 's',
          note: `${(ORDERS / delayed.seconds).toFixed(0)} POs/s; the waits alone take ${waitFloor} s; ${callsNote(delayed)}`,
        },
      ];
    } finally {
      await helper.stopServer();
      await sim.close();
    }
  },
};
