import { parseDateValue, parseDatetimeValue } from '../dates';
import type { Env } from '../env';
import { faults } from '../faults';
import type { FieldDef, StoredValue } from '../fields';
import type { ModelDef } from '../model-def';
import { pyRepr } from '../py-repr';
import { isPlainObject, type JsonObject, type JsonValue } from '../values';

/**
 * Converts a written value to what the row stores, the way Odoo's `convert_to_column` does: False and
 * None become the empty value, numbers are rounded to the field's digits, dates are checked, and a
 * many2one must point at an existing record (a foreign key). x2many values are commands, see x2many.ts.
 */
export function coerceForWrite(env: Env, model: ModelDef, name: string, field: FieldDef, value: unknown): StoredValue {
  const empty = value === false || value === null || value === undefined;
  switch (field.type) {
    case 'char':
    case 'text':
      if (empty) return false;
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return pythonStr(value);
      throw wrongValue(model, name, value);
    case 'integer':
      return empty ? 0 : toInteger(value);
    case 'float':
    case 'monetary': {
      const number = empty ? 0 : toFloat(value);
      return field.digits === undefined ? number : roundHalfUp(number, field.digits);
    }
    case 'boolean':
      return !empty && value !== 0 && value !== '';
    case 'date':
      return empty ? false : parseDateValue(value);
    case 'datetime':
      return empty ? false : parseDatetimeValue(value);
    case 'selection':
      if (empty) return false;
      if (typeof value === 'string' && field.selection.some(([key]) => key === value)) return value;
      throw wrongValue(model, name, value);
    case 'many2one': {
      if (empty || value === 0) return false;
      const id = typeof value === 'number' ? value : typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : NaN;
      if (!Number.isInteger(id)) throw wrongValue(model, name, value);
      if (!env.db.table(field.relation).get(id)) throw faults.foreignKey(model.description, model.name, foreignKeyName(model, name));
      return id;
    }
    case 'json':
      if (empty) return false;
      return name === 'analytic_distribution' ? analyticDistribution(value) : jsonCopy(model, name, value);
    case 'one2many':
    case 'many2many':
      throw new Error(`x2many ${model.name}.${name} goes through commands`);
  }
}

export function foreignKeyName(model: ModelDef, field: string): string {
  return `${model.name.replace(/\./g, '_')}_${field}_fkey`;
}

/** Python's round-half-away-from-zero to `digits` places (Odoo's float_round), robust to 1.005-style binary noise. */
export function roundHalfUp(value: number, digits: number): number {
  const factor = 10 ** digits;
  const scaled = Math.abs(value) * factor;
  const rounded = Math.round(scaled + scaled * Number.EPSILON * 4) / factor;
  return value < 0 ? -rounded : rounded;
}

function wrongValue(model: ModelDef, name: string, value: unknown): Error {
  return faults.value(`Wrong value for ${model.name}.${name}: ${pyRepr(value)}`);
}

function pythonStr(value: number | boolean): string {
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return String(value);
}

function toInteger(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return Math.trunc(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && /^\s*[-+]?\d+\s*$/.test(value)) return Number(value);
  throw faults.value(`invalid literal for int() with base 10: ${pyRepr(value)}`);
}

function toFloat(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  throw faults.value(`could not convert string to float: ${pyRepr(value)}`);
}

/**
 * `{"<analytic account id>[,<id>...]": percentage}`; the analytic mixin rounds percentages to the
 * "Percentage Analytic" precision (2 digits).
 */
function analyticDistribution(value: unknown): JsonObject {
  if (!isPlainObject(value)) throw faults.value(`Wrong value for analytic_distribution: ${pyRepr(value)}`);
  const distribution: JsonObject = {};
  for (const [key, percentage] of Object.entries(value)) {
    distribution[key] = roundHalfUp(toFloat(percentage), 2);
  }
  return distribution;
}

function jsonCopy(model: ModelDef, name: string, value: unknown): JsonObject {
  if (!isPlainObject(value)) throw wrongValue(model, name, value);
  return JSON.parse(JSON.stringify(value)) as { [key: string]: JsonValue };
}
