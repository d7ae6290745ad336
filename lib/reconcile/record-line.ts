// A written record that is its own line (an employee, an org level): the amounts and dimension values
// of the controls read from the record as the target returns it, by the dotted paths the controls
// name as targets (`primaryPayRate.annualSalary`, `departmentPosition.costCenter1`).
import { toCents } from './cents';
import type { ReadBackLine } from './read-back';
import type { ControlSpec } from './spec';

export class RecordReadBackError extends Error {
  readonly code = 'MLC_RECONCILE_READ_BACK';
  constructor(message: string) {
    super(message);
    this.name = 'RecordReadBackError';
  }
}

/** Records of this kind have no lines: controls that count lines cannot be compared with them. */
export function refuseLines(spec: ControlSpec | null, what: string): void {
  if (spec?.lines) throw new RecordReadBackError(`reconcile: the controls count lines ("${spec.lines}"), and ${what} have none; leave the controls' lines empty`);
}

export function recordLine(targetId: string, record: Readonly<Record<string, unknown>>, spec: ControlSpec | null, system: string): ReadBackLine {
  const amounts: Record<string, number> = {};
  for (const amount of spec?.amounts ?? []) {
    const value = valueAt(record, amount.target);
    const cents = toCents(value);
    if (cents === null) throw new RecordReadBackError(`reconcile: ${system} answered ${JSON.stringify(value)} for ${amount.target} of ${targetId}, not an amount`);
    amounts[amount.name] = cents;
  }
  const dimensions: ReadBackLine['dimensions'] = {};
  for (const dimension of spec?.dimensions ?? []) {
    const value = valueAt(record, dimension.target);
    dimensions[dimension.name] = value === null || value === undefined || value === '' ? [] : [{ value: String(value), label: null, percent: 100 }];
  }
  return { targetId, amounts, dimensions };
}

function valueAt(record: Readonly<Record<string, unknown>>, path: string): unknown {
  let at: unknown = record;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}
