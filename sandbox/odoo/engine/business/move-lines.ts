import type { Env } from '../env';
import type { Row } from '../fields';
import { roundHalfUp } from '../orm/coerce';

/** The journal items of a move, straight from the reverse index on `move_id`. */
export function linesOf(env: Env, moveId: number): Row[] {
  const table = env.db.table('account.move.line');
  return [...table.lookup('move_id', moveId)].map((id) => table.get(id)!);
}

export function amount(row: Row | undefined, field: string): number {
  const value = row?.[field];
  return typeof value === 'number' ? value : 0;
}

/** debit - credit, to the cent. */
export function lineBalance(row: Row): number {
  return roundHalfUp(amount(row, 'debit') - amount(row, 'credit'), 2);
}

/** Section and note lines carry no amounts and do not count as lines for posting. */
export function isAccountable(row: Row): boolean {
  return row['display_type'] !== 'line_section' && row['display_type'] !== 'line_note';
}
