import type { Env } from '../env';

/**
 * Odoo's `format_amount`: grouped digits, the currency's decimals, and the symbol on its side joined by
 * a no-break space ("$\u00a01,250.00"). Minus signs get a zero-width no-break space after them.
 */
export function formatAmount(env: Env, amount: number, currencyId: unknown): string {
  const currency = typeof currencyId === 'number' ? env.db.table('res.currency').get(currencyId) : undefined;
  const decimals = typeof currency?.['decimal_places'] === 'number' ? currency['decimal_places'] : 2;
  const symbol = typeof currency?.['symbol'] === 'string' ? currency['symbol'] : '';
  const digits = amount
    .toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals })
    .replace(/ /g, '\u00a0')
    .replace(/-/g, '-\ufeff');
  return currency?.['position'] === 'before' ? `${symbol}\u00a0${digits}` : `${digits}\u00a0${symbol}`;
}
