import { parseDateValue, parseDatetimeValue } from './dates';
import type { DomainOperator } from './domain-parse';
import { faults } from './faults';
import type { FieldDef } from './fields';

/**
 * Turns a domain value into the form rows hold for the field, so leaves compare like with like.
 * `false` stays `false` (it means "empty" in a domain).
 */
export type ScalarKey = string | number | boolean;

export function domainScalar(field: FieldDef, value: unknown, operator: DomainOperator): ScalarKey | false {
  if (value === false || value === null || value === undefined) return false;
  switch (field.type) {
    case 'integer':
    case 'float':
    case 'monetary':
    case 'many2one':
      return toNumber(value, field.type === 'integer' || field.type === 'many2one' ? 'integer' : 'numeric');
    case 'boolean':
      return value !== 0 && value !== '';
    case 'date':
      return parseDateValue(value);
    case 'datetime':
      return datetimeBound(value, operator);
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

/**
 * A date given for a datetime field covers the whole day: Odoo extends it to 23:59:59 for `>` and
 * `<=` and to 00:00:00 otherwise.
 */
function datetimeBound(value: unknown, operator: DomainOperator): string {
  if (typeof value === 'string' && value.length === 10) {
    const start = parseDatetimeValue(value);
    return operator === '>' || operator === '<=' ? `${value} 23:59:59` : start;
  }
  return parseDatetimeValue(value);
}

function toNumber(value: unknown, sqlType: 'integer' | 'numeric'): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw faults.value(`invalid input syntax for type ${sqlType}: ${JSON.stringify(typeof value === 'string' ? value : String(value))}`);
}
