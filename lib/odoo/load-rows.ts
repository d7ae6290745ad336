// A record's values (as a flow gives them to the write node) as rows for Odoo's `load(fields, rows)`:
// the record's own cells in the first row, its one2many lines in that row and the rows below it (Odoo
// reads a row with nothing but line cells as "one more line of the record above"), many2one by database
// id (`journal_id/.id`), many2many as comma-separated ids, JSON fields (analytic_distribution) as JSON
// text, booleans as 1/0. Every cell is text: Odoo's import converters parse text, and some (booleans)
// fault on anything else.
import type { FieldInfo } from './client';
import { isoToOdooDatetime } from './values';

export type FieldInfos = ReadonlyMap<string, FieldInfo>;

/** Values load() cannot express as a create (an update command inside lines, a nested one2many...). */
export class NotLoadable extends Error {
  constructor(
    message: string,
    readonly unknownField = false,
  ) {
    super(message);
    this.name = 'NotLoadable';
  }
}

/** One record as rows: column → cell, row 0 first. */
export type RecordRows = Array<Map<string, string>>;

/**
 * The rows of one record, `xmlid` in the `id` column. `lineInfos` gives the fields of a line model
 * (fetched by the caller beforehand). Throws NotLoadable with the reason.
 */
export function recordRows(model: string, xmlid: string, values: Record<string, unknown>, infos: FieldInfos, lineInfos: (relation: string) => FieldInfos): RecordRows {
  const head = new Map<string, string>();
  head.set('id', xmlid);
  const rows: RecordRows = [head];
  for (const field in values) {
    if (!Object.hasOwn(values, field)) continue;
    const value = values[field];
    if (value === undefined || field === 'id') continue;
    const info = infos.get(field);
    if (!info) throw new NotLoadable(`Invalid field '${field}' on model '${model}'`, true);
    if (info.type !== 'one2many') {
      head.set(columnName(field, '', info), cellOf(model, field, info, value));
      continue;
    }
    const lines = lineValues(model, field, value);
    const lineModel = info.relation ?? '';
    const sub = lineInfos(lineModel);
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      let row = rows[i];
      if (!row) rows.push((row = new Map<string, string>()));
      let any = false;
      for (const lineField in line) {
        if (!Object.hasOwn(line, lineField)) continue;
        const lineValue = line[lineField];
        if (lineValue === undefined || lineField === 'id') continue;
        const lineInfo = sub.get(lineField);
        if (!lineInfo) throw new NotLoadable(`Invalid field '${lineField}' on model '${lineModel}'`, true);
        if (lineInfo.type === 'one2many') throw new NotLoadable(`${field}: lines with their own lines (${lineField}) cannot be sent with load()`);
        const cell = cellOf(lineModel, lineField, lineInfo, lineValue);
        row.set(columnName(field, lineField, lineInfo), cell);
        if (cell !== '') any = true;
      }
      // A row of empty cells would not read as a line of this record.
      if (!any) throw new NotLoadable(`${field}: line ${i + 1} has no values`);
    }
  }
  return rows;
}

/**
 * Column names, built once per field rather than once per record: every record of a batch names the
 * same few columns, and a name that is the same string each time is hashed once for the rows' maps.
 * Keyed by the field names a model actually has (the caller checked them), so the cache stays small.
 */
const columnNames = new Map<string, Map<string, { plain?: string; byId?: string }>>();

/** `field` (or `field/lineField` for a line's field), with `/.id` for relations given by database id. */
function columnName(field: string, lineField: string, info: FieldInfo): string {
  let byLine = columnNames.get(field);
  if (!byLine) columnNames.set(field, (byLine = new Map()));
  let names = byLine.get(lineField);
  if (!names) byLine.set(lineField, (names = {}));
  const byId = info.type === 'many2one' || info.type === 'many2many';
  const known = byId ? names.byId : names.plain;
  if (known !== undefined) return known;
  const name = `${lineField === '' ? field : `${field}/${lineField}`}${byId ? '/.id' : ''}`;
  if (byId) names.byId = name;
  else names.plain = name;
  return name;
}

/** One load() call's table for records with the same columns; row order follows the records. */
export function loadTable(records: RecordRows[]): { fields: string[]; rows: string[][] } {
  const columns = new Set<string>(['id']);
  for (const rows of records) for (const row of rows) for (const column of row.keys()) columns.add(column);
  const fields = [...columns];
  return { fields, rows: records.flatMap((rows) => rows.map((row) => fields.map((column) => row.get(column) ?? ''))) };
}

/**
 * Records share a load() call only when they name the same fields: an empty cell means "false", not
 * "the default", so a record that leaves a field out must not sit in a table that has its column.
 */
export function columnsKey(rows: RecordRows): string {
  // The columns as small numbers kept in order as they come (a record has a dozen or so): one short
  // array and string per record rather than a set, a sorted copy and a long joined string of names.
  const ids: number[] = [];
  for (const row of rows) {
    for (const column of row.keys()) {
      const id = columnId(column);
      let at = ids.length;
      while (at > 0 && (ids[at - 1] as number) > id) at--;
      if (ids[at - 1] === id) continue;
      // Columns mostly come in the order first seen, so this is a push; splice would allocate its (empty) result each time.
      if (at === ids.length) ids.push(id);
      else ids.splice(at, 0, id);
    }
  }
  return ids.join(',');
}

/** A number for each column name this process has seen, for columnsKey; bounded like columnNames. */
const columnIds = new Map<string, number>();

function columnId(column: string): number {
  let id = columnIds.get(column);
  if (id === undefined) columnIds.set(column, (id = columnIds.size));
  return id;
}

function lineValues(model: string, field: string, value: unknown): Array<Record<string, unknown>> {
  if (value === null || value === false) return [];
  if (!Array.isArray(value)) throw new NotLoadable(`${model}.${field}: a list of line commands was expected`);
  return value.map((command) => {
    // [0, 0, {values}]: a new line. Anything else (update, link, delete, replace) is not a create.
    if (Array.isArray(command) && command[0] === 0 && isObject(command[2])) return command[2];
    throw new NotLoadable(`${model}.${field}: only new lines ([0, 0, {...}]) can be sent with load(), got ${JSON.stringify(command)}`);
  });
}

/** The text of one value, in the column columnName gives its field. */
function cellOf(model: string, field: string, info: FieldInfo, value: unknown): string {
  if (value === null || value === undefined) return info.type === 'boolean' ? '0' : '';
  switch (info.type) {
    case 'many2one': {
      const id = typeof value === 'number' ? value : isObject(value) && typeof value['id'] === 'number' ? value['id'] : undefined;
      if (id === undefined || !Number.isInteger(id)) throw new NotLoadable(`${model}.${field}: a record id was expected, got ${JSON.stringify(value)}`);
      return String(id);
    }
    case 'many2many':
      return many2manyIds(`${model}.${field}`, value).join(',');
    case 'boolean':
      return value ? '1' : '0';
    case 'integer':
    case 'float':
    case 'monetary':
      if (typeof value === 'number' && Number.isFinite(value)) return String(value);
      if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return value;
      throw new NotLoadable(`${model}.${field}: a number was expected, got ${JSON.stringify(value)}`);
    case 'date':
      if (typeof value === 'string') return /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
      break;
    case 'datetime':
      if (typeof value === 'string') return isoToOdooDatetime(value);
      break;
    case 'json':
      return typeof value === 'string' ? value : JSON.stringify(value);
    default:
      if (value === false) return '';
      if (typeof value === 'string' || typeof value === 'number') return String(value);
  }
  throw new NotLoadable(`${model}.${field}: ${JSON.stringify(value)} cannot be sent as a ${info.type} cell`);
}

/** [id, ...], [[6, 0, ids]] or [[4, id], ...]: the ids to set. */
function many2manyIds(where: string, value: unknown): number[] {
  if (value === false) return [];
  if (!Array.isArray(value)) throw new NotLoadable(`${where}: a list of ids was expected`);
  const ids: number[] = [];
  for (const item of value) {
    if (typeof item === 'number' && Number.isInteger(item)) ids.push(item);
    else if (Array.isArray(item) && item[0] === 6 && Array.isArray(item[2])) ids.push(...(item[2] as number[]));
    else if (Array.isArray(item) && item[0] === 4 && typeof item[1] === 'number') ids.push(item[1]);
    else throw new NotLoadable(`${where}: ${JSON.stringify(item)} is not a link to existing records`);
  }
  return ids;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
