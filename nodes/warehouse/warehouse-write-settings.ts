// The mlc-warehouse-write node's mapping → the table spec lib/warehouse checks. Kept free of Node-RED.
import { parseTableSpec, type TableSpec } from '../../lib/warehouse';

export interface WarehouseWriteFields {
  warehouse?: string;
  table?: string;
  /** Column names, comma separated, marked as the key besides the list's own flags. */
  primaryKey?: string;
  /** [{name, type, source, primaryKey, distribution}] from the editor's list. */
  columns?: unknown;
  /** Soft delete: the record is archived while this field is false (Odoo's `active`). */
  archivedWhen?: string;
  /** Plan only: look each record up and say what would be written, write nothing. Absent in flows saved before it: off. */
  planOnly?: boolean;
}

/** The node's mapping as a table spec in the config node's schema. */
export function tableSpecOf(def: WarehouseWriteFields, schema: string): TableSpec {
  const keys = new Set((def.primaryKey ?? '').split(/[\s,]+/).filter((k) => k !== ''));
  const columns = Array.isArray(def.columns) ? def.columns.map((c: unknown) => (c && typeof c === 'object' ? { ...(c as Record<string, unknown>) } : c)) : [];
  for (const column of columns) {
    if (column && typeof column === 'object' && keys.has(String((column as Record<string, unknown>)['name']))) (column as Record<string, unknown>)['primaryKey'] = true;
  }
  return parseTableSpec({ schema, table: def.table ?? '', columns, archivedWhenFalse: (def.archivedWhen ?? '').trim() || undefined });
}

