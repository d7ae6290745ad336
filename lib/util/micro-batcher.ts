// Collects single-record calls made close together into one batched call. A flow fed 1,000 records
// at once would otherwise make 1,000 store transactions; through this it makes a handful, while a
// lone record still goes through at once (the flush waits only for the current event-loop turn).
import { ConcurrencyGate } from './concurrency-gate';

/** The largest batch when none is given: dedup's claims and the audit's reports come in batches of this. */
export const DEFAULT_MAX_BATCH = 500;

export interface MicroBatcherOptions {
  /** Largest batch handed to the batch function (default DEFAULT_MAX_BATCH). */
  maxBatch?: number;
}

/** Called once with the item's result, or with the error that failed its whole batch. */
export type BatchCallback<R> = (err: unknown, result: R | undefined) => void;

export class MicroBatcher<I, R> {
  // Items and callbacks side by side: a node writing 200,000 records would otherwise keep an object
  // and a promise per record alive until its batch is written, and garbage collection was the
  // largest cost of such a load.
  private items: I[] = [];
  private callbacks: Array<BatchCallback<R>> = [];
  private scheduled = false;
  private readonly maxBatch: number;

  constructor(
    private readonly runBatch: (items: I[]) => Promise<R[]>,
    options: MicroBatcherOptions = {},
  ) {
    this.maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  }

  submit(item: I): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.add(item, (err, result) => (err === undefined ? resolve(result as R) : reject(err)));
    });
  }

  /** As submit, without a promise per item: `callback` runs once, with an error when the whole batch failed. */
  add(item: I, callback: BatchCallback<R>): void {
    this.items.push(item);
    this.callbacks.push(callback);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    const { items, callbacks } = this;
    this.items = [];
    this.callbacks = [];
    for (let from = 0; from < items.length; from += this.maxBatch) {
      const batch = from === 0 && items.length <= this.maxBatch ? items : items.slice(from, from + this.maxBatch);
      const waiting = from === 0 && callbacks.length <= this.maxBatch ? callbacks : callbacks.slice(from, from + this.maxBatch);
      let promise: Promise<R[]>;
      try {
        promise = this.runBatch(batch);
      } catch (err) {
        promise = Promise.reject(err);
      }
      promise.then(
        (results) => {
          if (results.length !== waiting.length) {
            const err = new Error(`batch returned ${results.length} results for ${waiting.length} items`);
            for (const callback of waiting) callback(err, undefined);
            return;
          }
          for (let i = 0; i < waiting.length; i++) (waiting[i] as BatchCallback<R>)(undefined, results[i]);
        },
        (err: unknown) => {
          for (const callback of waiting) callback(err === undefined ? new Error('batch failed') : err, undefined);
        },
      );
    }
  }
}

/** What gatedBatcher writes through. */
export interface BatchWriter<R, O> {
  writeBatch(requests: R[]): Promise<O[]>;
  /**
   * Work a batch needs before its calls that calls nothing (building its request bodies), done while
   * the batch still waits for a slot. A failure here is ignored: writeBatch does the work again and
   * reports it there.
   */
  prepare?(requests: R[]): Promise<void> | void;
}

/**
 * Requests batched as they arrive together, at most `concurrentBatches` batches in flight, through a
 * writer opened for the first batch (opening may throw: that fails the batch only).
 *
 * The target should never wait for this side. So one batch more than may be in flight is prepared
 * ahead (its bodies built while it waits for a slot; only one, as a burst of 10,000 records would
 * otherwise hold all their bodies at once), and a finished batch's results are handed out one
 * event-loop turn after its slot is given up, so the batch waiting for that slot is on the wire first:
 * the target works on it while this side sends the finished batch's records on.
 */
export function gatedBatcher<R, O>(open: () => BatchWriter<R, O>, maxBatch: number, concurrentBatches: number): MicroBatcher<R, O> {
  const staged = new ConcurrencyGate(concurrentBatches + 1);
  const inFlight = new ConcurrencyGate(concurrentBatches);
  let writer: BatchWriter<R, O> | null = null;
  return new MicroBatcher<R, O>(
    (requests) =>
      staged
        .run(async () => {
          writer ??= open();
          const opened = writer;
          try {
            await opened.prepare?.(requests);
          } catch {
            // Done again, and reported, by writeBatch.
          }
          return inFlight.run(() => opened.writeBatch(requests));
        })
        .then(
          (results) => new Promise<O[]>((resolve) => setImmediate(resolve, results)),
          (err: unknown) => new Promise<O[]>((_resolve, reject) => setImmediate(reject, err)),
        ),
    { maxBatch },
  );
}
