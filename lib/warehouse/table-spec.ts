// The node's column mapping checked once into a TableSpec: identifiers that need no more than quoting,
// a primary key, at most one distribution column, and no mapping of the columns the writer owns.
import { z } from 'zod';
import { COLUMN_TYPES, type ColumnSpec, type TableSpec } from './types';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** Types whose text form PostgreSQL gives back exactly as we send it, so a RETURNING key matches its record. */
const KEY_TYPES = new Set(['text', 'integer', 'bigint', 'date']);
export const LOADED_AT = 'mlc_loaded_at';
export const ARCHIVED_AT = 'mlc_archived_at';

export class WarehouseSpecError extends Error {
  readonly code = 'MLC_WAREHOUSE_SPEC';
}

export function validIdentifier(value: string): boolean {
  return IDENTIFIER.test(value);
}

export function identifier(value: string, what: string): string {
  if (!IDENTIFIER.test(value)) throw new WarehouseSpecError(`${what} "${value}" is not a valid name: letters, digits and _ only, not starting with a digit, at most 63 characters`);
  return value;
}

/** A validated identifier, double-quoted so case and reserved words are kept. */
export function quoted(name: string): string {
  return `"${name}"`;
}

const columnInput = z.object({
  name: z.string().trim().min(1, 'a column has no name'),
  type: z.enum(COLUMN_TYPES),
  source: z.string().trim().optional(),
  primaryKey: z.boolean().optional(),
  distribution: z.boolean().optional(),
});

export const tableSpecInput = z.object({
  schema: z.string().trim().min(1),
  table: z.string().trim().min(1, 'no table name'),
  columns: z.array(columnInput).min(1, 'no columns are mapped'),
  archivedWhenFalse: z.string().trim().optional(),
});
export type TableSpecInput = z.input<typeof tableSpecInput>;

export function parseTableSpec(input: unknown): TableSpec {
  const parsed = tableSpecInput.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WarehouseSpecError(`the warehouse mapping is not usable: ${issue ? `${issue.path.join('.')} ${issue.message}`.trim() : 'invalid'}`);
  }
  const { schema, table, archivedWhenFalse } = parsed.data;
  identifier(schema, 'the schema');
  identifier(table, 'the table');
  const seen = new Set<string>();
  const columns: ColumnSpec[] = parsed.data.columns.map((c) => {
    identifier(c.name, 'the column');
    const lower = c.name.toLowerCase();
    if (lower === LOADED_AT || lower === ARCHIVED_AT) throw new WarehouseSpecError(`the column ${c.name} is kept by the writer; map another name`);
    if (seen.has(lower)) throw new WarehouseSpecError(`the column ${c.name} is mapped twice`);
    seen.add(lower);
    const primaryKey = c.primaryKey === true;
    if (primaryKey && !KEY_TYPES.has(c.type)) throw new WarehouseSpecError(`the primary key column ${c.name} is ${c.type}; a key must be text, integer, bigint or date`);
    const distribution = c.distribution === true;
    if (distribution && c.type !== 'jsonb') throw new WarehouseSpecError(`the distribution column ${c.name} must be jsonb, not ${c.type}`);
    return { name: c.name, type: c.type, source: c.source || c.name, primaryKey, distribution };
  });
  if (!columns.some((c) => c.primaryKey)) throw new WarehouseSpecError(`the table ${table} has no primary key column`);
  if (columns.filter((c) => c.distribution).length > 1) throw new WarehouseSpecError(`the table ${table} marks more than one distribution column`);
  return { schema, table, columns, ...(archivedWhenFalse ? { archivedWhenFalse } : {}) };
}

export function keyColumns(spec: TableSpec): ColumnSpec[] {
  return spec.columns.filter((c) => c.primaryKey);
}

export function qualifiedName(spec: Pick<TableSpec, 'schema' | 'table'>, suffix = ''): string {
  return `${quoted(spec.schema)}.${quoted(spec.table + suffix)}`;
}
