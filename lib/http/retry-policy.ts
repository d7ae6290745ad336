import { z } from 'zod';

/**
 * How hard a client tries. Bounded twice: by attempts and by total time, so a flow never waits
 * longer than the user allowed, whatever the server says in Retry-After.
 */
export const retryPolicySchema = z.object({
  /** Attempts in all, the first included (1 = never retry). */
  maxAttempts: z.number().int().min(1).max(20).default(5),
  /** No retry starts after this many milliseconds since the first attempt began. */
  maxElapsedMs: z.number().int().min(0).max(3_600_000).default(120_000),
  /** The backoff cap before jitter for the first retry; doubles each retry. */
  baseDelayMs: z.number().int().min(0).max(60_000).default(500),
  /** The backoff cap never grows past this. */
  maxDelayMs: z.number().int().min(0).max(600_000).default(30_000),
  /**
   * Least wait after a 429 that carries no Retry-After (UKG sends none and advises a one-second pause);
   * repeats back off exponentially above it. Unset: exponential backoff as for a 5xx.
   */
  rateLimitWaitMs: z.number().int().min(0).max(600_000).optional(),
});

export type RetryPolicy = z.output<typeof retryPolicySchema>;
export type RetryPolicyInput = z.input<typeof retryPolicySchema>;

export const DEFAULT_RETRY_POLICY: RetryPolicy = retryPolicySchema.parse({});

/**
 * "Full jitter" (a uniformly random wait between 0 and the exponential cap): clients that failed
 * together do not come back together.
 */
export function backoffDelayMs(policy: RetryPolicy, retryNumber: number, random: () => number = Math.random): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retryNumber - 1));
  return Math.floor(random() * cap);
}

/**
 * Retry-After as RFC 9110 defines it: delay-seconds or an HTTP-date. Undefined when absent or
 * unreadable; never negative (a date in the past means "now").
 */
export function parseRetryAfterMs(value: string | undefined, nowMs: number): number | undefined {
  if (value === undefined) return undefined;
  const trimmed = value.trim();
  if (trimmed === '') return undefined;
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  // An HTTP-date always names its weekday and month; Date.parse alone would take '-5' as a year.
  if (!/[A-Za-z]{3}/.test(trimmed)) return undefined;
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

export const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

/** Socket errors where the request provably never reached the server, so even a POST is safe to resend. */
const NOT_SENT_CODES: ReadonlySet<string> = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

export function neverReachedServer(socketCode: string | undefined): boolean {
  return socketCode !== undefined && NOT_SENT_CODES.has(socketCode);
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
