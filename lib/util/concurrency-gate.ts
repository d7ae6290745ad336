// Bounds how many batches of one node are in flight at once. A burst of 10,000 messages becomes 100
// batches in one micro-batcher flush; sent all at once they would queue up inside the target system
// (and its worker time limits) instead of here.
export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}
