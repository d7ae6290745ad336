// Remembers ids for a while, in memory, with a hard cap: at-least-once senders (UKG webhooks) deliver
// the same event twice, usually within seconds or minutes, and a restart forgetting them is covered by
// the store. The cap keeps a flood of distinct ids from growing memory without bound.
export interface SeenWindowOptions {
  windowMs: number;
  maxEntries: number;
  now?: () => number;
}

export class SeenWindow {
  /** Insertion order is arrival order, so the oldest entries are at the front. */
  private readonly seenAt = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: SeenWindowOptions) {
    this.now = options.now ?? Date.now;
  }

  /** True when the id was already seen within the window; otherwise remembers it and returns false. */
  checkAndRemember(id: string): boolean {
    const now = this.now();
    this.expire(now);
    if (this.seenAt.has(id)) return true;
    this.seenAt.set(id, now);
    while (this.seenAt.size > this.options.maxEntries) {
      const oldest = this.seenAt.keys().next();
      if (oldest.done) break;
      this.seenAt.delete(oldest.value);
    }
    return false;
  }

  /** Forgets an id, e.g. when what was remembered could not be acted on. */
  forget(id: string): void {
    this.seenAt.delete(id);
  }

  get size(): number {
    return this.seenAt.size;
  }

  private expire(now: number): void {
    const cutoff = now - this.options.windowMs;
    for (const [id, at] of this.seenAt) {
      if (at > cutoff) break;
      this.seenAt.delete(id);
    }
  }
}
