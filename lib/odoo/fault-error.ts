import { classifyFault, OdooError, type RawFault } from './errors';

/** Turns a fault, as one transport saw it, into the OdooError every caller handles. */
export function faultError(fault: RawFault, where: { model?: string; method?: string; configName: string }): OdooError {
  const { code, transient } = classifyFault(fault);
  const target = where.model ? `${where.model}.${where.method ?? ''}` : (where.method ?? 'call');
  const message =
    code === 'MLC_ODOO_ACCESS_DENIED'
      ? `odoo: config node "${where.configName}": ${target} was refused: ${fault.message} (check the database, username and API key)`
      : `odoo: ${target} failed: ${fault.message}`;
  return new OdooError(code, message, {
    odooMessage: fault.message,
    transient,
    configName: where.configName,
    ...(fault.exceptionClass !== undefined ? { exceptionClass: fault.exceptionClass } : {}),
    ...(where.model !== undefined ? { model: where.model } : {}),
    ...(where.method !== undefined ? { method: where.method } : {}),
  });
}

export function protocolError(what: string, configName: string): OdooError {
  return new OdooError('MLC_ODOO_PROTOCOL', `odoo: ${what}`, { odooMessage: what, configName });
}
