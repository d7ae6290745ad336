// Odoo's faults as typed errors. Each transport reports the Python exception differently (XML-RPC: a
// fault code and text, JSON-RPC: error.data.name, JSON-2: an HTTP status and body.name); all of them
// end up here as one OdooError, so nodes and flows branch on `code` whatever the transport.

export type OdooErrorCode =
  /** Login refused: wrong database, username or API key (AccessDenied). */
  | 'MLC_ODOO_ACCESS_DENIED'
  /** Logged in, but the user lacks the right for this model or record (AccessError). */
  | 'MLC_ODOO_ACCESS_RIGHTS'
  /** Odoo refused the data: UserError or ValidationError (an unbalanced entry, a missing required field). */
  | 'MLC_ODOO_VALIDATION'
  /** A record the call names does not exist (MissingError). */
  | 'MLC_ODOO_MISSING'
  /** A field the model does not have. */
  | 'MLC_ODOO_UNKNOWN_FIELD'
  /** An unknown model or method, or a private one. */
  | 'MLC_ODOO_NOT_FOUND'
  /** Arguments Odoo could not take (a TypeError, wrong JSON-2 parameters). */
  | 'MLC_ODOO_BAD_CALL'
  /** Anything else the server raised. */
  | 'MLC_ODOO_SERVER'
  /** The server answered something that is not Odoo's protocol (an HTML page, a proxy error). */
  | 'MLC_ODOO_PROTOCOL';

export class OdooError extends Error {
  readonly code: OdooErrorCode;
  /** Odoo's exception class, e.g. 'odoo.exceptions.ValidationError', when the transport told it. */
  readonly exceptionClass?: string;
  /** Odoo's own message, without a traceback. */
  readonly odooMessage: string;
  readonly model?: string;
  readonly method?: string;
  /** True when the same call may succeed later (a serialization failure under concurrent writes). */
  readonly transient: boolean;
  readonly configName?: string;

  constructor(
    code: OdooErrorCode,
    message: string,
    details: { odooMessage: string; exceptionClass?: string; model?: string; method?: string; transient?: boolean; configName?: string },
  ) {
    super(message);
    this.name = 'OdooError';
    this.code = code;
    this.odooMessage = details.odooMessage;
    this.transient = details.transient ?? false;
    if (details.exceptionClass !== undefined) this.exceptionClass = details.exceptionClass;
    if (details.model !== undefined) this.model = details.model;
    if (details.method !== undefined) this.method = details.method;
    if (details.configName !== undefined) this.configName = details.configName;
  }
}

export function isOdooError(value: unknown): value is OdooError {
  return value instanceof OdooError;
}

/** One fault as the transport saw it, before classification. */
export interface RawFault {
  exceptionClass?: string;
  message: string;
  /** XML-RPC faultCode (1 traceback, 2 user error family, 3 AccessDenied, 4 AccessError). */
  xmlRpcCode?: number;
  /** JSON-2 HTTP status. */
  httpStatus?: number;
}

/** Unknown model or method, in the words of Odoo 12-19. */
const NOT_FOUND = /^Object .* doesn't exist|^the model '.*' does not exist|^The method '.*' does not exist|^Private methods .* cannot be called remotely/;

const TRANSIENT = /could not serialize access|deadlock detected|concurrent update|LockError|lock not available/i;

export function classifyFault(fault: RawFault): { code: OdooErrorCode; transient: boolean } {
  const name = fault.exceptionClass ?? '';
  const cls = name.slice(name.lastIndexOf('.') + 1);
  const transient = TRANSIENT.test(fault.message) || cls === 'LockError' || cls === 'SerializationFailure';
  if (cls === 'AccessDenied' || cls === 'Unauthorized' || fault.xmlRpcCode === 3 || fault.httpStatus === 401) return { code: 'MLC_ODOO_ACCESS_DENIED', transient: false };
  if (cls === 'AccessError' || fault.xmlRpcCode === 4) return { code: 'MLC_ODOO_ACCESS_RIGHTS', transient: false };
  if (/^Invalid field /.test(fault.message)) return { code: 'MLC_ODOO_UNKNOWN_FIELD', transient: false };
  if (cls === 'MissingError' || /^Record does not exist or has been deleted/.test(fault.message)) return { code: 'MLC_ODOO_MISSING', transient: false };
  if (cls === 'NotFound' || (fault.httpStatus === 404 && cls === '') || NOT_FOUND.test(fault.message)) return { code: 'MLC_ODOO_NOT_FOUND', transient: false };
  if (cls === 'UserError' || cls === 'ValidationError' || cls === 'RedirectWarning' || (fault.xmlRpcCode === 2 && !transient)) {
    return { code: 'MLC_ODOO_VALIDATION', transient: false };
  }
  if (cls === 'TypeError' || cls === 'UnprocessableEntity' || cls === 'BadRequest') return { code: 'MLC_ODOO_BAD_CALL', transient: false };
  return { code: 'MLC_ODOO_SERVER', transient };
}

/**
 * A fault-code-1 faultString (and JSON `debug`) is a Python traceback; its last line is
 * "<module.Class>: <message>" ("<Class>: <message>" for builtins). Returns the class and message.
 */
export function parseTraceback(text: string): { exceptionClass?: string; message: string } {
  const lines = text.trimEnd().split('\n');
  if (!/^Traceback \(most recent call last\)/.test(lines[0] ?? '')) return { message: text.trim() };
  // The exception line is the first line after the frames that is not indented; messages may span lines.
  let at = lines.length - 1;
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (!line.startsWith(' ') && /^[A-Za-z_][\w.]*(: |$)/.test(line)) {
      at = i;
      break;
    }
  }
  const exceptionLine = lines.slice(at).join('\n');
  const match = /^([A-Za-z_][\w.]*)(?:: ([\s\S]*))?$/.exec(exceptionLine);
  if (!match) return { message: exceptionLine };
  const cls = match[1] ?? '';
  return { exceptionClass: cls.includes('.') ? cls : `builtins.${cls}`, message: (match[2] ?? '').trim() };
}
