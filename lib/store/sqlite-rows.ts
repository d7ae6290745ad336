// SQLite rows as node:sqlite returns them (loosely typed values) → the shared row shapes.
import { z } from 'zod';
import { parseJsonColumn, rowOf, toAuditRecord, toRunRecord } from './rows';
import type { AuditRecord, Cursor, RunRecord } from './types';

export const RECORD_COLUMNS =
  'key, status, run_id, source, target, attempts, error, payload, mlc, claimed_by, claimed_at, claimed_instance, claimed_process, input, flow, history, note, created_at, updated_at';
export const RUN_COLUMNS = 'run_id, flow, status, started_at, finished_at, counts, note';

const text = z.string();
const nullableText = z.string().nullable();

const RecordRowSchema = z.object({
  key: text,
  status: text,
  run_id: nullableText,
  source: nullableText,
  target: nullableText,
  attempts: z.number(),
  error: nullableText,
  payload: nullableText,
  mlc: nullableText,
  claimed_by: nullableText,
  claimed_at: nullableText,
  claimed_instance: nullableText,
  claimed_process: nullableText,
  input: nullableText,
  flow: nullableText,
  history: nullableText,
  note: nullableText,
  created_at: text,
  updated_at: text,
});
export type SqliteRecordRow = z.infer<typeof RecordRowSchema>;

const RunRowSchema = z.object({
  run_id: text,
  flow: nullableText,
  status: text,
  started_at: text,
  finished_at: nullableText,
  counts: text,
  note: nullableText,
});

const CursorRowSchema = z.object({ name: text, value: text, updated_at: text });

export function sqliteRecordRow(raw: unknown): SqliteRecordRow {
  return rowOf(RecordRowSchema, raw, 'mlc_records');
}

export function sqliteAuditRecord(row: SqliteRecordRow): AuditRecord {
  const where = `record "${row.key}"`;
  return toAuditRecord({
    key: row.key,
    status: row.status,
    runId: row.run_id,
    source: parseJsonColumn(row.source, where, 'source'),
    target: parseJsonColumn(row.target, where, 'target'),
    attempts: row.attempts,
    error: parseJsonColumn(row.error, where, 'error'),
    payload: parseJsonColumn(row.payload, where, 'payload'),
    mlc: parseJsonColumn(row.mlc, where, 'mlc'),
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at,
    input: parseJsonColumn(row.input, where, 'input'),
    flow: row.flow,
    history: parseJsonColumn(row.history, where, 'history'),
    note: row.note,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}

export function sqliteRunRecord(raw: unknown): RunRecord {
  const row = rowOf(RunRowSchema, raw, 'mlc_runs');
  return toRunRecord({
    runId: row.run_id,
    flow: row.flow,
    status: row.status,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    counts: parseJsonColumn(row.counts, `run "${row.run_id}"`, 'counts'),
    note: row.note,
  });
}

export function sqliteCursor(raw: unknown): Cursor {
  const row = rowOf(CursorRowSchema, raw, 'mlc_cursors');
  return { name: row.name, value: row.value, updatedAt: row.updated_at };
}
