import type { Env } from '../env';
import { faults } from '../faults';
import type { Row } from '../fields';
import { isAccountable, linesOf } from './move-lines';
import { isInvoice, isPurchaseDocument, isRefund, isSaleDocument } from './move-types';

/**
 * `action_post` with `_post`'s checks in Odoo's order, then the number from the journal's sequence
 * and state "posted". Balance is checked by the write's end-of-call flush, as in Odoo where it is
 * checked by `write`. Returns False like Odoo 14+ (older versions returned None and broke XML-RPC).
 */
export function postMoves(env: Env, ids: readonly number[]): false {
  const moves = env.db.table('account.move');
  const rows = ids.map((id) => moves.get(id)!);
  for (const move of rows.filter((row) => isInvoice(row['move_type']))) {
    if (typeof move['partner_id'] !== 'number') {
      if (isSaleDocument(move['move_type'])) {
        throw faults.user("The field 'Customer' is required, please complete it to validate the Customer Invoice.");
      }
      throw faults.user("The field 'Vendor' is required, please complete it to validate the Vendor Bill.");
    }
    if (typeof move['invoice_date'] !== 'string') {
      if (isPurchaseDocument(move['move_type'])) throw faults.user('The Bill/Refund date is required to validate this document.');
      env.orm.write(env, 'account.move', [move.id], { invoice_date: env.today });
    }
  }
  for (const move of rows) {
    if (move['state'] === 'posted') {
      throw faults.user(`The entry ${String(move['name'] ?? '/')} (id ${move.id}) is already posted.`);
    }
    const lines = linesOf(env, move.id);
    if (!lines.some(isAccountable)) throw faults.user('You need to add a line before posting.');
    const journal = typeof move['journal_id'] === 'number' ? env.db.table('account.journal').get(move['journal_id']) : undefined;
    if (journal && journal['active'] === false) {
      throw faults.user(`You cannot post an entry in an archived journal (${String(journal['name'])})`);
    }
    const accounts = env.db.table('account.account');
    if (lines.some((line) => typeof line['account_id'] === 'number' && accounts.get(line['account_id'])?.['deprecated'] === true)) {
      throw faults.user('A line of this move is using a deprecated account, you cannot post it.');
    }
  }
  // Numbers handed out in this call, by prefix: the moves are scanned once per prefix, not once per move.
  const numbered = new Map<string, number>();
  for (const move of rows) {
    const vals: Record<string, unknown> = { state: 'posted', posted_before: true };
    if (typeof move['name'] !== 'string' || move['name'] === '/' || move['name'] === '') vals['name'] = nextMoveNumber(env, move, numbered);
    if (isInvoice(move['move_type']) && typeof move['invoice_date_due'] !== 'string') vals['invoice_date_due'] = move['invoice_date'];
    env.orm.write(env, 'account.move', [move.id], vals);
  }
  env.deferred.flush();
  return false;
}

/**
 * The next number in the journal's sequence, continuing from the highest number already used
 * (Odoo's sequence mixin): `BILL/2026/11/0001` for monthly journals, `INV/2026/00001` for sales,
 * bank and cash journals, with an `R` prefix for credit notes. `numbered` carries the last number
 * given per prefix within one call, so that posting a batch of n moves into a journal of m costs one
 * scan of the m, not n of them (Odoo finds the last number with an indexed query).
 */
export function nextMoveNumber(env: Env, move: Row, numbered: Map<string, number> = new Map()): string {
  const journal = typeof move['journal_id'] === 'number' ? env.db.table('account.journal').get(move['journal_id']) : undefined;
  const code = String(journal?.['code'] ?? 'MISC');
  const date = typeof move['date'] === 'string' ? move['date'] : env.today;
  const yearly = journal?.['type'] === 'sale' || journal?.['type'] === 'bank' || journal?.['type'] === 'cash';
  const prefix = `${isRefund(move['move_type']) ? 'R' : ''}${code}/${date.slice(0, 4)}/${yearly ? '' : `${date.slice(5, 7)}/`}`;
  let highest = numbered.get(prefix);
  if (highest === undefined) {
    highest = 0;
    for (const other of env.db.table('account.move').rows.values()) {
      const name = other['name'];
      if (typeof name !== 'string' || !name.startsWith(prefix)) continue;
      const number = Number(name.slice(prefix.length));
      if (Number.isInteger(number) && number > highest) highest = number;
    }
  }
  numbered.set(prefix, highest + 1);
  return `${prefix}${String(highest + 1).padStart(yearly ? 5 : 4, '0')}`;
}

/** `button_draft`: back to draft from posted or cancelled. */
export function resetMovesToDraft(env: Env, ids: readonly number[]): false {
  const moves = env.db.table('account.move');
  if (ids.some((id) => moves.get(id)!['state'] !== 'posted' && moves.get(id)!['state'] !== 'cancel')) {
    throw faults.user('Only posted/cancelled journal entries can be reset to draft.');
  }
  env.orm.write(env, 'account.move', ids, { state: 'draft' });
  return false;
}

/** `button_cancel`: only drafts can be cancelled. */
export function cancelMoves(env: Env, ids: readonly number[]): false {
  const moves = env.db.table('account.move');
  if (ids.some((id) => moves.get(id)!['state'] !== 'draft')) throw faults.user('Only draft journal entries can be cancelled.');
  env.orm.write(env, 'account.move', ids, { state: 'cancel' });
  return false;
}
