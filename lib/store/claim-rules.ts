// Who wins a claim, in one place for both dialects. SQLite applies these functions directly; the
// PostgreSQL claim statement spells the same rule in SQL (see CLAIM_TAKEOVER_SQL's comment there).
import { StoreError } from './errors';
import { HISTORY_LIMIT, type AttemptError, type AuditRecord, type ClaimHolder, type ClaimRequest, type ClaimResult } from './types';

/** A claimant silent this long is presumed dead and its claim may be taken over. */
export const DEFAULT_STALE_AFTER_MS = 10 * 60_000;

export interface ClaimState {
  status: string;
  claimedBy: string | null;
  claimedAt: string | null;
  claimedInstance: string | null;
  claimedProcess: string | null;
  /** The claimant process's lease has run out (it stopped heartbeating: crashed or cut off). */
  processLeaseLapsed: boolean;
}

/** The lease name under which a process start keeps itself alive. */
export function processLeaseName(process: string): string {
  return `process:${process}`;
}

export const ORPHANED_CODE = 'MLC_CLAIM_ORPHANED';
export const RELEASED_CODE = 'MLC_CLAIM_RELEASED';

export function orphanedMessage(owner: string | null, claimedAt: string | null): string {
  return `the claim of ${owner ?? 'an unknown owner'}${claimedAt ? ` taken at ${claimedAt}` : ''} was left by a Node-RED process that stopped (restart or crash) before the outcome was recorded; the write's outcome is unknown, so the next claim looks the key up in the target before anything is written again`;
}

/**
 * Whether a claim takes a key that already has a row.
 * - failed / replay: yes, that is what replay is for.
 * - claimed by another owner longer ago than its staleAfterMs: yes, the holder is presumed dead.
 * - claimed by the same owner: no. Owners are unique per node instance, so the same owner claiming
 *   again means a second message with the same key is in flight in that node: letting it through
 *   would post the record twice. The answer is `in-progress`, and nothing changes (attempts stay).
 * - claimed by another, live owner; posted; parked: no.
 */
export function mayTakeOver(row: ClaimState, owner: string, staleCutoffIso: string, holder?: ClaimHolder | null): boolean {
  if (row.status === 'failed' || row.status === 'replay') return true;
  if (row.status !== 'claimed' || row.claimedBy === owner) return false;
  if (isDeadClaim(row, holder)) return true;
  // A claim with no time can only come from a hand edit; treating it as stale keeps it from blocking forever.
  return row.claimedAt === null || row.claimedAt < staleCutoffIso;
}

/**
 * A claim whose process is known to be gone: an earlier start of the claimant's own instance (a
 * restart, even with the same host and pid), or a process whose lease lapsed.
 */
export function isDeadClaim(row: ClaimState, holder?: ClaimHolder | null): boolean {
  if (row.claimedProcess === null) return false;
  if (holder && row.claimedInstance === holder.instance && row.claimedProcess !== holder.process) return true;
  return row.processLeaseLapsed;
}

/** What a claim that did not win reports, from the row as it stands. */
export function refusalFor(record: AuditRecord | null): ClaimResult {
  if (!record) return { outcome: 'in-progress', claimedBy: null };
  if (record.status === 'posted') return { outcome: 'duplicate', target: record.target, record };
  if (record.status === 'parked') return { outcome: 'parked', record };
  return { outcome: 'in-progress', claimedBy: record.claimedBy };
}

export function staleAfterMsOf(request: ClaimRequest): number {
  return request.staleAfterMs ?? DEFAULT_STALE_AFTER_MS;
}

export function staleCutoffIso(nowMs: number, staleAfterMs: number): string {
  return new Date(nowMs - staleAfterMs).toISOString();
}

export function checkClaimRequest(request: ClaimRequest): void {
  checkKey(request.key);
  if (typeof request.owner !== 'string' || request.owner === '') {
    throw new StoreError('MLC_STORE_BAD_INPUT', `store: claim of "${request.key}" needs a non-empty owner`);
  }
  const holder = request.holder;
  if (holder != null && (typeof holder.instance !== 'string' || holder.instance === '' || typeof holder.process !== 'string' || holder.process === '')) {
    throw new StoreError('MLC_STORE_BAD_INPUT', `store: claim of "${request.key}": holder needs a non-empty instance and process`);
  }
  const stale = request.staleAfterMs;
  if (stale !== undefined && (!Number.isFinite(stale) || stale < 0)) {
    throw new StoreError('MLC_STORE_BAD_INPUT', `store: staleAfterMs must be a number >= 0, got ${String(stale)}`);
  }
}

export function checkKey(key: unknown): asserts key is string {
  if (typeof key !== 'string' || key === '') {
    throw new StoreError('MLC_STORE_BAD_INPUT', 'store: a record key must be a non-empty string');
  }
}

export function checkHolder(holder: ClaimHolder): void {
  if (!holder || typeof holder.instance !== 'string' || holder.instance === '' || typeof holder.process !== 'string' || holder.process === '') {
    throw new StoreError('MLC_STORE_BAD_INPUT', 'store: a claim holder needs a non-empty instance and process');
  }
}

export function checkLease(name: string, holder: string, ttlMs?: number): void {
  if (typeof name !== 'string' || name === '' || typeof holder !== 'string' || holder === '') {
    throw new StoreError('MLC_STORE_BAD_INPUT', 'store: a lease needs a non-empty name and holder');
  }
  if (ttlMs !== undefined && (!Number.isFinite(ttlMs) || ttlMs <= 0)) {
    throw new StoreError('MLC_STORE_BAD_INPUT', `store: a lease time must be a number > 0, got ${String(ttlMs)}`);
  }
}

/**
 * A record's failure history after one more failure: the first entry is always kept (the first
 * cause), then the latest ones, HISTORY_LIMIT in all.
 */
export function appendHistory(history: readonly AttemptError[], entry: AttemptError): AttemptError[] {
  const next = [...history, entry];
  if (next.length <= HISTORY_LIMIT) return next;
  return [next[0] as AttemptError, ...next.slice(next.length - (HISTORY_LIMIT - 1))];
}

/**
 * What a failure report does to a record that has a row:
 * - posted: the post stands; the failure becomes its note (`late`).
 * - claimed by another owner than the reporter (or by someone when the reporter is unknown): the
 *   claim is live work of someone else, so the failure only joins the history (`history-only`).
 * - parked: stays parked, keeps the latest error.
 * - otherwise: failed.
 * An attempt is counted when no claim counted it already (a map rejection, a failure with no dedup).
 */
export function failureDecision(
  status: string,
  claimedBy: string | null,
  reporter: string | null,
): { kind: 'late' | 'history-only' | 'parked' | 'failed'; countsAttempt: boolean } {
  if (status === 'posted') return { kind: 'late', countsAttempt: false };
  if (status === 'claimed') {
    if (reporter === null || claimedBy !== reporter) return { kind: 'history-only', countsAttempt: false };
    return { kind: 'failed', countsAttempt: false };
  }
  if (status === 'parked') return { kind: 'parked', countsAttempt: true };
  return { kind: 'failed', countsAttempt: true };
}

export function checkRetention(olderThanMs: number): void {
  if (!Number.isFinite(olderThanMs) || olderThanMs < 0) {
    throw new StoreError('MLC_STORE_BAD_INPUT', `store: a retention must be a number of milliseconds >= 0, got ${String(olderThanMs)}`);
  }
}
