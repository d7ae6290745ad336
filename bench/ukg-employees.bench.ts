// The two-pass UKG employee read (lib/ukg readEmployees) of 10,000 employees from the UKG simulator
// over real sockets, with 20 ms of sandbox latency on every request and 8 requests in flight. The
// ideal is what the latency alone costs: requests × latency / concurrency, with requests counted in the
// simulator's log; the ratio wall / ideal says how much the reader leaves the pool idle (page
// boundaries) or spends in its own CPU. Memory: peak rss and heapUsed above the level just before.
//
// The employees are added through the simulator's public hire control (9,750 hires on top of the
// 250-employee seed). The simulator runs in a worker thread: with 10,000 employees its per-employee
// routes scan the whole list on each request, and on this event loop that CPU (about 8 ms a request)
// was charged to the reader (ratio 1.9 in-process). Even in its own thread it answers each request
// some ms after the 20 ms latency, so the last ratio line divides by its real answer times. heapUsed is this thread's (the reader's); rss is
// the process's, the simulator's worker included.
import { join } from 'node:path';
import { readEmployees, UkgClient } from '../lib/ukg';
import { MemoryPeak, settle } from './memory-peak';
import { SimWorker } from './sim-worker';
import type { SimWorkerAnswer, SimWorkerData, SimWorkerRequest } from './ukg-sim-worker';
import type { BenchLine, BenchSuite } from './types';

const EMPLOYEES = 10_000;
const LATENCY_MS = 20;
const CONCURRENCY = 8;
const PAGE_SIZE = 500;
const TARGET_RATIO = 1.3;


export const ukgEmployeesBench: BenchSuite = {
  name: 'ukg-employees',
  async run(): Promise<BenchLine[]> {
    const data: SimWorkerData = { employees: EMPLOYEES, latencyMs: LATENCY_MS };
    const sim = new SimWorker<SimWorkerAnswer, SimWorkerRequest>(join(__dirname, 'ukg-sim-worker.js'), data, { kind: 'close' });
    const ready = await sim.next('ready');
    const client = new UkgClient({ configName: 'bench', host: ready.url, username: 'mlc-demo', password: 'mlc-demo-password', customerApiKey: 'MLCDM', pageSize: PAGE_SIZE, concurrency: CONCURRENCY });
    try {
      await sim.next('log-cleared', { kind: 'start-log' });
      await settle();
      const peak = new MemoryPeak();
      const started = process.hrtime.bigint();
      let read = 0;
      for await (const page of readEmployees(client)) read += page.length;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const memory = peak.stop();
      if (read !== EMPLOYEES) throw new Error(`ukg-employees bench: read ${read} employees, expected ${EMPLOYEES}`);
      const log = await sim.next('log', { kind: 'log' });
      const ideal = (log.requests * LATENCY_MS) / CONCURRENCY / 1000;
      const calls = Object.entries(log.byPath).map(([path, n]) => `${path} ${n}`).join(', ');
      return [
        { name: `ukg employees two-pass: ${EMPLOYEES / 1000}k, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}: wall`, value: seconds, unit: 's' },
        { name: 'ukg employees two-pass: ideal (requests × latency / concurrency)', value: ideal, unit: 's', note: `${log.requests} requests: ${calls}` },
        { name: 'ukg employees two-pass: wall / ideal', value: seconds / ideal, unit: 'x', target: TARGET_RATIO, higherIsBetter: false },
        { name: 'ukg employees two-pass: employees/s', value: read / seconds, unit: 'rec/s', higherIsBetter: true },
        { name: 'ukg employees two-pass: simulator time beyond latency, mean', value: log.beyondLatencyMs / Math.max(1, log.requests), unit: 'ms/req', note: 'its own work per request: routing, filters, JSON' },
        {
          name: 'ukg employees two-pass: wall / (simulator answer times / concurrency)',
          value: seconds / (log.totalMs / CONCURRENCY / 1000),
          unit: 'x',
          note: "the reader's own share: idle slots and its CPU, given the server's real answer times",
        },
        { name: 'ukg employees two-pass: peak heapUsed above idle (reader)', value: memory.heapMb, unit: 'MB', higherIsBetter: false },
        { name: 'ukg employees two-pass: peak rss above idle (process)', value: memory.rssMb, unit: 'MB', higherIsBetter: false, note: `setup: ${ready.hireSeconds.toFixed(1)} s to hire ${EMPLOYEES - 250}` },
      ];
    } finally {
      client.close();
      await sim.close();
    }
  },
};
