import { requestMatches, type RequestMatch } from './request-match';

/** Answer with this status instead of calling the route (429, 500, 502, 503...). */
export interface StatusFault {
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
export interface HangFault {
  kind: 'hang';
  closeAfterMs?: number;
}

/** Destroy the socket without a response: the client sees ECONNRESET / "socket hang up". */
export interface DropFault {
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
  };

export interface PendingFault {
  spec: FaultSpec;
  remaining: number;
}

export const DEFAULT_HANG_CLOSE_AFTER_MS = 120_000;

/**
 * Faults waiting for the next matching requests. Each request takes at most one fault: the oldest
 * pending one that matches.
 */
export class FaultQueue {
  private queue: PendingFault[] = [];

  add(faults: FaultSpec | FaultSpec[]): void {
    for (const spec of Array.isArray(faults) ? faults : [faults]) {
      const times = spec.times ?? 1;
      if (!Number.isInteger(times) || times < 1) throw new RangeError(`fault times must be a positive integer, got ${times}`);
      this.queue.push({ spec, remaining: times });
    }
  }

  /** Removes one use of the first matching fault and returns it. */
  take(method: string, path: string): FaultSpec | undefined {
    const index = this.queue.findIndex((pending) => requestMatches(pending.spec, method, path));
    const pending = this.queue[index];
    if (!pending) return undefined;
    pending.remaining -= 1;
    if (pending.remaining === 0) this.queue.splice(index, 1);
    return pending.spec;
  }

  pending(): PendingFault[] {
    return this.queue.map((pending) => ({ spec: { ...pending.spec }, remaining: pending.remaining }));
  }

  clear(): void {
    this.queue = [];
  }
}
