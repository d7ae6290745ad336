// Which records each operation may touch, and how many it returns when the caller does not say.
import { StoreError } from './errors';
import { DEFAULT_LIST_LIMIT, type FilterScope } from './filters';

export const LIST_SCOPE: FilterScope = { defaultLimit: DEFAULT_LIST_LIMIT };

/** count ignores limit: it answers "how many match", which paging does not change. */
export const COUNT_SCOPE: FilterScope = { defaultLimit: null, ignoreLimit: true };

/** Replay takes failed records, or parked ones when asked for by status; posted ones never. */
export const REPLAY_SCOPE: FilterScope = { allowed: ['failed', 'parked'], defaults: ['failed'], defaultLimit: DEFAULT_LIST_LIMIT };

/**
 * Parking sets aside failed and replay-pending records by default; a claim can be parked only when
 * asked for by status (a claim stuck by a dead instance). Posted records are final and never
 * parked, and parking all matches unless the filter gives a limit.
 */
export const PARK_SCOPE: FilterScope = { allowed: ['claimed', 'failed', 'replay'], defaults: ['failed', 'replay'], defaultLimit: null };

/** Releasing takes claims only. */
export const RELEASE_SCOPE: FilterScope = { allowed: ['claimed'], defaults: ['claimed'], defaultLimit: null };

export const DEFAULT_RUN_LIST_LIMIT = 100;

export function runListLimit(limit: number | undefined): number {
  if (limit === undefined) return DEFAULT_RUN_LIST_LIMIT;
  if (!Number.isInteger(limit) || limit < 0) {
    throw new StoreError('MLC_STORE_BAD_INPUT', `store: limit must be a whole number >= 0, got ${String(limit)}`);
  }
  return limit;
}
