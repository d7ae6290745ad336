import type { Env } from './env';
import { faults } from './faults';
import { isStoredInRow, type FieldDef, type Row } from './fields';
import type { ModelDef } from './model-def';
import type { Table } from './table';

/**
 * `order` strings ("write_date asc, id asc") and sorting with Postgres' rules: NULLs last when
 * ascending and first when descending unless `nulls first|last` says otherwise, many2one columns
 * sorted by the target model's own order, text compared case-insensitively first (like en_US collation).
 */
export interface OrderTerm {
  readonly field: string;
  readonly descending: boolean;
  readonly nullsFirst: boolean;
  /** Whether the null placement is Postgres' default for the direction. */
  readonly defaultNulls: boolean;
}

const TERM = /^\s*"?([A-Za-z_][A-Za-z0-9_]*)"?(?:\s+(asc|desc))?(?:\s+nulls\s+(first|last))?\s*$/i;

export function parseOrder(model: ModelDef, order: unknown): OrderTerm[] {
  const spec = order === null || order === undefined || order === false || order === '' ? model.order : order;
  if (typeof spec !== 'string') throw invalidOrder(spec);
  const terms: OrderTerm[] = [];
  for (const part of spec.split(',')) {
    const match = TERM.exec(part);
    if (!match) throw invalidOrder(spec);
    const name = match[1]!;
    const field = model.fields[name];
    if (!field) throw faults.invalidField(model.name, name);
    if (field.type === 'one2many' || field.type === 'many2many' || field.type === 'json') throw invalidOrder(spec);
    const descending = match[2]?.toLowerCase() === 'desc';
    const nulls = match[3]?.toLowerCase();
    const nullsFirst = nulls === undefined ? descending : nulls === 'first';
    terms.push({ field: name, descending, nullsFirst, defaultNulls: nullsFirst === descending });
  }
  // A total order makes paging with offset/limit stable; Odoo's default orders end in id for the same reason.
  if (!terms.some((term) => term.field === 'id')) terms.push({ field: 'id', descending: false, nullsFirst: false, defaultNulls: true });
  return terms;
}

function invalidOrder(spec: unknown): Error {
  return faults.value(
    `Invalid "order" specified (${String(spec)}). A valid "order" specification is a comma-separated list of valid field names (optionally followed by asc/desc for the direction)`,
  );
}

export function orderKey(terms: readonly OrderTerm[]): string {
  return terms.map((t) => `${t.field} ${t.descending ? 'desc' : 'asc'} ${t.nullsFirst ? 'nf' : 'nl'}`).join(',');
}

type SortKey = string | number | null;

/** Sorts ids of `model` by `terms`. */
export function sortIds(env: Env, model: ModelDef, ids: readonly number[], terms: readonly OrderTerm[]): number[] {
  const table = env.db.table(model.name);
  const rows: Row[] = [];
  for (const id of ids) {
    const row = table.get(id);
    if (row) rows.push(row);
  }
  const keys = terms.map((term) => {
    const extract = sortKeyReader(env, model, term.field, 0);
    return rows.map(extract);
  });
  const positions = rows.map((_, i) => i);
  positions.sort((a, b) => {
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t]!;
      const column = keys[t]!;
      const result = compareKeys(column[a]!, column[b]!, term);
      if (result !== 0) return result;
    }
    return 0;
  });
  return positions.map((i) => rows[i]!.id);
}

function compareKeys(a: SortKey, b: SortKey, term: OrderTerm): number {
  if (a === b) return 0;
  if (a === null) return term.nullsFirst ? -1 : 1;
  if (b === null) return term.nullsFirst ? 1 : -1;
  const result = a < b ? -1 : a > b ? 1 : 0;
  return term.descending ? -result : result;
}

/** Reads a comparable key: numbers, raw date strings, folded text, or a many2one target's rank. */
function sortKeyReader(env: Env, model: ModelDef, name: string, depth: number): (row: Row) => SortKey {
  if (name === 'id') return (row) => row.id;
  const field = model.fields[name]!;
  const read = isStoredInRow(field) ? (row: Row) => row[name] : (row: Row) => env.orm.value(env, model.name, row, name);
  switch (field.type) {
    case 'integer':
    case 'float':
    case 'monetary':
      return (row) => {
        const value = read(row);
        return typeof value === 'number' ? value : 0;
      };
    case 'boolean':
      return (row) => (read(row) === true ? 1 : 0);
    case 'date':
    case 'datetime':
      return (row) => {
        const value = read(row);
        return typeof value === 'string' ? value : null;
      };
    case 'many2one': {
      if (depth > 2) return (row) => (typeof read(row) === 'number' ? (read(row) as number) : null);
      const ranks = rankMap(env, env.registry.model(field.relation), depth + 1);
      return (row) => {
        const value = read(row);
        return typeof value === 'number' ? (ranks.get(value) ?? null) : null;
      };
    }
    default:
      return (row) => {
        const value = read(row);
        return typeof value === 'string' ? foldText(value) : null;
      };
  }
}

/**
 * Case-insensitive comparison first, exact text second: "acme" and "Acme" sort together, the way the
 * en_US collation of a typical Odoo database puts them.
 */
function foldText(text: string): string {
  return `${text.toLowerCase()}\u0000${text}`;
}

/** Position of each record of `model` in its default order, for sorting by a many2one to it. */
function rankMap(env: Env, model: ModelDef, depth: number): Map<number, number> {
  const table = env.db.table(model.name);
  const cached = rankCache.get(table);
  if (cached && cached.version === table.version) return cached.ranks;
  const terms = parseOrder(model, model.order);
  const rows = [...table.rows.values()];
  const keys = terms.map((term) => rows.map(sortKeyReader(env, model, term.field, depth)));
  const positions = rows.map((_, i) => i);
  positions.sort((a, b) => {
    for (let t = 0; t < terms.length; t++) {
      const result = compareKeys(keys[t]![a]!, keys[t]![b]!, terms[t]!);
      if (result !== 0) return result;
    }
    return 0;
  });
  const ranks = new Map<number, number>();
  positions.forEach((position, rank) => ranks.set(rows[position]!.id, rank));
  rankCache.set(table, { version: table.version, ranks });
  return ranks;
}

const rankCache = new WeakMap<Table, { version: number; ranks: Map<number, number> }>();

/** Whether a sorted view of the whole table can be cached: only own, stored, non-relational columns. */
export function isCacheableOrder(model: ModelDef, terms: readonly OrderTerm[]): boolean {
  return terms.every((term) => {
    const field: FieldDef | undefined = model.fields[term.field];
    return term.field === 'id' || (field !== undefined && isStoredInRow(field) && field.type !== 'many2one');
  });
}

interface SortedView {
  version: number;
  ids: number[];
}

const sortedViews = new WeakMap<Table, Map<string, SortedView>>();
const MAX_VIEWS_PER_TABLE = 6;

/**
 * All ids of the table in `terms` order, cached until the table changes, so that paging through a
 * large model re-sorts once rather than on every page.
 */
export function sortedTableIds(env: Env, model: ModelDef, terms: readonly OrderTerm[]): readonly number[] {
  const table = env.db.table(model.name);
  if (terms.length === 1 && terms[0]!.field === 'id') {
    return terms[0]!.descending ? [...table.ids].reverse() : table.ids;
  }
  if (!isCacheableOrder(model, terms)) return sortIds(env, model, table.ids, terms);
  let views = sortedViews.get(table);
  if (!views) sortedViews.set(table, (views = new Map()));
  const key = orderKey(terms);
  const cached = views.get(key);
  if (cached && cached.version === table.version) return cached.ids;
  const ids = sortIds(env, model, table.ids, terms);
  views.delete(key);
  views.set(key, { version: table.version, ids });
  if (views.size > MAX_VIEWS_PER_TABLE) views.delete(views.keys().next().value!);
  return ids;
}
