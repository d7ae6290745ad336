import { z } from 'zod';
import { Quota, setHeader, type SandboxRequest, type SandboxResponse } from '../kit';
import type { SandboxUser } from './accounts';
import { snError } from './wire';

/**
 * A `sys_rate_limit_rules` record (B.4): per user, per role or for everyone, on one REST resource (a
 * method and a path prefix such as `/api/now/table/`), requests per window (an hour at ServiceNow).
 */
export const rateLimitRule = z.strictObject({
  ruleId: z.string().regex(/^[0-9a-f]{32}$/).optional(),
  user: z.string().min(1).optional(),
  role: z.string().min(1).optional(),
  method: z.string().min(1).optional(),
  path: z.string().startsWith('/').optional(),
  limit: z.number().int().nonnegative(),
  windowSeconds: z.number().positive().default(3600),
});
export type RateLimitRule = z.infer<typeof rateLimitRule>;
export const rateLimitRules = z.strictObject({ rules: z.array(rateLimitRule) });

const DEFAULT_RULE_ID = '7d1ef0a01b2a2010f3a1c9d0cc4bcb51';

/**
 * Applies the rules to a signed-in user's call. The count and the window are the kit's `Quota`, one per
 * (rule, user), so a user's burst never spends another's allowance.
 */
export class RateLimiter {
  private rules: RateLimitRule[] = [];
  private windows = new Map<string, Quota>();

  set(rules: RateLimitRule[]): void {
    this.rules = rules.map((rule) => ({ ...rule }));
    this.windows.clear();
  }

  list(): RateLimitRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /** The rule that governs this call: a user's rule beats a role's, a role's beats everyone's; between roles the lowest limit. */
  private ruleFor(user: SandboxUser, method: string, path: string): RateLimitRule | undefined {
    const applies = this.rules.filter((rule) => (rule.method === undefined || rule.method.toUpperCase() === method) && (rule.path === undefined || path.startsWith(rule.path)));
    const own = applies.find((rule) => rule.user === user.userName);
    if (own) return own;
    const byRole = applies.filter((rule) => rule.role !== undefined && user.roles.includes(rule.role)).sort((a, b) => a.limit - b.limit)[0];
    return byRole ?? applies.find((rule) => rule.user === undefined && rule.role === undefined);
  }

  /** Throws the 429 when the user is over the limit; otherwise returns a function that puts the headers on the answer. */
  admit(request: SandboxRequest, user: SandboxUser, nowMs: number, remainingHeader: boolean): (response: SandboxResponse) => SandboxResponse {
    const rule = this.ruleFor(user, request.method, request.path);
    if (!rule) return (response) => response;
    const ruleId = rule.ruleId ?? DEFAULT_RULE_ID;
    const key = `${this.rules.indexOf(rule)}:${user.userName}`;
    let quota = this.windows.get(key);
    if (!quota) {
      quota = new Quota();
      // Procore's header style only for its counts (it has Remaining); the names ServiceNow sends are set below.
      quota.set([{ limit: rule.limit, windowSeconds: rule.windowSeconds, headers: 'x-rate-limit', retryAfter: 'until-reset' }]);
      this.windows.set(key, quota);
    }
    const decision = quota.check(request.method, request.path, nowMs);
    const counts = decision.headers;
    const headers: Record<string, string> = {
      'x-ratelimit-limit': counts['x-rate-limit-limit'] ?? String(rule.limit),
      'x-ratelimit-reset': counts['x-rate-limit-reset'] ?? '',
      'x-ratelimit-rule': ruleId,
    };
    if (remainingHeader) headers['x-ratelimit-remaining'] = counts['x-rate-limit-remaining'] ?? '0';
    if (decision.rejection) {
      const retryAfter = decision.rejection.headers['retry-after'];
      request.annotate({ rateLimited: true, rateLimitReset: Number(headers['x-ratelimit-reset']), ...(typeof retryAfter === 'string' ? { retryAfter: Number(retryAfter) } : {}) });
      const per = rule.windowSeconds === 3600 ? 'hour' : `${rule.windowSeconds} seconds`;
      throw snError(429, 'Rate limit exceeded', `Rate limit of ${rule.limit} requests per ${per} for ${request.method} ${request.path} exceeded`, {
        ...headers,
        ...(typeof retryAfter === 'string' ? { 'retry-after': retryAfter } : {}),
      });
    }
    return (response) => {
      for (const [name, value] of Object.entries(headers)) setHeader(response, name, value);
      return response;
    };
  }
}
