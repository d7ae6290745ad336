// The mlc-looker-config node's fields and credentials → the Looker client's settings. Kept free of
// Node-RED so the Test connection route and the runtime node read a config the same way.
import type { LookerSettingsInput } from '../../lib/looker/settings';
import { httpLimitsFromNode, type HttpLimitFields } from '../shared/http-settings';

export interface LookerConfigFields extends HttpLimitFields {
  name?: string;
  /** https://mycompany.cloud.looker.com (the API is under /api/4.0). */
  instanceUrl?: string;
}

export interface LookerCredentials {
  clientId?: string;
  clientSecret?: string;
}

export const LOOKER_CREDENTIALS = {
  clientId: { type: 'text' },
  clientSecret: { type: 'password' },
} as const;

/** Credential fields whose value the editor never gets back (it sends '__PWRD__' when unchanged). */
export const SECRET_FIELDS = ['clientSecret'] as const;

export function lookerSettingsFromNode(id: string, fields: LookerConfigFields, credentials: LookerCredentials): LookerSettingsInput {
  const limits = httpLimitsFromNode(fields);
  const instanceUrl = (fields.instanceUrl ?? '').trim().replace(/\/+$/, '');
  let host = '';
  try {
    host = new URL(instanceUrl).hostname;
  } catch {
    // named by id below; the settings check says what is wrong with the URL
  }
  return {
    configName: fields.name?.trim() || (host ? `Looker ${host}` : id),
    instanceUrl,
    clientId: credentials.clientId?.trim() ?? '',
    clientSecret: credentials.clientSecret ?? '',
    ...(limits.timeoutMs !== undefined ? { timeoutMs: Math.max(1000, limits.timeoutMs) } : {}),
    retry: limits.retry,
  };
}
