// A record checked column by column before its batch, into COPY text-format values: a bad value fails
// its record alone, with the column, the value and the type it should have been.
import { z } from 'zod';
import { FieldPath } from '../mapping/paths';
import { keyColumns } from './table-spec';
import type { ColumnType, LoadRow, TableSpec } from './types';

const INT32 = { min: -2147483648, max: 2147483647 };
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
/** Odoo's datetimes: "YYYY-MM-DD HH:MM:SS" in UTC, without a zone. */
const ODOO_DATETIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/;
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;
const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const INTEGER_TEXT = /^[+-]?\d+$/;

function validDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Odoo's many2one comes as [id, "name"]: the id is what an integer column keeps. */
const many2oneId = z.tuple([z.number().int(), z.string()]).transform(([id]) => id);

const integerIn = (min: number, max: number) =>
  z.union([z.number().int(), z.string().regex(INTEGER_TEXT).transform(Number), many2oneId]).refine((n) => Number.isSafeInteger(n) && n >= min && n <= max);

const CONVERTERS: Record<ColumnType, z.ZodType<string>> = {
  text: z.union([z.string(), z.number().finite(), z.boolean()]).transform(String),
  integer: integerIn(INT32.min, INT32.max).transform(String),
  bigint: z.union([integerIn(Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER).transform(String), z.bigint().transform(String)]),
  // A number goes as JavaScript's shortest exact text for it (0.1 stays "0.1"), so numeric sums keep their cents.
  numeric: z.union([z.number().finite().transform(String), z.string().trim().regex(NUMERIC_TEXT)]),
  boolean: z.boolean().transform((b) => (b ? 't' : 'f')),
  date: z.string().refine(validDate),
  timestamptz: z.union([
    z.date().refine((d) => !Number.isNaN(d.getTime())).transform((d) => d.toISOString()),
    z.string().regex(ODOO_DATETIME).transform((s) => `${s}+00`).refine((s) => !Number.isNaN(Date.parse(s.replace(' ', 'T').replace('+00', 'Z')))),
    z.string().regex(ISO_WITH_ZONE).refine((s) => !Number.isNaN(Date.parse(s))),
  ]),
  jsonb: z.union([z.record(z.string(), z.unknown()), z.array(z.unknown()), z.string(), z.number().finite(), z.literal(true)]).transform((v) => JSON.stringify(v)),
};

/**
 * A load repeats the same dates and timestamps (one posting date a journal, one write_date a batch):
 * each distinct text is checked once, as the check allocates (a regex match, a Date) and that
 * garbage, 200,000 rows at a time, was a large part of a load's cost. Bounded, so a load of all
 * distinct values only starts the caches over.
 */
const CACHE_LIMIT = 4096;
const validDates = new Map<string, boolean>();
const odooTimestamps = new Map<string, string | undefined>();

function checkedOnce(cache: Map<string, boolean>, text: string, check: (text: string) => boolean): boolean {
  let ok = cache.get(text);
  if (ok === undefined) {
    if (cache.size >= CACHE_LIMIT) cache.clear();
    ok = check(text);
    cache.set(text, ok);
  }
  return ok;
}

/** Odoo's UTC "YYYY-MM-DD HH:MM:SS" as timestamptz text ("...+00"), or undefined when it is not one. */
function odooTimestamp(raw: string): string | undefined {
  if (odooTimestamps.has(raw)) return odooTimestamps.get(raw);
  if (odooTimestamps.size >= CACHE_LIMIT) odooTimestamps.clear();
  const text = ODOO_DATETIME.test(raw) && !Number.isNaN(Date.parse(`${raw.replace(' ', 'T')}Z`)) ? `${raw}+00` : undefined;
  odooTimestamps.set(raw, text);
  return text;
}

/**
 * The common shapes of each type converted without zod, giving exactly what CONVERTERS would; anything
 * else (many2one tuples, numeric strings, Dates, refusals) is left to CONVERTERS. A 200,000-line load
 * makes 3.2 million conversions, and zod's union parse allocates for each.
 */
function plainValue(type: ColumnType, raw: unknown): string | undefined {
  switch (type) {
    case 'text':
      return typeof raw === 'string' ? raw : undefined;
    case 'integer':
      return typeof raw === 'number' && Number.isInteger(raw) && raw >= INT32.min && raw <= INT32.max ? String(raw) : undefined;
    case 'bigint':
      return typeof raw === 'number' && Number.isSafeInteger(raw) ? String(raw) : undefined;
    case 'numeric':
      return typeof raw === 'number' && Number.isFinite(raw) ? String(raw) : undefined;
    case 'boolean':
      return typeof raw === 'boolean' ? (raw ? 't' : 'f') : undefined;
    case 'date':
      return typeof raw === 'string' && checkedOnce(validDates, raw, validDate) ? raw : undefined;
    case 'timestamptz':
      return typeof raw === 'string' ? odooTimestamp(raw) : undefined;
    case 'jsonb':
      return raw !== null && typeof raw === 'object' && Object.getPrototypeOf(raw) === Object.prototype ? JSON.stringify(raw) : undefined;
  }
}

const EXPECTED: Record<ColumnType, string> = {
  text: 'text (a string, number or boolean)',
  integer: 'integer (a whole number within 32 bits)',
  bigint: 'bigint (a whole number)',
  numeric: 'numeric (a number or a numeric string)',
  boolean: 'boolean (true or false)',
  date: 'date (YYYY-MM-DD)',
  timestamptz: 'timestamptz (ISO 8601 with a zone, or "YYYY-MM-DD HH:MM:SS" in UTC)',
  jsonb: 'jsonb (an object, array, string, number or true)',
};

/** A character COPY's text format escapes, or NUL. */
const NEEDS_CARE = /[\\\t\n\r\u0000]/;

/** COPY's text format: backslash, tab, newline and carriage return escaped; NULL is \N. */
export function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}

/** A COPY text line back into its values (null for \\N): the values a row's line was made of. */
export function copyFields(line: string): Array<string | null> {
  return line.split('\t').map((field) => (field === '\\N' ? null : field.replace(/\\([\\tnr])/g, (_, c: string) => COPY_UNESCAPED[c] ?? c)));
}

const COPY_UNESCAPED: Record<string, string> = { t: '\t', n: '\n', r: '\r', '\\': '\\' };

export class WarehouseRecordError extends Error {
  readonly code = 'MLC_WAREHOUSE_INVALID_RECORD';
}

function shown(value: unknown): string {
  let text: string;
  try {
    text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
  } catch {
    text = String(value);
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export interface PreparedColumn {
  name: string;
  type: ColumnType;
  path: FieldPath;
  primaryKey: boolean;
}

export interface PreparedColumns {
  columns: PreparedColumn[];
  archivedPath: FieldPath | null;
}

/** The mapping's paths split once per writer. */
export function prepareColumns(spec: TableSpec): PreparedColumns {
  return {
    columns: spec.columns.map((c) => ({ name: c.name, type: c.type, path: new FieldPath(c.source), primaryKey: c.primaryKey })),
    archivedPath: spec.archivedWhenFalse ? new FieldPath(spec.archivedWhenFalse) : null,
  };
}

/** One row's column texts, reused row after row (toLoadRow never runs concurrently with itself). */
const rowParts: string[] = [];

/** The record as a row to load, or a WarehouseRecordError naming the column, the value and the type expected. */
export function toLoadRow(record: unknown, prepared: PreparedColumns, spec: TableSpec): LoadRow {
  if (record === null || typeof record !== 'object' || Array.isArray(record)) throw new WarehouseRecordError(`${spec.table}: the record (msg.payload) must be an object`);
  // The values are joined once into a flat string: built with += the line would be a tree of a few dozen
  // string pieces per row, all kept alive until the batch is loaded, for the garbage collector to copy.
  const parts = rowParts;
  parts.length = prepared.columns.length;
  let key = '';
  for (let c = 0; c < prepared.columns.length; c++) {
    const column = prepared.columns[c] as PreparedColumn;
    const raw = column.path.read(record);
    // Odoo sends false for an empty field of any type; only a boolean column keeps it.
    const empty = raw === undefined || raw === null || (raw === false && column.type !== 'boolean');
    if (empty) {
      if (column.primaryKey) throw new WarehouseRecordError(`${spec.table}: the primary key ${column.name} (from ${column.path.text}) is missing`);
      parts[c] = '\\N';
      continue;
    }
    let text = plainValue(column.type, raw);
    if (text === undefined) {
      const parsed = CONVERTERS[column.type].safeParse(raw);
      if (!parsed.success) throw new WarehouseRecordError(`${spec.table}: column ${column.name} (from ${column.path.text}) got ${shown(raw)}; expected ${EXPECTED[column.type]}`);
      text = parsed.data;
    }
    // One scan of the text for both what COPY must escape and what PostgreSQL cannot store: 3.2 million
    // values in a 200,000-line load, nearly all of them plain.
    const careful = NEEDS_CARE.test(text);
    if (careful && text.includes('\u0000')) throw new WarehouseRecordError(`${spec.table}: column ${column.name} holds a NUL character, which PostgreSQL cannot store`);
    if (column.primaryKey) key = key === '' ? text : `${key},${text}`;
    parts[c] = careful ? copyText(text) : text;
  }
  const line = parts.join('\t');
  const archived = prepared.archivedPath ? prepared.archivedPath.read(record) === false : false;
  return { key, line, archived };
}

export function keyText(spec: TableSpec, row: Record<string, unknown>): string {
  return keyColumns(spec)
    .map((c) => String(row[c.name]))
    .join(',');
}
