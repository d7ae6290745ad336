import { requestMatches, type RequestMatch } from './request-match';
import { bodyResponse, type SandboxResponse } from './response';

/**
 * Which rate-limit headers a rule puts on the responses it covers:
 * - `x-rate-limit`: `X-Rate-Limit-Limit`, `-Remaining`, `-Reset` (Unix seconds), as Procore sends them;
 * - `x-ratelimit`: `X-RateLimit-Limit`, `-Reset`, `-Rule`, as ServiceNow sends them;
 * - `none`: as UKG and Paylocity (no documented headers).
 */
export type RateLimitHeaderStyle = 'none' | 'x-rate-limit' | 'x-ratelimit';

export interface QuotaRule extends RequestMatch {
  /** Requests allowed per window. */
  limit: number;
  windowSeconds: number;
  /**
   * A fixed window (default) opens at the first request after the previous window ended, like UKG's
   * 1-minute quota; a sliding window counts the requests of the last `windowSeconds` (Paylocity NextGen).
   */
  sliding?: boolean;
  /** Default 429. Paylocity once answered 403, which is why this is a choice. */
  status?: number;
  body?: unknown;
  contentType?: string;
  /** `none` (default, UKG), seconds until a request would be admitted again, or a fixed number of seconds. */
  retryAfter?: 'none' | 'until-reset' | number;
  headers?: RateLimitHeaderStyle;
  /** Value of `X-RateLimit-Rule` (ServiceNow's rule sys_id). */
  ruleId?: string;
}

export interface QuotaDecision {
  /** Set when the request is over quota: answer this instead of calling the route. */
  rejection?: SandboxResponse;
  /** Rate-limit headers to add to whatever goes out. */
  headers: Record<string, string>;
}

interface WindowUsage {
  used: number;
  resetMs: number;
}

/** One rule's count. Requests turned away are not counted, so a client that backs off gets back in. */
class RuleWindow {
  private fixedStartMs: number | null = null;
  private fixedCount = 0;
  private slidingHits: number[] = [];

  constructor(readonly rule: QuotaRule) {}

  private get windowMs(): number {
    return this.rule.windowSeconds * 1000;
  }

  usage(nowMs: number): WindowUsage {
    if (this.rule.sliding) {
      this.slidingHits = this.slidingHits.filter((at) => at > nowMs - this.windowMs && at <= nowMs);
      return { used: this.slidingHits.length, resetMs: (this.slidingHits[0] ?? nowMs) + this.windowMs };
    }
    if (this.fixedStartMs === null || nowMs >= this.fixedStartMs + this.windowMs || nowMs < this.fixedStartMs) {
      return { used: 0, resetMs: nowMs + this.windowMs };
    }
    return { used: this.fixedCount, resetMs: this.fixedStartMs + this.windowMs };
  }

  record(nowMs: number): void {
    if (this.rule.sliding) {
      this.slidingHits.push(nowMs);
      return;
    }
    if (this.usage(nowMs).used === 0) {
      this.fixedStartMs = nowMs;
      this.fixedCount = 0;
    }
    this.fixedCount += 1;
  }
}

export class Quota {
  private windows: RuleWindow[] = [];

  /** Replaces all rules (and their counts). A request must fit every rule that matches it. */
  set(rules: QuotaRule[]): void {
    for (const rule of rules) {
      if (!Number.isInteger(rule.limit) || rule.limit < 0) throw new RangeError(`quota limit must be a whole number >= 0, got ${rule.limit}`);
      if (!(rule.windowSeconds > 0)) throw new RangeError(`quota windowSeconds must be > 0, got ${rule.windowSeconds}`);
    }
    this.windows = rules.map((rule) => new RuleWindow({ ...rule }));
  }

  clear(): void {
    this.windows = [];
  }

  rules(): QuotaRule[] {
    return this.windows.map((window) => ({ ...window.rule }));
  }

  check(method: string, path: string, nowMs: number): QuotaDecision {
    const matching = this.windows.filter((window) => requestMatches(window.rule, method, path));
    const usages = matching.map((window) => ({ window, usage: window.usage(nowMs) }));
    const blocked = usages.find(({ window, usage }) => usage.used >= window.rule.limit);
    if (blocked) {
      const headers = rateLimitHeaders(blocked.window.rule, blocked.usage);
      return { rejection: rejectionFor(blocked.window.rule, blocked.usage, nowMs, headers), headers };
    }
    for (const { window } of usages) window.record(nowMs);
    // Like Procore, show the window the client is closest to exhausting.
    const shown = usages
      .filter(({ window }) => (window.rule.headers ?? 'none') !== 'none')
      .map(({ window, usage }) => ({ rule: window.rule, usage: { ...usage, used: usage.used + 1 } }))
      .sort((a, b) => a.rule.limit - a.usage.used - (b.rule.limit - b.usage.used))[0];
    return { headers: shown ? rateLimitHeaders(shown.rule, shown.usage) : {} };
  }
}

function rejectionFor(rule: QuotaRule, usage: WindowUsage, nowMs: number, headers: Record<string, string>): SandboxResponse {
  const retryAfter = rule.retryAfter ?? 'none';
  const extra: Record<string, string> = { ...headers };
  if (retryAfter === 'until-reset') extra['retry-after'] = String(Math.max(1, Math.ceil((usage.resetMs - nowMs) / 1000)));
  else if (typeof retryAfter === 'number') extra['retry-after'] = String(retryAfter);
  return bodyResponse(rule.status ?? 429, rule.body, { contentType: rule.contentType, headers: extra });
}

function rateLimitHeaders(rule: QuotaRule, usage: WindowUsage): Record<string, string> {
  const resetSeconds = String(Math.ceil(usage.resetMs / 1000));
  switch (rule.headers ?? 'none') {
    case 'x-rate-limit':
      return {
        'x-rate-limit-limit': String(rule.limit),
        'x-rate-limit-remaining': String(Math.max(0, rule.limit - usage.used)),
        'x-rate-limit-reset': resetSeconds,
      };
    case 'x-ratelimit':
      return {
        'x-ratelimit-limit': String(rule.limit),
        'x-ratelimit-reset': resetSeconds,
        'x-ratelimit-rule': rule.ruleId ?? 'sandbox-rule',
      };
    case 'none':
      return {};
  }
}
