// The mlc-ukg-config node's fields and credentials → the UKG client's settings. Kept free of Node-RED
// so the Test connection route and the runtime node read a config the same way.
import type { UkgSettingsInput } from '../../lib/ukg/settings';
import { httpLimitsFromNode, wholeNumberField, type HttpLimitFields } from '../shared/http-settings';

export interface UkgConfigFields extends HttpLimitFields {
  name?: string;
  host?: string;
  pageSize?: string | number;
  concurrency?: string | number;
  /** OAuth2 (onboarding and the newer APIs): plain fields, the client id and secret are credentials. */
  tokenUrl?: string;
  scope?: string;
}

export interface UkgCredentials {
  username?: string;
  password?: string;
  customerApiKey?: string;
  userApiKey?: string;
  clientId?: string;
  clientSecret?: string;
}

export const UKG_CREDENTIALS = {
  username: { type: 'text' },
  password: { type: 'password' },
  customerApiKey: { type: 'password' },
  userApiKey: { type: 'password' },
  clientId: { type: 'text' },
  clientSecret: { type: 'password' },
} as const;

/** Credential fields whose value the editor never gets back (it sends '__PWRD__' when unchanged). */
export const SECRET_FIELDS = ['password', 'customerApiKey', 'userApiKey', 'clientSecret'] as const;

export function ukgSettingsFromNode(id: string, fields: UkgConfigFields, credentials: UkgCredentials): UkgSettingsInput {
  const limits = httpLimitsFromNode(fields);
  const pageSize = wholeNumberField(fields.pageSize);
  const concurrency = wholeNumberField(fields.concurrency);
  const host = (fields.host ?? '').trim().replace(/\/+$/, '');
  const clientId = credentials.clientId?.trim() ?? '';
  const tokenUrl = fields.tokenUrl?.trim() ?? '';
  const userApiKey = credentials.userApiKey?.trim() ?? '';
  return {
    configName: fields.name?.trim() || host.replace(/^https?:\/\//, '') || id,
    host,
    username: credentials.username?.trim() ?? '',
    password: credentials.password ?? '',
    customerApiKey: credentials.customerApiKey?.trim() ?? '',
    ...(userApiKey ? { userApiKey } : {}),
    // OAuth only when it is filled in: most tenants use only the Basic-auth core APIs.
    ...(clientId || tokenUrl
      ? { oauth: { tokenUrl, clientId, clientSecret: credentials.clientSecret ?? '', ...(fields.scope?.trim() ? { scope: fields.scope.trim() } : {}) } }
      : {}),
    ...(pageSize !== undefined ? { pageSize: Math.min(10_000, pageSize) } : {}),
    ...(concurrency !== undefined ? { concurrency: Math.min(32, concurrency) } : {}),
    ...(limits.timeoutMs !== undefined ? { timeoutMs: Math.max(1000, limits.timeoutMs) } : {}),
    retry: limits.retry,
  };
}
