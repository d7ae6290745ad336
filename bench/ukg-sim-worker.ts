// The UKG simulator for the employee bench, in a worker thread: with 10,000 employees its handlers scan
// the whole list on every per-employee request (several ms of CPU each), and on the bench's own event
// loop that CPU would be charged to the reader. Here it runs beside it, as a remote UKG would.
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator, type RequestLogEntry } from '../sandbox/kit';
import { UkgSimulator } from '../sandbox/ukg';

export interface SimWorkerData {
  employees: number;
  latencyMs: number;
}

export type SimWorkerRequest = { kind: 'start-log' } | { kind: 'log' } | { kind: 'close' };
export type SimWorkerAnswer =
  | { kind: 'ready'; url: string; hireSeconds: number }
  | { kind: 'log-cleared' }
  | { kind: 'log'; requests: number; beyondLatencyMs: number; totalMs: number; byPath: Record<string, number>; turnaround: Turnaround }
  | { kind: 'closed' };

/**
 * What the client did between an answer and its next request on the same connection (it sends one
 * request at a time on a connection): the time a slot of its pool was not at the server. Long gaps
 * (over 5 ms) are stalls of its event loop (gc, a page's CPU) rather than the cost of one request.
 */
export interface Turnaround {
  gaps: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  /** Share of all gap time spent in gaps longer than 5 ms. */
  longShare: number;
}

const COST_CENTERS = ['CC-100', 'CC-200', 'CC-300', 'CC-400'];

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('ukg-sim-worker runs as a worker thread');
  const options = workerData as SimWorkerData;
  const ukg = new UkgSimulator();
  // The log must hold every request of the run; the default quota (6,000 a minute) would make it a 429 test.
  const sim = await startSimulator(ukg, { port: 0, logCapacity: 4 * options.employees });
  sim.quota.set([]);
  const started = Date.now();
  for (let i = ukg.state.employees.length; i < options.employees; i++) {
    ukg.hire({ firstName: `Bench${i}`, lastName: 'Worker', jobCode: 'CARP', orgLevel2Code: COST_CENTERS[i % COST_CENTERS.length] as string, emailAddress: `bench${i}@mlc-construction.example`, hireDate: '2026-11-02' });
  }
  const hireSeconds = (Date.now() - started) / 1000;
  sim.latency.set({ ms: options.latencyMs });
  port.on('message', (request: SimWorkerRequest) => {
    if (request.kind === 'start-log') {
      sim.log.clear();
      port.postMessage({ kind: 'log-cleared' } satisfies SimWorkerAnswer);
    }
    if (request.kind === 'log') {
      const entries = sim.log.entries();
      const byPath: Record<string, number> = {};
      for (const entry of entries) {
        const resource = entry.path.split('/').at(-1) ?? entry.path;
        byPath[resource] = (byPath[resource] ?? 0) + 1;
      }
      const beyondLatencyMs = entries.reduce((sum, entry) => sum + Math.max(0, (entry.durationMs ?? 0) - options.latencyMs), 0);
      const totalMs = entries.reduce((sum, entry) => sum + (entry.durationMs ?? 0), 0);
      port.postMessage({ kind: 'log', requests: entries.length, beyondLatencyMs, totalMs, byPath, turnaround: turnaroundOf(entries) } satisfies SimWorkerAnswer);
    }
    if (request.kind === 'close') {
      void sim.close().then(() => {
        port.postMessage({ kind: 'closed' } satisfies SimWorkerAnswer);
        port.close();
      });
    }
  });
  port.postMessage({ kind: 'ready', url: sim.url, hireSeconds } satisfies SimWorkerAnswer);
}

function turnaroundOf(entries: ReadonlyArray<RequestLogEntry>): Turnaround {
  const lastEnd = new Map<number, number>();
  const gaps: number[] = [];
  for (const entry of [...entries].sort((a, b) => a.seq - b.seq)) {
    if (entry.connection === undefined || entry.durationMs === null) continue;
    const arrived = Date.parse(entry.at);
    const previousEnd = lastEnd.get(entry.connection);
    // `at` has whole ms: over thousands of gaps the truncation of both ends cancels out.
    if (previousEnd !== undefined) gaps.push(Math.max(0, arrived - previousEnd));
    lastEnd.set(entry.connection, arrived + entry.durationMs);
  }
  gaps.sort((a, b) => a - b);
  const total = gaps.reduce((sum, gap) => sum + gap, 0);
  const long = gaps.filter((gap) => gap > 5).reduce((sum, gap) => sum + gap, 0);
  const at = (q: number): number => gaps[Math.min(gaps.length - 1, Math.floor(q * gaps.length))] ?? 0;
  return { gaps: gaps.length, meanMs: total / Math.max(1, gaps.length), p50Ms: at(0.5), p99Ms: at(0.99), longShare: total > 0 ? long / total : 0 };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
