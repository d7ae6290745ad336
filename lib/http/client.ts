import { maskSecrets } from '../util/mask-secrets';
import { defaultErrorMessage, textErrorMessage } from './error-message';
import { codeForStatus, HttpError, NotSentError, type HttpErrorCode } from './errors';
import {
  backoffDelayMs,
  IDEMPOTENT_METHODS,
  isRetryableStatus,
  neverReachedServer,
  parseRetryAfterMs,
  retryPolicySchema,
  type RetryPolicy,
} from './retry-policy';
import { abortableSleep } from './sleep';
import { Transport, TransportError } from './transport';
import type { HttpClientOptions, HttpRequest, HttpResponse, RequestAuth } from './types';
import { joinUrl, parseBaseUrl, pathOf } from './url';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** What one attempt came to, before the retry decision. */
type Attempt =
  | { kind: 'answer'; status: number; headers: Record<string, string>; body: Buffer; sentAuth: Record<string, string> }
  | {
      kind: 'failure';
      code: 'MLC_HTTP_TIMEOUT' | 'MLC_HTTP_NETWORK' | 'MLC_HTTP_BAD_RESPONSE';
      reason: string;
      /** 'timeout', 'ECONNRESET'...: what a retry event reports. */
      label: string;
      /** The request provably never reached the server, so even a POST may be resent. */
      notSent: boolean;
    };

/**
 * The one HTTP client every system client stands on. It owns the connection pool of one config node,
 * the retry loop (network errors, 5xx and 429; Retry-After honoured; bounded in attempts and time)
 * and the 401 → renew → retry-once rule; its errors say what failed and never carry a secret.
 */
export class HttpClient {
  readonly system: string;
  readonly baseUrl: string;
  private readonly policy: RetryPolicy;
  private readonly transport: Transport;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  private readonly now: () => number;
  private readonly random: () => number;
  private closed = false;

  constructor(private readonly options: HttpClientOptions) {
    this.system = options.system;
    this.baseUrl = parseBaseUrl(options.system, options.baseUrl);
    this.policy = retryPolicySchema.parse(options.retry ?? {});
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.sleep = options.sleep ?? abortableSleep;
    this.now = options.now ?? Date.now;
    this.random = options.random ?? Math.random;
    // Keep-alive pools of this config node's connections. A redirect is answered as the status it is,
    // never followed: following it would take the request's credentials to wherever Location points.
    this.transport = new Transport(options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES, options.maxSockets ?? 16, this.timeoutMs);
  }

  get retryPolicy(): Readonly<RetryPolicy> {
    return this.policy;
  }

  get auth(): RequestAuth | undefined {
    return this.options.auth;
  }

  async request<T = unknown>(request: HttpRequest): Promise<HttpResponse<T>> {
    const url = joinUrl(this.baseUrl, request.path, request.query);
    const path = pathOf(url);
    const method = request.method;
    const mayResend = request.idempotent ?? IDEMPOTENT_METHODS.has(method);
    const startedAt = this.now();
    const auth = this.options.auth;
    let attempts = 0;
    let renewed = false;

    const fail = (code: HttpErrorCode, reason: string, extra: { status?: number; systemMessage?: string; retryAfterMs?: number; transient: boolean }): HttpError => {
      const tries = attempts > 1 ? ` (after ${attempts} attempts)` : '';
      const message = this.mask(`${this.system}: ${method} ${path} ${reason}${tries}`);
      return new HttpError(code, message, {
        system: this.system,
        method,
        path,
        attempts,
        transient: extra.transient,
        ...(extra.status !== undefined ? { status: extra.status } : {}),
        ...(extra.systemMessage !== undefined ? { systemMessage: this.mask(extra.systemMessage) } : {}),
        ...(extra.retryAfterMs !== undefined ? { retryAfterMs: extra.retryAfterMs } : {}),
        ...(auth ? { configName: auth.configName } : {}),
      });
    };

    const cancelled = (): HttpError => fail('MLC_HTTP_ABORTED', 'was cancelled', { transient: false });

    for (;;) {
      if (request.signal?.aborted) throw cancelled();
      if (this.closed) throw fail('MLC_HTTP_ABORTED', 'was not sent: the client was closed (its config node was stopped or redeployed)', { transient: false });
      // Credentials first, then the gate, then the send: a call that passed the gate and then waited for a
      // slow token would otherwise go out during a 429's wait that another call met meanwhile. A token
      // fetch is never held by the gate (token endpoints are not rate limited) and a wait at the gate is
      // far shorter than the renew-ahead margin, so the token is still good when the gate opens.
      const credentials = await this.credentials(request, cancelled);
      let outcome: Attempt;
      if (credentials.kind === 'credentials') {
        await this.passGate(request, fail);
        attempts += 1;
        try {
          outcome = await this.attempt(url, request, credentials.sentAuth, cancelled);
        } finally {
          this.options.afterAttempt?.();
        }
      } else {
        attempts += 1;
        outcome = credentials;
      }

      let reason: string;
      let retryAfterMs: number | undefined;
      let finalError: () => HttpError;
      let retryable: boolean;
      if (outcome.kind === 'answer') {
        const { status } = outcome;
        this.options.onAnswer?.(status, outcome.headers);
        if ((status >= 200 && status < 300) || request.acceptStatuses?.includes(status)) {
          const decoded = decodeBody(outcome.body, request.responseType ?? 'json');
          if (!decoded.ok) throw fail('MLC_HTTP_BAD_RESPONSE', decoded.reason, { status, transient: false });
          return { status, headers: outcome.headers, data: decoded.value as T, attempts };
        }
        const systemMessage = this.systemMessage(outcome.body, status);
        const said = systemMessage !== undefined ? `: ${systemMessage}` : '';
        if (status === 401 && auth) {
          // A token can expire or be revoked between our check and the server's: renew once, then believe the 401.
          if (!renewed && (await auth.renew(outcome.sentAuth))) {
            renewed = true;
            attempts -= 1;
            continue;
          }
          throw fail('MLC_HTTP_UNAUTHORIZED', `was refused: ${this.system} rejected the credentials of config node "${auth.configName}" (401)${said}`, {
            status,
            transient: false,
            ...(systemMessage !== undefined ? { systemMessage } : {}),
          });
        }
        retryAfterMs = parseRetryAfterMs(outcome.headers['retry-after'], this.now());
        const ownWait = status === 429 ? this.options.rateLimitDelayMs?.(outcome.headers) : undefined;
        if (ownWait !== undefined) retryAfterMs = Math.max(retryAfterMs ?? 0, ownWait);
        if (retryAfterMs === undefined && status === 429 && this.policy.rateLimitWaitMs !== undefined) {
          // No Retry-After: wait at least the system's advised pause, backing off further on repeats.
          retryAfterMs = Math.max(this.policy.rateLimitWaitMs, backoffDelayMs(this.policy, attempts, this.random));
        }
        reason = String(status);
        // A 429 is refused before the server acts on it, so even a non-idempotent request may be resent.
        retryable = isRetryableStatus(status) && (mayResend || status === 429);
        const final = retryAfterMs;
        finalError = () =>
          fail(codeForStatus(status), `answered ${status}${said}`, {
            status,
            transient: isRetryableStatus(status),
            ...(systemMessage !== undefined ? { systemMessage } : {}),
            ...(final !== undefined ? { retryAfterMs: final } : {}),
          });
      } else {
        reason = outcome.label;
        retryable = outcome.code !== 'MLC_HTTP_BAD_RESPONSE' && (mayResend || outcome.notSent);
        const { code } = outcome;
        const failure = outcome.reason;
        finalError = () => fail(code, failure, { transient: code !== 'MLC_HTTP_BAD_RESPONSE' });
      }

      if (!retryable || attempts >= this.policy.maxAttempts) throw finalError();
      const delayMs = retryAfterMs ?? backoffDelayMs(this.policy, attempts, this.random);
      if (this.now() - startedAt + delayMs > this.policy.maxElapsedMs) throw finalError();
      this.options.onRetry?.({ system: this.system, method, path, attempt: attempts, delayMs, reason });
      try {
        await this.sleep(delayMs, request.signal);
      } catch {
        throw fail('MLC_HTTP_ABORTED', 'was cancelled while waiting to retry', { transient: false });
      }
    }
  }

  get<T = unknown>(path: string, extra: Omit<HttpRequest, 'method' | 'path'> = {}): Promise<HttpResponse<T>> {
    return this.request<T>({ ...extra, method: 'GET', path });
  }

  post<T = unknown>(path: string, extra: Omit<HttpRequest, 'method' | 'path'> = {}): Promise<HttpResponse<T>> {
    return this.request<T>({ ...extra, method: 'POST', path });
  }

  /** Closes pooled connections; later calls fail at once. Called from the config node's close handler. */
  close(): void {
    this.closed = true;
    this.transport.close();
  }

  /** Awaits `beforeAttempt` (a rate gate, a pacer): the last thing before the request goes out. */
  private async passGate(request: HttpRequest, fail: (code: HttpErrorCode, reason: string, extra: { retryAfterMs?: number; transient: boolean }) => HttpError): Promise<void> {
    const closed = (): HttpError => fail('MLC_HTTP_ABORTED', 'was not sent: the client was closed (its config node was stopped or redeployed)', { transient: false });
    if (this.closed) throw closed();
    if (!this.options.beforeAttempt) return;
    try {
      await this.options.beforeAttempt(request.signal);
    } catch (err) {
      if (err instanceof NotSentError) {
        throw fail('MLC_HTTP_RATE_LIMITED', `was not sent: ${err.message}`, { transient: true, ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}) });
      }
      throw fail('MLC_HTTP_ABORTED', 'was cancelled', { transient: false });
    }
    if (this.closed) throw closed();
  }

  /** The auth headers for one attempt (a token fetched if needed), within the timeout; a failure here sent nothing. */
  private async credentials(request: HttpRequest, aborted: () => HttpError): Promise<{ kind: 'credentials'; sentAuth: Record<string, string> } | Attempt> {
    const auth = this.options.auth;
    if (!auth) return { kind: 'credentials', sentAuth: {} };
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const deadline = this.deadline(timeoutMs, request.signal);
    try {
      return { kind: 'credentials', sentAuth: await auth.headers(deadline.signal) };
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (request.signal?.aborted) throw aborted();
      if (deadline.timedOut()) return { kind: 'failure', code: 'MLC_HTTP_TIMEOUT', reason: `got no credentials within ${timeoutMs} ms`, label: 'timeout', notSent: true };
      // Errors from the credential provider already say what happened; a transient one (token endpoint
      // down) is retried like a refused connection, since this request was never sent.
      if (isTransient(err) || err instanceof TransportError) return { kind: 'failure', code: 'MLC_HTTP_NETWORK', reason: `could not get credentials: ${messageOf(err)}`, label: 'credentials', notSent: true };
      throw err;
    } finally {
      deadline.clear();
    }
  }

  /** A signal that aborts after `timeoutMs` or when the caller's does. */
  private deadline(timeoutMs: number, callerSignal: AbortSignal | undefined): { signal: AbortSignal; timedOut: () => boolean; clear: () => void } {
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, timeoutMs);
    const onCallerAbort = (): void => controller.abort();
    callerSignal?.addEventListener('abort', onCallerAbort, { once: true });
    return {
      signal: controller.signal,
      timedOut: () => timedOut,
      clear: () => {
        clearTimeout(timer);
        callerSignal?.removeEventListener('abort', onCallerAbort);
      },
    };
  }

  private async attempt(url: string, request: HttpRequest, sentAuth: Record<string, string>, aborted: () => HttpError): Promise<Attempt> {
    const timeoutMs = request.timeoutMs ?? this.timeoutMs;
    const deadline = this.deadline(timeoutMs, request.signal);
    try {
      const headers: Record<string, string> = { accept: 'application/json', ...this.options.headers, ...request.headers };
      let data: string | Buffer | undefined = request.body;
      if (request.json !== undefined) {
        data = JSON.stringify(request.json);
        headers['content-type'] ??= 'application/json';
      } else if (request.form !== undefined) {
        data = new URLSearchParams(request.form).toString();
        headers['content-type'] ??= 'application/x-www-form-urlencoded';
      }
      Object.assign(headers, sentAuth);
      const answer = await this.transport.send({ url, method: request.method, headers, ...(data !== undefined ? { body: data } : {}), signal: deadline.signal });
      return { kind: 'answer', status: answer.status, headers: answer.headers, body: answer.body, sentAuth };
    } catch (err) {
      if (err instanceof HttpError) throw err;
      if (request.signal?.aborted) throw aborted();
      if (deadline.timedOut()) return { kind: 'failure', code: 'MLC_HTTP_TIMEOUT', reason: `got no answer within ${timeoutMs} ms`, label: 'timeout', notSent: false };
      if (!(err instanceof TransportError)) throw err;
      if (err.tooLarge) return { kind: 'failure', code: 'MLC_HTTP_BAD_RESPONSE', reason: err.message, label: 'too large', notSent: false };
      const { socketCode } = err;
      return { kind: 'failure', code: 'MLC_HTTP_NETWORK', reason: `failed: ${socketCode ?? err.message}`, label: socketCode ?? 'network', notSent: neverReachedServer(socketCode) };
    } finally {
      deadline.clear();
    }
  }

  private systemMessage(body: Buffer, status: number): string | undefined {
    const text = body.toString('utf8');
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      return textErrorMessage(text);
    }
    return (this.options.errorMessage ?? defaultErrorMessage)(parsed, status);
  }

  private mask(text: string): string {
    return maskSecrets(text, this.options.auth?.secrets() ?? []);
  }
}

function isTransient(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { transient?: unknown }).transient === true;
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function decodeBody(body: Buffer, type: 'json' | 'text' | 'buffer'): { ok: true; value: unknown } | { ok: false; reason: string } {
  if (type === 'buffer') return { ok: true, value: body };
  const text = body.toString('utf8');
  if (type === 'text') return { ok: true, value: text };
  if (text.trim() === '') return { ok: true, value: null };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: `answered with a body that is not JSON: ${textErrorMessage(text) ?? ''}` };
  }
}
