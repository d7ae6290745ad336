// How the writer tells record errors from call errors, and what a failed record carries.
import { isOdooError, type OdooErrorCode } from './errors';
import type { WriteFailure } from './write-request';

export type WriteErrorCode =
  | 'MLC_ODOO_WRITE_NOT_FOUND'
  | 'MLC_ODOO_WRITE_AMBIGUOUS'
  | 'MLC_ODOO_WRITE_NO_KEY'
  | 'MLC_ODOO_WRITE_BAD_INPUT'
  | 'MLC_ODOO_POST_FAILED';

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
 * Faults Odoo raised about the data of a call: Odoo answered, so the call's transaction was rolled back
 * and sending the records again one by one is safe. A server error (MLC_ODOO_SERVER: a 500, a Python
 * exception that is not a refusal) is not among them: the same answer comes from a proxy or a worker
 * that died after the commit, so it says nothing certain about what was written.
 */
const RECORD_LEVEL: ReadonlySet<OdooErrorCode> = new Set(['MLC_ODOO_VALIDATION', 'MLC_ODOO_UNKNOWN_FIELD', 'MLC_ODOO_MISSING', 'MLC_ODOO_BAD_CALL']);

/** Refusals that are certain: Odoo answered and wrote nothing (the data, the rights, the method). */
const REFUSED: ReadonlySet<OdooErrorCode> = new Set([...RECORD_LEVEL, 'MLC_ODOO_ACCESS_DENIED', 'MLC_ODOO_ACCESS_RIGHTS', 'MLC_ODOO_NOT_FOUND']);

export function isRecordLevel(err: unknown): boolean {
  return isOdooError(err) && RECORD_LEVEL.has(err.code) && !err.transient;
}

/**
 * Whether a failed write call certainly wrote nothing. Everything else (a timeout, a cut or lost
 * answer, a dropped connection, any 5xx, an answer that is not Odoo's) is an unknown outcome: the
 * call may have committed, so the records are looked up before anything is sent again.
 */
export function isRefusal(err: unknown): boolean {
  return isOdooError(err) && REFUSED.has(err.code) && !err.transient;
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
