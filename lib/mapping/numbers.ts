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

export function compileNumberParser(format: NumberFormat): NumberParser {
  // A thousands separator of ' ' also matches the no-break spaces spreadsheets write.
  const thousands = format.thousands === ' ' ? /[ \u00a0\u202f]/g : format.thousands ? new RegExp(`\\${format.thousands}`, 'g') : null;
  const decimalIsComma = format.decimal === ',';
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
    if (thousands) text = text.replace(thousands, '');
    if (decimalIsComma) {
      if (text.includes('.')) return null;
      text = text.replace(',', '.');
    }
    if (!PLAIN_NUMBER.test(text)) return null;
    const n = Number(text);
    return finish(negative ? -n : n);
  };
}
