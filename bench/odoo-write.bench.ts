// mlc-odoo-write throughput and API calls: 10,000 payroll journal entries of 4 lines, upserted by
// external id and posted, into the Odoo simulator in a worker thread (as a remote Odoo, it does its ORM
// work beside the node, not on the node's event loop; bench/sim-worker.ts). The messages come as dedup sends
// a key's first claim (msg.mlc.attempt 1), so the node loads each batch without a lookup first.
// Beside it a raw-client baseline that makes the same batched calls (load of the moves with their
// external ids in one call, in the writer's own context, then action_post; same batch size and
// batches in flight) with OdooClient directly, in the same run. Each side is set up once (the node's
// flow deployed, the client connected) and run again and again, as a scheduled sync is; the simulator
// is reset before each run, so both write into the same seeded database, and each run is checked
// afterwards: every entry posted in Odoo, once.
//
// Steady from run to run on a shared machine: both are warmed up first, then run in pairs a few
// times, the order inside a pair alternating; the ratio is the median of the pairs' ratios, each pair
// measured close together in time so a burst of load from elsewhere falls on both sides. Beside the
// ratio, the node's own cost: the event loop's busy time per entry on the node's side minus the raw
// client's, which the simulator's speed does not enter.
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import helper from 'node-red-node-test-helper';
import { OdooClient } from '../lib/odoo/client';
import type { OdooConfigNode } from '../nodes/shared/types';
import { externalIdName } from '../lib/odoo/external-ids';
import { LOAD_CONTEXT } from '../lib/odoo/writer';
import { ConcurrencyGate } from '../lib/util/concurrency-gate';
import { DEFAULT_MAX_BATCH } from '../lib/util/micro-batcher';
import odooConfigNode = require('../nodes/odoo/odoo-config');
import odooWriteNode = require('../nodes/odoo/odoo-write');
import type { BenchLine, BenchSuite } from './types';
import { median, medianBy } from './median';
import { runtimeLogProbe, takeOffCallRecording } from './call-recording';
import { settle } from './memory-peak';
import type { OdooSimWorkerAnswer, OdooSimWorkerRequest } from './odoo-sim-worker';
import { SimWorker } from './sim-worker';

const ENTRIES = 10_000;
const BATCH_SIZE = 100;
/** Messages dedup sends on at once: the keys of one claim batch. */
const DEDUP_BURST = DEFAULT_MAX_BATCH;
/** As the node: two batches in flight. */
const IN_FLIGHT = 2;
const TRANSPORT = 'json2';
const TARGET_RATIO = 0.95;
const CALLS_TARGET = 0.02;
/** Entries of each warm-up run (JIT, fields_get caches, the helper's first flow). */
const WARM_UP_ENTRIES = 1_000;
/**
 * Runs take ~2 s. A pair on this host moves ±15 % with nothing changed (the line of the raw client
 * against itself shows it), so the median is of eleven pairs (~50 s) rather than seven.
 */
const PAIRS = 11;
/** Pairs of the raw client against itself: how far this host moves a ratio when nothing differs. */
const SAME_SIDE_PAIRS = 5;

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

function connect(url: string): OdooClient {
  return new OdooClient({ configName: 'bench', url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: TRANSPORT });
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
function entryRows(ids: DemoIds, values: Record<string, unknown>, xmlid: string): string[][] {
  const lines = (values['line_ids'] as Array<[0, 0, Record<string, unknown>]>).map(([, , line]) => [
    String(line['account_id']),
    String(line['name']),
    String(line['debit']),
    String(line['credit']),
    line['analytic_distribution'] ? JSON.stringify(line['analytic_distribution']) : '',
  ]);
  return lines.map((line, j) => [...(j === 0 ? [xmlid, 'entry', String(ids.journal), String(values['date']), String(values['ref'])] : ['', '', '', '', '']), ...line]);
}

interface Measured {
  seconds: number;
  /** Every request of the run in the sandbox's log. */
  calls: number;
  /** Of those, fields_get: once per model per connection, not per batch. */
  metadataCalls: number;
  /** Seconds inside the simulator's ORM (in its worker). */
  orm: number;
  /** Seconds this thread's event loop was busy: the node or the raw client, their HTTP and JSON. */
  busySeconds: number;
}

/** One side of the comparison, set up once and run again and again as a deployed flow would be. */
interface Side {
  /**
   * Before the run's clock and the simulator's reset: a call on each connection the run will use. A
   * pooled connection the simulator closed while the other side ran (its keep-alive ran out) then fails
   * here, where it is harmless, rather than under the run's first load (which the raw client cannot
   * safely send again, and the node would settle by looking up, at a cost the run should not carry).
   */
  ready(): Promise<void>;
  run(ids: DemoIds, entries: number): Promise<number>;
  close(): Promise<void>;
}

/** IN_FLIGHT cheap calls at once through the client, so each of its pooled connections is tried (a failure is only reported). */
async function tryConnections(client: OdooClient): Promise<void> {
  await Promise.allSettled(Array.from({ length: IN_FLIGHT }, () => client.searchCount('account.journal', [])));
}

/** The calls the node makes for a first claim of a batch, made by hand, through one client for every run. */
function rawClient(url: string): Side {
  const client = connect(url);
  return {
    ready: () => tryConnections(client),
    async run(ids, entries) {
      const started = process.hrtime.bigint();
      // Every entry at hand before the first call, as the node's messages are.
      const values = Array.from({ length: entries }, (_, i) => entry(ids, i));
      const gate = new ConcurrencyGate(IN_FLIGHT);
      const batches: Array<Promise<void>> = [];
      for (let from = 0; from < entries; from += BATCH_SIZE) {
        const indexes = Array.from({ length: Math.min(BATCH_SIZE, entries - from) }, (_, j) => from + j);
        batches.push(
          gate.run(async () => {
            const rows = indexes.flatMap((i) => entryRows(ids, values[i] as Record<string, unknown>, `mlc.${externalIdName(`bench:raw:${i}`)}`));
            const loaded = await client.load('account.move', LOAD_FIELDS, rows, { ...LOAD_CONTEXT });
            if (loaded.ids === false || loaded.ids.length !== indexes.length) throw new Error(`odoo-write bench: the baseline's load failed: ${JSON.stringify(loaded.messages)}`);
            await client.call({ model: 'account.move', method: 'action_post', ids: loaded.ids });
          }),
        );
      }
      await Promise.all(batches);
      return secondsSince(started);
    },
    async close() {
      client.close();
    },
  };
}

/**
 * The node in a flow deployed once for every run, as a scheduled sync runs again and again: its
 * connection (and the field lists it fetched on the first run) stays, the simulator is reset between.
 */
async function deployedNode(url: string): Promise<Side> {
  const flow = [
    { id: 'tab', type: 'tab' },
    { id: 'odoo', type: 'mlc-odoo-config', name: 'bench', url, db: 'mlc_demo', transport: TRANSPORT },
    { id: 'write', z: 'tab', type: 'mlc-odoo-write', odoo: 'odoo', model: 'account.move', operation: 'upsert', matchBy: 'external-id', post: true, batchSize: BATCH_SIZE, wires: [['sink'], ['failed']] },
    { id: 'sink', z: 'tab', type: 'helper' },
    { id: 'failed', z: 'tab', type: 'helper' },
  ];
  await helper.load([odooConfigNode, odooWriteNode, runtimeLogProbe], flow, { odoo: { username: 'admin', apiKey: 'mlc-demo-key' } });
  const write = helper.getNode('write');
  const sink = helper.getNode('sink');
  const failed = helper.getNode('failed');
  if (!write || !sink || !failed) throw new Error('odoo-write bench: the flow did not start (a node type failed to register)');
  // Measure the node, not the test helper's recording of every send and metric event.
  takeOffCallRecording([write, sink, failed, helper.getNode('odoo')], 'odoo-write');
  const config = helper.getNode('odoo') as unknown as OdooConfigNode;
  return {
    ready: () => tryConnections(config.getClient()),
    async run(ids, entries) {
      let seen = 0;
      let onWritten = (): void => undefined;
      let onFailed = (_msg: Record<string, unknown>): void => undefined;
      const finished = new Promise<void>((resolve, reject) => {
        onWritten = () => void (++seen === entries && resolve());
        onFailed = (msg) => reject(new Error(`odoo-write bench: an entry failed: ${JSON.stringify(msg['error'])}`));
      });
      sink.on('input', onWritten);
      failed.on('input', onFailed);
      try {
        const started = process.hrtime.bigint();
        const values = Array.from({ length: entries }, (_, i) => entry(ids, i));
        // As dedup sends the keys it claims for the first time: a burst per claim batch, each after the
        // store's transaction, so at least an event-loop turn apart.
        for (let from = 0; from < entries; from += DEDUP_BURST) {
          if (from > 0) await new Promise((resolve) => setImmediate(resolve));
          // Each with its _msgid, as a message from an upstream node has (Node-RED gives one to a message that has none).
          for (let i = from; i < Math.min(entries, from + DEDUP_BURST); i++) write.receive({ _msgid: `bench-${i}`, payload: values[i], mlc: { key: `bench:node:${i}`, attempt: 1, claimedBy: 'bench' } } as never);
        }
        await finished;
        return secondsSince(started);
      } finally {
        sink.removeListener('input', onWritten);
        failed.removeListener('input', onFailed);
      }
    },
    close: () => helper.unload(),
  };
}

function secondsSince(started: bigint): number {
  return Number(process.hrtime.bigint() - started) / 1e9;
}

export const odooWriteBench: BenchSuite = {
  name: 'odoo-write',
  async run(): Promise<BenchLine[]> {
    const sim = new SimWorker<OdooSimWorkerAnswer, OdooSimWorkerRequest>(join(__dirname, 'odoo-sim-worker.js'), { partners: 0 }, { kind: 'close' });
    helper.init(require.resolve('node-red'));
    await helper.startServer();
    try {
      const { url } = await sim.next('ready');
      const setup = connect(url);
      const ids = await demoIds(setup);
      setup.close();

      const check = connect(url);
      const raw = rawClient(url);
      const rawAgain = rawClient(url);
      const node = await deployedNode(url);
      /** One run on a freshly reset simulator, checked: each entry posted in Odoo exactly once. */
      const measured = async (side: Side, entries: number): Promise<Measured> => {
        await side.ready();
        await sim.next('reset-done', { kind: 'reset' });
        // The previous run's garbage (its moves, the node's messages) is collected here rather than
        // inside whichever run comes next.
        await settle();
        const loopBefore = performance.eventLoopUtilization();
        const seconds = await side.run(ids, entries);
        const loop = performance.eventLoopUtilization(loopBefore);
        const log = await sim.next('log', { kind: 'log' });
        const posted = await check.searchCount('account.move', [['ref', '=like', 'bench %'], ['state', '=', 'posted']]);
        const all = await check.searchCount('account.move', [['ref', '=like', 'bench %']]);
        if (posted !== entries || all !== entries) throw new Error(`odoo-write bench: ${entries} entries sent, Odoo holds ${all} (${posted} posted)`);
        return { seconds, calls: log.calls, metadataCalls: log.metadataCalls, orm: log.ormSeconds, busySeconds: loop.active / 1e3 };
      };
      try {
        // The warm-up runs also take the node's one-off calls (fields_get of the move and its lines).
        const warmUp = await measured(node, WARM_UP_ENTRIES);
        await measured(raw, WARM_UP_ENTRIES);
        /** Runs of the two sides one after the other, which goes first alternating from pair to pair. */
        const alternating = async (a: Side, b: Side, count: number): Promise<Array<{ raw: Measured; node: Measured }>> => {
          const runs: Array<{ raw: Measured; node: Measured }> = [];
          for (let p = 0; p < count; p++) {
            if (p % 2 === 0) {
              const first = await measured(a, ENTRIES);
              runs.push({ raw: first, node: await measured(b, ENTRIES) });
            } else {
              const first = await measured(b, ENTRIES);
              runs.push({ raw: await measured(a, ENTRIES), node: first });
            }
          }
          return runs;
        };
        const pairs = await alternating(raw, node, PAIRS);
        // The raw client against a second raw client, the same way: what the host alone does to the ratio.
        await measured(rawAgain, WARM_UP_ENTRIES);
        const sameSides = await alternating(raw, rawAgain, SAME_SIDE_PAIRS);
        const sameRatios = sameSides.map((pair) => pair.raw.seconds / pair.node.seconds);
        const ratios = pairs.map(({ raw, node }) => raw.seconds / node.seconds);
        // The simulator's ORM time on the node's side over the raw side's: both make the same calls, so
        // a pair far from 1 here was disturbed (collection, the host), not changed by the node.
        const ormRatios = pairs.map(({ raw, node }) => node.orm / raw.orm);
        const nodeRun = medianBy(pairs.map((p) => p.node), (r) => r.seconds);
        const rawRun = medianBy(pairs.map((p) => p.raw), (r) => r.seconds);
        const label = `${ENTRIES} entries x 4 lines, upsert by external id + post, batches of ${BATCH_SIZE}, ${TRANSPORT}`;
        const shares = (r: Measured): string => `simulator ORM ${Math.round((100 * r.orm) / r.seconds)}% of the run, this thread busy ${Math.round((100 * r.busySeconds) / r.seconds)}%`;
        const perEntry = (seconds: number): number => (seconds / ENTRIES) * 1e6;
        return [
          { name: `odoo-write node: ${label}`, value: ENTRIES / nodeRun.seconds, unit: 'entries/s', higherIsBetter: true, note: `median of ${PAIRS}; ${shares(nodeRun)}` },
          {
            name: '  API calls per entry in batches (node, sandbox log)',
            value: (nodeRun.calls - nodeRun.metadataCalls) / ENTRIES,
            unit: 'calls',
            target: CALLS_TARGET,
            higherIsBetter: false,
            note: `${nodeRun.calls} requests for ${ENTRIES / BATCH_SIZE} batches; ${warmUp.metadataCalls} fields_get once per connection, in the warm-up run`,
          },
          { name: `raw OdooClient baseline, same calls`, value: ENTRIES / rawRun.seconds, unit: 'entries/s', higherIsBetter: true, note: `median of ${PAIRS}; ${shares(rawRun)}` },
          { name: '  API calls per entry (baseline)', value: rawRun.calls / ENTRIES, unit: 'calls', higherIsBetter: false, note: `${rawRun.calls} requests` },
          {
            name: "  the node's own time per entry (this thread's busy time, node run - raw run)",
            value: median(pairs.map(({ raw, node }) => perEntry(node.busySeconds - raw.busySeconds))),
            unit: 'us/entry',
            higherIsBetter: false,
            note: `median of the pairs; the raw client's own: ${perEntry(median(pairs.map(({ raw }) => raw.busySeconds))).toFixed(1)} us/entry, the simulator's ORM ${perEntry(median(pairs.map(({ raw }) => raw.orm))).toFixed(1)} us/entry`,
          },
          {
            name: '  the baseline against itself (a second raw client, same alternation)',
            value: median(sameRatios),
            unit: 'ratio',
            higherIsBetter: true,
            note: `median of ${SAME_SIDE_PAIRS} pairs: ${sameRatios.map((r) => r.toFixed(2)).join(', ')}; the spread of these pairs is the host's, not the node's`,
          },
          {
            name: 'odoo-write node / baseline',
            value: median(ratios),
            unit: 'ratio',
            target: TARGET_RATIO,
            higherIsBetter: true,
            note: `median of ${PAIRS} pairs: ${ratios.map((r) => r.toFixed(2)).join(', ')}; simulator ORM node/raw ${ormRatios.map((r) => r.toFixed(2)).join(', ')}; this thread busy node/raw ${pairs.map(({ raw, node }) => (node.busySeconds / raw.busySeconds).toFixed(2)).join(', ')}`,
          },
        ];
      } finally {
        check.close();
        await raw.close();
        await rawAgain.close();
        await node.close();
      }
    } finally {
      await helper.stopServer();
      await sim.close();
    }
  },
};
