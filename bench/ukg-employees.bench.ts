// The two-pass UKG employee read of 10,000 employees (bench/ukg-two-pass.ts) with 20 ms of sandbox
// latency on every request and 8 requests in flight. The ideal is what the latency alone costs:
// requests × latency / concurrency, with requests counted in the simulator's log; the ratio wall / ideal
// says how much the reader leaves the pool idle or spends in its own CPU. The simulator answers each
// request some ms after the latency, so a second ratio divides by its real answer times, and the
// turnaround line (from the simulator's log, per connection) says how long a slot spent on the client
// side between an answer and its next request. Memory: peak heapUsed and rss above the level just
// before, and the heap kept after forced collections above the suite's start. In the same run a raw node:http client
// makes the same calls in the same order (bench/ukg-raw-reader.ts): its wall / ideal is what the machine
// and the simulator cost, and the reader's wall over it is what the pack's own stack costs.
import { heapAfterGc } from './memory-peak';
import { runTwoPass } from './ukg-two-pass';
import type { BenchLine, BenchSuite } from './types';

const EMPLOYEES = 10_000;
const LATENCY_MS = 20;
const CONCURRENCY = 8;
const PAGE_SIZE = 500;
const TARGET_RATIO = 1.1;

export const ukgEmployeesBench: BenchSuite = {
  name: 'ukg-employees',
  async run(): Promise<BenchLine[]> {
    const options = { employees: EMPLOYEES, latencyMs: LATENCY_MS, concurrency: CONCURRENCY, pageSize: PAGE_SIZE, heapBaseline: await heapAfterGc() };
    const raw = await runTwoPass({ ...options, reader: 'raw' });
    const run = await runTwoPass(options);
    if (raw.requests !== run.requests) throw new Error(`ukg-employees bench: the raw client made ${raw.requests} requests, the reader ${run.requests}`);
    const calls = Object.entries(run.byPath).map(([path, n]) => `${path} ${n}`).join(', ');
    const { turnaround } = run;
    return [
      { name: `ukg employees two-pass: ${EMPLOYEES / 1000}k, ${LATENCY_MS} ms latency, concurrency ${CONCURRENCY}: wall`, value: run.seconds, unit: 's' },
      { name: 'ukg employees two-pass: ideal (requests × latency / concurrency)', value: run.idealSeconds, unit: 's', note: `${run.requests} requests: ${calls}` },
      { name: 'ukg employees two-pass: wall / ideal', value: run.seconds / run.idealSeconds, unit: 'x', target: TARGET_RATIO, higherIsBetter: false },
      {
        name: 'ukg employees two-pass: raw node:http client, wall / ideal',
        value: raw.seconds / raw.idealSeconds,
        unit: 'x',
        note: `same calls, same order, same gate: the machine's and the simulator's share (turnaround p50 ${raw.turnaround.p50Ms.toFixed(1)} ms, mean ${raw.turnaround.meanMs.toFixed(1)} ms)`,
      },
      { name: 'ukg employees two-pass: reader wall / raw client wall', value: run.seconds / raw.seconds, unit: 'x', note: "the pack's own stack: HttpClient, schemas, merge" },
      { name: 'ukg employees two-pass: employees/s', value: run.employees / run.seconds, unit: 'rec/s', higherIsBetter: true },
      { name: 'ukg employees two-pass: simulator time beyond latency, mean', value: run.beyondLatencyMs, unit: 'ms/req', note: 'its own work per request: routing, filters, JSON' },
      {
        name: 'ukg employees two-pass: wall / (simulator answer times / concurrency)',
        value: run.seconds / (run.answerMs / CONCURRENCY / 1000),
        unit: 'x',
        note: "the reader's own share: idle slots and its CPU, given the server's real answer times",
      },
      {
        name: 'ukg employees two-pass: client turnaround per request, mean',
        value: turnaround.meanMs,
        unit: 'ms',
        note: `answer to next request on a connection, ${turnaround.gaps} gaps: p50 ${turnaround.p50Ms.toFixed(1)} ms, p99 ${turnaround.p99Ms.toFixed(1)} ms, ${(turnaround.longShare * 100).toFixed(0)}% of the time in gaps over 5 ms`,
      },
      { name: 'ukg employees two-pass: peak heapUsed above idle (reader)', value: run.peakHeapMb, unit: 'MB', higherIsBetter: false, note: 'garbage not yet collected included' },
      { name: 'ukg employees two-pass: retained heap after gc (reader)', value: run.retainedHeapMb, unit: 'MB', higherIsBetter: false, note: "above the suite's start, also after gc" },
      { name: 'ukg employees two-pass: peak rss above idle (process)', value: run.peakRssMb, unit: 'MB', higherIsBetter: false, note: `setup: ${run.hireSeconds.toFixed(1)} s to hire ${EMPLOYEES - 250}` },
    ];
  },
};
