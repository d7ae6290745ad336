// Lookup tables: named maps from a key (a cost center code, an earning code) to a JSON value (an Odoo
// account or analytic id). Keys are compared as trimmed strings, so 6100 in a record finds "6100".
import { z } from 'zod';
import { LookupTableError } from './errors';
import { JsonValueSchema, isPlainRecord, showValue } from './json';

export type LookupTable = ReadonlyMap<string, unknown>;
export type LookupTables = ReadonlyMap<string, LookupTable>;

const TableKeySchema = z.union([z.string(), z.number(), z.boolean()]);
export const TableRowSchema = z.object({ key: TableKeySchema, value: JsonValueSchema });
export type TableRow = z.infer<typeof TableRowSchema>;

const TableObjectSchema = z.record(z.string(), JsonValueSchema);
const TableRowsSchema = z.array(TableRowSchema);

/** A key as tables store it, or null when the value cannot be a key (an object, an array, null). */
export function tableKey(value: unknown): string | null {
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value === 'boolean') return String(value);
  return null;
}

/**
 * Builds one table from rows. A key listed twice with different values is an error: which of the two
 * accounts a cost center posts to must not depend on row order.
 */
export function tableFromRows(name: string, rows: Iterable<{ key: unknown; value: unknown }>): LookupTable {
  const table = new Map<string, unknown>();
  for (const row of rows) {
    const key = tableKey(row.key);
    if (key === null || key === '') throw new LookupTableError(`lookup table "${name}": ${showValue(row.key)} cannot be a key`);
    if (table.has(key) && !sameJson(table.get(key), row.value)) {
      throw new LookupTableError(
        `lookup table "${name}": key "${key}" is listed twice with different values (${showValue(table.get(key))} and ${showValue(row.value)})`,
      );
    }
    table.set(key, row.value);
  }
  return table;
}

/** Tables given as `{ name: { key: value } }` or `{ name: [{ key, value }] }` (e.g. msg.lookups). */
export function tablesFromLookups(value: unknown, where: string): Map<string, LookupTable> {
  if (!isPlainRecord(value)) throw new LookupTableError(`${where} must be an object of tables, got ${showValue(value)}`);
  const tables = new Map<string, LookupTable>();
  for (const [name, content] of Object.entries(value)) {
    if (Array.isArray(content)) {
      const rows = TableRowsSchema.safeParse(content);
      if (!rows.success) throw new LookupTableError(`${where}.${name}: ${describeIssue(rows.error.issues[0])}`);
      tables.set(name, tableFromRows(name, rows.data));
    } else {
      const entries = TableObjectSchema.safeParse(content);
      if (!entries.success) throw new LookupTableError(`${where}.${name}: ${describeIssue(entries.error.issues[0])}`);
      tables.set(name, tableFromRows(name, Object.entries(entries.data).map(([key, v]) => ({ key, value: v }))));
    }
  }
  return tables;
}

/** Later layers replace whole tables of the same name (a table from msg.lookups wins over the node's). */
export function layerTables(...layers: ReadonlyArray<LookupTables | null | undefined>): LookupTables {
  const merged = new Map<string, LookupTable>();
  for (const layer of layers) if (layer) for (const [name, table] of layer) merged.set(name, table);
  return merged;
}

const lowerCaseIndexes = new WeakMap<LookupTable, LookupTable>();

/** The table keyed by lower-cased keys, built once per table object. */
export function caseInsensitiveIndex(name: string, table: LookupTable): LookupTable {
  const cached = lowerCaseIndexes.get(table);
  if (cached) return cached;
  const index = new Map<string, unknown>();
  const original = new Map<string, string>();
  for (const [key, value] of table) {
    const lower = key.toLowerCase();
    const seen = original.get(lower);
    if (seen !== undefined && !sameJson(index.get(lower), value)) {
      throw new LookupTableError(`lookup table "${name}": keys "${seen}" and "${key}" differ only by case but have different values`);
    }
    original.set(lower, key);
    index.set(lower, value);
  }
  lowerCaseIndexes.set(table, index);
  return index;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'invalid';
  const where = issue.path.length ? `${issue.path.join('.')}: ` : '';
  return `${where}${issue.message}`;
}
