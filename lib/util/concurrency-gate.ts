// Bounds how many tasks hold a slot at once: how many batches of one node are in flight (a burst of
// 10,000 messages becomes 100 batches in one micro-batcher flush; sent all at once they would queue up
// inside the target system instead of here), or, with a limit of 1, a mutex (the embedded warehouse's
// one session). Slots are handed over first come first served: a released slot goes straight to the
// longest waiter, so a caller arriving meanwhile cannot slip in and exceed the limit.
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  /** Resolves when the caller holds a slot; call the returned function exactly once to give it up. */
  async acquire(): Promise<() => void> {
    if (this.running < this.limit) this.running++;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    };
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await task();
    } finally {
      release();
    }
  }
}
