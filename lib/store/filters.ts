// RecordFilter → SQL, shared by both dialects. Keys are compared in code-point order (SQLite's
// BINARY collation, PostgreSQL's "C" collation on the key column), which is what keyset paging and
// the prefix range below rely on. No LIKE anywhere: it is case-insensitive in SQLite and treats
// `%` and `_` in a prefix as wildcards.
import { StoreError } from './errors';
import { RECORD_STATUSES, type RecordFilter, type RecordStatus } from './types';

export const DEFAULT_LIST_LIMIT = 1000;

/** The WHERE term of SQLite's partial status indexes (migration 8), written the same in every query that should use them. */
export const NOT_POSTED = `status <> 'posted'`;

/**
 * Collects parameters in order and hands out each dialect's placeholder for them. A list of keys is
 * one parameter in either dialect, so a filter of thousands of keys stays one short statement and
 * never meets SQLite's limit on bound parameters.
 */
export abstract class SqlParams {
  abstract add(value: string | number | null): string;
  /** The condition "key is one of these". */
  abstract keyIn(keys: readonly string[]): string;
}

export class SqliteParams extends SqlParams {
  readonly values: Array<string | number | null> = [];

  add(value: string | number | null): string {
    this.values.push(value);
    return '?';
  }

  keyIn(keys: readonly string[]): string {
    return `key IN (SELECT value FROM json_each(${this.add(JSON.stringify(keys))}))`;
  }
}

export class PgParams extends SqlParams {
  readonly values: Array<string | number | null | string[]> = [];

  add(value: string | number | null): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }

  keyIn(keys: readonly string[]): string {
    this.values.push([...keys]);
    return `key = ANY($${this.values.length}::text[])`;
  }
}

export interface FilterScope {
  /** The statuses the operation may touch at all: the filter's statuses are narrowed to these. */
  allowed?: readonly RecordStatus[];
  /** The statuses meant when the filter names none (default: all). */
  defaults?: readonly RecordStatus[];
  /** The limit when the filter gives none; null for none. Ignored when `ignoreLimit`. */
  defaultLimit: number | null;
  ignoreLimit?: boolean;
}

export interface FilterSql {
  /** " WHERE ..." or "". */
  where: string;
  /** " ORDER BY key" plus a LIMIT when one applies. */
  orderAndLimit: string;
  /** True when the filter can match nothing (e.g. statuses outside what the operation allows). */
  matchesNothing: boolean;
}

export function filterSql(filter: RecordFilter, params: SqlParams, scope: FilterScope): FilterSql {
  const conditions: string[] = [];
  // Both checked before either may end it early, so bad input is refused whatever else the filter says.
  const statuses = statusesOf(filter, scope);
  const keys = keysOf(filter);
  if (statuses?.length === 0 || keys?.length === 0) return { where: '', orderAndLimit: '', matchesNothing: true };
  if (statuses !== null) conditions.push(`status IN (${statuses.map((s) => params.add(s)).join(', ')})`);
  // Implied by the list, but SQLite uses the partial status indexes only when the query says it.
  if (statuses !== null && !statuses.includes('posted')) conditions.push(NOT_POSTED);
  if (keys !== null) conditions.push(params.keyIn(keys));
  if (filter.runId !== undefined) conditions.push(`run_id = ${params.add(filter.runId)}`);
  if (filter.key !== undefined) conditions.push(`key = ${params.add(filter.key)}`);
  if (filter.flow !== undefined) conditions.push(`flow = ${params.add(filter.flow)}`);
  if (filter.keyPrefix !== undefined && filter.keyPrefix !== '') {
    conditions.push(`key >= ${params.add(filter.keyPrefix)}`);
    const upper = prefixUpperBound(filter.keyPrefix);
    if (upper !== null) conditions.push(`key < ${params.add(upper)}`);
  }
  if (filter.afterKey !== undefined) conditions.push(`key > ${params.add(filter.afterKey)}`);
  const where = conditions.length ? ` WHERE ${conditions.join(' AND ')}` : '';
  const limit = scope.ignoreLimit ? null : limitOf(filter, scope.defaultLimit);
  const orderAndLimit = ` ORDER BY key${limit === null ? '' : ` LIMIT ${params.add(limit)}`}`;
  return { where, orderAndLimit, matchesNothing: limit === 0 };
}

function statusesOf(filter: RecordFilter, scope: FilterScope): RecordStatus[] | null {
  const asked = filter.status === undefined ? null : Array.isArray(filter.status) ? filter.status : [filter.status];
  for (const status of asked ?? []) {
    if (!RECORD_STATUSES.includes(status)) {
      throw new StoreError('MLC_STORE_BAD_INPUT', `store: unknown record status "${String(status)}"`);
    }
  }
  const wanted = asked ?? (scope.defaults ? [...scope.defaults] : null);
  if (wanted === null) return scope.allowed ? [...scope.allowed] : null;
  const unique = [...new Set(wanted)];
  return scope.allowed ? unique.filter((s) => scope.allowed?.includes(s)) : unique;
}

/** The distinct keys asked for, or null when the filter does not name any; an empty list matches nothing. */
function keysOf(filter: RecordFilter): string[] | null {
  const keys: unknown = filter.keys;
  if (keys === undefined) return null;
  if (!Array.isArray(keys)) {
    throw new StoreError('MLC_STORE_BAD_INPUT', `store: keys must be an array of record keys, got ${typeof keys}`);
  }
  const checked = new Set<string>();
  for (const key of keys as unknown[]) {
    if (typeof key !== 'string' || key === '') {
      throw new StoreError('MLC_STORE_BAD_INPUT', `store: keys must hold non-empty strings, got ${key === '' ? 'an empty string' : typeof key}`);
    }
    checked.add(key);
  }
  return [...checked];
}

function limitOf(filter: RecordFilter, fallback: number | null): number | null {
  if (filter.limit === undefined) return fallback;
  if (!Number.isInteger(filter.limit) || filter.limit < 0) {
    throw new StoreError('MLC_STORE_BAD_INPUT', `store: limit must be a whole number >= 0, got ${String(filter.limit)}`);
  }
  return filter.limit;
}

const MAX_CODE_POINT = 0x10ffff;

/**
 * The smallest string greater than every string that starts with `prefix`, in code-point order:
 * the prefix with its last code point incremented (dropping trailing U+10FFFF, skipping the
 * surrogate range). Null when there is none, i.e. the prefix is all U+10FFFF.
 * With it, "starts with" becomes a range the key index can serve: prefix <= key < upper bound.
 */
export function prefixUpperBound(prefix: string): string | null {
  const points = Array.from(prefix, (ch) => ch.codePointAt(0) ?? 0);
  while (points.length > 0) {
    const last = points.pop() ?? 0;
    if (last >= MAX_CODE_POINT) continue;
    const next = last === 0xd7ff ? 0xe000 : last + 1;
    return String.fromCodePoint(...points, next);
  }
  return null;
}
