import type { JsonValue } from '../kit';
import { fieldValue } from './query';
import type { Row } from './state';
import { fieldDef, tableDef, type TableDef } from './tables';

export type DisplayMode = 'false' | 'true' | 'all';

export interface RenderOptions {
  /** `http://host:port` as the client addressed us: reference links are absolute. */
  origin: string;
  display: DisplayMode;
  excludeReferenceLink: boolean;
  /** `sysparm_fields`; undefined: every field. Unknown names are left out, dot-walks allowed. */
  fields?: string[];
}

export type Lookup = (table: string, sysId: string) => Row | undefined;

/** What a reference shows as its display value: the referenced record's display field. */
export function displayOf(lookup: Lookup, table: TableDef, field: string, value: string): string {
  const def = fieldDef(table, field);
  if (def?.type !== 'reference' || !def.table || value === '') return value;
  const target = tableDef(def.table);
  const row = lookup(def.table, value);
  return target && row ? (row[target.displayField] ?? '') : '';
}

/** One record as the Table API returns it (B.2): strings, references as `{link, value}` unless told otherwise. */
export function renderRow(lookup: Lookup, table: TableDef, row: Row, options: RenderOptions): Record<string, JsonValue> {
  const names = options.fields ?? Object.keys(row);
  const out: Record<string, JsonValue> = {};
  for (const name of names) {
    const value = fieldValue(lookup, table, row, name);
    if (value === undefined) continue;
    out[name] = renderValue(lookup, table, name, value, options);
  }
  return out;
}

function renderValue(lookup: Lookup, table: TableDef, path: string, value: string, options: RenderOptions): JsonValue {
  const owner = walkTable(table, path);
  const field = path.split('.').pop() ?? path;
  const def = owner ? fieldDef(owner, field) : undefined;
  const isReference = def?.type === 'reference' && def.table !== undefined && value !== '';
  const link = isReference && !options.excludeReferenceLink ? `${options.origin}/api/now/table/${def.table}/${value}` : undefined;
  const display = owner ? displayOf(lookup, owner, field, value) : value;
  switch (options.display) {
    case 'false':
      return link ? { link, value } : value;
    case 'true':
      return link ? { display_value: display, link } : display;
    case 'all':
      return link ? { display_value: display, link, value } : { display_value: display, value };
  }
}

/** The table that holds the last field of a dot-walked path. */
function walkTable(table: TableDef, path: string): TableDef | undefined {
  const parts = path.split('.');
  let current: TableDef | undefined = table;
  for (const part of parts.slice(0, -1)) {
    const def: ReturnType<typeof fieldDef> = current ? fieldDef(current, part) : undefined;
    current = def?.table ? tableDef(def.table) : undefined;
  }
  return current;
}
