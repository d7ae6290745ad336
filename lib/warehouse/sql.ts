// PostgreSQL's SQL for the warehouse, shared by the server and the embedded dialect so the tables
// Looker models are the same in both. Every name here was validated by table-spec.ts before quoting.
import { ARCHIVED_AT, LOADED_AT, keyColumns, qualifiedName, quoted } from './table-spec';
import type { ColumnSpec, ColumnType, TableSpec } from './types';

/** How information_schema.columns.data_type names each of our types. */
export const DATA_TYPE_NAMES: Record<ColumnType, string> = {
  text: 'text',
  integer: 'integer',
  bigint: 'bigint',
  numeric: 'numeric',
  boolean: 'boolean',
  date: 'date',
  timestamptz: 'timestamp with time zone',
  jsonb: 'jsonb',
};

export const LOAD_TABLE = 'mlc_load';
/** Put in the load table's mlc_archived_at for a record archived in the source; the INSERT turns it into now(). */
export const ARCHIVED_MARK = '-infinity';

export function createSchemaSql(schema: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoted(schema)}`;
}

/** Serialises DDL on one table between writers, batches and processes (two may race to create it). */
export function ddlLockSql(): string {
  return `SELECT pg_advisory_xact_lock(hashtext($1))`;
}

export function columnsQuerySql(): string {
  return `SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2 ORDER BY ordinal_position`;
}

export function createTableSql(spec: TableSpec): string {
  const columns = spec.columns.map((c) => `${quoted(c.name)} ${c.type}${c.primaryKey ? ' NOT NULL' : ''}`);
  columns.push(`${LOADED_AT} timestamptz`);
  if (spec.archivedWhenFalse) columns.push(`${ARCHIVED_AT} timestamptz`);
  const key = keyColumns(spec).map((c) => quoted(c.name));
  return `CREATE TABLE IF NOT EXISTS ${qualifiedName(spec)} (${columns.join(', ')}, PRIMARY KEY (${key.join(', ')}))`;
}

export function addColumnSql(spec: TableSpec, name: string, type: string): string {
  return `ALTER TABLE ${qualifiedName(spec)} ADD COLUMN IF NOT EXISTS ${quoted(name)} ${type}`;
}

export function createLoadTableSql(spec: TableSpec): string {
  return `CREATE TEMP TABLE ${LOAD_TABLE} (LIKE ${qualifiedName(spec)}) ON COMMIT DROP`;
}

/**
 * Whether any of a batch's keys is in the table yet, and the transaction's now() (what mlc_loaded_at
 * gets), in one round trip. Only for a one-column key: the keys go as one array parameter.
 */
export function newKeysCheckSql(spec: TableSpec): string {
  const [key] = keyColumns(spec);
  if (!key || keyColumns(spec).length !== 1) throw new Error('newKeysCheckSql: a one-column key only');
  return `SELECT now()::text AS now, EXISTS (SELECT 1 FROM ${qualifiedName(spec)} WHERE ${quoted(key.name)} = ANY($1::${key.type}[])) AS found`;
}

/** The columns a COPY straight into the table fills: the mapping's, mlc_loaded_at, and mlc_archived_at when archiving applies. */
export function directColumns(spec: TableSpec): string[] {
  const names = spec.columns.map((c) => quoted(c.name));
  names.push(LOADED_AT);
  if (spec.archivedWhenFalse) names.push(ARCHIVED_AT);
  return names;
}

/** The load table's columns COPY fills, in the order of LoadRow.values (+ the archived mark). */
export function loadColumns(spec: TableSpec): string[] {
  const names = spec.columns.map((c) => quoted(c.name));
  if (spec.archivedWhenFalse) names.push(ARCHIVED_AT);
  return names;
}

/**
 * One statement: every loaded row inserted, or updated when a column differs; a row whose values are
 * all the same is not touched and not returned, which is how "unchanged" is known. Archiving keeps the
 * first archive time; a record active again gets NULL back.
 */
export function upsertSql(spec: TableSpec): string {
  const target = qualifiedName(spec);
  const keys = keyColumns(spec).map((c) => quoted(c.name));
  const others = spec.columns.filter((c) => !c.primaryKey).map((c) => quoted(c.name));
  const all = spec.columns.map((c) => quoted(c.name));
  const insertColumns = [...all, LOADED_AT];
  const selected = all.map((c) => `l.${c}`);
  selected.push('now()');
  const set = others.map((c) => `${c} = EXCLUDED.${c}`);
  set.push(`${LOADED_AT} = EXCLUDED.${LOADED_AT}`);
  if (spec.archivedWhenFalse) {
    insertColumns.push(ARCHIVED_AT);
    selected.push(`CASE WHEN l.${ARCHIVED_AT} IS NOT NULL THEN now() END`);
    set.push(`${ARCHIVED_AT} = CASE WHEN EXCLUDED.${ARCHIVED_AT} IS NULL THEN NULL ELSE COALESCE(t.${ARCHIVED_AT}, EXCLUDED.${ARCHIVED_AT}) END`);
  }
  const compared = comparedColumns(spec);
  const before = compared.map((c) => comparedSql(c, `t.${quoted(c.name)}`));
  const after = compared.map((c) => comparedSql(c, `EXCLUDED.${quoted(c.name)}`));
  const changed = before.length > 0 ? `ROW(${before.join(', ')}) IS DISTINCT FROM ROW(${after.join(', ')})` : 'false';
  const returning = keys.map((k, i) => `t.${k}::text AS k${i}`);
  return (
    // Rows locked in key order, so two batches in flight that share keys wait for each other rather than deadlock.
    `INSERT INTO ${target} AS t (${insertColumns.join(', ')}) SELECT ${selected.join(', ')} FROM ${LOAD_TABLE} l ORDER BY ${keys.map((k) => `l.${k}`).join(', ')} ` +
    `ON CONFLICT (${keys.join(', ')}) DO UPDATE SET ${set.join(', ')} WHERE ${changed} ` +
    `RETURNING ${returning.join(', ')}, (t.xmax = 0) AS inserted`
  );
}

/** A column the upsert compares to tell a changed row from an unchanged one. */
export interface ComparedColumn {
  name: string;
  type: ColumnType;
  /** mlc_archived_at: whether the row is archived counts, not since when. */
  nullOnly: boolean;
}

/** What the upsert compares: every mapped column besides the key, and whether the row is archived. */
export function comparedColumns(spec: TableSpec): ComparedColumn[] {
  const compared: ComparedColumn[] = spec.columns.filter((c) => !c.primaryKey).map((c) => ({ name: c.name, type: c.type, nullOnly: false }));
  if (spec.archivedWhenFalse) compared.push({ name: ARCHIVED_AT, type: 'timestamptz', nullOnly: true });
  return compared;
}

/** A compared column's value (an SQL expression) as the upsert compares it. */
export function comparedSql(column: ComparedColumn, value: string): string {
  return column.nullOnly ? `${value} IS NULL` : value;
}

/** The columns a plan shows, in the order of planLookupSql's o/n/d columns: the key, then what the upsert compares. */
export function plannedColumns(spec: TableSpec): ComparedColumn[] {
  return [...keyColumns(spec).map((c) => ({ name: c.name, type: c.type, nullOnly: false })), ...comparedColumns(spec)];
}

/**
 * The plan's one read per batch: each row to load (from $1, a JSON array of {i, v: column texts, a:
 * archived}) beside the table's row of its key, if any, with per compared column the stored and the
 * new value as text and whether the upsert would see them differ (plannedColumns' order). `present` holds the table's columns
 * (a column the write would add reads as NULL, as it would be); null when there is no table yet.
 */
export function planLookupSql(spec: TableSpec, present: ReadonlySet<string> | null): string {
  const casts = spec.columns.map((c, i) => `r.v[${i + 1}]::${c.type} AS ${quoted(c.name)}`);
  if (spec.archivedWhenFalse) casts.push(`CASE WHEN r.a THEN now() END AS ${ARCHIVED_AT}`);
  const incoming = `(SELECT r.i, ${casts.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(i integer, v text[], a boolean)) l`;
  const stored = (name: string, type: string): string => (present?.has(name) ? `t.${quoted(name)}` : `NULL::${type}`);
  const keys = keyColumns(spec);
  const selected = ['l.i', present ? `(t.${quoted((keys[0] as ColumnSpec).name)} IS NOT NULL) AS found` : 'false AS found'];
  plannedColumns(spec).forEach((c, i) => {
    const old = stored(c.name, c.type);
    const next = `l.${quoted(c.name)}`;
    selected.push(`${old}::text AS o${i}`, `${next}::text AS n${i}`, `(${comparedSql(c, old)}) IS DISTINCT FROM (${comparedSql(c, next)}) AS d${i}`);
  });
  const join = present ? ` LEFT JOIN ${qualifiedName(spec)} t ON ${keys.map((k) => `t.${quoted(k.name)} = l.${quoted(k.name)}`).join(' AND ')}` : '';
  return `SELECT ${selected.join(', ')} FROM ${incoming}${join} ORDER BY l.i`;
}

/** The key of a RETURNING row, as values.ts builds a record's key. */
export function returnedKey(row: Record<string, unknown>, keyCount: number): string {
  const parts: string[] = [];
  for (let i = 0; i < keyCount; i++) parts.push(String(row[`k${i}`]));
  return parts.join(',');
}

const VIEW_RESERVED = new Set(['analytic_account_id', 'percentage']);

/**
 * `<table>_by_analytic`: one row per record and analytic account ("12,34" keys give one row per id),
 * each numeric column scaled by the percentage. Numeric columns come in table order, so a column
 * added later appends to the view, which CREATE OR REPLACE VIEW allows.
 */
export function distributionViewSql(spec: TableSpec, distribution: string, numericColumns: readonly string[]): string {
  const keys = keyColumns(spec).map((c) => `t.${quoted(c.name)}`);
  const scaled = numericColumns.filter((c) => !VIEW_RESERVED.has(c)).map((c) => `t.${quoted(c)} * d.value::numeric / 100 AS ${quoted(c)}`);
  const column = `t.${quoted(distribution)}`;
  return (
    `CREATE OR REPLACE VIEW ${qualifiedName(spec, '_by_analytic')} AS SELECT ${keys.join(', ')}, ` +
    `trim(a.id)::integer AS analytic_account_id, d.value::numeric AS percentage${scaled.length ? `, ${scaled.join(', ')}` : ''} ` +
    `FROM ${qualifiedName(spec)} t ` +
    `CROSS JOIN LATERAL jsonb_each_text(CASE WHEN jsonb_typeof(${column}) = 'object' THEN ${column} END) AS d(key, value) ` +
    `CROSS JOIN LATERAL unnest(string_to_array(d.key, ',')) AS a(id) ` +
    `WHERE trim(a.id) ~ '^[0-9]+$'`
  );
}

export function tablesQuerySql(): string {
  return `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`;
}
