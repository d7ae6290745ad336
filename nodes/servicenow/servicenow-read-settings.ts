// The mlc-servicenow-read editor fields and the trigger message → one read request, free of Node-RED so
// they can be tested alone. The query rows go through lib/servicenow/encoded-query.ts when the node is
// deployed, so a value that would add a clause (`^`, `javascript:`) is refused before any call. Bad
// settings are reported on the first trigger (a Catch node sees them) and in the status.
import { z } from 'zod';
import { checkField, checkRawQuery, COMPARISON_OPERATORS, encodeQuery, EncodedQueryError, LIST_OPERATORS, UNARY_OPERATORS, type Condition, type QuerySpec } from '../../lib/servicenow/encoded-query';
import type { DisplayValueMode } from '../../lib/servicenow/read-run';

export const QUERY_OPERATORS = [...COMPARISON_OPERATORS, ...LIST_OPERATORS, 'BETWEEN', ...UNARY_OPERATORS] as const;

export interface ServiceNowReadSettings {
  table: string;
  /** `editor`: the rows below; `msg`: msg.query, a raw encoded query the flow trusts. */
  queryFrom: 'editor' | 'msg';
  query: QuerySpec | null;
  /** The rows as ServiceNow receives them, for the help and the run note. */
  encodedQuery: string;
  fields: string[];
  displayValue: DisplayValueMode;
  excludeReferenceLink: boolean;
  pageSize: number;
  mode: 'all' | 'incremental';
  output: 'record' | 'page';
  cursorName: string;
  advance: 'audited' | 'sent';
  auditTimeoutMs: number;
  settleSeconds: number;
}

const number = z.union([z.number(), z.string()]).optional();
const rowSchema = z.object({
  join: z.enum(['AND', 'OR']).optional(),
  field: z.string(),
  op: z.enum(QUERY_OPERATORS),
  value: z.union([z.string(), z.number(), z.boolean()]).optional(),
});
const fieldsSchema = z.object({
  table: z.string().trim().regex(/^[A-Za-z0-9_]+$/, 'the table is a name such as cmn_cost_center'),
  queryFrom: z.enum(['editor', 'msg']).optional(),
  conditions: z.union([z.array(rowSchema), z.string()]).optional(),
  fields: z.string().optional(),
  displayValue: z.enum(['false', 'true', 'all']).optional(),
  excludeReferenceLink: z.union([z.boolean(), z.enum(['true', 'false'])]).optional(),
  pageSize: number,
  mode: z.enum(['all', 'incremental']).optional(),
  output: z.enum(['record', 'page']).optional(),
  cursorName: z.string().optional(),
  advance: z.enum(['audited', 'sent']).optional(),
  auditTimeoutSeconds: number,
  settleSeconds: number,
});
export type ServiceNowReadFields = z.input<typeof fieldsSchema>;
type Row = z.infer<typeof rowSchema>;

export class ServiceNowReadSettingsError extends Error {
  constructor(
    message: string,
    readonly code = 'MLC_SERVICENOW_READ_SETTINGS',
  ) {
    super(message);
    this.name = 'ServiceNowReadSettingsError';
  }
}

export function defaultCursorName(nodeId: string, table: string): string {
  return `servicenow-read:${nodeId}:${table}`;
}

function conditionOf(row: Row): Condition {
  const field = row.field.trim();
  const text = row.value === undefined ? '' : String(row.value);
  if ((UNARY_OPERATORS as readonly string[]).includes(row.op)) return { field, op: row.op as (typeof UNARY_OPERATORS)[number] };
  if ((LIST_OPERATORS as readonly string[]).includes(row.op)) return { field, op: row.op as (typeof LIST_OPERATORS)[number], values: text.split(',').map((v) => v.trim()).filter((v) => v !== '') };
  if (row.op === 'BETWEEN') {
    const parts = text.split('@');
    if (parts.length !== 2) throw new EncodedQueryError(`${field}: BETWEEN takes "from@to", e.g. 2026-01-01 00:00:00@2026-01-31 23:59:59`);
    return { field, op: 'BETWEEN', from: (parts[0] as string).trim(), to: (parts[1] as string).trim() };
  }
  return { field, op: row.op as (typeof COMPARISON_OPERATORS)[number], value: text };
}

/** Rows joined as ServiceNow joins them: AND starts a new condition, OR is an alternative to the one before (`^OR`). */
export function querySpecOf(rows: readonly Row[]): QuerySpec | null {
  const where: Condition[][] = [];
  rows.forEach((row, i) => {
    const condition = conditionOf(row);
    const last = where[where.length - 1];
    if (row.join === 'OR' && i > 0 && last) last.push(condition);
    else where.push([condition]);
  });
  return where.length > 0 ? { where } : null;
}

function parseRows(value: Row[] | string | undefined): Row[] {
  if (value === undefined || value === '') return [];
  if (Array.isArray(value)) return value;
  const parsed = z.array(rowSchema).safeParse(JSON.parse(value));
  if (!parsed.success) throw new ServiceNowReadSettingsError(`mlc-servicenow-read: conditions: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
  return parsed.data;
}

export function serviceNowReadSettingsFromNode(nodeId: string, raw: unknown): ServiceNowReadSettings {
  const parsed = fieldsSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ServiceNowReadSettingsError(`mlc-servicenow-read: ${issue?.path.join('.') || 'settings'}: ${issue?.message ?? 'invalid'}`);
  }
  const f = parsed.data;
  const about = `mlc-servicenow-read (${f.table})`;
  const mode = f.mode ?? 'all';
  const queryFrom = f.queryFrom ?? 'editor';
  const displayValue = f.displayValue ?? 'false';
  if (mode === 'incremental' && queryFrom === 'msg') throw new ServiceNowReadSettingsError(`${about}: a query from msg.query cannot drive an incremental read (the cursor would skip what it leaves out); build the query in the node`);
  if (mode === 'incremental' && displayValue === 'true') throw new ServiceNowReadSettingsError(`${about}: an incremental read needs sys_updated_on as stored; choose display values "false" or "all"`);
  let query: QuerySpec | null;
  let encodedQuery: string;
  const fields = (f.fields ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  try {
    query = querySpecOf(parseRows(f.conditions));
    // Encoded now, so a row that cannot be sent is refused at deploy, before any call.
    encodedQuery = query ? encodeQuery(query) : '';
    fields.forEach(checkField);
  } catch (err) {
    if (err instanceof EncodedQueryError) throw new ServiceNowReadSettingsError(`${about}: query refused: ${err.message}`, err.code);
    if (err instanceof SyntaxError) throw new ServiceNowReadSettingsError(`${about}: conditions are not JSON`);
    throw err;
  }
  return {
    table: f.table,
    queryFrom,
    query: queryFrom === 'editor' ? query : null,
    encodedQuery: queryFrom === 'editor' ? encodedQuery : '',
    fields,
    displayValue,
    excludeReferenceLink: f.excludeReferenceLink === true || f.excludeReferenceLink === 'true',
    pageSize: bounded(f.pageSize, 200, 1, 10_000),
    mode,
    output: f.output ?? 'record',
    cursorName: f.cursorName?.trim() || defaultCursorName(nodeId, f.table),
    advance: f.advance ?? 'audited',
    auditTimeoutMs: Math.round(bounded(f.auditTimeoutSeconds, 600, 0.05, 86_400) * 1000),
    settleSeconds: f.settleSeconds === undefined || f.settleSeconds === '' ? 0 : bounded(f.settleSeconds, 0, 0, 86_400),
  };
}

function bounded(value: string | number | undefined, fallback: number, min: number, max: number): number {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? Math.min(max, Math.max(min, Math.floor(n * 1000) / 1000)) : fallback;
}

/**
 * The query of one run. With "from msg.query" the message's string is sent as written: the flow trusts
 * whoever set it (it can ask for any row the user may read). Otherwise msg.query is refused rather
 * than ignored, so a flow that meant to narrow the read does not silently read everything.
 */
export function queryFor(s: ServiceNowReadSettings, msg: Record<string, unknown>): QuerySpec | string | null {
  const given = msg['query'];
  if (s.queryFrom === 'editor') {
    if (given !== undefined && given !== null) throw new ServiceNowReadSettingsError(`mlc-servicenow-read (${s.table}): msg.query is taken only when the node's query is set to "from msg.query (trusted)"`, 'MLC_SERVICENOW_READ_BAD_MESSAGE');
    return s.query;
  }
  if (given === undefined || given === null || given === '') return null;
  if (typeof given !== 'string') throw new ServiceNowReadSettingsError(`mlc-servicenow-read (${s.table}): msg.query must be an encoded query string such as active=true^nameSTARTSWITHA`, 'MLC_SERVICENOW_READ_BAD_MESSAGE');
  try {
    return checkRawQuery(given);
  } catch (err) {
    if (err instanceof EncodedQueryError) throw new ServiceNowReadSettingsError(`mlc-servicenow-read (${s.table}): msg.query: ${err.message}`, err.code);
    throw err;
  }
}
