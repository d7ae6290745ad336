// "The cursor advances only after the records up to it are audited": after a page is sent, the read
// waits until the store holds an outcome for every key of the page, or, for a record that went on
// under other keys (a map with its own key, a split), for every record it went on as (store links
// made by dedup, audit and the map's rejections from msg.mlc.readKey). An audit in this process
// wakes the wait through the store (audit-signal.ts); polling stays, slower, because the audit may
// also run in another Node-RED instance sharing PostgreSQL, which no in-process signal reaches.
import { auditGeneration, waitForAuditSignal } from '../store/audit-signal';
import type { RecordStatus, Store } from '../store/types';

/** Outcomes that end a record's journey; claimed and replay mean it is still on its way. */
export const AUDITED: RecordStatus[] = ['posted', 'failed', 'parked'];

export interface AuditWaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** First poll interval when no signal comes; doubles up to maxIntervalMs. */
  firstIntervalMs?: number;
  maxIntervalMs?: number;
  /**
   * The audit generation taken before the page was sent: the first count then waits for an audit
   * written after it (or the first interval), instead of counting before the audit could have run.
   */
  sentAt?: number;
}

/** Resolves with 0 when every key is audited, or with how many are not when the time is up. */
export async function waitUntilAudited(store: Store, keys: readonly string[], options: AuditWaitOptions): Promise<number> {
  const unique = [...new Set(keys)];
  const deadline = Date.now() + options.timeoutMs;
  // The poll is only the fallback for an audit in another process, so it need not be short.
  let interval = options.firstIntervalMs ?? 50;
  const maxInterval = options.maxIntervalMs ?? 1000;
  if (options.sentAt !== undefined) {
    const signalled = await waitForAuditSignal(store, options.sentAt, Math.max(0, Math.min(interval, deadline - Date.now())), options.signal);
    if (!signalled) interval = Math.min(interval * 2, maxInterval);
  }
  for (;;) {
    // Taken before the count: a write after it wakes the wait below even if it lands before the wait starts.
    const generation = auditGeneration(store);
    const audited = await store.countDoneReads(unique, AUDITED);
    const pending = unique.length - audited;
    if (pending <= 0) return 0;
    const left = deadline - Date.now();
    if (left <= 0) return pending;
    const signalled = await waitForAuditSignal(store, generation, Math.min(interval, left), options.signal);
    // Only a silent interval backs off: a busy audit in this process keeps the next poll as close.
    if (!signalled) interval = Math.min(interval * 2, maxInterval);
  }
}
