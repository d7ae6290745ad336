// How mlc-audit reads an outcome off a message: a message carrying msg.error (from a Catch node or
// a write node's error output) is a failure; one carrying msg.mlc.target is posted.
import { pageKeysOf, RecordRefSchema, type MlcEnvelope, type RecordRef } from '../../lib/envelope';
import type { StoredError } from '../../lib/store/types';

export type AuditMode = 'auto' | 'posted' | 'failed';

export type AuditOutcome =
  | { kind: 'posted'; target: RecordRef }
  | { kind: 'failed'; error: StoredError }
  | { kind: 'unknown'; reason: string };

interface CaughtError {
  message?: unknown;
  code?: unknown;
  source?: { type?: unknown; name?: unknown; id?: unknown };
}

/** The id of the node that reported msg.error (a Catch node's msg.error.source, a write node's error output). */
export function failingNodeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const source = (error as CaughtError).source;
  return source && typeof source.id === 'string' && source.id !== '' ? source.id : undefined;
}

export function outcomeOf(mode: AuditMode, mlc: MlcEnvelope, error: unknown): AuditOutcome {
  const failure = error !== undefined && error !== null ? toStoredError(error) : null;
  if (mode === 'failed' || (mode === 'auto' && failure)) {
    return { kind: 'failed', error: failure ?? { message: 'reported as failed', source: 'mlc-audit' } };
  }
  const target = RecordRefSchema.safeParse(mlc.target);
  if (target.success) return { kind: 'posted', target: target.data };
  return {
    kind: 'unknown',
    reason:
      mode === 'posted'
        ? 'msg.mlc.target ({system, entity, id}) is missing or incomplete, so the posted record cannot be recorded'
        : 'the message has neither msg.error (failed) nor msg.mlc.target (posted)',
  };
}

function toStoredError(error: unknown): StoredError {
  if (typeof error === 'string') return { message: error };
  if (error instanceof Error) {
    const code = (error as Error & { code?: unknown }).code;
    return { message: error.message, ...(typeof code === 'string' ? { code } : {}) };
  }
  if (typeof error === 'object' && error !== null) {
    const caught = error as CaughtError;
    const message = typeof caught.message === 'string' ? caught.message : JSON.stringify(error);
    const source = caught.source && typeof caught.source.type === 'string' ? caught.source.type : undefined;
    const node = caught.source && typeof caught.source.id === 'string' ? caught.source.id : undefined;
    return {
      message,
      ...(typeof caught.code === 'string' ? { code: caught.code } : {}),
      ...(source ? { source } : {}),
      ...(node ? { node } : {}),
    };
  }
  return { message: String(error) };
}

/** A page message: records in msg.payload, their keys by position in msg.mlc.keys (a read's page, a write node's written page). */
export interface AuditPage {
  records: unknown[];
  keys: string[];
  /** msg.mlc.targets by position, when the page was written. */
  targets: unknown[] | null;
  /** msg.mlc.readKeys by position, when a mapping gave the records keys of their own. */
  readKeys: Array<string | undefined> | null;
  /** msg.mlc.inputs by position: the records as they entered the mapping, kept for replay. */
  inputs: unknown[] | null;
  /** msg.mlc without its per-record arrays: what every record's envelope shares (runId). */
  shared: Record<string, unknown>;
}

export function auditPageOf(payload: unknown, mlc: unknown): AuditPage | null {
  if (!Array.isArray(payload) || typeof mlc !== 'object' || mlc === null) return null;
  const keys = pageKeysOf(mlc, payload.length);
  if (!keys) return null;
  const { keys: _keys, targets, readKeys, inputs, key: _key, ...shared } = mlc as Record<string, unknown>;
  const aligned = (value: unknown): value is unknown[] => Array.isArray(value) && value.length === payload.length;
  return {
    records: payload,
    keys,
    targets: aligned(targets) ? targets : null,
    readKeys: aligned(readKeys) ? readKeys.map((k) => (typeof k === 'string' && k !== '' ? k : undefined)) : null,
    inputs: aligned(inputs) ? inputs : null,
    shared,
  };
}
