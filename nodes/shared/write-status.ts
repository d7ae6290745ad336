// The write node's status: counts, red ring once a record failed. Batches end many times a second in
// a burst, so updates are throttled (at most one a second, the last one always shown).
import type { NodeStatus, StatusKind } from './status';

export interface WriteCounts {
  created: number;
  updated: number;
  failed: number;
}

export class WriteStatus {
  readonly counts: WriteCounts = { created: 0, updated: 0, failed: 0 };
  private lastAt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly status: NodeStatus,
    /** Whether batches are still in flight: blue dot while working, green when done. */
    private readonly busy: () => boolean,
    private readonly minIntervalMs = 1000,
  ) {}

  update(): void {
    const wait = this.lastAt + this.minIntervalMs - Date.now();
    if (wait <= 0) {
      this.show();
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.show();
    }, wait);
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.status.clear();
  }

  private show(): void {
    this.lastAt = Date.now();
    const { created, updated, failed } = this.counts;
    const kind: StatusKind = failed > 0 ? 'error' : this.busy() ? 'working' : 'ok';
    this.status.set(kind, `created ${created}, updated ${updated}, failed ${failed}`);
  }
}
