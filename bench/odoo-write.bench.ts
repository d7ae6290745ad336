// mlc-odoo-write throughput and API calls: 10,000 payroll journal entries of 4 lines, upserted by
// external id and posted, into the Odoo simulator in this process. Beside it a raw-client baseline
// that makes the same batched calls (ir.model.data lookup, load of the moves with their external ids in
// one call, action_post; same batch size and batches in flight) with OdooClient directly, in the same run.
// The simulator is reset before each run, so both write into the same seeded database.
import helper from 'node-red-node-test-helper';
import { OdooClient } from '../lib/odoo/client';
import { externalIdName, lookupExternalIds } from '../lib/odoo/external-ids';
import { ConcurrencyGate } from '../lib/util/concurrency-gate';
import { startSimulator, type RunningSimulator } from '../sandbox/kit';
import { OdooSimulator } from '../sandbox/odoo';
import odooConfigNode = require('../nodes/odoo/odoo-config');
import odooWriteNode = require('../nodes/odoo/odoo-write');
import type { BenchLine, BenchSuite } from './types';
import { runtimeLogProbe, takeOffCallRecording } from './call-recording';

const ENTRIES = 10_000;
const BATCH_SIZE = 100;
/** As the node: two batches in flight. */
const IN_FLIGHT = 2;
const TRANSPORT = 'json2';
const TARGET_RATIO = 0.8;

interface DemoIds {
  journal: number;
  accounts: number[];
  costCenter: number;
}

function entry(ids: DemoIds, i: number): Record<string, unknown> {
  const wages = 1000 + (i % 500);
  const tax = Math.round(wages * 7.65) / 100;
  const analytic = { [String(ids.costCenter)]: 100 };
  const [wagesAccount, taxAccount, accrued, taxesPayable] = ids.accounts;
  return {
    move_type: 'entry',
    journal_id: ids.journal,
    date: '2026-11-15',
    ref: `bench ${i}`,
    line_ids: [
      [0, 0, { account_id: wagesAccount, name: 'Wages', debit: wages, credit: 0, analytic_distribution: analytic }],
      [0, 0, { account_id: taxAccount, name: 'Employer taxes', debit: tax, credit: 0, analytic_distribution: analytic }],
      [0, 0, { account_id: accrued, name: 'Accrued wages', debit: 0, credit: wages }],
      [0, 0, { account_id: taxesPayable, name: 'Payroll taxes payable', debit: 0, credit: tax }],
    ],
  };
}

function connect(sim: RunningSimulator): OdooClient {
  return new OdooClient({ configName: 'bench', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: TRANSPORT });
}

async function demoIds(client: OdooClient): Promise<DemoIds> {
  const [journal] = await client.search('account.journal', [['code', '=', 'PAY']]);
  const accounts = await Promise.all(['6100', '6200', '2100', '2200'].map(async (code) => (await client.search('account.account', [['code', '=', code]]))[0]));
  const [costCenter] = await client.search('account.analytic.account', [['code', '=', 'CC-200']]);
  if (!journal || !costCenter || accounts.some((a) => a === undefined)) throw new Error('odoo-write bench: demo journal, accounts or cost center missing');
  return { journal, accounts: accounts as number[], costCenter };
}

const LOAD_FIELDS = ['id', 'move_type', 'journal_id/.id', 'date', 'ref', 'line_ids/account_id/.id', 'line_ids/name', 'line_ids/debit', 'line_ids/credit', 'line_ids/analytic_distribution'];

/** The same entry as load() rows, written out by hand: the entry with its first line, then a row per line. */
function entryRows(ids: DemoIds, i: number, xmlid: string): string[][] {
  const values = entry(ids, i);
  const lines = (values['line_ids'] as Array<[0, 0, Record<string, unknown>]>).map(([, , line]) => [
    String(line['account_id']),
    String(line['name']),
    String(line['debit']),
    String(line['credit']),
    line['analytic_distribution'] ? JSON.stringify(line['analytic_distribution']) : '',
  ]);
  return lines.map((line, j) => [...(j === 0 ? [xmlid, 'entry', String(ids.journal), String(values['date']), String(values['ref'])] : ['', '', '', '', '']), ...line]);
}

interface RunResult {
  seconds: number;
  calls: number;
}

/** The calls the node makes for a first write of a batch, made by hand. */
async function baseline(sim: RunningSimulator, ids: DemoIds): Promise<RunResult> {
  const client = connect(sim);
  try {
    const since = sim.log.lastSeq;
    const started = process.hrtime.bigint();
    const gate = new ConcurrencyGate(IN_FLIGHT);
    const batches: Array<Promise<void>> = [];
    for (let from = 0; from < ENTRIES; from += BATCH_SIZE) {
      const indexes = Array.from({ length: Math.min(BATCH_SIZE, ENTRIES - from) }, (_, j) => from + j);
      batches.push(
        gate.run(async () => {
          const names = indexes.map((i) => externalIdName(`bench:raw:${i}`));
          const found = await lookupExternalIds(client, 'account.move', names);
          if (found.size > 0) throw new Error('odoo-write bench: the baseline found entries it had not written');
          const loaded = await client.load('account.move', LOAD_FIELDS, indexes.flatMap((i, j) => entryRows(ids, i, `mlc.${names[j]!}`)), { mode: 'update', noupdate: true });
          if (loaded.ids === false) throw new Error(`odoo-write bench: the baseline's load failed: ${JSON.stringify(loaded.messages)}`);
          await client.call({ model: 'account.move', method: 'action_post', ids: loaded.ids });
        }),
      );
    }
    await Promise.all(batches);
    return { seconds: secondsSince(started), calls: sim.log.count({ sinceSeq: since }) };
  } finally {
    client.close();
  }
}

async function throughNode(sim: RunningSimulator, ids: DemoIds): Promise<RunResult> {
  const flow = [
    { id: 'tab', type: 'tab' },
    { id: 'odoo', type: 'mlc-odoo-config', name: 'bench', url: sim.url, db: 'mlc_demo', transport: TRANSPORT },
    { id: 'write', z: 'tab', type: 'mlc-odoo-write', odoo: 'odoo', model: 'account.move', operation: 'upsert', matchBy: 'external-id', post: true, batchSize: BATCH_SIZE, wires: [['sink'], ['failed']] },
    { id: 'sink', z: 'tab', type: 'helper' },
    { id: 'failed', z: 'tab', type: 'helper' },
  ];
  await helper.load([odooConfigNode, odooWriteNode, runtimeLogProbe], flow, { odoo: { username: 'admin', apiKey: 'mlc-demo-key' } });
  try {
    const write = helper.getNode('write');
    const sink = helper.getNode('sink');
    const failed = helper.getNode('failed');
    if (!write || !sink || !failed) throw new Error('odoo-write bench: the flow did not start (a node type failed to register)');
    // Measure the node, not the test helper's recording of every send and metric event.
    takeOffCallRecording([write, sink, failed, helper.getNode('odoo')], 'odoo-write');
    let seen = 0;
    const finished = new Promise<void>((resolve, reject) => {
      sink.on('input', () => ++seen === ENTRIES && resolve());
      failed.on('input', (msg: Record<string, unknown>) => reject(new Error(`odoo-write bench: an entry failed: ${JSON.stringify(msg['error'])}`)));
    });
    const since = sim.log.lastSeq;
    const started = process.hrtime.bigint();
    for (let i = 0; i < ENTRIES; i++) write.receive({ payload: entry(ids, i), mlc: { key: `bench:node:${i}` } } as never);
    await finished;
    return { seconds: secondsSince(started), calls: sim.log.count({ sinceSeq: since }) };
  } finally {
    await helper.unload();
  }
}

function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

/**
 * The simulator's own share of a run: time inside its ORM (JSON-2 calls run synchronously in
 * engine.callJson2), measured by wrapping that one method. Everything else is HTTP, the client and
 * the node, on the same event loop.
 */
function timeEngine(simulator: OdooSimulator): { seconds(): number; reset(): void } {
  const engine = simulator.engine;
  const original = engine.callJson2.bind(engine);
  let total = 0n;
  engine.callJson2 = (call) => {
    const started = process.hrtime.bigint();
    try {
      return original(call);
    } finally {
      total += process.hrtime.bigint() - started;
    }
  };
  return { seconds: () => Number(total) / 1e9, reset: () => (total = 0n) };
}

export const odooWriteBench: BenchSuite = {
  name: 'odoo-write',
  async run(): Promise<BenchLine[]> {
    const simulator = new OdooSimulator();
    const engineTime = timeEngine(simulator);
    const sim = await startSimulator(simulator, { port: 0 });
    helper.init(require.resolve('node-red'));
    await helper.startServer();
    try {
      const setup = connect(sim);
      const ids = await demoIds(setup);
      setup.close();

      sim.reset();
      engineTime.reset();
      const raw = await baseline(sim, ids);
      const rawSim = engineTime.seconds();
      sim.reset();
      engineTime.reset();
      const node = await throughNode(sim, ids);
      const nodeSim = engineTime.seconds();

      const rawRate = ENTRIES / raw.seconds;
      const nodeRate = ENTRIES / node.seconds;
      const label = `${ENTRIES} entries x 4 lines, upsert by external id + post, batches of ${BATCH_SIZE}, ${TRANSPORT}`;
      return [
        { name: `odoo-write node: ${label}`, value: nodeRate, unit: 'entries/s', higherIsBetter: true, note: `simulator ORM ${Math.round((100 * nodeSim) / node.seconds)}% of the run` },
        { name: '  API calls per entry (node)', value: node.calls / ENTRIES, unit: 'calls', higherIsBetter: false, note: `${node.calls} requests` },
        { name: `raw OdooClient baseline, same calls`, value: rawRate, unit: 'entries/s', higherIsBetter: true, note: `simulator ORM ${Math.round((100 * rawSim) / raw.seconds)}% of the run` },
        { name: '  API calls per entry (baseline)', value: raw.calls / ENTRIES, unit: 'calls', higherIsBetter: false, note: `${raw.calls} requests` },
        { name: 'odoo-write node / baseline', value: nodeRate / rawRate, unit: 'ratio', target: TARGET_RATIO, higherIsBetter: true },
      ];
    } finally {
      await helper.stopServer();
      await sim.close();
    }
  },
};
