// What every system's read-back does with the rows it read: one entity per page (one read call reads
// one table or model), and each row's amounts as cents per amount name of the controls.
import { toCents } from './cents';
import type { WrittenRecord } from './read-back';
import type { ControlSpec } from './spec';

/** A page a system's read-back cannot answer for; `code` names the system (MLC_RECONCILE_SERVICENOW). */
export class ReadBackError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ReadBackError';
  }
}

/** The one table or model a page's records were written to; `several` is the system's error when there are more. */
export function pageEntity(records: readonly WrittenRecord[], several: (entities: string[]) => Error): string {
  const entities = [...new Set(records.map((r) => r.target.entity))];
  if (entities.length !== 1) throw several(entities);
  return entities[0] as string;
}

/** Cents per amount of the controls, each read from the row by its target; `notAmount` is the system's error for a value that is no amount. */
export function amountsOf(spec: ControlSpec | null, valueOf: (target: string) => unknown, notAmount: (target: string, value: unknown) => Error): Record<string, number> {
  const amounts: Record<string, number> = {};
  for (const amount of spec?.amounts ?? []) {
    const value = valueOf(amount.target);
    const cents = toCents(value);
    if (cents === null) throw notAmount(amount.target, value);
    amounts[amount.name] = cents;
  }
  return amounts;
}
