import { abortableSleep } from '../http/sleep';

/**
 * Spreads calls evenly: at most one start every `1000 / perSecond` ms, shared by everyone who holds
 * the pacer (all calls of one client). Not a token bucket: a system that asks for even traffic
 * (Paylocity WebLink) gets no burst after an idle spell either. Waiting callers keep their order.
 */
export class Pacer {
  private readonly intervalMs: number;
  private next = 0;
  /** When the last call actually started, by the clock. */
  private lastStart = Number.NEGATIVE_INFINITY;
  /** Calls that had to wait for their slot, and the time they waited in all: for tests and the bench. */
  waited = 0;
  waitedMs = 0;

  constructor(
    perSecond: number,
    private readonly now: () => number = Date.now,
    private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void> = abortableSleep,
  ) {
    if (!(perSecond > 0)) throw new RangeError(`the pace must be above 0 calls per second, not ${perSecond}`);
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when this call may start; rejects when `signal` aborts first (its slot is then lost, not reused). */
  async slot(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw signal.reason ?? new Error('aborted');
    const now = this.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    const wait = Math.ceil(at - now);
    if (wait > 0) {
      this.waited += 1;
      this.waitedMs += wait;
      await this.sleep(wait, signal);
    }
    // Sleeps that end late together (the event loop was held up by a collection or a long task) would
    // start their calls in a burst, which a fixed-window limit counts in one window: actual starts keep
    // the spacing too, not only the plan.
    for (let gap = this.lastStart + this.intervalMs - this.now(); gap > 0; gap = this.lastStart + this.intervalMs - this.now()) {
      await this.sleep(Math.ceil(gap), signal);
    }
    this.lastStart = this.now();
  }
}
