// What mlc-servicenow-write takes in msg.payload, per operation, checked with zod. Values stay as the
// flow gave them here; the client turns each into the string ServiceNow expects (and refuses objects).
import { z } from 'zod';
import { checkField } from './encoded-query';

export const SERVICENOW_WRITE_OPERATIONS = ['insert', 'update', 'upsert', 'import', 'import-bulk'] as const;
export type ServiceNowWriteOperation = (typeof SERVICENOW_WRITE_OPERATIONS)[number];

/** The node's settings a message may not change per record (it may name the operation and the tables). */
export interface ServiceNowWriteSettings {
  operation: ServiceNowWriteOperation;
  /** Table API operations: the table; import operations: the staging table (of the header, with lines). */
  table: string;
  /** Import operations with lines: the staging table of the lines; empty: one row per record. */
  lineTable: string;
  /** Upsert: the column holding the source's id (the Odoo id). */
  correlationField: string;
}

type Values = Record<string, unknown>;

export type TableWrite =
  | { operation: 'insert'; table: string; values: Values }
  | { operation: 'update'; table: string; sysId: string; values: Values }
  | { operation: 'upsert'; table: string; field: string; correlation: string; values: Values };

/** Rows of one record for import sets: the header (or the only row), then its lines, each staged only after the header succeeded. */
export interface ImportWrite {
  operation: 'import' | 'import-bulk';
  table: string;
  header: Values;
  lineTable?: string;
  lines: Values[];
  /**
   * Not the key's first claim (`msg.mlc.attempt` > 1): an earlier attempt, failed or cut short by a
   * crash, may have staged these rows, so rows `ignored` onto their target are its own writes.
   */
  retry?: true;
}

export type ServiceNowWriteRequest = TableWrite | ImportWrite;

export class ServiceNowWriteInputError extends Error {
  readonly code = 'MLC_SERVICENOW_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'ServiceNowWriteInputError';
  }
}

const TABLE = /^[A-Za-z0-9_]+$/;
const values = z.record(z.string(), z.unknown());
const scalar = z.union([z.string().trim().min(1), z.number()]).transform(String);
const withLines = z.object({ header: values, lines: z.array(values).default([]) }).strict();

export function parseServiceNowOperation(value: unknown, fallback: ServiceNowWriteOperation): ServiceNowWriteOperation {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string' && (SERVICENOW_WRITE_OPERATIONS as readonly string[]).includes(value)) return value as ServiceNowWriteOperation;
  throw new ServiceNowWriteInputError(`mlc-servicenow-write: unknown operation "${String(value)}" (${SERVICENOW_WRITE_OPERATIONS.join(', ')})`);
}

/** A table name from the node or the message; `what` names it in the error. */
export function tableName(value: unknown, what: string): string {
  if (typeof value !== 'string' || !TABLE.test(value.trim())) throw new ServiceNowWriteInputError(`mlc-servicenow-write: ${what} ${value === undefined || value === '' ? 'is not set' : `"${String(value)}" is not a table name`}`);
  return value.trim();
}

function problem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'invalid payload';
}

function parse<S extends z.ZodType>(schema: S, payload: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ServiceNowWriteInputError(`mlc-servicenow-write: the ${what} in msg.payload is not usable: ${problem(parsed.error)}`);
  return parsed.data;
}

/**
 * One record as the node writes it. `msg` gives the per-message overrides: `operation`, `table`,
 * `sys_id` (update; else `payload.sys_id`); and `attempt`, the store's count of claims of the key.
 */
export function serviceNowRequestFrom(payload: unknown, settings: ServiceNowWriteSettings, msg: { table?: unknown; sys_id?: unknown; attempt?: unknown } = {}): ServiceNowWriteRequest {
  const { operation } = settings;
  const table = tableName(msg.table ?? settings.table, operation.startsWith('import') ? 'the staging table' : 'the table');
  if (operation === 'import' || operation === 'import-bulk') {
    const retry = typeof msg.attempt === 'number' && msg.attempt > 1 ? { retry: true as const } : {};
    if (!settings.lineTable) return { operation, table, header: parse(values, payload, 'row'), lines: [], ...retry };
    const record = parse(withLines, payload, 'record ({header, lines})');
    return { operation, table, header: record.header, lineTable: tableName(settings.lineTable, 'the line staging table'), lines: record.lines, ...retry };
  }
  const given = parse(values, payload, 'record');
  if (operation === 'insert') return { operation, table, values: given };
  if (operation === 'update') {
    const { sys_id: inPayload, ...rest } = given;
    const sysId = parse(scalar, msg.sys_id ?? inPayload, 'sys_id (msg.sys_id or payload.sys_id)');
    return { operation, table, sysId, values: rest };
  }
  let field: string;
  try {
    field = checkField(settings.correlationField);
  } catch {
    throw new ServiceNowWriteInputError(`mlc-servicenow-write: the correlation field "${settings.correlationField}" is not a column name`);
  }
  const correlation = parse(scalar, given[field], `correlation field ${field}`);
  return { operation, table, field, correlation, values: { ...given, [field]: correlation } };
}
