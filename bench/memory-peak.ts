// Peak memory of a run above the level just before it: rss and heapUsed sampled every 25 ms.
export class MemoryPeak {
  private readonly idle = process.memoryUsage();
  private rss = this.idle.rss;
  private heap = this.idle.heapUsed;
  private readonly timer = setInterval(() => this.sample(), 25);

  sample(): void {
    const now = process.memoryUsage();
    this.rss = Math.max(this.rss, now.rss);
    this.heap = Math.max(this.heap, now.heapUsed);
  }

  stop(): { rssMb: number; heapMb: number } {
    clearInterval(this.timer);
    this.sample();
    return { rssMb: (this.rss - this.idle.rss) / 2 ** 20, heapMb: (this.heap - this.idle.heapUsed) / 2 ** 20 };
  }
}

/** Lets garbage from setup go before the idle level is taken (gc only if node runs with --expose-gc). */
export async function settle(): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  for (let i = 0; i < 5; i++) {
    gc?.();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
