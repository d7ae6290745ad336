// Who wins a claim, in one place for both dialects. SQLite applies these functions directly; the
// PostgreSQL claim statement spells the same rule in SQL (see CLAIM_TAKEOVER_SQL's comment there).
import { StoreError } from './errors';
import type { AuditRecord, ClaimRequest, ClaimResult } from './types';

/** A claimant silent this long is presumed dead and its claim may be taken over. */
export const DEFAULT_STALE_AFTER_MS = 10 * 60_000;

export interface ClaimState {
  status: string;
  claimedBy: string | null;
  claimedAt: string | null;
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
export function mayTakeOver(row: ClaimState, owner: string, staleCutoffIso: string): boolean {
  if (row.status === 'failed' || row.status === 'replay') return true;
  if (row.status !== 'claimed' || row.claimedBy === owner) return false;
  // A claim with no time can only come from a hand edit; treating it as stale keeps it from blocking forever.
  return row.claimedAt === null || row.claimedAt < staleCutoffIso;
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
