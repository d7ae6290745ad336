// Amounts as whole cents. Control totals and read-back totals are summed as integers, so two runs of
// the same data tie out to the cent whatever order the lines came in (summed floats drift).

const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Cents of an amount as a system gives it: a number or a plain decimal string ("1234.5", "-0.07").
 * Missing amounts (null, undefined, "", false) are 0; beyond two decimals it rounds half away from
 * zero, as Odoo's monetary fields do. Answers null for what is not an amount.
 */
export function toCents(value: unknown): number | null {
  if (value === null || value === undefined || value === false || value === '') return 0;
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return null;
    // The shortest decimal that reads back as this number: 0.1 + 0.2 stays 0.30000000000000004 and rounds to 30.
    text = Math.abs(value) < 1e21 ? plainDecimal(value) : '';
  } else if (typeof value === 'string') text = value.trim();
  else return null;
  const match = DECIMAL.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) return null;
  const sign = match[1] === '-' ? -1 : 1;
  const fraction = (match[3] ?? '').padEnd(3, '0');
  let cents = Number(match[2] || '0') * 100 + Number(fraction.slice(0, 2));
  if (Number(fraction[2]) >= 5) cents += 1;
  if (!Number.isSafeInteger(cents)) return null;
  return cents === 0 ? 0 : sign * cents;
}

function plainDecimal(value: number): string {
  const text = String(value);
  if (!/e/i.test(text)) return text;
  // Tiny or huge numbers print with an exponent; twenty places are plenty for cents.
  return value.toFixed(20);
}

/** "1,234.56" style, with a sign when negative, for messages an accountant reads. */
export function formatCents(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

/** A share of an amount (an analytic distribution's percentage), to the cent, half away from zero. */
export function shareOf(cents: number, percent: number): number {
  if (percent === 100) return cents;
  const raw = (Math.abs(cents) * percent) / 100;
  const rounded = Math.round(raw + 1e-9);
  return cents < 0 ? -rounded : rounded;
}
