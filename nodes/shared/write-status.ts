// The write node's status: counts, red ring once a record failed. Batches end many times a second in
// a burst, so updates are throttled (at most one a second, the last one always shown).
import type { NodeStatus, StatusKind } from './status';
import { Throttle } from './throttle';

export interface WriteCounts {
  created: number;
  updated: number;
  failed: number;
}

export class WriteStatus {
  readonly counts: WriteCounts = { created: 0, updated: 0, failed: 0 };
  private readonly throttle: Throttle;

  constructor(
    private readonly status: NodeStatus,
    /** Whether batches are still in flight: blue dot while working, green when done. */
    private readonly busy: () => boolean,
    minIntervalMs = 1000,
  ) {
    this.throttle = new Throttle(() => this.show(), minIntervalMs);
  }

  update(): void {
    this.throttle.request();
  }

  clear(): void {
    this.throttle.cancel();
    this.status.clear();
  }

  private show(): void {
    const { created, updated, failed } = this.counts;
    const kind: StatusKind = failed > 0 ? 'error' : this.busy() ? 'working' : 'ok';
    this.status.set(kind, `created ${created}, updated ${updated}, failed ${failed}`);
  }
}
