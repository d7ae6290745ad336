// Peak memory of a run above the level just before it: rss and heapUsed sampled every 25 ms, and the
// live heap: heapUsed just after each major garbage collection. On a machine with memory to spare V8
// lets garbage pile up to hundreds of MB before it collects, so the sampled peaks say how lazy the
// collector was; the heap after a full collection says what the run needed to keep.
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';

export interface MemoryPeakOptions {
  /**
   * Forces a full collection this often (needs --expose-gc) and takes the heap after it as live: for a
   * run short enough that V8 never collects on its own, the only way to know what it kept. The run is
   * then slower, so it is a run of its own, not a timed one.
   */
  forceGcEveryMs?: number;
}

export class MemoryPeak {
  private readonly idle = process.memoryUsage();
  private rss = this.idle.rss;
  private heap = this.idle.heapUsed;
  private live = this.idle.heapUsed;
  private majorCollections = 0;
  private readonly timer = setInterval(() => this.sample(), 25);
  private readonly collections = new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      if ((entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind !== constants.NODE_PERFORMANCE_GC_MAJOR) continue;
      this.majorCollections++;
      // The observer runs soon after the collection, so this errs high by what was allocated since.
      this.live = Math.max(this.live, process.memoryUsage().heapUsed);
    }
  });

  private readonly forced: NodeJS.Timeout | null;

  constructor(options: MemoryPeakOptions = {}) {
    this.collections.observe({ entryTypes: ['gc'] });
    const gc = (globalThis as { gc?: () => void }).gc;
    this.forced =
      options.forceGcEveryMs && gc
        ? setInterval(() => {
            gc();
            this.majorCollections++;
            this.live = Math.max(this.live, process.memoryUsage().heapUsed);
          }, options.forceGcEveryMs)
        : null;
  }

  sample(): void {
    const now = process.memoryUsage();
    this.rss = Math.max(this.rss, now.rss);
    this.heap = Math.max(this.heap, now.heapUsed);
  }

  /** liveMb is null when no major collection happened during the run (nothing says what was live). */
  stop(): { rssMb: number; heapMb: number; liveMb: number | null; majorCollections: number } {
    clearInterval(this.timer);
    if (this.forced) clearInterval(this.forced);
    this.collections.disconnect();
    this.sample();
    return {
      rssMb: (this.rss - this.idle.rss) / 2 ** 20,
      heapMb: (this.heap - this.idle.heapUsed) / 2 ** 20,
      liveMb: this.majorCollections > 0 ? (this.live - this.idle.heapUsed) / 2 ** 20 : null,
      majorCollections: this.majorCollections,
    };
  }
}

/**
 * heapUsed once garbage is gone. Forced collections only, so it refuses to answer without --expose-gc
 * rather than give a figure that is mostly garbage. `npm run bench` also passes --no-flush-bytecode:
 * V8 otherwise drops the bytecode of functions not run for a while (startup code), and a run that keeps
 * nothing showed as -0.4 to -1.6 MB against a baseline taken before it.
 */
export async function heapAfterGc(): Promise<number> {
  if (!(globalThis as { gc?: () => void }).gc) throw new Error('retained heap needs node --expose-gc (npm run bench passes it)');
  await settle();
  return process.memoryUsage().heapUsed;
}

/** Lets garbage from setup go before the idle level is taken (gc only if node runs with --expose-gc). */
export async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 5; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
