// A written record that is its own line (an employee, an org level): the amounts and dimension values
// of the controls read from the record as the target returns it, by the dotted paths the controls
// name as targets (`primaryPayRate.annualSalary`, `departmentPosition.costCenter1`).
import type { ReadBackLine } from './read-back';
import { amountsOf } from './read-back-rows';
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

/**
 * The line of a record as the target returns it. A dimension names a plain field: a value that is an
 * object (a reference the target answers whole) or empty counts under no value.
 */
export function recordLine(targetId: string, record: Readonly<Record<string, unknown>>, spec: ControlSpec | null, system: string, notAmount?: (message: string) => Error): ReadBackLine {
  const amounts = amountsOf(spec, (target) => valueAt(record, target), (target, value) => {
    const message = `reconcile: ${system} answered ${JSON.stringify(value)} for ${target} of ${targetId}, not an amount`;
    return notAmount ? notAmount(message) : new RecordReadBackError(message);
  });
  const dimensions: ReadBackLine['dimensions'] = {};
  for (const dimension of spec?.dimensions ?? []) {
    const value = valueAt(record, dimension.target);
    dimensions[dimension.name] = value === null || value === undefined || value === '' || typeof value === 'object' ? [] : [{ value: String(value), label: null, percent: 100 }];
  }
  return { targetId, amounts, dimensions };
}

/** A dotted path in a record as a target answers it: `amount`, `cost_code.full_code`, `primaryPayRate.annualSalary`. */
export function valueAt(record: Readonly<Record<string, unknown>>, path: string): unknown {
  let at: unknown = record;
  for (const part of path.split('.')) {
    if (at === null || typeof at !== 'object' || Array.isArray(at)) return undefined;
    at = (at as Record<string, unknown>)[part];
  }
  return at;
}
