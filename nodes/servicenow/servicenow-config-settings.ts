// The mlc-servicenow-config node's fields and credentials → the ServiceNow client's settings. Kept free
// of Node-RED so the Test connection route and the runtime node read a config the same way.
import { SERVICENOW_AUTH_MODES, SERVICENOW_MAX_PAGE, type ServiceNowAuthMode, type ServiceNowSettingsInput } from '../../lib/servicenow/settings';
import { httpLimitsFromNode, wholeNumberField, type HttpLimitFields } from '../shared/http-settings';

export interface ServiceNowConfigFields extends HttpLimitFields {
  name?: string;
  instanceUrl?: string;
  authMode?: string;
  pageSize?: string | number;
  concurrency?: string | number;
  /** Tables the flows use, comma or space separated: Test connection checks each. */
  tables?: string;
}

export interface ServiceNowCredentials {
  /** The user name (password grant, Basic). */
  user?: string;
  password?: string;
  clientId?: string;
  clientSecret?: string;
}

export const SERVICENOW_CREDENTIALS = {
  user: { type: 'text' },
  password: { type: 'password' },
  clientId: { type: 'text' },
  clientSecret: { type: 'password' },
} as const;

/** Credential fields whose value the editor never gets back (it sends '__PWRD__' when unchanged). */
export const SECRET_FIELDS = ['password', 'clientSecret'] as const;

export function authModeOf(fields: ServiceNowConfigFields): ServiceNowAuthMode {
  const value = (fields.authMode ?? '').trim();
  return (SERVICENOW_AUTH_MODES as readonly string[]).includes(value) ? (value as ServiceNowAuthMode) : 'oauth-password';
}

export function tablesOf(text: string | undefined): string[] {
  return [...new Set((text ?? '').split(/[\s,]+/).map((t) => t.trim()).filter((t) => t !== ''))];
}

export function serviceNowSettingsFromNode(id: string, fields: ServiceNowConfigFields, credentials: ServiceNowCredentials): ServiceNowSettingsInput {
  const limits = httpLimitsFromNode(fields);
  const instanceUrl = (fields.instanceUrl ?? '').trim().replace(/\/+$/, '');
  const authMode = authModeOf(fields);
  const pageSize = wholeNumberField(fields.pageSize);
  const concurrency = wholeNumberField(fields.concurrency);
  let host = '';
  try {
    host = new URL(instanceUrl).hostname;
  } catch {
    // named by id below; the settings check says what is wrong with the URL
  }
  return {
    configName: fields.name?.trim() || (host ? `ServiceNow ${host}` : id),
    instanceUrl,
    authMode,
    // Only the credentials the mode uses: a leftover password of another mode is never sent.
    ...(authMode !== 'oauth-client-credentials' ? { user: credentials.user?.trim() ?? '', password: credentials.password ?? '' } : {}),
    ...(authMode !== 'basic' ? { clientId: credentials.clientId?.trim() ?? '', clientSecret: credentials.clientSecret ?? '' } : {}),
    tables: tablesOf(fields.tables),
    ...(pageSize !== undefined ? { pageSize: Math.min(SERVICENOW_MAX_PAGE, pageSize) } : {}),
    ...(concurrency !== undefined ? { concurrency: Math.min(32, concurrency) } : {}),
    ...(limits.timeoutMs !== undefined ? { timeoutMs: Math.max(1000, limits.timeoutMs) } : {}),
    retry: limits.retry,
  };
}
