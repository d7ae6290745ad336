// Odoo's wire values are Python's: `false` for every empty field, many2one as [id, "name"],
// datetimes as naive UTC "YYYY-MM-DD HH:MM:SS". Flows get plain JSON instead, and the same JSON
// goes back in on writes, so a record read from Odoo can be mapped and written without conversions.

export type FieldTypes = ReadonlyMap<string, string>;

export interface Many2one {
  id: number;
  name: string;
}

const ODOO_DATETIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(\.\d+)?$/;

/** One record from Odoo to a flow. Fields whose type is unknown (not in fields_get) pass unchanged. */
export function normalizeRecord(record: Record<string, unknown>, types: FieldTypes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // A read of 100,000 records runs this for every field: no entry pairs made per record.
  for (const field in record) out[field] = normalizeValue(record[field], types.get(field));
  return out;
}

export function normalizeValue(value: unknown, type: string | undefined): unknown {
  if (type === undefined || type === 'boolean') return value;
  if (value === false) return null;
  switch (type) {
    case 'many2one':
      if (Array.isArray(value) && typeof value[0] === 'number') return { id: value[0], name: typeof value[1] === 'string' ? value[1] : String(value[1] ?? '') };
      return value;
    case 'datetime':
      return typeof value === 'string' ? odooDatetimeToIso(value) : value;
    default:
      return value;
  }
}

export function odooDatetimeToIso(value: string): string {
  const match = ODOO_DATETIME.exec(value);
  return match ? `${match[1]}T${match[2]}Z` : value;
}

/** An ISO instant (any offset) as Odoo stores it: naive UTC, second precision. */
export function isoToOdooDatetime(value: string): string {
  if (ODOO_DATETIME.test(value)) return value.slice(0, 19);
  const at = Date.parse(value);
  if (Number.isNaN(at) || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return value;
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * One record from a flow to Odoo: null → false, {id, name} → id, ISO datetimes → Odoo's form. Inside
 * x2many command lists ([0, 0, {vals}], [1, id, {vals}]) the line values get the same null and
 * {id, name} treatment; their field types are the line model's, which Odoo checks itself.
 */
export function toOdooValues(values: Record<string, unknown>, types: FieldTypes): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out[field] = toOdooValue(value, types.get(field));
  }
  return out;
}

function toOdooValue(value: unknown, type: string | undefined): unknown {
  if (value === null) return false;
  if ((type === 'one2many' || type === 'many2many') && Array.isArray(value)) return value.map(toOdooCommand);
  if (type === 'many2one' && isMany2one(value)) return value.id;
  if (type === 'datetime' && typeof value === 'string') return isoToOdooDatetime(value);
  if (type === 'date' && typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return value.slice(0, 10);
  return value;
}

function toOdooCommand(command: unknown): unknown {
  if (!Array.isArray(command) || (command[0] !== 0 && command[0] !== 1) || !isPlainObject(command[2])) return command;
  const vals: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(command[2])) {
    if (value === undefined) continue;
    vals[field] = value === null ? false : isMany2one(value) ? value.id : value;
  }
  return [command[0], command[1], vals];
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isMany2one(value: unknown): value is { id: number } {
  return isPlainObject(value) && typeof value['id'] === 'number' && Object.keys(value).every((key) => key === 'id' || key === 'name');
}
