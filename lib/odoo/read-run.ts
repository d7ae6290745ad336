// One read run as the store records it: started, a `read` counter raised per page, finished or
// failed with a note. The store is optional for a once read (nothing to remember between runs).
import type { Store } from '../store/types';
import type { ReadSink, ReadSummary } from './read-types';

export function newRunId(model: string, at: Date = new Date()): string {
  return `odoo-read:${model}:${at.toISOString()}`;
}

export async function recordedRun(
  store: Store | null,
  run: { runId: string; flow: string | null; note: string },
  sink: ReadSink,
  body: (sink: ReadSink) => Promise<ReadSummary>,
): Promise<ReadSummary> {
  if (!store) return body(sink);
  await store.startRun({ runId: run.runId, flow: run.flow, note: run.note });
  const counted: ReadSink = {
    async emit(page) {
      await sink.emit(page);
      await store.addRunCounts(run.runId, { read: page.records.length });
    },
  };
  try {
    const summary = await body(counted);
    await store.finishRun(run.runId, 'finished', `${summary.read} read in ${summary.pages} pages${summary.cursor ? `; cursor ${summary.cursor}` : ''}`);
    return summary;
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // The run's own failure is what matters; a store that also fails to note it must not hide it.
    await store.finishRun(run.runId, 'failed', message.slice(0, 500)).catch(() => undefined);
    throw err;
  }
}
