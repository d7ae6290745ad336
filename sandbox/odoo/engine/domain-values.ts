import { parseDomainDate, parseDomainDatetime } from './dates';
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
      return parseDomainDate(value);
    case 'datetime':
      return datetimeBound(value, operator);
    default:
      return typeof value === 'string' ? value : String(value);
  }
}

/**
 * A date given for a datetime field covers the whole day: `> day` and `<= day` compare with the day's
 * last second (Odoo 19 moves them to `>= / < next day`), the other operators with midnight.
 */
function datetimeBound(value: unknown, operator: DomainOperator): string {
  const { text, isDay } = parseDomainDatetime(value);
  return isDay && (operator === '>' || operator === '<=') ? `${text.slice(0, 10)} 23:59:59` : text;
}

function toNumber(value: unknown, sqlType: 'integer' | 'numeric'): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw faults.value(`invalid input syntax for type ${sqlType}: ${JSON.stringify(typeof value === 'string' ? value : String(value))}`);
}
