// "The cursor advances only after the records up to it are audited": after a page is sent, the read
// waits until the store holds an outcome for every key of the page, or, for a record that went on
// under other keys (a map with its own key, a split), for every record it went on as (store links
// made by dedup, audit and the map's rejections from msg.mlc.readKey). Polling (not events) because the
// audit may run in another node, another flow, or another Node-RED instance sharing PostgreSQL.
import { abortableSleep } from '../http/sleep';
import type { RecordStatus, Store } from '../store/types';

/** Outcomes that end a record's journey; claimed and replay mean it is still on its way. */
export const AUDITED: RecordStatus[] = ['posted', 'failed', 'parked'];

export interface AuditWaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  /** First poll interval; doubles up to maxIntervalMs. */
  firstIntervalMs?: number;
  maxIntervalMs?: number;
}

/** Resolves with 0 when every key is audited, or with how many are not when the time is up. */
export async function waitUntilAudited(store: Store, keys: readonly string[], options: AuditWaitOptions): Promise<number> {
  const unique = [...new Set(keys)];
  const deadline = Date.now() + options.timeoutMs;
  // Short first: a page is usually audited within milliseconds, and every page pays this wait.
  let interval = options.firstIntervalMs ?? 5;
  const maxInterval = options.maxIntervalMs ?? 500;
  for (;;) {
    const audited = await store.countDoneReads(unique, AUDITED);
    const pending = unique.length - audited;
    if (pending <= 0) return 0;
    const left = deadline - Date.now();
    if (left <= 0) return pending;
    await abortableSleep(Math.min(interval, left), options.signal);
    interval = Math.min(interval * 2, maxInterval);
  }
}
