// Turning database rows into the interface's records and back. The JSON columns hold data that
// came from outside (payloads, envelopes from function nodes, hand edits), so what is read back is
// validated here once for both dialects instead of being trusted.
import { z } from 'zod';
import { MlcEnvelopeSchema, RecordRefSchema, type MlcEnvelope } from '../envelope';
import { StoreError } from './errors';
import { RECORD_STATUSES, type AuditRecord, type RecordStatus, type RunCounts, type RunRecord } from './types';

/** A record row once each dialect has dealt with its own column types (JSON parsed, times as ISO). */
export interface RecordRow {
  key: string;
  status: string;
  runId: string | null;
  source: unknown;
  target: unknown;
  attempts: number;
  error: unknown;
  payload: unknown;
  mlc: unknown;
  claimedBy: string | null;
  claimedAt: string | null;
  input: unknown;
  flow: string | null;
  history: unknown;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RunRow {
  runId: string;
  flow: string | null;
  status: string;
  startedAt: string;
  finishedAt: string | null;
  counts: unknown;
  note: string | null;
}

const StatusSchema = z.enum(RECORD_STATUSES as [RecordStatus, ...RecordStatus[]]);
const RunStatusSchema = z.enum(['running', 'finished', 'failed']);
export const StoredErrorSchema = z.object({
  message: z.string(),
  code: z.string().optional(),
  source: z.string().optional(),
  node: z.string().optional(),
});
const HistorySchema = z.array(z.object({ at: z.string(), attempt: z.number(), error: StoredErrorSchema }));
const RunCountsSchema = z.record(z.string(), z.number());
const LooseObjectSchema = z.record(z.string(), z.unknown());

export function toAuditRecord(row: RecordRow): AuditRecord {
  const where = `record "${row.key}"`;
  return {
    key: row.key,
    status: decode(StatusSchema, row.status, where, 'status'),
    runId: row.runId,
    source: decodeNullable(RecordRefSchema, row.source, where, 'source'),
    target: decodeNullable(RecordRefSchema, row.target, where, 'target'),
    attempts: row.attempts,
    error: decodeNullable(StoredErrorSchema, row.error, where, 'error'),
    payload: row.payload ?? null,
    mlc: decodeEnvelope(row.mlc, row.key),
    claimedBy: row.claimedBy,
    claimedAt: row.status === 'claimed' ? row.claimedAt : null,
    input: row.input ?? null,
    flow: row.flow,
    history: row.history === null || row.history === undefined ? [] : decode(HistorySchema, row.history, where, 'history'),
    note: row.note,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

export function toRunRecord(row: RunRow): RunRecord {
  const where = `run "${row.runId}"`;
  const counts: RunCounts = decode(RunCountsSchema, row.counts ?? {}, where, 'counts');
  return {
    runId: row.runId,
    flow: row.flow,
    status: decode(RunStatusSchema, row.status, where, 'status'),
    startedAt: row.startedAt,
    finishedAt: row.finishedAt,
    counts,
    note: row.note,
  };
}

/**
 * msg.mlc as kept. audit stores even a malformed envelope (one a function node built by hand) so the
 * record is not lost; read back, the fields that do not fit are dropped rather than making the whole
 * record unreadable, which would stall replay for every record paged with it.
 */
function decodeEnvelope(raw: unknown, key: string): MlcEnvelope | null {
  if (raw === null || raw === undefined) return null;
  const strict = MlcEnvelopeSchema.safeParse(raw);
  if (strict.success) return strict.data;
  const loose = LooseObjectSchema.safeParse(raw);
  if (!loose.success) throw badRow(`record "${key}"`, 'mlc', 'not an object');
  const repaired: Record<string, unknown> = { ...loose.data };
  for (const issue of strict.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string') delete repaired[field];
  }
  if (typeof repaired['key'] !== 'string' || repaired['key'] === '') repaired['key'] = key;
  return decode(MlcEnvelopeSchema, repaired, `record "${key}"`, 'mlc');
}

function decode<S extends z.ZodType>(schema: S, value: unknown, where: string, column: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length ? `.${issue.path.join('.')}` : '';
  throw badRow(where, `${column}${path}`, issue ? issue.message : 'invalid');
}

function decodeNullable<S extends z.ZodType>(schema: S, value: unknown, where: string, column: string): z.output<S> | null {
  if (value === null || value === undefined) return null;
  return decode(schema, value, where, column);
}

function badRow(where: string, column: string, problem: string): StoreError {
  return new StoreError('MLC_STORE_BAD_ROW', `store ${where}: column ${column}: ${problem}`);
}

/** JSON text of a value for a JSON column; null for "nothing to keep". */
export function jsonOrNull(value: unknown, what: string): string | null {
  if (value === undefined || value === null) return null;
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (err) {
    throw new StoreError('MLC_STORE_BAD_INPUT', `store: ${what} cannot be kept as JSON: ${(err as Error).message}`);
  }
  return text === undefined ? null : text;
}

/** Parses a JSON text column (SQLite); a broken text is a bad row, not a crash. */
export function parseJsonColumn(text: string | null, where: string, column: string): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw badRow(where, column, 'not valid JSON');
  }
}

/** A row whose columns do not have the types this code writes was edited by hand or is corrupt. */
export function rowOf<S extends z.ZodType>(schema: S, raw: unknown, table: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new StoreError('MLC_STORE_BAD_ROW', `store: a row of ${table} has an unexpected ${issue?.path.join('.') ?? 'shape'}: ${issue?.message ?? 'invalid'}`);
}
