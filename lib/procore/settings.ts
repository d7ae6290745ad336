import { z } from 'zod';
import { retryPolicySchema } from '../http/retry-policy';

/**
 * One Procore company reached through a Developer Managed Service Account (DMSA): OAuth2 client
 * credentials (token 5400 s, no refresh token), the company id sent as `Procore-Company-Id` on every
 * call, and the host pair of the environment (C.1).
 */
export const PROCORE_ENVIRONMENTS = ['production', 'sandbox', 'monthly', 'custom'] as const;
export type ProcoreEnvironment = (typeof PROCORE_ENVIRONMENTS)[number];

/** Procore's published hosts (C.1): the token endpoint is on the login host, the API on its own host. */
export const PROCORE_HOSTS: Readonly<Record<Exclude<ProcoreEnvironment, 'custom'>, { apiBase: string; tokenUrl: string }>> = {
  production: { apiBase: 'https://api.procore.com', tokenUrl: 'https://login.procore.com/oauth/token' },
  sandbox: { apiBase: 'https://sandbox.procore.com', tokenUrl: 'https://login-sandbox.procore.com/oauth/token' },
  monthly: { apiBase: 'https://api-monthly.procore.com', tokenUrl: 'https://login-sandbox-monthly.procore.com/oauth/token' },
};

const httpUrl = (what: string, example: string) =>
  z
    .string()
    .trim()
    .regex(/^https?:\/\/[^/\s]+/i, `the ${what} must start with https://, e.g. ${example}`);

/** Procore ids may exceed 32 bits (C.1): kept as decimal strings. */
export const procoreIdText = z.string().trim().regex(/^\d{1,20}$/, 'a Procore id is a whole number');

export const procoreSettingsSchema = z.object({
  configName: z.string().min(1),
  /** API root; resources hang off it as `/rest/v1.0/...`. */
  apiBase: httpUrl('API base URL', PROCORE_HOSTS.production.apiBase),
  tokenUrl: httpUrl('token URL', PROCORE_HOSTS.production.tokenUrl),
  companyId: z.string().trim().min(1, 'the company id is required').regex(/^\d{1,20}$/, 'the company id is a number (Procore shows it in the company URL)'),
  clientId: z.string().min(1, 'the client id is required'),
  clientSecret: z.string().min(1, 'the client secret is required'),
  /** Records per page (`per_page`); Procore recommends at most 2,000. */
  perPage: z.number().int().min(1).max(2000).default(100),
  /** Requests in flight at once. */
  concurrency: z.number().int().min(1).max(32).default(4),
  /** Slow down once fewer than this share of the window's calls remain: the rest are spread over the time to reset. */
  paceBelow: z.number().min(0).max(1).default(0.5),
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  retry: retryPolicySchema.partial().optional(),
});

export type ProcoreSettings = z.output<typeof procoreSettingsSchema>;
export type ProcoreSettingsInput = z.input<typeof procoreSettingsSchema>;

export function procoreSettingsProblem(input: unknown): string | undefined {
  const parsed = procoreSettingsSchema.safeParse(input);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return issue ? `${issue.path.join('.') || 'settings'}: ${issue.message}` : 'invalid settings';
}
