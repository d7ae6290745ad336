// PostgreSQL rows as pg returns them (JSONB already parsed, timestamptz as Date) → the shared row
// shapes. pg types rows as `any`; they are checked here before anything else sees them.
import { z } from 'zod';
import { rowOf, toAuditRecord, toRunRecord } from './rows';
import type { AuditRecord, Cursor, RunRecord } from './types';

export const PG_RECORD_COLUMNS =
  'key, status, run_id, source, target, attempts, error, payload, mlc, claimed_by, claimed_at, input, flow, history, note, created_at, updated_at';
export const PG_RUN_COLUMNS = 'run_id, flow, status, started_at, finished_at, counts, note';

const text = z.string();
const nullableText = z.string().nullable();

const RecordRowSchema = z.object({
  key: text,
  status: text,
  run_id: nullableText,
  source: z.unknown(),
  target: z.unknown(),
  attempts: z.number(),
  error: z.unknown(),
  payload: z.unknown(),
  mlc: z.unknown(),
  claimed_by: nullableText,
  claimed_at: z.date().nullable(),
  input: z.unknown(),
  flow: nullableText,
  history: z.unknown(),
  note: nullableText,
  created_at: z.date(),
  updated_at: z.date(),
});

const RunRowSchema = z.object({
  run_id: text,
  flow: nullableText,
  status: text,
  started_at: z.date(),
  finished_at: z.date().nullable(),
  counts: z.unknown(),
  note: nullableText,
});

const CursorRowSchema = z.object({ name: text, value: text, updated_at: z.date() });

export function pgAuditRecord(raw: unknown): AuditRecord {
  const row = rowOf(RecordRowSchema, raw, 'mlc_records');
  return toAuditRecord({
    key: row.key,
    status: row.status,
    runId: row.run_id,
    source: row.source,
    target: row.target,
    attempts: row.attempts,
    error: row.error,
    payload: row.payload,
    mlc: row.mlc,
    claimedBy: row.claimed_by,
    claimedAt: row.claimed_at ? row.claimed_at.toISOString() : null,
    input: row.input,
    flow: row.flow,
    history: row.history,
    note: row.note,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  });
}

export function pgRunRecord(raw: unknown): RunRecord {
  const row = rowOf(RunRowSchema, raw, 'mlc_runs');
  return toRunRecord({
    runId: row.run_id,
    flow: row.flow,
    status: row.status,
    startedAt: row.started_at.toISOString(),
    finishedAt: row.finished_at ? row.finished_at.toISOString() : null,
    counts: row.counts,
    note: row.note,
  });
}

export function pgCursor(raw: unknown): Cursor {
  const row = rowOf(CursorRowSchema, raw, 'mlc_cursors');
  return { name: row.name, value: row.value, updatedAt: row.updated_at.toISOString() };
}
