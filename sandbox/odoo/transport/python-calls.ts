import { pyStr } from '../engine';
import { PythonError } from './python-error';

/*
 * Odoo's service functions are plain Python functions called with `*params`, so a client that sends
 * the wrong number of arguments gets CPython's own TypeError text. Clients log and match that text,
 * so it is reproduced here rather than paraphrased.
 */

export interface PySignature {
  /** `__qualname__` as CPython prints it in the message: 'exp_authenticate', 'execute_kw'. */
  name: string;
  required: readonly string[];
  optional?: readonly string[];
  /** A `*args` parameter: no upper bound. */
  varargs?: boolean;
}

/** Throws CPython's TypeError when `given` positional arguments do not fit `signature`. */
export function checkArity(signature: PySignature, given: number): void {
  const { name, required, optional = [], varargs = false } = signature;
  if (given < required.length) throw missingArguments(name, required.slice(given));
  const most = required.length + optional.length;
  if (!varargs && given > most) {
    const takes = optional.length === 0 ? `${most}` : `from ${required.length} to ${most}`;
    const noun = most === 1 && optional.length === 0 ? 'argument' : 'arguments';
    const verb = given === 1 ? 'was' : 'were';
    throw new PythonError('builtins.TypeError', `${name}() takes ${takes} positional ${noun} but ${given} ${verb} given`);
  }
}

/** `f() missing 2 required positional arguments: 'a' and 'b'` */
export function missingArguments(name: string, missing: readonly string[]): PythonError {
  const noun = missing.length === 1 ? 'argument' : 'arguments';
  return new PythonError('builtins.TypeError', `${name}() missing ${missing.length} required positional ${noun}: ${pyJoin(missing.map((param) => `'${param}'`))}`);
}

/** CPython's list of missing names: 'a', 'a' and 'b', 'a', 'b', and 'c'. */
function pyJoin(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return `${items[0]} and ${items[1]}`;
  return `${items.slice(0, -1).join(', ')}, and ${items[items.length - 1]}`;
}

/** `int(value)` as `odoo.service.model.dispatch` applies it to the uid. */
export function pyInt(value: unknown): number {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new PythonError(Number.isNaN(value) ? 'builtins.ValueError' : 'builtins.OverflowError', Number.isNaN(value) ? 'cannot convert float NaN to integer' : 'cannot convert float infinity to integer');
    return Math.trunc(value);
  }
  if (typeof value === 'string') {
    if (/^\s*[+-]?\d+(_\d+)*\s*$/.test(value)) return Number(value.replace(/_/g, ''));
    throw new PythonError('builtins.ValueError', `invalid literal for int() with base 10: ${pyStr(value)}`);
  }
  throw new PythonError('builtins.TypeError', `int() argument must be a string, a bytes-like object or a real number, not '${pyTypeName(value)}'`);
}

/** The Python type a decoded wire value has on the server. */
export function pyTypeName(value: unknown): string {
  if (value === null || value === undefined) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (typeof value === 'string') return 'str';
  if (Array.isArray(value)) return 'list';
  return 'dict';
}

/** `repr()` of a str, as the engine prints it in its own messages. */
export { pyStr };
