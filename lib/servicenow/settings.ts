import { z } from 'zod';
import { retryPolicySchema } from '../http/retry-policy';

/**
 * One ServiceNow instance and the identity the flows act as (B.1): OAuth2 at `/oauth_token.do` with the
 * password grant (an integration user) or client credentials (the OAuth entity's application user), or
 * HTTP Basic. Which credentials are required depends on the mode.
 */
export const SERVICENOW_AUTH_MODES = ['oauth-password', 'oauth-client-credentials', 'basic'] as const;
export type ServiceNowAuthMode = (typeof SERVICENOW_AUTH_MODES)[number];

/** The Table API's own default and ceiling for `sysparm_limit` (B.2). */
export const SERVICENOW_MAX_PAGE = 10_000;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Loopback may go over plain HTTP (the bundled sandbox, a local tunnel); everything else must be HTTPS, since Basic and tokens travel with every call. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return LOOPBACK_HOSTS.has(host) || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** What is wrong with an instance URL that secrets travel to (https, or plain http to this machine only); `example` and `credentials` name the system's own. */
export function instanceUrlProblem(value: string, example = 'https://mycompany.service-now.com', credentials = 'the user and password'): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `the instance URL is not a URL (e.g. ${example})`;
  }
  if (url.username || url.password) return `put ${credentials} in the credential fields, not in the instance URL`;
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return `the instance URL must start with https:// (plain http:// only to this machine), e.g. ${example}`;
}

/** An instance URL setting: trimmed, without a trailing slash, checked by the system's rule. */
export function instanceUrlField(problemOf: (url: string) => string | undefined) {
  return z
    .string()
    .trim()
    .transform((u) => u.replace(/\/+$/, ''))
    .superRefine((u, ctx) => {
      const problem = problemOf(u);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    });
}

export const serviceNowSettingsSchema = z
  .object({
    configName: z.string().min(1),
    /** `https://<instance>.service-now.com`: the APIs hang off it as `/api/now/...`, the token endpoint as `/oauth_token.do`. */
    instanceUrl: instanceUrlField(instanceUrlProblem),
    authMode: z.enum(SERVICENOW_AUTH_MODES).default('oauth-password'),
    /** Password grant and Basic: the ServiceNow user name. */
    user: z.string().default(''),
    password: z.string().default(''),
    /** OAuth modes: the OAuth application registry entry's client id and secret. */
    clientId: z.string().default(''),
    clientSecret: z.string().default(''),
    /** Requests in flight at once, all nodes of this config together. */
    concurrency: z.number().int().min(1).max(32).default(4),
    /** Rows per page of a Table API list (`sysparm_limit`). */
    pageSize: z.number().int().min(1).max(SERVICENOW_MAX_PAGE).default(1000),
    /** Tables the flows use: Test connection reads one row of each and checks it may write there. */
    tables: z.array(z.string().regex(/^[a-z0-9_]+$/i, 'a table name is letters, digits and underscores')).default([]),
    timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
    retry: retryPolicySchema.partial().optional(),
  })
  .superRefine((s, ctx) => {
    const need = (field: 'user' | 'password' | 'clientId' | 'clientSecret', what: string): void => {
      if (s[field].trim() === '') ctx.addIssue({ code: 'custom', path: [field], message: `${what} is required for ${s.authMode}` });
    };
    if (s.authMode !== 'oauth-client-credentials') {
      need('user', 'the user name');
      need('password', 'the password');
    }
    if (s.authMode !== 'basic') {
      need('clientId', 'the OAuth client id');
      need('clientSecret', 'the OAuth client secret');
    }
  });

export type ServiceNowSettings = z.output<typeof serviceNowSettingsSchema>;
export type ServiceNowSettingsInput = z.input<typeof serviceNowSettingsSchema>;

export function serviceNowSettingsProblem(input: unknown): string | undefined {
  const parsed = serviceNowSettingsSchema.safeParse(input);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return issue ? `${issue.path.join('.') || 'settings'}: ${issue.message}` : 'invalid settings';
}
