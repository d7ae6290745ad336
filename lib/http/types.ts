import type { RetryPolicy, RetryPolicyInput } from './retry-policy';

export type HttpMethod = 'GET' | 'HEAD' | 'OPTIONS' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export type QueryValue = string | number | boolean | null | undefined | ReadonlyArray<string | number | boolean>;

/**
 * Puts credentials on a request and renews them when the system rejects them. One per config node:
 * OAuth2 bearer tokens (lib/auth), HTTP Basic plus an API key header, a JSON-2 bearer key...
 */
export interface RequestAuth {
  /** The config node's name as the user sees it, so an authentication error says which one to fix. */
  readonly configName: string;
  /** Headers for one attempt; may fetch a token. */
  headers(signal?: AbortSignal): Promise<Record<string, string>>;
  /**
   * The system answered 401 to a request sent with `sent` (what `headers` returned for it): forget
   * those credentials. True when fresh ones may differ (a new token), false when they cannot (a fixed
   * password), in which case the 401 is final at once. Many requests may report the same stale token;
   * one renewal serves them all.
   */
  renew(sent: Readonly<Record<string, string>>): Promise<boolean> | boolean;
  /** Current secret values (password, key, token), masked out of every error text. */
  secrets(): ReadonlyArray<string | undefined>;
}

export interface HttpRequest {
  method: HttpMethod;
  /** Relative to the client's base URL ('/api/v1/items'), or absolute (a `next` link the system gave). */
  path: string;
  query?: Readonly<Record<string, QueryValue>>;
  headers?: Readonly<Record<string, string>>;
  /** A JSON body (serialized here, with its content type). */
  json?: unknown;
  /** A form body (application/x-www-form-urlencoded). */
  form?: Readonly<Record<string, string>>;
  /** A raw body; give its content-type in `headers`. */
  body?: string | Buffer;
  /**
   * Overrides the method's own idempotency. A POST that carries an idempotency key, or creates by an
   * external id the target checks, is safe to resend: mark it true, and it is retried like a GET.
   */
  idempotent?: boolean;
  /** How to read the body: parsed JSON (default), text, or raw bytes. */
  responseType?: 'json' | 'text' | 'buffer';
  /** Statuses outside 2xx that are answers rather than errors here (UKG: 404 for "no rows"). */
  acceptStatuses?: ReadonlyArray<number>;
  timeoutMs?: number;
  /** Cancels the call (and any wait between attempts), e.g. when the node is closed on redeploy. */
  signal?: AbortSignal;
}

export interface HttpResponse<T = unknown> {
  status: number;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  data: T;
  /** Attempts it took, this one included. */
  attempts: number;
}

/** Told about each retry before its wait, e.g. to show "retrying in 2 s (429)" in a node status. */
export interface RetryEvent {
  system: string;
  method: string;
  path: string;
  /** The attempt that failed. */
  attempt: number;
  delayMs: number;
  /** '429', '503', 'timeout', 'ECONNRESET'... */
  reason: string;
}

export interface HttpClientOptions {
  /** Lower-case system name for errors: 'odoo', 'ukg'... */
  system: string;
  baseUrl: string;
  /** Per-attempt limit from sending the request to the last byte of the answer. Default 30 s. */
  timeoutMs?: number;
  retry?: RetryPolicyInput | RetryPolicy;
  /** Sent on every request (User-Agent, Accept...). Never put a secret here: use `auth`. */
  headers?: Readonly<Record<string, string>>;
  auth?: RequestAuth;
  /** Largest answer accepted, in bytes. Default 64 MiB. */
  maxResponseBytes?: number;
  /** Connections kept open to the system. Default 16. */
  maxSockets?: number;
  /** Pulls the system's own message out of an error body; the default knows the common shapes. */
  errorMessage?: (body: unknown, status: number) => string | undefined;
  onRetry?: (event: RetryEvent) => void;
  /**
   * Awaited before every attempt, retries included, after its credentials are in hand and right before
   * it is sent (a slow token fetch must not carry a call past a gate that closed meanwhile): a rate gate
   * or a client-wide pace (Paylocity WebLink allows 25 calls per second and asks for them spread
   * evenly). Its rejection (the caller's signal aborted) cancels the call.
   */
  beforeAttempt?: (signal?: AbortSignal) => Promise<void>;
  /**
   * Told the status and headers of every answer (each attempt, errors included), before it is judged:
   * a client that keeps a rate-limit window from headers (Procore's `X-Rate-Limit-*`).
   */
  onAnswer?: (status: number, headers: Readonly<Record<string, string>>) => void;
  /**
   * Told when an attempt let through by `beforeAttempt` is over, answered or not (timeout, network
   * error, cancelled), before `onAnswer`: a rate limiter that counts the calls it has in flight.
   */
  afterAttempt?: () => void;
  /**
   * On a 429: how long the system asks to wait, read from its own headers (Procore's
   * `X-Rate-Limit-Reset`, an epoch second). The longer of this and Retry-After is waited.
   */
  rateLimitDelayMs?: (headers: Readonly<Record<string, string>>) => number | undefined;
  /** Injected in tests: where waits and time come from. */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  now?: () => number;
  random?: () => number;
}
