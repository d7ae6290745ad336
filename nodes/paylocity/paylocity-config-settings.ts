// The mlc-paylocity-config node's fields and credentials → the Paylocity client's settings. Kept free of
// Node-RED so the Test connection route and the runtime node read a config the same way.
import {
  PAYLOCITY_ENVIRONMENTS,
  PAYLOCITY_HOSTS,
  type PaylocityEnvironment,
  type PaylocitySettingsInput,
  type WebhookBasicCredentials,
} from '../../lib/paylocity/settings';
import { httpLimitsFromNode, wholeNumberField, type HttpLimitFields } from '../shared/http-settings';

export interface PaylocityConfigFields extends HttpLimitFields {
  name?: string;
  environment?: string;
  /** Only for the `custom` environment (a proxy, the bundled sandbox, a new Paylocity host). */
  apiBase?: string;
  tokenUrl?: string;
  companyId?: string;
  pageSize?: string | number;
  concurrency?: string | number;
  requestsPerSecond?: string | number;
}

export interface PaylocityCredentials {
  clientId?: string;
  clientSecret?: string;
  webhookUser?: string;
  webhookPassword?: string;
}

export const PAYLOCITY_CREDENTIALS = {
  clientId: { type: 'text' },
  clientSecret: { type: 'password' },
  webhookUser: { type: 'text' },
  webhookPassword: { type: 'password' },
} as const;

/** Credential fields whose value the editor never gets back (it sends '__PWRD__' when unchanged). */
export const SECRET_FIELDS = ['clientSecret', 'webhookPassword'] as const;

export function environmentOf(fields: PaylocityConfigFields): PaylocityEnvironment {
  const value = (fields.environment ?? '').trim();
  return (PAYLOCITY_ENVIRONMENTS as readonly string[]).includes(value) ? (value as PaylocityEnvironment) : 'production';
}

export function paylocitySettingsFromNode(id: string, fields: PaylocityConfigFields, credentials: PaylocityCredentials): PaylocitySettingsInput {
  const limits = httpLimitsFromNode(fields);
  const environment = environmentOf(fields);
  const hosts =
    environment === 'custom'
      ? { apiBase: trimUrl(fields.apiBase), tokenUrl: trimUrl(fields.tokenUrl) }
      : PAYLOCITY_HOSTS[environment];
  const companyId = (fields.companyId ?? '').trim();
  const pageSize = wholeNumberField(fields.pageSize);
  const concurrency = wholeNumberField(fields.concurrency);
  const rate = Number(fields.requestsPerSecond);
  return {
    configName: fields.name?.trim() || (companyId ? `Paylocity ${companyId}` : id),
    apiBase: hosts.apiBase,
    tokenUrl: hosts.tokenUrl,
    companyId,
    clientId: credentials.clientId?.trim() ?? '',
    clientSecret: credentials.clientSecret ?? '',
    ...(pageSize !== undefined ? { pageSize: Math.min(1000, pageSize) } : {}),
    ...(concurrency !== undefined ? { concurrency: Math.min(32, concurrency) } : {}),
    ...(fields.requestsPerSecond !== undefined && fields.requestsPerSecond !== '' && Number.isFinite(rate) && rate > 0
      ? { requestsPerSecond: Math.min(1000, Math.max(0.1, rate)) }
      : {}),
    ...(limits.timeoutMs !== undefined ? { timeoutMs: Math.max(1000, limits.timeoutMs) } : {}),
    retry: limits.retry,
  };
}

/** Basic credentials for the webhook endpoint, or undefined when none are set (then any POST is taken). */
export function webhookCredentialsFrom(credentials: PaylocityCredentials): WebhookBasicCredentials | undefined {
  const user = credentials.webhookUser ?? '';
  const password = credentials.webhookPassword ?? '';
  return user === '' && password === '' ? undefined : { user, password };
}

function trimUrl(value: string | undefined): string {
  return (value ?? '').trim().replace(/\/+$/, '');
}
