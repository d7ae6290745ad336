import { requestMatches, type RequestMatch } from './request-match';

/**
 * `afterCommit: true` serves the route first (its effects are committed: the record exists), then the
 * fault acts on the answer instead of the request: `drop` destroys the socket, `hang` never answers,
 * `status` answers that status. The client cannot tell these from the plain faults; the sandbox can.
 * The log entry keeps the fault's outcome and gets the tag `afterCommit: <status the route answered>`.
 */
export interface AfterCommitOption {
  afterCommit?: boolean;
}

/** Answer with this status instead of calling the route (429, 500, 502, 503...). */
export interface StatusFault extends AfterCommitOption {
  kind: 'status';
  status: number;
  /** A string goes out as text, anything else as JSON; omitted gives the reason phrase. */
  body?: unknown;
  contentType?: string;
  headers?: Record<string, string>;
  /** Seconds (or an HTTP date) for `Retry-After`; omit for a 429 without it, as UKG sends. */
  retryAfter?: number | string;
}

/** Wait, then serve the request normally: a slow backend. */
export interface DelayFault {
  kind: 'delay';
  ms: number;
}

/**
 * Never answer, so the client's own timeout has to fire. The socket is destroyed after `closeAfterMs`
 * (or when the simulator closes) so a forgotten hang cannot leak.
 */
export interface HangFault extends AfterCommitOption {
  kind: 'hang';
  closeAfterMs?: number;
}

/** Destroy the socket without a response: the client sees ECONNRESET / "socket hang up". */
export interface DropFault extends AfterCommitOption {
  kind: 'drop';
}

/**
 * Serve the real response's status, headers and the first `afterBytes` of its body (default: half),
 * then destroy the socket: the client sees a truncated body, which must not be taken for a short page.
 */
export interface ResetMidBodyFault {
  kind: 'reset-mid-body';
  afterBytes?: number;
}

export type FaultAction = StatusFault | DelayFault | HangFault | DropFault | ResetMidBodyFault;
export type FaultKind = FaultAction['kind'];

export type FaultSpec = FaultAction &
  RequestMatch & {
    /** How many matching requests this fault applies to, default 1. */
    times?: number;
    /** Extra wait before the fault acts, e.g. a slow 503. */
    delayMs?: number;
    /**
     * Let this many matching requests through untouched first, so the fault hits the (skip+1)-th:
     * "the third create" rather than "the next request". A request passed over this way may still
     * take a later fault of the queue.
     */
    skip?: number;
  };

export interface PendingFault {
  spec: FaultSpec;
  remaining: number;
  /** Matching requests still to let through before this fault acts (from `skip`). */
  toSkip: number;
}

export const DEFAULT_HANG_CLOSE_AFTER_MS = 120_000;

/**
 * Faults waiting for the next matching requests. Each request takes at most one fault: the oldest
 * pending one that matches and has nothing left to skip.
 */
export class FaultQueue {
  private queue: PendingFault[] = [];

  add(faults: FaultSpec | FaultSpec[]): void {
    for (const spec of Array.isArray(faults) ? faults : [faults]) {
      const times = spec.times ?? 1;
      if (!Number.isInteger(times) || times < 1) throw new RangeError(`fault times must be a positive integer, got ${times}`);
      const skip = spec.skip ?? 0;
      if (!Number.isInteger(skip) || skip < 0) throw new RangeError(`fault skip must be a whole number, got ${skip}`);
      this.queue.push({ spec, remaining: times, toSkip: skip });
    }
  }

  /** Removes one use of the first matching fault and returns it. */
  take(method: string, path: string): FaultSpec | undefined {
    for (const [index, pending] of this.queue.entries()) {
      if (!requestMatches(pending.spec, method, path)) continue;
      if (pending.toSkip > 0) {
        pending.toSkip -= 1;
        continue;
      }
      pending.remaining -= 1;
      if (pending.remaining === 0) this.queue.splice(index, 1);
      return pending.spec;
    }
    return undefined;
  }

  pending(): PendingFault[] {
    return this.queue.map((pending) => ({ spec: { ...pending.spec }, remaining: pending.remaining, toSkip: pending.toSkip }));
  }

  clear(): void {
    this.queue = [];
  }
}
