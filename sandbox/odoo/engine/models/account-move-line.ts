import { lineBalance } from '../business/move-lines';
import type { Env, Vals } from '../env';
import { faults } from '../faults';
import { fields, type Row, type StoredValue } from '../fields';
import { defineModel } from '../model-def';
import { roundHalfUp } from '../orm/coerce';
import { ACCESS } from './access-groups';

/** A field of the line's move (Odoo stores these as related fields). */
function fromMove(field: string): (row: Row, env: Env) => StoredValue {
  return (row, env) => {
    const moveId = row['move_id'];
    const move = typeof moveId === 'number' ? env.db.table('account.move').get(moveId) : undefined;
    return move?.[field] ?? false;
  };
}

function number(value: unknown): number | undefined {
  if (value === false || value === null || value === undefined) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
}

/**
 * Since Odoo 16 a line's primary amount is its balance; debit and credit given together are folded
 * into it (balance = debit - credit) and split back, so a line never carries both.
 */
function foldAmounts(vals: Vals): Vals {
  if (!('balance' in vals || 'debit' in vals || 'credit' in vals)) return vals;
  const balance = 'balance' in vals ? number(vals['balance']) : subtract(number(vals['debit']), number(vals['credit']));
  // Unparseable amounts are left for the field conversion to reject with Odoo's message.
  if (balance === undefined) return vals;
  const { balance: _ignored, ...rest } = vals;
  const rounded = roundHalfUp(balance, 2);
  return { ...rest, debit: rounded > 0 ? rounded : 0, credit: rounded < 0 ? -rounded : 0 };
}

function subtract(debit: number | undefined, credit: number | undefined): number | undefined {
  return debit === undefined || credit === undefined ? undefined : debit - credit;
}

/** quantity × unit price on a product line; other lines have none. */
function productSubtotal(row: Row): number {
  if (row['display_type'] !== 'product') return 0;
  return roundHalfUp((typeof row['quantity'] === 'number' ? row['quantity'] : 0) * (typeof row['price_unit'] === 'number' ? row['price_unit'] : 0), 2);
}

function moveIdsOf(env: Env, ids: readonly number[]): number[] {
  const lines = env.db.table('account.move.line');
  const moves = new Set<number>();
  for (const id of ids) {
    const moveId = lines.get(id)?.['move_id'];
    if (typeof moveId === 'number') moves.add(moveId);
  }
  return [...moves];
}

export const accountMoveLine = defineModel({
  name: 'account.move.line',
  description: 'Journal Item',
  order: 'date desc, move_name desc, id',
  recNamesSearch: ['name', 'move_name'],
  displayName: (row, env) => {
    const moveName = fromMove('name')(row, env);
    return [typeof moveName === 'string' ? moveName : '', typeof row['name'] === 'string' ? row['name'] : ''].filter(Boolean).join(' ');
  },
  fields: {
    move_id: fields.many2one('account.move', 'Journal Entry', { required: true, ondelete: 'cascade' }),
    move_name: fields.char('Number', { readonly: true, compute: fromMove('name') }),
    date: fields.date('Date', { readonly: true, compute: fromMove('date') }),
    journal_id: fields.many2one('account.journal', 'Journal', { readonly: true, compute: fromMove('journal_id') }),
    parent_state: fields.selection(
      [
        ['draft', 'Draft'],
        ['posted', 'Posted'],
        ['cancel', 'Cancelled'],
      ],
      'Status',
      { readonly: true, compute: fromMove('state') },
    ),
    company_id: fields.many2one('res.company', 'Company', { readonly: true, compute: fromMove('company_id') }),
    currency_id: fields.many2one('res.currency', 'Currency', { readonly: true, compute: fromMove('currency_id') }),
    account_id: fields.many2one('account.account', 'Account', { ondelete: 'restrict', indexed: true }),
    partner_id: fields.many2one('res.partner', 'Partner', { ondelete: 'restrict' }),
    name: fields.char('Label'),
    display_type: fields.selection(
      [
        ['product', 'Product'],
        ['cogs', 'Cost of Goods Sold'],
        ['tax', 'Tax'],
        ['discount', 'Discount'],
        ['rounding', 'Rounding'],
        ['payment_term', 'Payment Term'],
        ['line_section', 'Section'],
        ['line_note', 'Note'],
        ['epd', 'Early Payment Discount'],
      ],
      'Display Type',
      { required: true, default: 'product' },
    ),
    debit: fields.monetary('Debit', { default: 0 }),
    credit: fields.monetary('Credit', { default: 0 }),
    balance: fields.monetary('Balance', { compute: (row) => lineBalance(row) }),
    amount_currency: fields.monetary('Amount in Currency', { compute: (row) => lineBalance(row) }),
    quantity: fields.float('Quantity', { digits: 2, default: 1 }),
    price_unit: fields.float('Unit Price', { digits: 6, default: 0 }),
    price_subtotal: fields.monetary('Subtotal', {
      readonly: true,
      compute: productSubtotal,
    }),
    // Taxes are not modelled, so the total with taxes is the subtotal.
    price_total: fields.monetary('Total', {
      readonly: true,
      compute: productSubtotal,
    }),
    product_id: fields.many2one('product.product', 'Product', { ondelete: 'restrict' }),
    analytic_distribution: fields.json('Analytic Distribution'),
  },
  hooks: {
    prepareCreate: (_env, vals) => foldAmounts(vals),
    prepareWrite: (_env, _ids, vals) => foldAmounts(vals),
    afterCreate: (env, ids) => env.deferred.mark('account.move', moveIdsOf(env, ids)),
    afterWrite: (env, ids) => env.deferred.mark('account.move', moveIdsOf(env, ids)),
    beforeUnlink: (env, ids) => {
      const moves = env.db.table('account.move');
      for (const moveId of moveIdsOf(env, ids)) {
        if (moves.get(moveId)?.['state'] === 'posted') throw faults.user('You cannot delete an item linked to a posted entry.');
      }
      env.deferred.mark('account.move', moveIdsOf(env, ids));
    },
  },
  access: ACCESS.journalEntries,
  checks: [
    {
      holds: (row) => row['display_type'] === 'line_section' || row['display_type'] === 'line_note' || typeof row['account_id'] === 'number',
      message: 'Missing required account on accountable line.',
    },
  ],
});
