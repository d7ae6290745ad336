// The mlc-odoo-config node's fields and credentials → the client's settings. Kept free of Node-RED so
// the Test connection route and the runtime node read a config the same way.
import { TRANSPORT_CHOICES, type OdooSettingsInput, type TransportChoice } from '../../lib/odoo/settings';
import { httpLimitsFromNode, type HttpLimitFields } from '../shared/http-settings';

export interface OdooConfigFields extends HttpLimitFields {
  name?: string;
  url?: string;
  db?: string;
  transport?: string;
  companyId?: string | number;
}

export interface OdooCredentials {
  username?: string;
  apiKey?: string;
}

export function odooSettingsFromNode(id: string, fields: OdooConfigFields, credentials: OdooCredentials): OdooSettingsInput {
  const transport = (TRANSPORT_CHOICES as readonly string[]).includes(fields.transport ?? '') ? (fields.transport as TransportChoice) : 'auto';
  const company = Number(fields.companyId);
  const limits = httpLimitsFromNode(fields);
  return {
    configName: fields.name?.trim() || fields.url?.trim() || id,
    url: fields.url ?? '',
    db: fields.db ?? '',
    username: credentials.username ?? '',
    apiKey: credentials.apiKey ?? '',
    transport,
    ...(Number.isInteger(company) && company > 0 ? { companyId: company } : {}),
    ...(limits.timeoutMs !== undefined ? { timeoutMs: Math.max(1000, limits.timeoutMs) } : {}),
    retry: limits.retry,
  };
}
