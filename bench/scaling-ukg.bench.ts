// Scaling part for UKG: the two-pass employee read (bench/ukg-two-pass.ts) at 2,000 and 20,000
// employees, each printing its cost per employee and the heap it kept after forced collections, and
// the ratios large / small: a reader whose work grew worse than linear, or that held on to pages,
// shows as a ratio above 1.2. The latency is 5 ms, not the 20 ms of the ukg-employees suite: the
// 20k run then takes under a minute instead of ~110 s, and the reader's own cost per request (a few ms)
// stays a large share of the wall, so a growth in it is not hidden behind the latency.
import { runTwoPass, type TwoPassRun } from './ukg-two-pass';
import type { BenchLine, BenchSuite } from './types';

const SMALL = 2_000;
const LARGE = 20_000;
const LATENCY_MS = 5;
const CONCURRENCY = 8;
const PAGE_SIZE = 500;
const TARGET_RATIO = 1.2;
/** A first, discarded run: lazy compilation and first-use caches would otherwise be charged to the small run. */
const WARM_UP = 500;

const options = (employees: number): Parameters<typeof runTwoPass>[0] => ({ employees, latencyMs: LATENCY_MS, concurrency: CONCURRENCY, pageSize: PAGE_SIZE });

function linesOf(run: TwoPassRun): BenchLine[] {
  const label = `scaling ukg two-pass ${run.employees / 1000}k`;
  return [
    { name: `${label}: cost per employee`, value: (run.seconds * 1000) / run.employees, unit: 'ms/rec', higherIsBetter: false, note: `wall ${run.seconds.toFixed(1)} s, ideal ${run.idealSeconds.toFixed(1)} s, ${run.requests} requests` },
    { name: `${label}: retained heap above idle after gc`, value: run.retainedHeapMb, unit: 'MB', higherIsBetter: false, note: `peak heapUsed ${run.peakHeapMb.toFixed(0)} MB` },
  ];
}

export const scalingUkgBench: BenchSuite = {
  name: 'scaling-ukg',
  onlyWhenNamed: true,
  async run(): Promise<BenchLine[]> {
    await runTwoPass(options(WARM_UP));
    const small = await runTwoPass(options(SMALL));
    const large = await runTwoPass(options(LARGE));
    const perRecord = (run: TwoPassRun): number => run.seconds / run.employees;
    const note = `${LATENCY_MS} ms latency (a 20k run in under a minute; the reader's own cost stays visible beside it), concurrency ${CONCURRENCY}`;
    return [
      ...linesOf(small),
      ...linesOf(large),
      { name: `scaling ukg two-pass: cost per employee ${LARGE / 1000}k / ${SMALL / 1000}k`, value: perRecord(large) / perRecord(small), unit: 'x', target: TARGET_RATIO, higherIsBetter: false, note },
      { name: `scaling ukg two-pass: retained heap ${LARGE / 1000}k / ${SMALL / 1000}k`, value: large.retainedHeapMb / small.retainedHeapMb, unit: 'x', target: TARGET_RATIO, higherIsBetter: false },
    ];
  },
};
