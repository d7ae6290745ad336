// What the Odoo write-node profiles share: the config node, a client for the checks, and how a call is
// named. Over JSON-2 (what 'auto' picks on Odoo 19, the sandbox's version) model and method are in the
// path; over XML-RPC every call goes to /xmlrpc/2/object and the sandbox's log tags name it.
import { OdooClient } from '../../../lib/odoo';
import type { RequestLogEntry } from '../../../sandbox/kit';
import type { FlowNode } from '../../support/e2e';
import type { ProfileContext, ProtocolStep } from '../kit';

export const ODOO_CONFIG = 'fm-odoo';

export type OdooTransportChoice = 'json2' | 'xmlrpc';

export function odooConfigNode(ctx: ProfileContext, transport: OdooTransportChoice = 'json2'): FlowNode {
  return {
    id: ODOO_CONFIG,
    type: 'mlc-odoo-config',
    name: 'Odoo sandbox (fault matrix)',
    url: '${MLC_SANDBOX_ODOO_URL}',
    db: '${MLC_SANDBOX_ODOO_DB}',
    transport,
    companyId: '',
    timeoutSeconds: ctx.limits.timeoutSeconds,
    maxAttempts: ctx.limits.maxAttempts,
    maxRetrySeconds: ctx.limits.maxRetrySeconds,
  };
}

export function odooCredentials(): Record<string, Record<string, string>> {
  return { [ODOO_CONFIG]: { username: '${MLC_SANDBOX_ODOO_USERNAME}', apiKey: '${MLC_SANDBOX_ODOO_API_KEY}' } };
}

/** A client of the kit's own (not the flow's), for seeding and counting; kept in ctx.state. */
export function checkClient(ctx: ProfileContext): OdooClient {
  const existing = ctx.state['odooClient'];
  if (existing instanceof OdooClient) return existing;
  const client = new OdooClient({
    configName: 'fault-matrix check',
    url: ctx.env['MLC_SANDBOX_ODOO_URL'] ?? '',
    db: ctx.env['MLC_SANDBOX_ODOO_DB'] ?? '',
    username: ctx.env['MLC_SANDBOX_ODOO_USERNAME'] ?? '',
    apiKey: ctx.env['MLC_SANDBOX_ODOO_API_KEY'] ?? '',
    transport: 'json2',
  });
  (ctx.state as Record<string, unknown>)['odooClient'] = client;
  return client;
}

const JSON2 = /^\/json\/2\/([^/]+)\/([^/]+)$/;
const XMLRPC_OBJECT = '/xmlrpc/2/object';

export function isOdooCall(entry: RequestLogEntry): boolean {
  return JSON2.test(entry.path) || entry.path === XMLRPC_OBJECT;
}

export function odooStep(entry: RequestLogEntry): ProtocolStep {
  if (entry.path === XMLRPC_OBJECT) {
    return { label: `${String(entry.tags['model'] ?? '?')}.${String(entry.tags['method'] ?? entry.tags['rpcMethod'] ?? '?')}`, method: 'POST', path: /^\/xmlrpc\/2\/object$/ };
  }
  const [, model = '?', method = '?'] = JSON2.exec(entry.path) ?? [];
  const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return { label: `${model}.${method}`, method: 'POST', path: new RegExp(`^/json/2/${escape(model)}/${escape(method)}$`) };
}
