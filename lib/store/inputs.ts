// What callers hand the store, checked and normalised once for both dialects: references are
// validated (a numeric target id becomes a string, as RecordRef says), absent values become null.
import type { z } from 'zod';
import { RecordRefSchema, type MlcEnvelope, type RecordRef } from '../envelope';
import { checkClaimRequest, checkKey, staleAfterMsOf } from './claim-rules';
import { StoreError } from './errors';
import { StoredErrorSchema } from './rows';
import type { ClaimHolder, ClaimRequest, FailureReport, PostedReport, RunCounts, StoredError } from './types';

interface RecordFields {
  key: string;
  runId: string | null;
  source: RecordRef | null;
  mlc: MlcEnvelope | null;
  payload: unknown;
  /** The record as it entered the mapping (from the report, or msg.mlc.input). */
  input: unknown;
  flow: string | null;
}

export interface ClaimInput extends RecordFields {
  owner: string;
  staleAfterMs: number;
  holder: ClaimHolder | null;
}

export interface PostedInput extends RecordFields {
  target: RecordRef;
}

export interface FailureInput extends RecordFields {
  error: StoredError;
  owner: string | null;
}

export function claimInput(request: ClaimRequest): ClaimInput {
  checkClaimRequest(request);
  return { ...recordFields(request), owner: request.owner, staleAfterMs: staleAfterMsOf(request), holder: request.holder ?? null };
}

export function postedInput(report: PostedReport): PostedInput {
  const fields = recordFields(report);
  const target = checked(RecordRefSchema, report.target, `markPosted of "${fields.key}": target`);
  // A posted record is never replayed: the record as read that rides on msg.mlc is not written again
  // on every post (the claim kept it already); only an explicit report.input is.
  return { ...fields, input: report.input ?? null, target };
}

export function failureInput(report: FailureReport): FailureInput {
  const fields = recordFields(report);
  const error = checked(StoredErrorSchema, report.error, `markFailed of "${fields.key}": error`);
  return { ...fields, error, owner: report.owner ?? report.mlc?.claimedBy ?? null };
}

function recordFields(input: {
  key: string;
  runId?: string | null;
  source?: RecordRef | null;
  mlc?: MlcEnvelope | null;
  payload?: unknown;
  input?: unknown;
  flow?: string | null;
}): RecordFields {
  checkKey(input.key);
  return {
    key: input.key,
    runId: input.runId ?? null,
    source: input.source == null ? null : checked(RecordRefSchema, input.source, `record "${input.key}": source`),
    mlc: input.mlc ? storedEnvelope(input.mlc) : null,
    payload: input.payload ?? null,
    input: input.input ?? input.mlc?.input ?? null,
    flow: typeof input.flow === 'string' && input.flow !== '' ? input.flow : null,
  };
}

/**
 * msg.mlc as kept: the record as read has its own column, and the claim owner belongs to one
 * message's journey, not to the record (a replay must not carry an old claim's owner).
 */
function storedEnvelope(mlc: MlcEnvelope): MlcEnvelope {
  if (!('input' in mlc) && !('claimedBy' in mlc)) return mlc;
  const { input: _input, claimedBy: _claimedBy, ...rest } = mlc;
  return rest as MlcEnvelope;
}

function checked<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const path = issue && issue.path.length ? `.${issue.path.join('.')}` : '';
  throw new StoreError('MLC_STORE_BAD_INPUT', `store: ${what}${path}: ${issue ? issue.message : 'invalid'}`);
}

/**
 * The note kept on a posted record when a failure is reported for it afterwards (a timeout that
 * fired after the write went through, a Catch node fed by a later node). The post stands.
 */
export function lateFailureNote(error: StoredError): string {
  return `failure reported after it was posted: ${error.message}${error.code ? ` [${error.code}]` : ''}${error.source ? ` (from ${error.source})` : ''}`;
}

/** Counter increments, without the undefined ones; anything but a finite number is refused. */
export function countIncrements(counts: RunCounts): Record<string, number> {
  const increments: Record<string, number> = {};
  for (const [name, value] of Object.entries(counts)) {
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      throw new StoreError('MLC_STORE_BAD_INPUT', `store: run counter "${name}" must be a finite number, got ${String(value)}`);
    }
    increments[name] = value;
  }
  return increments;
}

/**
 * One entry per key, for statements that may touch a row only once. Sequential reports of one key
 * fold into one: later values win, and a value a later report leaves empty keeps the earlier one,
 * which is what applying them one after another would have left.
 */
export function foldByKey<T extends { key: string }>(items: readonly T[]): T[] {
  const folded = new Map<string, T>();
  for (const item of items) {
    const earlier = folded.get(item.key);
    if (!earlier) {
      folded.set(item.key, item);
      continue;
    }
    const merged: T = { ...earlier };
    for (const field of Object.keys(item) as Array<keyof T>) {
      const value = item[field];
      if (value !== null && value !== undefined) merged[field] = value;
    }
    folded.set(item.key, merged);
  }
  return [...folded.values()];
}
