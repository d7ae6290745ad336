// One instance at a time runs a given read: several Node-RED instances that share a store run the
// same flows, so each would otherwise read (and send) the same records on the same schedule. The run
// takes a lease named after the read node in the store, renews it every third of its time while it
// runs and gives it up when it ends; a crashed holder's lease simply lapses.
import { leaseHolderId } from '../store/process-identity';
import type { ClaimHolder, Lease, Store } from '../store/types';

export { leaseHolderId } from '../store/process-identity';

/** The instance part of a lease holder, as a person knows it (host name and user directory hash). */
export function instanceOfHolder(holderId: string): string {
  const bar = holderId.lastIndexOf('|');
  return bar > 0 ? holderId.slice(0, bar) : holderId;
}

/** The lease name of a read node: `read:<node id>`, the same on every instance that runs the flow. */
export function readLeaseName(nodeId: string): string {
  return `read:${nodeId}`;
}

/** Another live instance runs this read now. Nothing failed: the read is simply not this instance's to make. */
export class LeaseHeldError extends Error {
  readonly code = 'MLC_READ_LEASE_HELD';

  constructor(readonly lease: Lease) {
    super(`read lease "${lease.name}" is held by instance ${instanceOfHolder(lease.holder)} until ${lease.expiresAt}; this trigger did not read`);
    this.name = 'LeaseHeldError';
  }
}

/** The lease went to another holder while this run still had it (its renewals failed for longer than the lease time). */
export class LeaseLostError extends Error {
  readonly code = 'MLC_READ_LEASE_LOST';

  constructor(readonly lease: Lease) {
    super(`read lease "${lease.name}" was taken over by instance ${instanceOfHolder(lease.holder)} while this run held it; the run stopped so that one instance reads at a time`);
    this.name = 'LeaseLostError';
  }
}

export interface ReadLeaseOptions {
  store: Store;
  name: string;
  holder: ClaimHolder;
  ttlMs: number;
  /** The lease went to another holder: the run should stop. */
  onLost(error: LeaseLostError): void;
  /** A renewal failed for a reason of the store's (the run goes on; the next renewal tries again). */
  onRenewFailed?(error: unknown): void;
}

export class ReadLease {
  private timer: NodeJS.Timeout | null = null;
  private released = false;

  private constructor(
    private readonly options: ReadLeaseOptions,
    private readonly holderId: string,
  ) {}

  /** Takes the lease, or throws LeaseHeldError naming the live holder. */
  static async take(options: ReadLeaseOptions): Promise<ReadLease> {
    const holderId = leaseHolderId(options.holder);
    const { acquired, lease } = await options.store.acquireLease(options.name, holderId, options.ttlMs);
    if (!acquired) throw new LeaseHeldError(lease);
    const taken = new ReadLease(options, holderId);
    taken.timer = setInterval(() => taken.renew(), Math.max(10, Math.floor(options.ttlMs / 3)));
    taken.timer.unref();
    return taken;
  }

  private renew(): void {
    if (this.released) return;
    const { store, name, ttlMs } = this.options;
    store.acquireLease(name, this.holderId, ttlMs).then(
      ({ acquired, lease }) => {
        if (acquired || this.released) return;
        this.stopRenewing();
        this.options.onLost(new LeaseLostError(lease));
      },
      (err: unknown) => this.options.onRenewFailed?.(err),
    );
  }

  private stopRenewing(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Gives the lease up; once only, and a store that fails here lets it lapse on its own. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    this.stopRenewing();
    await this.options.store.releaseLease(this.options.name, this.holderId).catch(() => undefined);
  }
}
