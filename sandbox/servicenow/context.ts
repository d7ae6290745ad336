import type { SandboxClock, SandboxRequest, SandboxResponse } from '../kit';
import type { SandboxUser } from './accounts';
import { authenticate, type TokenStore } from './auth';
import type { WireOptions } from './options';
import type { RateLimiter } from './rate-limits';
import type { ServiceNowState } from './state';

/** What the API routes share. */
export interface ApiContext {
  state: ServiceNowState;
  tokens: TokenStore;
  limiter: RateLimiter;
  clock: () => SandboxClock;
  options: () => WireOptions;
  /** Runs the `insertMultiple` transforms whose time has come (before any call looks at the data). */
  runDueImports: () => void;
}

export interface Caller {
  user: SandboxUser;
  /** Puts the rate-limit headers of the rule that counted this call on the answer. */
  answer: (response: SandboxResponse) => SandboxResponse;
}

/** Sign-in, then the caller's rate-limit rule (a 429 comes before any work), then due imports. */
export function admitCaller(request: SandboxRequest, ctx: ApiContext): Caller {
  const user = authenticate(request, ctx.tokens);
  const answer = ctx.limiter.admit(request, user, ctx.clock().nowMs(), ctx.options().rateLimitRemainingHeader);
  ctx.runDueImports();
  return { user, answer };
}
