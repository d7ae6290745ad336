// A run is reconciled once its writes are audited. The trigger (a read's end message) can arrive
// while the last records are still being mapped and written, so the wait first lets the run's
// control totals reach the records the read counted, then waits for every one of them to be audited.
import { abortableSleep } from '../http/sleep';
import { AUDITED, waitUntilAudited } from '../read/audit-wait';
import type { Store } from '../store/types';
import { COUNT_MEASURE, RECORD_DIMENSION } from './spec';

export interface RunWaitOptions {
  timeoutMs: number;
  signal?: AbortSignal;
  pollMs?: number;
}

/** Resolves with how many records were still not audited (or not yet counted) when the time was up; 0 when all were. */
export async function waitForRunAudited(store: Store, runId: string, options: RunWaitOptions): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  const pollMs = options.pollMs ?? 100;
  let keys: string[] = [];
  for (;;) {
    const [run, controls] = await Promise.all([store.getRun(runId), store.runControls(runId)]);
    keys = controls.figures.filter((f) => f.dimension === RECORD_DIMENSION && f.measure === COUNT_MEASURE).map((f) => f.value);
    // A read counts what it sent; a map that splits records counts more keys than that, never fewer.
    const read = run?.counts.read ?? 0;
    if (keys.length >= read || Date.now() >= deadline) break;
    // A map without controls counts nothing: once the read is over and its records are all audited,
    // no count is coming, and the reconciliation says so now rather than after the whole wait.
    if (keys.length === 0 && run && run.status !== 'running' && (await store.count({ runId, status: AUDITED })) >= read) break;
    await abortableSleep(pollMs, options.signal);
  }
  const counted = Math.max(0, ((await store.getRun(runId))?.counts.read ?? 0) - keys.length);
  const pending = await waitUntilAudited(store, keys, { timeoutMs: Math.max(0, deadline - Date.now()), ...(options.signal ? { signal: options.signal } : {}) });
  return pending + counted;
}
