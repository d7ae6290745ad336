// Procore's rate limits (C.7): every answer carries X-Rate-Limit-Limit/-Remaining/-Reset (the reset an
// epoch second) for whichever window, hourly or the 10-second spike window, is closer to running out.
// This keeps that window per client: calls go out freely while plenty remain; below `paceBelow` of the
// limit the remaining calls are spread evenly over the time to the reset; none left, or after a 429,
// no call starts before the reset (plus a small margin for clock rounding); a 429 that names no
// window but says Retry-After holds calls that long.
import { NotSentError } from '../http/errors';
import { abortableSleep } from '../http/sleep';

export interface RateLimitWindow {
  limit: number;
  remaining: number;
  /** Epoch milliseconds. */
  resetAtMs: number;
}

export interface ProcoreRateLimiterOptions {
  /** Share of the limit below which calls are paced (0.5: the second half of every window). */
  paceBelow?: number;
  /** Waited past the reset: Procore counts whole seconds. */
  marginMs?: number;
  /** Longest wait taken before a call; a later reset fails the call unsent (MLC_HTTP_RATE_LIMITED, transient). */
  maxWaitMs?: number;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const HEADER_LIMIT = 'x-rate-limit-limit';
const HEADER_REMAINING = 'x-rate-limit-remaining';
const HEADER_RESET = 'x-rate-limit-reset';
const HEADER_RETRY_AFTER = 'retry-after';

function whole(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+(\.\d+)?\s*$/.test(value)) return undefined;
  return Number(value);
}

/** The reset of an answer's window in epoch milliseconds, when it says. */
export function rateLimitResetMs(headers: Readonly<Record<string, string>>): number | undefined {
  const reset = whole(headers[HEADER_RESET]);
  return reset === undefined ? undefined : reset * 1000;
}

export class ProcoreRateLimiter {
  private window: RateLimitWindow | undefined;
  /** No call starts before this (a 429's reset). */
  private blockedUntilMs = 0;
  private lastStartMs = 0;
  /** Calls let through and not yet over. */
  private inFlight = 0;
  private queue: Promise<void> = Promise.resolve();
  private readonly paceBelow: number;
  private readonly marginMs: number;
  private readonly maxWaitMs: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Calls that waited, the time they waited, and 429s seen: for tests, status and the bench. */
  waited = 0;
  waitedMs = 0;
  limited = 0;

  constructor(options: ProcoreRateLimiterOptions = {}) {
    this.paceBelow = options.paceBelow ?? 0.5;
    this.marginMs = options.marginMs ?? 100;
    this.maxWaitMs = options.maxWaitMs ?? 120_000;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? abortableSleep;
  }

  /** The window as last seen (remaining counts the calls started since). */
  get current(): Readonly<RateLimitWindow> | undefined {
    return this.window ? { ...this.window } : undefined;
  }

  /** Resolves when a call may start; calls keep their order. */
  slot(signal?: AbortSignal): Promise<void> {
    const turn = this.queue.then(() => this.take(signal));
    this.queue = turn.catch(() => undefined);
    return turn;
  }

  /** A call let through by `slot` is over (answered or not): before `observe` sees its answer. */
  settled(): void {
    this.inFlight = Math.max(0, this.inFlight - 1);
  }

  /** Every answer's headers (429s included). */
  observe(status: number, headers: Readonly<Record<string, string>>): void {
    const limit = whole(headers[HEADER_LIMIT]);
    const remaining = whole(headers[HEADER_REMAINING]);
    const resetAtMs = rateLimitResetMs(headers);
    if (resetAtMs !== undefined && remaining !== undefined) {
      const same = this.window && this.window.resetAtMs === resetAtMs;
      this.window = {
        limit: limit ?? this.window?.limit ?? remaining,
        // Calls started since the server counted are not in its number: keep the lower count within one
        // window. In a window new to us, the calls still in flight may not be counted yet either (they
        // went out when the last window ran out): take them off, or they overshoot it together.
        remaining: same && this.window ? Math.min(this.window.remaining, remaining) : Math.max(0, remaining - this.inFlight),
        resetAtMs,
      };
    }
    if (status === 429) {
      this.limited += 1;
      const retryAfter = whole(headers[HEADER_RETRY_AFTER]);
      if (resetAtMs !== undefined) {
        this.blockedUntilMs = Math.max(this.blockedUntilMs, resetAtMs + this.marginMs);
        if (this.window) this.window.remaining = 0;
      } else if (retryAfter !== undefined) {
        // No window named (a proxy's 429, or Procore's Retry-After alone): wait what it asks, no more.
        // Taking the last window seen as spent would hold every call until a reset the answer never
        // gave, and fail them unsent when that is further off than the retries may wait.
        this.blockedUntilMs = Math.max(this.blockedUntilMs, this.now() + retryAfter * 1000);
      } else if (this.window) {
        this.window.remaining = 0;
      }
    }
  }

  /** How long a 429 asks to wait (until its reset), for the HTTP client's retry. */
  delayAfter429(headers: Readonly<Record<string, string>>): number | undefined {
    const reset = rateLimitResetMs(headers);
    return reset === undefined ? undefined : Math.max(0, reset + this.marginMs - this.now());
  }

  private waitNow(): number {
    const now = this.now();
    if (this.blockedUntilMs > now) return this.blockedUntilMs - now;
    const w = this.window;
    if (!w || now >= w.resetAtMs) return 0;
    if (w.remaining <= 0) return w.resetAtMs + this.marginMs - now;
    if (w.remaining > w.limit * this.paceBelow) return 0;
    // Spread what remains over the time left, measured from the last start.
    const spacing = (w.resetAtMs + this.marginMs - now) / (w.remaining + 1);
    return Math.max(0, Math.ceil(this.lastStartMs + spacing - now));
  }

  private async take(signal?: AbortSignal): Promise<void> {
    for (;;) {
      if (signal?.aborted) throw signal.reason ?? new Error('aborted');
      const wait = this.waitNow();
      if (wait <= 0) break;
      if (wait > this.maxWaitMs) {
        throw new NotSentError(`Procore's rate-limit window resets in ${Math.ceil(wait / 1000)} s, later than the retry time allows`, wait);
      }
      this.waited += 1;
      this.waitedMs += wait;
      await this.sleep(wait, signal);
    }
    const now = this.now();
    this.lastStartMs = now;
    this.inFlight += 1;
    if (this.window && now < this.window.resetAtMs) this.window.remaining = Math.max(0, this.window.remaining - 1);
    else if (this.window && now >= this.window.resetAtMs) this.window = undefined;
  }
}
