import { z } from 'zod';
import { retryPolicySchema } from '../http/retry-policy';

/**
 * One UKG Pro tenant. The core personnel, configuration and payroll APIs take HTTP Basic (a web
 * service account) plus the tenant's US-Customer-Api-Key on every call; the newer APIs (onboarding,
 * recruiting) take an OAuth2 client-credentials token, configured apart because many tenants have none.
 */
export const ukgSettingsSchema = z.object({
  configName: z.string().min(1),
  /** The tenant's service host, e.g. https://service4.ultipro.com (REST resources hang off its root). */
  host: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^/\s]+/i, 'the host must start with https://, e.g. https://service4.ultipro.com'),
  username: z.string().min(1, 'the web service account user name is required'),
  password: z.string().min(1, 'the web service account password is required'),
  customerApiKey: z.string().min(1, 'the US-Customer-Api-Key is required'),
  /** The service account's User API key; some tenants also want it as x-api-key. */
  userApiKey: z.string().optional(),
  oauth: z
    .object({
      tokenUrl: z.string().url(),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
      scope: z.string().optional(),
    })
    .optional(),
  /** Records per page; UKG's default (and maximum on most resources) is 10,000, employee-changes 200. */
  pageSize: z.number().int().min(1).max(10_000).default(500),
  /** Requests in flight at once (the per-employee pass of an employee read). */
  concurrency: z.number().int().min(1).max(32).default(4),
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  retry: retryPolicySchema.partial().optional(),
});

export type UkgSettings = z.output<typeof ukgSettingsSchema>;
export type UkgSettingsInput = z.input<typeof ukgSettingsSchema>;

/** UKG publishes no Retry-After and advises waiting a second before retrying a 429. */
export const UKG_RATE_LIMIT_WAIT_MS = 1000;

export function ukgSettingsProblem(input: unknown): string | undefined {
  const parsed = ukgSettingsSchema.safeParse(input);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return issue ? `${issue.path.join('.') || 'settings'}: ${issue.message}` : 'invalid settings';
}
