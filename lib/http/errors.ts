// What a failed call to an outside system throws. Flows branch on `code`; people read `message`,
// which names the system, the method, the path, the status and the system's own words, and never a
// credential (every text is passed through maskSecrets before it is stored here).

export type HttpErrorCode =
  /** No answer within the per-request timeout. */
  | 'MLC_HTTP_TIMEOUT'
  /** The connection failed or broke: refused, reset, DNS, TLS, cut off mid-body. */
  | 'MLC_HTTP_NETWORK'
  /** The system answered 429 and retrying could not get past it within the limits. */
  | 'MLC_HTTP_RATE_LIMITED'
  /** The system answered 401 twice, also after fresh credentials: the credentials are wrong. */
  | 'MLC_HTTP_UNAUTHORIZED'
  /** 403: the credentials are valid but lack a right or role. */
  | 'MLC_HTTP_FORBIDDEN'
  /** 404. */
  | 'MLC_HTTP_NOT_FOUND'
  /** Any other 4xx: the request itself is wrong (validation, conflict...); retrying will not help. */
  | 'MLC_HTTP_REJECTED'
  /** 5xx after the retries ran out (or a non-idempotent call that was not retried). */
  | 'MLC_HTTP_SERVER'
  /** A 2xx whose body is not what was asked for (JSON that does not parse, too large). */
  | 'MLC_HTTP_BAD_RESPONSE'
  /** The call was cancelled by its caller (a redeploy closing the node). */
  | 'MLC_HTTP_ABORTED';

export interface HttpErrorDetails {
  system: string;
  method: string;
  /** The URL path without the query string (query values may carry identifiers or keys). */
  path: string;
  status?: number;
  /** The system's own error message, when its error body had one. */
  systemMessage?: string;
  /** Attempts made, the failing one included. */
  attempts: number;
  /** Whether the same request could succeed later unchanged (timeouts, 5xx, 429, network). */
  transient: boolean;
  /** Milliseconds the server asked to wait (Retry-After), when it said so. */
  retryAfterMs?: number;
  /** Name of the config node whose credentials were used, for authentication errors. */
  configName?: string;
}

export class HttpError extends Error implements HttpErrorDetails {
  readonly code: HttpErrorCode;
  readonly system: string;
  readonly method: string;
  readonly path: string;
  readonly status?: number;
  readonly systemMessage?: string;
  readonly attempts: number;
  readonly transient: boolean;
  readonly retryAfterMs?: number;
  readonly configName?: string;

  constructor(code: HttpErrorCode, message: string, details: HttpErrorDetails) {
    super(message);
    this.name = 'HttpError';
    this.code = code;
    this.system = details.system;
    this.method = details.method;
    this.path = details.path;
    this.attempts = details.attempts;
    this.transient = details.transient;
    if (details.status !== undefined) this.status = details.status;
    if (details.systemMessage !== undefined) this.systemMessage = details.systemMessage;
    if (details.retryAfterMs !== undefined) this.retryAfterMs = details.retryAfterMs;
    if (details.configName !== undefined) this.configName = details.configName;
  }
}

export function isHttpError(value: unknown): value is HttpError {
  return value instanceof HttpError;
}

export function codeForStatus(status: number): HttpErrorCode {
  if (status === 401) return 'MLC_HTTP_UNAUTHORIZED';
  if (status === 403) return 'MLC_HTTP_FORBIDDEN';
  if (status === 404) return 'MLC_HTTP_NOT_FOUND';
  if (status === 429) return 'MLC_HTTP_RATE_LIMITED';
  if (status >= 500) return 'MLC_HTTP_SERVER';
  return 'MLC_HTTP_REJECTED';
}

/**
 * What a client's `beforeAttempt` rejects with when the call must not go out now and waiting is not
 * worth it (the system's rate-limit window resets later than the retry budget allows): the call fails
 * as MLC_HTTP_RATE_LIMITED, transient, without being sent.
 */
export class NotSentError extends Error {
  constructor(
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'NotSentError';
  }
}

/**
 * Whether a call may have been executed although no usable answer came (timeout, broken connection,
 * cut or unreadable answer, 5xx): a write must be looked up before it is sent again. A 4xx is a
 * refusal: nothing was stored.
 */
export function outcomeUnknown(err: unknown): boolean {
  if (!isHttpError(err)) return false;
  return err.code === 'MLC_HTTP_TIMEOUT' || err.code === 'MLC_HTTP_NETWORK' || err.code === 'MLC_HTTP_SERVER' || err.code === 'MLC_HTTP_BAD_RESPONSE';
}
