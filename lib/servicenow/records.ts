// The shapes ServiceNow answers in (B.2, B.5), checked where they come in. Table rows stay open
// records: every column is a string, a reference `{link, value}`, or with display values
// `{display_value, value[, link]}`, and which columns come depends on the table and `sysparm_fields`.
import { z } from 'zod';
import { ServiceNowDataError, ServiceNowInputError } from './errors';

export const rowSchema = z.record(z.string(), z.unknown());
export type ServiceNowRow = z.output<typeof rowSchema>;

export const listEnvelopeSchema = z.object({ result: z.array(rowSchema) });
export const recordEnvelopeSchema = z.object({ result: rowSchema });

/** The outcome of one transform map for an imported row (B.5). */
export const IMPORT_STATUSES = ['inserted', 'updated', 'ignored', 'skipped', 'error'] as const;
/** A result read again before an asynchronous transform ran says `pending`. */
const RESULT_STATUSES = [...IMPORT_STATUSES, 'pending'] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number] | 'pending';

export const transformResultSchema = z
  .object({
    transform_map: z.string().optional(),
    table: z.string().optional(),
    display_name: z.string().optional(),
    display_value: z.string().optional(),
    record_link: z.string().optional(),
    status: z.enum(RESULT_STATUSES),
    sys_id: z.string().optional(),
    status_message: z.string().optional(),
    error_message: z.string().optional(),
  })
  .passthrough();
export type TransformResult = z.output<typeof transformResultSchema>;

export const importResultSchema = z
  .object({
    import_set: z.string(),
    staging_table: z.string(),
    result: z.array(transformResultSchema),
  })
  .passthrough();
export type ImportResult = z.output<typeof importResultSchema>;

export const insertMultipleAnswerSchema = z
  .object({
    import_set_id: z.string().min(1),
    multi_import_set_id: z.string().optional(),
  })
  .passthrough();

export interface InsertMultipleAnswer {
  /** sys_id of the `sys_import_set` the rows were loaded into. */
  importSetId: string;
  multiImportSetId?: string;
}

/** What a staging row says about its transform: pending until the (asynchronous) transform ran. */
export interface ImportRowOutcome {
  /** sys_id of the staging row. */
  sysId: string;
  /** Position of the row in its import set (`sys_import_row`, counted from 0 as ServiceNow does). */
  row?: number;
  /** `sys_import_state`: pending, inserted, updated, ignored, skipped, error. */
  state: string;
  /** The transform's message (`sys_import_state_comment`, or `sys_row_error` when that is empty). */
  message?: string;
  targetTable?: string;
  targetSysId?: string;
  transformMap?: string;
}

export function parseWith<T>(schema: z.ZodType<T>, data: unknown, what: string, table?: string): T {
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new ServiceNowDataError(`servicenow: ${what} is not shaped as ServiceNow documents it${where}: ${issue?.message ?? 'invalid'}`, table);
}

/** The column's value as stored: the `value` of a reference or display-value pair, else the string itself. */
export function fieldValue(row: ServiceNowRow, field: string): string | undefined {
  const v = row[field];
  if (typeof v === 'string') return v;
  if (v && typeof v === 'object' && 'value' in v && typeof (v as { value: unknown }).value === 'string') return (v as { value: string }).value;
  return undefined;
}

export function importRowOutcome(row: ServiceNowRow): ImportRowOutcome {
  const sysId = fieldValue(row, 'sys_id');
  if (!sysId) throw new ServiceNowDataError('servicenow: a staging row came back without its sys_id');
  const position = Number(fieldValue(row, 'sys_import_row') ?? Number.NaN);
  const message = fieldValue(row, 'sys_import_state_comment') || fieldValue(row, 'sys_row_error');
  const opt = (name: keyof ImportRowOutcome, field: string) => {
    const v = fieldValue(row, field);
    return v ? { [name]: v } : {};
  };
  return {
    sysId,
    state: fieldValue(row, 'sys_import_state') || 'pending',
    ...(Number.isInteger(position) && position >= 0 ? { row: position } : {}),
    ...(message ? { message } : {}),
    ...opt('targetTable', 'sys_target_table'),
    ...opt('targetSysId', 'sys_target_sys_id'),
    ...opt('transformMap', 'sys_transform_map'),
  };
}

/** GMT "YYYY-MM-DD HH:MM:SS", as the Table API stores, returns and compares date-times (B.2). */
export function glideDateTime(date: Date): string {
  return date.toISOString().replace('T', ' ').slice(0, 19);
}

/** Values for a write: ServiceNow expects strings (B.2, B.5); Dates go as GMT date-times, null clears the field. */
export type WriteValue = string | number | boolean | bigint | Date | null;

export function stringValues(values: Readonly<Record<string, unknown>>, table: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, value] of Object.entries(values)) {
    if (value === undefined) continue;
    if (value === null) out[field] = '';
    else if (typeof value === 'string') out[field] = value;
    else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') {
      if (typeof value === 'number' && !Number.isFinite(value)) throw new ServiceNowInputError(`servicenow: ${table}.${field} is ${value}, which is not a value ServiceNow can store`, table);
      out[field] = String(value);
    } else if (value instanceof Date) {
      if (Number.isNaN(value.getTime())) throw new ServiceNowInputError(`servicenow: ${table}.${field} is an invalid date`, table);
      out[field] = glideDateTime(value);
    } else {
      throw new ServiceNowInputError(`servicenow: ${table}.${field} is ${Array.isArray(value) ? 'a list' : 'an object'}; ServiceNow takes one string per column (map it to a text or sys_id first)`, table);
    }
  }
  return out;
}
