import { sudo, type Env } from '../env';
import { faults } from '../faults';
import type { Row } from '../fields';
import { roundHalfUp } from '../orm/coerce';
import { formatAmount } from './format-amount';
import { amount, isAccountable, lineBalance, linesOf } from './move-lines';
import { moveDisplayName } from './move-display';
import { isInvoice, isPurchaseDocument, productLineSign } from './move-types';

/**
 * End-of-call work on moves whose lines changed, Odoo's `_sync_dynamic_lines` in small: invoice
 * product lines get their amount from quantity x unit price, one payment-term line on the
 * payable/receivable account balances them, the move's write_date follows its lines, and then every
 * move must balance unless the context says `check_move_validity: False`.
 */
export function flushMoves(env: Env, moveIds: readonly number[]): void {
  const moves = env.db.table('account.move');
  const present = moveIds.filter((id) => moves.get(id));
  for (const id of present) {
    const move = moves.get(id)!;
    if (isInvoice(move['move_type'])) syncInvoiceLines(env, move);
    moves.set(move, 'write_date', env.now);
    moves.set(move, 'write_uid', env.uid);
  }
  if (env.context['check_move_validity'] !== false) checkBalanced(env, present);
}

function syncInvoiceLines(env: Env, move: Row): void {
  const lines = env.db.table('account.move.line');
  const sign = productLineSign(move['move_type']);
  const all = linesOf(env, move.id);
  let total = 0;
  for (const line of all.filter((row) => row['display_type'] === 'product')) {
    const quantity = amount(line, 'quantity');
    const priceUnit = amount(line, 'price_unit');
    const current = lineBalance(line);
    if (priceUnit === 0 && current !== 0 && quantity !== 0) {
      // Amount given as debit/credit: derive the unit price instead of zeroing the line.
      lines.set(line, 'price_unit', roundHalfUp(Math.abs(current) / quantity, 6));
    } else {
      const target = roundHalfUp(sign * quantity * priceUnit, 2);
      if (target !== current) setBalance(env, line, target);
    }
    total += lineBalance(line);
  }

  const terms = all.filter((row) => row['display_type'] === 'payment_term');
  const products = all.filter((row) => row['display_type'] === 'product');
  const system = sudo(env);
  if (products.length === 0) {
    if (terms.length > 0) system.orm.unlink(system, 'account.move.line', terms.map((row) => row.id));
    return;
  }
  const needed = roundHalfUp(-total, 2);
  const accountId = counterpartAccount(env, move);
  const [term, ...extra] = terms;
  if (extra.length > 0) system.orm.unlink(system, 'account.move.line', extra.map((row) => row.id));
  if (!term) {
    system.orm.create(system, 'account.move.line', [
      {
        move_id: move.id,
        display_type: 'payment_term',
        account_id: accountId,
        partner_id: move['partner_id'] ?? false,
        name: typeof move['payment_reference'] === 'string' ? move['payment_reference'] : false,
        quantity: 1,
        debit: needed > 0 ? needed : 0,
        credit: needed < 0 ? -needed : 0,
      },
    ]);
    return;
  }
  if (lineBalance(term) !== needed) setBalance(env, term, needed);
  if (term['partner_id'] !== move['partner_id']) lines.set(term, 'partner_id', move['partner_id'] ?? false);
  if (typeof term['account_id'] !== 'number' && accountId !== false) lines.set(term, 'account_id', accountId);
}

function setBalance(env: Env, line: Row, balance: number): void {
  const lines = env.db.table('account.move.line');
  lines.set(line, 'debit', balance > 0 ? balance : 0);
  lines.set(line, 'credit', balance < 0 ? -balance : 0);
}

/** The company's first payable (bills) or receivable (invoices) account, by code. */
function counterpartAccount(env: Env, move: Row): number | false {
  const wanted = isPurchaseDocument(move['move_type']) ? 'liability_payable' : 'asset_receivable';
  const [id] = env.orm.search(sudo(env), 'account.account', [
    ['account_type', '=', wanted],
    ['company_id', '=', move['company_id'] ?? 1],
  ], { order: 'code', limit: 1 });
  return id ?? false;
}

/** `_check_balanced`: sums rounded to the company currency, every unbalanced move in one message. */
export function checkBalanced(env: Env, moveIds: readonly number[]): void {
  const moves = env.db.table('account.move');
  let message = '';
  for (const id of moveIds) {
    const move = moves.get(id);
    if (!move) continue;
    const lines = linesOf(env, id).filter(isAccountable);
    if (lines.length === 0) continue;
    const debit = roundHalfUp(lines.reduce((sum, line) => sum + amount(line, 'debit'), 0), 2);
    const credit = roundHalfUp(lines.reduce((sum, line) => sum + amount(line, 'credit'), 0), 2);
    if (roundHalfUp(debit - credit, 2) === 0) continue;
    const currency = companyCurrencyId(env, move['company_id']);
    const journal = typeof move['journal_id'] === 'number' ? env.db.table('account.journal').get(move['journal_id']) : undefined;
    message +=
      '\n\n' +
      `The move (${moveDisplayName(move, env)}) is not balanced.\n` +
      `The total of debits equals ${formatAmount(env, debit, currency)} and the total of credits equals ${formatAmount(env, credit, currency)}.\n` +
      `You might want to specify a default account on journal "${String(journal?.['name'] ?? '')}" to automatically balance each move.`;
  }
  if (message) throw faults.user(`An error has occurred.${message}`);
}

export function companyCurrencyId(env: Env, companyId: unknown): number | false {
  const company = typeof companyId === 'number' ? env.db.table('res.company').get(companyId) : undefined;
  return typeof company?.['currency_id'] === 'number' ? company['currency_id'] : false;
}
