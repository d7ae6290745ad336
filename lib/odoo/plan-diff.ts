// Which fields a write would change on a record that exists, compared the way Odoo stores them: the
// record's values as Odoo answers them raw (false for empty, many2one as [id, name], x2many as id
// lists, naive UTC datetimes) against the values the request sets (what a flow sends: null, {id, name},
// ISO instants, x2many commands). Only the fields the request sets are compared; a field Odoo does not
// know is left out (the write itself would be refused, which the real run reports).
import { stableJson } from '../envelope';
import type { FieldInfo } from './client';
import { isoToOdooDatetime } from './values';

export interface FieldChange {
  field: string;
  /** As the record holds it now (null for empty; many2one and x2many as ids). */
  old: unknown;
  /** As the write would leave it. */
  new: unknown;
}

/** The lines of an existing one2many, by line id, with the fields the request's lines set, and the line model's fields. */
export interface Lines {
  values: ReadonlyMap<number, Record<string, unknown>>;
  infos: ReadonlyMap<string, FieldInfo>;
}

const NO_LINES: Lines = { values: new Map(), infos: new Map() };

/** Cents: Odoo rounds monetary fields to their currency, which is 2 decimals for the currencies journals use. */
const MONETARY_TOLERANCE = 0.005;
const FLOAT_TOLERANCE = 1e-9;

/**
 * The fields of `values` whose stored value would differ from `current`. `lines` gives the lines of
 * one2many fields named in values (read beforehand), so a list of new lines, which replaces the old
 * ones on an existing record, is compared line by line.
 */
export function changedFields(
  values: Record<string, unknown>,
  current: Record<string, unknown>,
  infos: ReadonlyMap<string, FieldInfo>,
  lines: (field: string) => Lines | undefined,
): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, value] of Object.entries(values)) {
    if (field === 'id' || value === undefined) continue;
    const info = infos.get(field);
    if (!info) continue;
    if (info.type === 'one2many') {
      const { values: existing, infos: lineInfos } = lines(field) ?? NO_LINES;
      const before = oldLines(current[field], existing);
      const next = newLines(value, lineInfos);
      if (!sameLines(before, next, lineInfos)) changes.push({ field, old: before, new: next });
      continue;
    }
    const old = storedForm(current[field], info);
    const next = info.type === 'many2many' ? newLinks(value, old) : requestedForm(value, info);
    if (!sameValue(old, next, info.type)) changes.push({ field, old, new: next });
  }
  return changes;
}

/** A field's value as the record holds it, in the form changes are shown in. */
export function storedForm(raw: unknown, info: FieldInfo): unknown {
  switch (info.type) {
    case 'boolean':
      return raw === true;
    case 'integer':
      return typeof raw === 'number' ? raw : 0;
    case 'many2one':
      return Array.isArray(raw) && typeof raw[0] === 'number' ? raw[0] : typeof raw === 'number' ? raw : null;
    case 'many2many':
    case 'one2many':
      return Array.isArray(raw) ? [...(raw as number[])].sort((a, b) => a - b) : [];
    case 'json':
      return typeof raw === 'string' ? parseJson(raw) : raw === false ? null : raw;
    default:
      return raw === false || raw === '' || raw === undefined ? null : raw;
  }
}

/** A value the request sets, as Odoo would store it. */
export function requestedForm(value: unknown, info: FieldInfo): unknown {
  if (value === null || value === false) return storedForm(false, info);
  switch (info.type) {
    case 'boolean':
      return Boolean(value);
    case 'many2one':
      if (typeof value === 'object' && value !== null && typeof (value as { id?: unknown }).id === 'number') return (value as { id: number }).id;
      return value;
    case 'integer':
    case 'float':
    case 'monetary':
      return typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
    case 'date':
      return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value) ? value.slice(0, 10) : value;
    case 'datetime':
      return typeof value === 'string' ? isoToOdooDatetime(value) : value;
    case 'json':
      return typeof value === 'string' ? parseJson(value) : value;
    default:
      return value === '' ? null : value;
  }
}

function sameValue(a: unknown, b: unknown, type: string): boolean {
  if ((type === 'float' || type === 'monetary') && typeof a === 'number' && typeof b === 'number') {
    return Math.abs(a - b) < (type === 'monetary' ? MONETARY_TOLERANCE : FLOAT_TOLERANCE * Math.max(1, Math.abs(a), Math.abs(b)));
  }
  return stableJson(a) === stableJson(b);
}

/**
 * many2many after the write: a plain id list or [6, 0, ids] sets the links, [4, id] adds one, [3, id]
 * removes one, [5] clears them; shown as the sorted ids.
 */
function newLinks(value: unknown, old: unknown): unknown {
  if (!Array.isArray(value)) return value;
  const ids = new Set<number>(Array.isArray(old) ? (old as number[]) : []);
  let plain = true;
  for (const item of value) {
    if (typeof item === 'number') continue;
    plain = false;
    if (!Array.isArray(item)) return value;
    if (item[0] === 6) {
      ids.clear();
      for (const id of (item[2] as unknown[]) ?? []) if (typeof id === 'number') ids.add(id);
    } else if (item[0] === 4 && typeof item[1] === 'number') ids.add(item[1]);
    else if (item[0] === 3 && typeof item[1] === 'number') ids.delete(item[1]);
    else if (item[0] === 5) ids.clear();
    else return value;
  }
  if (plain) return [...new Set(value as number[])].sort((a, b) => a - b);
  return [...ids].sort((a, b) => a - b);
}

/** The record's lines as objects (their line ids dropped), in the record's order. */
function oldLines(raw: unknown, lines: Lines['values']): Array<Record<string, unknown>> {
  if (!Array.isArray(raw)) return [];
  return (raw as number[]).map((id) => lines.get(id) ?? { id });
}

/**
 * A one2many after the write. A list of new lines replaces the old ones (the writer clears them
 * first, see x2many-replace.ts), so the result is those lines; other commands are shown as sent.
 */
function newLines(value: unknown, infos: ReadonlyMap<string, FieldInfo>): unknown {
  if (value === null || value === false) return [];
  if (!Array.isArray(value)) return value;
  if (value.length > 0 && value.every((c) => Array.isArray(c) && c[0] === 0)) return value.map((c) => lineForm((c as unknown[])[2], infos));
  return value;
}

/** A new line's values as the line model would store them. */
function lineForm(values: unknown, infos: ReadonlyMap<string, FieldInfo>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (typeof values !== 'object' || values === null) return out;
  for (const [field, value] of Object.entries(values as Record<string, unknown>)) {
    const info = infos.get(field);
    if (value !== undefined) out[field] = info ? requestedForm(value, info) : value;
  }
  return out;
}

/** Line by line, in order, each field the new lines set compared by its type. */
function sameLines(before: Array<Record<string, unknown>>, after: unknown, infos: ReadonlyMap<string, FieldInfo>): boolean {
  if (!Array.isArray(after) || after.length !== before.length) return false;
  return after.every((line, i) => {
    if (typeof line !== 'object' || line === null || Array.isArray(line)) return false;
    const old = before[i] ?? {};
    return Object.entries(line as Record<string, unknown>).every(([field, value]) => sameValue(old[field], value, infos.get(field)?.type ?? ''));
  });
}

/** A line as read raw, in the form new lines are compared in. */
export function lineRecord(raw: Record<string, unknown>, fields: readonly string[], infos: ReadonlyMap<string, FieldInfo>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) {
    const info = infos.get(field);
    out[field] = info ? storedForm(raw[field], info) : raw[field] === false ? null : raw[field];
  }
  return out;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
