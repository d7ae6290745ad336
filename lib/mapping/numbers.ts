// Amounts as exported by payroll and ERP systems: "1.234,56" (EU), "1,234.56" (US), "(1,234.56)" for a
// negative in accounting exports. The separators are fixed per rule, so the parser is built once.

export interface NumberFormat {
  decimal: '.' | ',';
  /** '' when the values have no thousands separator. */
  thousands: '' | ',' | '.' | ' ' | "'";
  /** Round half away from zero to this many decimals. */
  round?: number | undefined;
  /** Flip the sign, e.g. to turn a payroll deduction into a credit. */
  negate: boolean;
}

export type NumberParser = (value: unknown) => number | null;

const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i;
const STRAY_SEPARATOR = /[.,' \u00a0\u202f]/;

export function compileNumberParser(format: NumberFormat): NumberParser {
  // A thousands separator of ' ' also matches the no-break spaces spreadsheets write.
  const separator = format.thousands === ' ' ? '[ \\u00a0\\u202f]' : format.thousands ? `\\${format.thousands}` : null;
  const hasSeparator = separator ? new RegExp(separator) : null;
  const allSeparators = separator ? new RegExp(separator, 'g') : null;
  // Separators must group by three ("1,234", not "1,23"): a US amount read as European then fails
  // instead of turning 1,234.56 into 1.23456.
  const grouped = separator ? new RegExp(`^[+-]?\\d{1,3}(${separator}\\d{3})+$`) : null;
  const decimal = format.decimal;
  const factor = format.round === undefined ? 0 : 10 ** format.round;
  const sign = format.negate ? -1 : 1;

  const finish = (n: number): number | null => {
    if (!Number.isFinite(n)) return null;
    let result = n * sign;
    if (factor) result = (Math.sign(result) * Math.round(Math.abs(result) * factor * (1 + Number.EPSILON))) / factor;
    return result === 0 ? 0 : result; // no -0: it would not equal 0 in checks downstream
  };

  return (value) => {
    if (typeof value === 'number') return finish(value);
    if (typeof value !== 'string') return null;
    let text = value.trim();
    let negative = false;
    if (text.length > 2 && text.startsWith('(') && text.endsWith(')')) {
      negative = true;
      text = text.slice(1, -1).trim();
      if (text.startsWith('-') || text.startsWith('+')) return null;
    }
    const at = text.indexOf(decimal);
    let integer = at < 0 ? text : text.slice(0, at);
    const fraction = at < 0 ? '' : text.slice(at + 1);
    if (hasSeparator && allSeparators && grouped) {
      if (hasSeparator.test(fraction)) return null;
      if (hasSeparator.test(integer)) {
        if (!grouped.test(integer)) return null;
        integer = integer.replace(allSeparators, '');
      }
    }
    // Whatever separator is left is the wrong one for this format ("1.5" when the decimal is ",").
    if (STRAY_SEPARATOR.test(integer) || STRAY_SEPARATOR.test(fraction)) return null;
    const plain = at < 0 ? integer : `${integer}.${fraction}`;
    if (!PLAIN_NUMBER.test(plain)) return null;
    const n = Number(plain);
    return finish(negative ? -n : n);
  };
}
