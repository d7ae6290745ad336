// Scaling part for UKG: the two-pass employee read (bench/ukg-two-pass.ts) at 2,000 and 20,000
// employees, each printing its cost per employee and the heap it kept after forced collections; then
// cost per employee large / small (a reader whose work grew worse than linear shows above 1.2) and
// retained heap large minus small (a reader holding on to pages shows as MB). The latency is 5 ms, not
// the 20 ms of the ukg-employees suite: the 20k run's ideal is then 25 s instead of 100 s, and the
// reader's own cost per request (a few ms) stays a large share of the wall, so a growth in it is not
// hidden behind the latency.
import { heapAfterGc } from './memory-peak';
import { runTwoPass, type TwoPassOptions, type TwoPassRun } from './ukg-two-pass';
import type { BenchLine, BenchSuite } from './types';

const SMALL = 2_000;
const LARGE = 20_000;
const LATENCY_MS = 5;
const CONCURRENCY = 8;
const PAGE_SIZE = 500;
const TARGET_RATIO = 1.2;
/** Flat retained heap: the 20k run may keep no more than this above the 2k run. */
const RETAINED_GROWTH_MB = 1;
/**
 * A first, discarded run of the small size: lazy compilation and first-use caches would otherwise be
 * charged to the small run (a first 2k run took up to twice as long per employee as a later one).
 */
const WARM_UP = SMALL;


function linesOf(run: TwoPassRun): BenchLine[] {
  const label = `scaling ukg two-pass ${run.employees / 1000}k`;
  return [
    { name: `${label}: cost per employee`, value: (run.seconds * 1000) / run.employees, unit: 'ms/rec', higherIsBetter: false, note: `wall ${run.seconds.toFixed(1)} s, ideal ${run.idealSeconds.toFixed(1)} s, ${run.requests} requests` },
    { name: `${label}: retained heap after gc`, value: run.retainedHeapMb, unit: 'MB', higherIsBetter: false, note: `above the suite's start, also after gc; peak heapUsed ${run.peakHeapMb.toFixed(0)} MB` },
  ];
}

export const scalingUkgBench: BenchSuite = {
  name: 'scaling-ukg',
  onlyWhenNamed: true,
  async run(): Promise<BenchLine[]> {
    const heapBaseline = await heapAfterGc();
    const options = (employees: number): TwoPassOptions => ({ employees, latencyMs: LATENCY_MS, concurrency: CONCURRENCY, pageSize: PAGE_SIZE, heapBaseline });
    await runTwoPass(options(WARM_UP));
    const small = await runTwoPass(options(SMALL));
    const large = await runTwoPass(options(LARGE));
    const perRecord = (run: TwoPassRun): number => run.seconds / run.employees;
    const note = `${LATENCY_MS} ms latency (20k ideal 25 s, not 100 s; the reader's own cost per request stays visible beside it), concurrency ${CONCURRENCY}`;
    return [
      ...linesOf(small),
      ...linesOf(large),
      { name: `scaling ukg two-pass: cost per employee ${LARGE / 1000}k / ${SMALL / 1000}k`, value: perRecord(large) / perRecord(small), unit: 'x', target: TARGET_RATIO, higherIsBetter: false, note },
      {
        name: `scaling ukg two-pass: retained heap ${LARGE / 1000}k - ${SMALL / 1000}k`,
        value: large.retainedHeapMb - small.retainedHeapMb,
        unit: 'MB',
        target: RETAINED_GROWTH_MB,
        higherIsBetter: false,
        // Both figures sit near what the suite compiled once (0.5 to 3 MB, less when other suites ran first), so a ratio of them is noise.
        note: `a run keeping its employees would add ~${((LARGE - SMALL) / 1000).toFixed(0)} MB or more (about 1 KB each)`,
      },
    ];
  },
};
