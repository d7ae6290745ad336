import { z } from 'zod';
import { retryPolicySchema } from '../http/retry-policy';

/**
 * One Paylocity WebLink client (a client id and secret provisioned by Paylocity for a set of companies)
 * and the company the flows work on. WebLink takes an OAuth2 client-credentials token (scope
 * `WebLinkAPI`, one hour, no refresh token) on every call.
 */
export const PAYLOCITY_ENVIRONMENTS = ['production', 'sandbox', 'custom'] as const;
export type PaylocityEnvironment = (typeof PAYLOCITY_ENVIRONMENTS)[number];

/** Paylocity's published hosts (B.1). The testing token host moved in newer docs; both are accepted there. */
export const PAYLOCITY_HOSTS: Readonly<Record<Exclude<PaylocityEnvironment, 'custom'>, { apiBase: string; tokenUrl: string }>> = {
  production: { apiBase: 'https://api.paylocity.com/api', tokenUrl: 'https://api.paylocity.com/IdentityServer/connect/token' },
  sandbox: { apiBase: 'https://apisandbox.paylocity.com/api', tokenUrl: 'https://apisandbox.paylocity.com/IdentityServer/connect/token' },
};

const httpUrl = (what: string, example: string) =>
  z
    .string()
    .trim()
    .regex(/^https?:\/\/[^/\s]+/i, `the ${what} must start with https://, e.g. ${example}`);

export const paylocitySettingsSchema = z.object({
  configName: z.string().min(1),
  /** WebLink API root; resources hang off it as `/v2/companies/{companyId}/...`. */
  apiBase: httpUrl('API base URL', PAYLOCITY_HOSTS.production.apiBase),
  tokenUrl: httpUrl('token URL', PAYLOCITY_HOSTS.production.tokenUrl),
  /** Company ids are at most 9 characters in WebLink. */
  companyId: z.string().trim().min(1, 'the company id is required').max(9, 'a Paylocity company id has at most 9 characters'),
  clientId: z.string().min(1, 'the client id is required'),
  clientSecret: z.string().min(1, 'the client secret is required'),
  scope: z.string().default('WebLinkAPI'),
  /** Records per page (`pagesize`); Paylocity's default is 25 and it publishes no maximum. */
  pageSize: z.number().int().min(1).max(1000).default(100),
  /** Requests in flight at once (the per-employee passes). */
  concurrency: z.number().int().min(1).max(32).default(8),
  /** Calls per second this client allows itself: WebLink answers 429 beyond 25/s (since Nov 2024). */
  requestsPerSecond: z.number().min(0.1).max(1000).default(20),
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  retry: retryPolicySchema.partial().optional(),
});

export type PaylocitySettings = z.output<typeof paylocitySettingsSchema>;
export type PaylocitySettingsInput = z.input<typeof paylocitySettingsSchema>;

export function paylocitySettingsProblem(input: unknown): string | undefined {
  const parsed = paylocitySettingsSchema.safeParse(input);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return issue ? `${issue.path.join('.') || 'settings'}: ${issue.message}` : 'invalid settings';
}

/** The endpoint's own credentials: what Paylocity sends with each webhook when Basic auth is set up. */
export interface WebhookBasicCredentials {
  user: string;
  password: string;
}
