// How the writer tells record errors from call errors, and what a failed record carries.
import { isOdooError, type OdooErrorCode } from './errors';
import type { WriteFailure } from './write-request';

export type WriteErrorCode =
  | 'MLC_ODOO_WRITE_NOT_FOUND'
  | 'MLC_ODOO_WRITE_AMBIGUOUS'
  | 'MLC_ODOO_WRITE_NO_KEY'
  | 'MLC_ODOO_WRITE_BAD_INPUT'
  | 'MLC_ODOO_POST_FAILED'
  | 'MLC_ODOO_XMLID_FAILED';

export class OdooWriteError extends Error {
  constructor(
    message: string,
    readonly code: WriteErrorCode | OdooErrorCode,
    readonly odooMessage?: string,
  ) {
    super(message);
    this.name = 'OdooWriteError';
  }
}

/**
 * Codes of faults Odoo raised about the data. Odoo answered, so the call's transaction was rolled
 * back and sending the records again one by one is safe. A timeout or a dropped connection is not:
 * the create may have committed, and a second try could make the record twice.
 */
const RECORD_LEVEL: ReadonlySet<OdooErrorCode> = new Set(['MLC_ODOO_VALIDATION', 'MLC_ODOO_UNKNOWN_FIELD', 'MLC_ODOO_MISSING', 'MLC_ODOO_BAD_CALL', 'MLC_ODOO_SERVER']);

export function isRecordLevel(err: unknown): boolean {
  return isOdooError(err) && RECORD_LEVEL.has(err.code) && !err.transient;
}

export function failure(err: unknown, extra: { prefix?: string; code?: WriteErrorCode; id?: number; created?: boolean } = {}): WriteFailure {
  const base = err instanceof Error ? err : new Error(String(err));
  const odooMessage = isOdooError(base) ? base.odooMessage : base instanceof OdooWriteError ? base.odooMessage : undefined;
  const ownCode = (base as { code?: unknown }).code;
  const code = extra.code ?? (typeof ownCode === 'string' ? ownCode : 'MLC_ODOO_WRITE_FAILED');
  return {
    ok: false,
    error: {
      message: extra.prefix ? `${extra.prefix}: ${odooMessage ?? base.message}` : base.message,
      code,
      ...(odooMessage !== undefined ? { odooMessage } : {}),
    },
    ...(extra.id !== undefined ? { id: extra.id } : {}),
    ...(extra.created !== undefined ? { created: extra.created } : {}),
  };
}
