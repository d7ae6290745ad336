// What a claim of each key would answer, asked without claiming: for a plan run, which must leave
// every key as it found it so the real run (or posting the plan) claims it as usual. One list() for
// a batch of keys. A claim held by anyone counts as in progress here, even a stale one a real claim
// would take over: a plan takes nothing over.
import { refusalFor } from './claim-rules';
import type { ClaimResult, Store } from './types';

export async function peekClaims(store: Store, keys: readonly string[]): Promise<ClaimResult[]> {
  if (keys.length === 0) return [];
  const rows = await store.list({ keys, limit: keys.length });
  const byKey = new Map(rows.map((row) => [row.key, row]));
  return keys.map((key) => {
    const row = byKey.get(key);
    if (!row || row.status === 'failed' || row.status === 'replay') return { outcome: 'claimed', attempts: row ? row.attempts + 1 : 1 };
    return refusalFor(row);
  });
}
