import { moveDisplayName } from '../business/move-display';
import { linesOf, lineBalance, amount } from '../business/move-lines';
import { cancelMoves, postMoves, resetMovesToDraft } from '../business/move-post';
import { flushMoves } from '../business/move-sync';
import { isInvoice, isPurchaseDocument, isSaleDocument, MOVE_TYPES } from '../business/move-types';
import { sudo, type Env, type Vals } from '../env';
import { faults } from '../faults';
import { fields, type Row } from '../fields';
import { recordAction } from '../methods/record-action';
import { defineModel } from '../model-def';
import { roundHalfUp } from '../orm/coerce';
import { ACCESS } from './access-groups';
import { companyCurrency } from './analytic';

const JOURNAL_TYPE_FOR: Readonly<Record<string, string>> = {
  entry: 'general',
  in_invoice: 'purchase',
  in_refund: 'purchase',
  in_receipt: 'purchase',
  out_invoice: 'sale',
  out_refund: 'sale',
  out_receipt: 'sale',
};

/** Odoo picks the company's first journal of the type the move type needs. */
function defaultJournal(env: Env, vals: Vals): number {
  const moveType = typeof vals['move_type'] === 'string' ? vals['move_type'] : 'entry';
  const journalType = JOURNAL_TYPE_FOR[moveType] ?? 'general';
  const companyId = typeof vals['company_id'] === 'number' ? vals['company_id'] : 1;
  const [id] = env.orm.search(sudo(env), 'account.journal', [
    ['type', '=', journalType],
    ['company_id', '=', companyId],
  ], { order: 'sequence, id', limit: 1 });
  if (id === undefined) {
    const company = env.db.table('res.company').get(companyId);
    throw faults.user(`No journal could be found in company ${String(company?.['name'] ?? companyId)} for any of those types: ${journalType}`);
  }
  return id;
}

function checkJournalType(env: Env, ids: readonly number[]): void {
  const moves = env.db.table('account.move');
  const journals = env.db.table('account.journal');
  for (const id of ids) {
    const move = moves.get(id)!;
    const journal = typeof move['journal_id'] === 'number' ? journals.get(move['journal_id']) : undefined;
    if (isPurchaseDocument(move['move_type']) && journal?.['type'] !== 'purchase') {
      throw faults.validation('Cannot create a purchase document in a non purchase journal');
    }
    if (isSaleDocument(move['move_type']) && journal?.['type'] !== 'sale') {
      throw faults.validation('Cannot create a sale document in a non sale journal');
    }
  }
}

/** Entries: the sum of debits. Invoices: the absolute sum of their product lines (no taxes modelled). */
function totalOf(row: Row, env: Env): number {
  const lines = linesOf(env, row.id);
  if (!isInvoice(row['move_type'])) return roundHalfUp(lines.reduce((sum, line) => sum + amount(line, 'debit'), 0), 2);
  const products = lines.filter((line) => line['display_type'] === 'product');
  return Math.abs(roundHalfUp(products.reduce((sum, line) => sum + lineBalance(line), 0), 2));
}

export const accountMove = defineModel({
  name: 'account.move',
  description: 'Journal Entry',
  order: 'date desc, name desc, id desc',
  recNamesSearch: ['name', 'ref', 'partner_id'],
  displayName: moveDisplayName,
  fields: {
    name: fields.char('Number', { default: '/', indexed: true }),
    ref: fields.char('Reference', { indexed: true }),
    move_type: fields.selection(MOVE_TYPES, 'Type', { required: true, default: 'entry' }),
    state: fields.selection(
      [
        ['draft', 'Draft'],
        ['posted', 'Posted'],
        ['cancel', 'Cancelled'],
      ],
      'Status',
      { required: true, readonly: true, default: 'draft' },
    ),
    journal_id: fields.many2one('account.journal', 'Journal', { required: true, ondelete: 'restrict' }),
    date: fields.date('Date', { required: true, default: (env) => env.today }),
    invoice_date: fields.date('Invoice/Bill Date'),
    invoice_date_due: fields.date('Due Date'),
    partner_id: fields.many2one('res.partner', 'Partner', { ondelete: 'restrict' }),
    company_id: fields.many2one('res.company', 'Company', { required: true, ondelete: 'restrict', default: 1 }),
    currency_id: fields.many2one('res.currency', 'Currency', { required: true, default: (env) => companyCurrency(env, 1) }),
    line_ids: fields.one2many('account.move.line', 'move_id', 'Journal Items'),
    invoice_line_ids: fields.one2many('account.move.line', 'move_id', 'Invoice lines', {
      subset: { matches: (line) => line['display_type'] === 'product', defaults: { display_type: 'product' } },
    }),
    narration: fields.text('Terms and Conditions'),
    invoice_origin: fields.char('Origin'),
    payment_reference: fields.char('Payment Reference'),
    payment_state: fields.selection(
      [
        ['not_paid', 'Not Paid'],
        ['in_payment', 'In Payment'],
        ['paid', 'Paid'],
        ['partial', 'Partially Paid'],
        ['reversed', 'Reversed'],
        ['invoicing_legacy', 'Invoicing App Legacy'],
      ],
      'Payment Status',
      { readonly: true, default: 'not_paid' },
    ),
    posted_before: fields.boolean('Posted Before', { default: false }),
    amount_untaxed: fields.monetary('Untaxed Amount', { readonly: true, compute: totalOf }),
    amount_tax: fields.monetary('Tax', { readonly: true, compute: () => 0 }),
    amount_total: fields.monetary('Total', { readonly: true, compute: totalOf }),
    amount_residual: fields.monetary('Amount Due', {
      readonly: true,
      compute: (row, env) => (isInvoice(row['move_type']) && row['payment_state'] !== 'paid' ? totalOf(row, env) : 0),
    }),
  },
  hooks: {
    prepareCreate: (env, vals) => (vals['journal_id'] === undefined ? { ...vals, journal_id: defaultJournal(env, vals) } : vals),
    afterCreate: (env, ids) => {
      checkJournalType(env, ids);
      env.deferred.mark('account.move', ids);
    },
    afterWrite: (env, ids, written) => {
      if (written.has('journal_id') || written.has('move_type')) checkJournalType(env, ids);
      env.deferred.mark('account.move', ids);
    },
    beforeUnlink: (env, ids) => {
      const moves = env.db.table('account.move');
      if (ids.some((id) => moves.get(id)?.['state'] === 'posted')) throw faults.user('You cannot delete an entry which has been posted once.');
    },
    flush: flushMoves,
  },
  methods: [
    recordAction('action_post', 'write', (env, ids) => postMoves(env, ids)),
    recordAction('button_draft', 'write', (env, ids) => resetMovesToDraft(env, ids)),
    recordAction('button_cancel', 'write', (env, ids) => cancelMoves(env, ids)),
  ],
  access: ACCESS.journalEntries,
});
