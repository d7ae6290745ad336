// The mlc-procore-config node's fields and credentials → the Procore client's settings. Kept free of
// Node-RED so the Test connection route and the runtime node read a config the same way.
import { PROCORE_ENVIRONMENTS, PROCORE_HOSTS, type ProcoreEnvironment, type ProcoreSettingsInput } from '../../lib/procore/settings';
import { httpLimitsFromNode, wholeNumberField, type HttpLimitFields } from '../shared/http-settings';

export interface ProcoreConfigFields extends HttpLimitFields {
  name?: string;
  environment?: string;
  /** Only for the `custom` environment (a proxy, the bundled sandbox). */
  apiBase?: string;
  tokenUrl?: string;
  companyId?: string;
  perPage?: string | number;
  concurrency?: string | number;
}

export interface ProcoreCredentials {
  clientId?: string;
  clientSecret?: string;
}

export const PROCORE_CREDENTIALS = {
  clientId: { type: 'text' },
  clientSecret: { type: 'password' },
} as const;

/** Credential fields whose value the editor never gets back (it sends '__PWRD__' when unchanged). */
export const SECRET_FIELDS = ['clientSecret'] as const;

export function environmentOf(fields: ProcoreConfigFields): ProcoreEnvironment {
  const value = (fields.environment ?? '').trim();
  return (PROCORE_ENVIRONMENTS as readonly string[]).includes(value) ? (value as ProcoreEnvironment) : 'production';
}

export function procoreSettingsFromNode(id: string, fields: ProcoreConfigFields, credentials: ProcoreCredentials): ProcoreSettingsInput {
  const limits = httpLimitsFromNode(fields);
  const environment = environmentOf(fields);
  const hosts = environment === 'custom' ? { apiBase: trimUrl(fields.apiBase), tokenUrl: trimUrl(fields.tokenUrl) } : PROCORE_HOSTS[environment];
  const companyId = String(fields.companyId ?? '').trim();
  const perPage = wholeNumberField(fields.perPage);
  const concurrency = wholeNumberField(fields.concurrency);
  return {
    configName: fields.name?.trim() || (companyId ? `Procore ${companyId}` : id),
    apiBase: hosts.apiBase,
    tokenUrl: hosts.tokenUrl,
    companyId,
    clientId: credentials.clientId?.trim() ?? '',
    clientSecret: credentials.clientSecret ?? '',
    ...(perPage !== undefined ? { perPage: Math.min(2000, perPage) } : {}),
    ...(concurrency !== undefined ? { concurrency: Math.min(32, concurrency) } : {}),
    ...(limits.timeoutMs !== undefined ? { timeoutMs: Math.max(1000, limits.timeoutMs) } : {}),
    retry: limits.retry,
  };
}

function trimUrl(value: string | undefined): string {
  return (value ?? '').trim().replace(/\/+$/, '');
}
