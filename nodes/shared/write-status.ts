// The write node's status: counts, red ring once a record failed. Batches end many times a second in
// a burst, so updates are throttled (at most one a second, the last one always shown).
import { fit, type NodeStatus, type StatusKind } from './status';
import { Throttle } from './throttle';

export interface WriteCounts {
  created: number;
  updated: number;
  /** Written but already so (a warehouse upsert that changed nothing): not a change. */
  unchanged: number;
  failed: number;
}

export class WriteStatus {
  readonly counts: WriteCounts = { created: 0, updated: 0, unchanged: 0, failed: 0 };
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
    const { created, updated, unchanged, failed } = this.counts;
    const kind: StatusKind = failed > 0 ? 'error' : this.busy() ? 'working' : 'ok';
    if (unchanged === 0) this.status.set(kind, `created ${created}, updated ${updated}, failed ${failed}`);
    else this.status.set(kind, fit(`created ${created}, updated ${updated}, unchanged ${unchanged}, failed ${failed}`, `${created} new, ${updated} changed, ${unchanged} same, ${failed} failed`));
  }
}
