// One read at a time per node: a trigger that arrives while a read runs waits for it (one such
// trigger at most: a second would only read what the first queued one reads anyway); more are refused.
export type Offer = 'started' | 'queued' | 'refused';

export class RunSlot<J> {
  private current: Promise<void> | null = null;
  private waiting: J | null = null;

  /** `run` must not reject: it reports its own failure. */
  constructor(private readonly run: (job: J) => Promise<void>) {}

  offer(job: J): Offer {
    if (!this.current) {
      this.start(job);
      return 'started';
    }
    if (this.waiting === null) {
      this.waiting = job;
      return 'queued';
    }
    return 'refused';
  }

  /** Takes the queued job out (on close), so it can be finished without running. */
  takeQueued(): J | null {
    const job = this.waiting;
    this.waiting = null;
    return job;
  }

  /** Settles when no run is under way. */
  async idle(): Promise<void> {
    while (this.current) await this.current;
  }

  private start(job: J): void {
    // The catch is only a guard: a rejection here would be unhandled and could stop the runtime.
    this.current = this.run(job).catch(() => undefined).finally(() => {
      this.current = null;
      const next = this.takeQueued();
      if (next !== null) this.start(next);
    });
  }
}
