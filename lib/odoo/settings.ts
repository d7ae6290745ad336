import { z } from 'zod';
import { retryPolicySchema } from '../http/retry-policy';

export const TRANSPORT_CHOICES = ['auto', 'json2', 'xmlrpc', 'jsonrpc'] as const;
export type TransportChoice = (typeof TRANSPORT_CHOICES)[number];

/** Everything an Odoo connection needs; the API key comes from the config node's credentials. */
export const odooSettingsSchema = z.object({
  configName: z.string().min(1),
  url: z
    .string()
    .trim()
    .regex(/^https?:\/\/[^/\s]+/i, 'the URL must start with http:// or https://, e.g. https://mycompany.odoo.com'),
  db: z.string().trim().min(1, 'the database name is required'),
  username: z.string().trim().min(1, 'the username (login) is required'),
  apiKey: z.string().min(1, 'the API key is required'),
  transport: z.enum(TRANSPORT_CHOICES).default('auto'),
  /** Company id: calls run with allowed_company_ids [company] so a multi-company user writes where meant. */
  companyId: z.number().int().positive().optional(),
  timeoutMs: z.number().int().min(1000).max(600_000).default(60_000),
  retry: retryPolicySchema.partial().optional(),
  userAgent: z.string().default('ml-connector (Node-RED)'),
});

export type OdooSettings = z.output<typeof odooSettingsSchema>;
export type OdooSettingsInput = z.input<typeof odooSettingsSchema>;

/** First problem in the settings, for a node status and the Test connection button. */
export function settingsProblem(input: unknown): string | undefined {
  const parsed = odooSettingsSchema.safeParse(input);
  if (parsed.success) return undefined;
  const issue = parsed.error.issues[0];
  return issue ? `${issue.path.join('.') || 'settings'}: ${issue.message}` : 'invalid settings';
}
