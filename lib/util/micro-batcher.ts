// Collects single-record calls made close together into one batched call. A flow fed 1,000 records
// at once would otherwise make 1,000 store transactions; through this it makes a handful, while a
// lone record still goes through at once (the flush waits only for the current event-loop turn).
export interface MicroBatcherOptions {
  /** Largest batch handed to the batch function. */
  maxBatch?: number;
}

type Pending<I, R> = { item: I; resolve: (value: R) => void; reject: (reason: unknown) => void };

export class MicroBatcher<I, R> {
  private queue: Pending<I, R>[] = [];
  private scheduled = false;
  private readonly maxBatch: number;

  constructor(
    private readonly runBatch: (items: I[]) => Promise<R[]>,
    options: MicroBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? 500;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.scheduled = false;
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, this.maxBatch);
      this.runBatch(batch.map((p) => p.item)).then(
        (results) => {
          if (results.length !== batch.length) {
            const err = new Error(`batch returned ${results.length} results for ${batch.length} items`);
            batch.forEach((p) => p.reject(err));
            return;
          }
          batch.forEach((p, i) => p.resolve(results[i] as R));
        },
        (err: unknown) => batch.forEach((p) => p.reject(err)),
      );
    }
  }
}
