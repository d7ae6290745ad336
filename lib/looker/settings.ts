import { z } from 'zod';
import { retryPolicySchema } from '../http/retry-policy';
import { instanceUrlField, instanceUrlProblem } from '../servicenow/settings';

/** Every call goes to `{instanceUrl}/api/4.0/...` (C.3). */
export const LOOKER_API_PREFIX = '/api/4.0';

export function lookerUrlProblem(value: string): string | undefined {
  // The client secret goes in the login body and the token with every call: https, as for ServiceNow.
  const problem = instanceUrlProblem(value, 'https://mycompany.cloud.looker.com', 'the client id and secret');
  if (problem) return problem;
  if (/\/api(\/|$)/.test(new URL(value).pathname)) return 'give the instance URL without /api/4.0 (it is added to every call)';
  return undefined;
}

/** One Looker instance as one API user (API 3 credentials: a client id and secret, C.1). */
export const lookerSettingsSchema = z.object({
  configName: z.string().min(1),
  instanceUrl: instanceUrlField(lookerUrlProblem),
  clientId: z.string().trim().min(1, 'the client id is required'),
  clientSecret: z.string().min(1, 'the client secret is required'),
  timeoutMs: z.number().int().min(1000).max(600_000).default(120_000),
  retry: retryPolicySchema.partial().optional(),
});

export type LookerSettings = z.output<typeof lookerSettingsSchema>;
export type LookerSettingsInput = z.input<typeof lookerSettingsSchema>;

export function lookerSettingsProblem(input: unknown): string | undefined {
  const parsed = lookerSettingsSchema.safeParse(input);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return issue ? `${issue.path.join('.') || 'settings'}: ${issue.message}` : 'invalid settings';
}
