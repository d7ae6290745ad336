// 5,000 Odoo vendors through mlc-procore-write's /sync path (PATCH /rest/v1.0/vendors/sync, up to 1,000
// a call, upsert by origin_id), against the Procore sandbox in a worker thread over real sockets. Beside
// it, in the same run, a raw client (fetch) making the same calls: one token, then the same five PATCH
// calls with the same bodies, two in flight as the node has two batches in flight. What the node does
// on top is its own work: checking each message, batching, one outcome and one message per vendor.
// Dedup and audit are left out on both sides, as in the odoo-write bench: they are other nodes.
// Calls per vendor come from the sandbox's request log. The sandbox starts from its seed before each
// run (both create the 5,000), and a discarded round of both first keeps the JIT's first minutes out.
// A run takes about a second, so one pair is at the mercy of whatever else the machine does: five
// pairs, in turn raw first and node first, and the median run of each side is compared.
import { join } from 'node:path';
import helper from 'node-red-node-test-helper';
import { ConcurrencyGate } from '../lib/util/concurrency-gate';
import { DEFAULT_RATE_LIMITS } from '../sandbox/procore';
import type { ProcoreLogSummary, ProcoreSimWorkerAnswer, ProcoreSimWorkerRequest } from './procore-sim-worker';
import { BENCH_COMPANY_ID, BENCH_CREDENTIALS, secondsSince, writeThroughNode } from './procore-write-flow';
import { SimWorker } from './sim-worker';
import type { BenchLine, BenchSuite } from './types';

const VENDORS = 5000;
const WARM_UP_VENDORS = 1000;
const SYNC_MAX = 1000;
/** As mlc-procore-write: two batches in flight. */
const IN_FLIGHT = 2;
const TARGET_RATIO = 0.8;
const ROUNDS = 5;
const CITIES = ['Denver', 'Aurora', 'Lakewood', 'Boulder', 'Golden', 'Littleton'];

type Sim = SimWorker<ProcoreSimWorkerAnswer, ProcoreSimWorkerRequest>;

/** An Odoo partner as the vendor mapping makes it: the same list for every run. */
function vendor(i: number): Record<string, unknown> {
  const n = 100_000 + i;
  return {
    origin_id: `odoo-res.partner-${n}`,
    name: `Bench Supply ${n} LLC`,
    abbreviated_name: `BS${n}`,
    address: `${100 + (i % 900)} Industrial Way`,
    city: CITIES[i % CITIES.length],
    state_code: 'CO',
    country_code: 'US',
    zip: String(80_200 + (i % 90)),
    business_phone: `+1 303 555 ${String(i % 10_000).padStart(4, '0')}`,
    email_address: `ap${n}@bench-supply.example`,
    is_active: true,
  };
}

async function rawToken(url: string): Promise<string> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: BENCH_CREDENTIALS.clientId, client_secret: BENCH_CREDENTIALS.clientSecret }).toString(),
  });
  if (!res.ok) throw new Error(`procore-vendors bench: the raw client's token request answered ${res.status}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

/** The node's calls made by hand: a token, then the vendors in calls of 1,000, two in flight. */
async function throughRawClient(url: string, vendors: Array<Record<string, unknown>>): Promise<{ seconds: number }> {
  const started = process.hrtime.bigint();
  const token = await rawToken(url);
  const gate = new ConcurrencyGate(IN_FLIGHT);
  const calls: Array<Promise<void>> = [];
  for (let from = 0; from < vendors.length; from += SYNC_MAX) {
    const updates = vendors.slice(from, from + SYNC_MAX);
    calls.push(
      gate.run(async () => {
        const res = await fetch(`${url}/rest/v1.0/vendors/sync`, {
          method: 'PATCH',
          headers: { authorization: `Bearer ${token}`, 'procore-company-id': BENCH_COMPANY_ID, 'content-type': 'application/json' },
          body: JSON.stringify({ company_id: Number(BENCH_COMPANY_ID), updates }),
        });
        const answer = (await res.json()) as { entities?: unknown[]; errors?: unknown[] };
        if (res.status !== 200 || answer.entities?.length !== updates.length || answer.errors?.length !== 0) {
          throw new Error(`procore-vendors bench: the raw client's sync answered ${res.status} with ${answer.entities?.length} entities, ${answer.errors?.length} errors`);
        }
      }),
    );
  }
  await Promise.all(calls);
  return { seconds: secondsSince(started) };
}

interface Run {
  seconds: number;
  log: ProcoreLogSummary;
}

async function measured(sim: Sim, run: () => Promise<{ seconds: number }>): Promise<Run> {
  await sim.next('reset-done', { kind: 'reset', rateLimits: DEFAULT_RATE_LIMITS });
  const { seconds } = await run();
  const { kind: _kind, ...log } = await sim.next('log', { kind: 'log' });
  return { seconds, log };
}

/** The run with the median time (ROUNDS is odd). */
function median(runs: Run[]): Run {
  return [...runs].sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)] as Run;
}

function callsNote(run: Run): string {
  const calls = Object.entries(run.log.byOperation).map(([operation, n]) => `${operation} ${n}`).join(', ');
  return `${run.log.admitted + run.log.tokenCalls} requests: token ${run.log.tokenCalls}, ${calls}; ${run.seconds.toFixed(2)} s`;
}

export const procoreVendorsBench: BenchSuite = {
  name: 'procore-vendors',
  async run(): Promise<BenchLine[]> {
    const sim: Sim = new SimWorker(join(__dirname, 'procore-sim-worker.js'), { logCapacity: 1000 }, { kind: 'close' });
    const { url } = await sim.next('ready');
    helper.init(require.resolve('node-red'));
    await helper.startServer();
    try {
      const vendors = Array.from({ length: VENDORS }, (_, i) => vendor(i));
      const warmUp = vendors.slice(0, WARM_UP_VENDORS);
      await measured(sim, () => throughRawClient(url, warmUp));
      await measured(sim, () => writeThroughNode('procore-vendors', url, 'vendor', warmUp));

      const raws: Run[] = [];
      const nodes: Run[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        const rawRun = () => measured(sim, () => throughRawClient(url, vendors)).then((run) => raws.push(run));
        const nodeRun = () => measured(sim, () => writeThroughNode('procore-vendors', url, 'vendor', vendors)).then((run) => nodes.push(run));
        if (round % 2 === 0) await rawRun().then(nodeRun);
        else await nodeRun().then(rawRun);
      }
      for (const run of [...raws, ...nodes]) if (run.log.rejected > 0) throw new Error(`procore-vendors bench: ${run.log.rejected} calls met a 429; the comparison would measure waiting`);
      const raw = median(raws);
      const node = median(nodes);
      const pairs = raws.map((r, i) => (r.seconds / (nodes[i] as Run).seconds).toFixed(2)).join(', ');
      // Per 1,000: a call per vendor would read 1,000; per vendor the figure would print as 0.00.
      const perThousand = (run: Run): number => ((run.log.admitted + run.log.tokenCalls) * 1000) / VENDORS;
      const label = `${VENDORS} vendors, /sync upsert by origin_id, ${SYNC_MAX} a call, ${IN_FLIGHT} in flight`;
      return [
        { name: `procore-write node: ${label}`, value: VENDORS / node.seconds, unit: 'vendors/s', higherIsBetter: true, note: 'no dedup/audit: the write node alone' },
        { name: '  API calls per 1,000 vendors (node, sandbox log)', value: perThousand(node), unit: 'calls', higherIsBetter: false, note: callsNote(node) },
        { name: 'raw fetch client, same calls and bodies', value: VENDORS / raw.seconds, unit: 'vendors/s', higherIsBetter: true },
        { name: '  API calls per 1,000 vendors (raw, sandbox log)', value: perThousand(raw), unit: 'calls', higherIsBetter: false, note: callsNote(raw) },
        { name: 'procore-write node / raw client (vendors/s, medians)', value: raw.seconds / node.seconds, unit: 'ratio', target: TARGET_RATIO, higherIsBetter: true, note: `${ROUNDS} pairs: ${pairs}` },
      ];
    } finally {
      await helper.stopServer();
      await sim.close();
    }
  },
};
