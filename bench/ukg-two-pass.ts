// One run of the two-pass UKG employee read (lib/ukg readEmployees) against the UKG simulator in a
// worker thread, over real sockets, as both the ukg-employees suite and the scaling-ukg suite measure it.
// The simulator runs beside the reader because with thousands of employees its per-employee routes
// scan the whole list on each request: on the reader's event loop that CPU would be charged to the
// reader. heapUsed is this thread's (the reader's); rss is the process's, the simulator's worker included.
import { join } from 'node:path';
import { readEmployees, UkgClient } from '../lib/ukg';
import { heapAfterGc, MemoryPeak, settle } from './memory-peak';
import { SimWorker } from './sim-worker';
import { rawTwoPass } from './ukg-raw-reader';
import type { SimWorkerAnswer, SimWorkerData, SimWorkerRequest, Turnaround } from './ukg-sim-worker';

const SEED_EMPLOYEES = 250;
const ACCOUNT = { username: 'mlc-demo', password: 'mlc-demo-password', customerApiKey: 'MLCDM' };

/** `pack`: lib/ukg readEmployees; `raw`: the same calls with node:http alone (bench/ukg-raw-reader.ts). */
export type TwoPassReader = 'pack' | 'raw';

export interface TwoPassRun {
  employees: number;
  latencyMs: number;
  concurrency: number;
  seconds: number;
  requests: number;
  byPath: Record<string, number>;
  /** requests × latency / concurrency: what the latency alone costs. */
  idealSeconds: number;
  /** Mean of the simulator's own answer time beyond the latency. */
  beyondLatencyMs: number;
  /** Sum of the simulator's answer times, latency included. */
  answerMs: number;
  turnaround: Turnaround;
  peakHeapMb: number;
  peakRssMb: number;
  /** heapUsed after forced collections, once the last page is read, above `heapBaseline`. */
  retainedHeapMb: number;
  hireSeconds: number;
}

export interface TwoPassOptions {
  employees: number;
  latencyMs: number;
  concurrency: number;
  pageSize: number;
  reader?: TwoPassReader;
  /**
   * heapUsed after gc taken once before a suite's first run, so the figure holds what the runs compiled
   * and cached once plus whatever a run kept: the same for every size unless a run keeps records.
   */
  heapBaseline: number;
}

async function* packPages(client: UkgClient): AsyncGenerator<string[]> {
  for await (const page of readEmployees(client)) yield page.map((employee) => `${employee.companyId}/${employee.employeeId}`);
}

export async function runTwoPass(options: TwoPassOptions): Promise<TwoPassRun> {
  const { employees, latencyMs, concurrency, pageSize, reader = 'pack' } = options;
  if (employees < SEED_EMPLOYEES) throw new Error(`ukg two-pass bench: the simulator starts with ${SEED_EMPLOYEES} employees, asked for ${employees}`);
  const data: SimWorkerData = { employees, latencyMs };
  const sim = new SimWorker<SimWorkerAnswer, SimWorkerRequest>(join(__dirname, 'ukg-sim-worker.js'), data, { kind: 'close' });
  const ready = await sim.next('ready');
  const client = new UkgClient({ configName: 'bench', host: ready.url, ...ACCOUNT, pageSize, concurrency });
  const pages = (): AsyncGenerator<string[]> => (reader === 'pack' ? packPages(client) : rawTwoPass({ url: ready.url, ...ACCOUNT, pageSize, concurrency }));
  try {
    await sim.next('log-cleared', { kind: 'start-log' });
    await settle();
    const peak = new MemoryPeak();
    const started = process.hrtime.bigint();
    let read = 0;
    const ids = new Set<string>();
    for await (const page of pages()) {
      read += page.length;
      for (const id of page) ids.add(id);
    }
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    const memory = peak.stop();
    // A run that lost or repeated employees, or skipped the second pass, must not print a figure.
    if (read !== employees || ids.size !== employees) throw new Error(`ukg two-pass bench (${reader}): read ${read} employees (${ids.size} distinct), expected ${employees}`);
    ids.clear();
    const retained = ((await heapAfterGc()) - options.heapBaseline) / 2 ** 20;
    const log = await sim.next('log', { kind: 'log' });
    const details = (log.byPath['person-details'] ?? 0) + (log.byPath['compensation-details'] ?? 0);
    if (details !== 2 * employees) throw new Error(`ukg two-pass bench (${reader}): ${details} detail requests in the simulator's log, expected ${2 * employees}`);
    return {
      employees,
      latencyMs,
      concurrency,
      seconds,
      requests: log.requests,
      byPath: log.byPath,
      idealSeconds: (log.requests * latencyMs) / concurrency / 1000,
      beyondLatencyMs: log.beyondLatencyMs / Math.max(1, log.requests),
      answerMs: log.totalMs,
      turnaround: log.turnaround,
      peakHeapMb: memory.heapMb,
      peakRssMb: memory.rssMb,
      retainedHeapMb: retained,
      hireSeconds: ready.hireSeconds,
    };
  } finally {
    client.close();
    await sim.close();
  }
}
