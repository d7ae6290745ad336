// The connection limits every system config node offers (timeout, attempts, total retry time), read
// from the editor's text fields. One parser for all of them, so each system's limits mean the same.
import type { RetryPolicyInput } from '../../lib/http/retry-policy';

export interface HttpLimitFields {
  timeoutSeconds?: string | number;
  maxAttempts?: string | number;
  maxRetrySeconds?: string | number;
}

export interface HttpLimits {
  timeoutMs?: number;
  retry: RetryPolicyInput;
}

export function httpLimitsFromNode(def: HttpLimitFields): HttpLimits {
  const timeout = positive(def.timeoutSeconds);
  const attempts = positive(def.maxAttempts);
  const retrySeconds = positive(def.maxRetrySeconds);
  return {
    ...(timeout !== undefined ? { timeoutMs: Math.round(timeout * 1000) } : {}),
    retry: {
      ...(attempts !== undefined ? { maxAttempts: Math.min(20, Math.floor(attempts)) } : {}),
      ...(retrySeconds !== undefined ? { maxElapsedMs: Math.round(Math.min(3600, retrySeconds) * 1000) } : {}),
    },
  };
}

function positive(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) && n > 0 ? n : undefined;
}

/** A count typed in a config dialog (page size, concurrency): a whole number of at least 1, else unset. */
export function wholeNumberField(value: string | number | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  const n = Math.floor(Number(value));
  return Number.isFinite(n) && n >= 1 ? n : undefined;
}
