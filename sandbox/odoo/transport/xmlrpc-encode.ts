import { PythonError } from './python-error';

/*
 * The server side of `xmlrpc.client.dumps` as Odoo calls it (`OdooMarshaller(allow_none=False)`),
 * byte for byte: the same newlines, the same escaping, the same prolog Odoo wraps it in.
 */

const MAXINT = 2 ** 31 - 1;
const MININT = -(2 ** 31);

/** A successful answer; throws the TypeError/OverflowError Odoo's marshaller would raise. */
export function methodResponse(result: unknown): string {
  const out: string[] = ['<params>\n', '<param>\n'];
  dump(result, out, new Set());
  out.push('</param>\n', '</params>\n');
  return wrap(out.join(''));
}

export function faultResponse(fault: { faultCode: number; faultString: string }): string {
  const out: string[] = ['<fault>\n'];
  dump({ faultCode: fault.faultCode, faultString: fault.faultString }, out, new Set());
  out.push('</fault>\n');
  return wrap(out.join(''));
}

function wrap(body: string): string {
  return `<?xml version="1.0"?>\n<methodResponse>\n${body}\n</methodResponse>\n`;
}

function dump(value: unknown, out: string[], seen: Set<object>): void {
  if (value === null || value === undefined) {
    // Odoo never enables allow_none: a method returning None becomes fault 1 after its work committed.
    throw new PythonError('builtins.TypeError', 'cannot marshal None unless allow_none is enabled');
  }
  if (typeof value === 'boolean') {
    out.push(`<value><boolean>${value ? '1' : '0'}</boolean></value>\n`);
  } else if (typeof value === 'number') {
    if (Number.isInteger(value)) {
      if (value > MAXINT || value < MININT) throw new PythonError('builtins.OverflowError', 'int exceeds XML-RPC limits');
      out.push(`<value><int>${value}</int></value>\n`);
    } else {
      out.push(`<value><double>${pyFloatRepr(value)}</double></value>\n`);
    }
  } else if (typeof value === 'string') {
    out.push(`<value><string>${escape(stripControlCharacters(value))}</string></value>\n`);
  } else if (Array.isArray(value)) {
    guard(value, seen, 'sequences');
    out.push('<value><array><data>\n');
    for (const item of value) dump(item, out, seen);
    out.push('</data></array></value>\n');
    seen.delete(value);
  } else if (typeof value === 'object') {
    guard(value, seen, 'dictionaries');
    out.push('<value><struct>\n');
    for (const [key, item] of Object.entries(value)) {
      out.push('<member>\n', `<name>${escape(key)}</name>\n`);
      dump(item, out, seen);
      out.push('</member>\n');
    }
    out.push('</struct></value>\n');
    seen.delete(value);
  } else {
    throw new PythonError('builtins.TypeError', `cannot marshal ${typeof value} objects`);
  }
}

function guard(value: object, seen: Set<object>, kind: string): void {
  if (seen.has(value)) throw new PythonError('builtins.TypeError', `cannot marshal recursive ${kind}`);
  seen.add(value);
}

/** `xml.sax.saxutils.escape` as xmlrpc.client uses it: &, < and > only. */
function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** XML 1.0 cannot carry them; Odoo drops 0-31 except tab, newline and carriage return. */
function stripControlCharacters(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
}

/**
 * Python's `repr(float)`: the shortest round-trip digits (as JavaScript's), but positional only for
 * exponents -4..15, with a 2-digit signed exponent otherwise and always a '.0' on whole numbers.
 */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  const [mantissa = '0', exponentText = '0'] = value.toExponential().split('e');
  const exponent = Number(exponentText);
  if (exponent >= -4 && exponent < 16) {
    // JavaScript writes these exponents positionally too.
    const positional = value.toString();
    return positional.includes('.') ? positional : `${positional}.0`;
  }
  const sign = exponent < 0 ? '-' : '+';
  return `${mantissa}e${sign}${String(Math.abs(exponent)).padStart(2, '0')}`;
}
