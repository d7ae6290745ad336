// ServiceNow's inbound rate limits (B.4) are per user, role or everyone, counted per hour and flushed
// every 30 s, so the headers lag and no "remaining" is ever sent: only X-RateLimit-Limit, -Reset (epoch
// second of the next window) and -Rule on answers a rule matched. The one reliable signal is the 429 and
// its Retry-After. This gate is shared by every call of one client (one config node): after a 429 no
// call starts until the wait it asked for is over, so a burst meets one 429 and then waits together,
// rather than each call spending a request to learn the same thing.
import { NotSentError } from '../http/errors';
import { parseRetryAfterMs } from '../http/retry-policy';
import { abortableSleep } from '../http/sleep';

export interface ServiceNowRateLimit {
  /** Requests per hour the matching rule allows. */
  limit?: number;
  /** Epoch milliseconds of the next window. */
  resetAtMs?: number;
  /** sys_id of the rule (`sys_rate_limit_rules`). */
  rule?: string;
}

export interface RateGateOptions {
  /** Longest a call waits for the gate; a later opening fails it unsent (MLC_HTTP_RATE_LIMITED, transient). */
  maxWaitMs?: number;
  /** When a 429 gives neither Retry-After nor a reset. */
  fallbackWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

function whole(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

export class ServiceNowRateGate {
  private openAtMs = 0;
  private seen: ServiceNowRateLimit | undefined;
  private readonly maxWaitMs: number;
  private readonly fallbackWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** 429s met, calls held by the gate and the time they were held in all: for tests, status and benches. */
  limited = 0;
  held = 0;
  heldMs = 0;

  constructor(options: RateGateOptions = {}) {
    this.maxWaitMs = options.maxWaitMs ?? 120_000;
    this.fallbackWaitMs = options.fallbackWaitMs ?? 1000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** The rule's numbers as last reported. */
  get current(): Readonly<ServiceNowRateLimit> | undefined {
    return this.seen ? { ...this.seen } : undefined;
  }

  /** Epoch ms before which no call starts (0: open). */
  get closedUntilMs(): number {
    return this.openAtMs > this.now() ? this.openAtMs : 0;
  }

  /** Before every attempt: resolves once the gate is open (again checked after each wait: another 429 may have moved it). */
  async pass(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const wait = this.openAtMs - this.now();
      if (wait <= 0) return;
      if (wait > this.maxWaitMs) throw new NotSentError(`ServiceNow asked to wait ${Math.ceil(wait / 1000)} s after a 429, longer than the retry time allows`, wait);
      this.held += 1;
      this.heldMs += wait;
      await this.sleep(wait, signal);
    }
  }

  /** Every answer's status and headers. */
  observe(status: number, headers: Readonly<Record<string, string>>): void {
    const limit = whole(headers['x-ratelimit-limit']);
    const reset = whole(headers['x-ratelimit-reset']);
    const rule = headers['x-ratelimit-rule'];
    if (limit !== undefined || reset !== undefined || rule !== undefined) {
      this.seen = {
        ...(limit !== undefined ? { limit } : {}),
        ...(reset !== undefined ? { resetAtMs: reset * 1000 } : {}),
        ...(rule ? { rule } : {}),
      };
    }
    if (status !== 429) return;
    this.limited += 1;
    const now = this.now();
    const retryAfter = parseRetryAfterMs(headers['retry-after'], now);
    const until = retryAfter !== undefined ? now + retryAfter : reset !== undefined ? reset * 1000 : now + this.fallbackWaitMs;
    this.openAtMs = Math.max(this.openAtMs, until);
  }

  /** For the HTTP client's retry of the 429 itself: until the gate opens. */
  delayAfter429(): number {
    return Math.max(0, this.openAtMs - this.now());
  }
}
