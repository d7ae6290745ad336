// One read run as the store records it: started, a `read` counter raised per page, finished or
// failed with a note. The store is optional for a once read (nothing to remember between runs).
import type { Store } from '../store/types';
import type { ReadSink, ReadSummary } from './read-types';

export function newRunId(model: string, at: Date = new Date()): string {
  return `odoo-read:${model}:${at.toISOString()}`;
}

export class ReadRunRecord {
  private ended = false;

  constructor(
    private readonly store: Store | null,
    readonly runId: string,
  ) {}

  async start(flow: string | null, note: string): Promise<void> {
    await this.store?.startRun({ runId: this.runId, flow, note });
  }

  /** The sink with the run's `read` counter raised after each page is handed on. */
  counting(sink: ReadSink): ReadSink {
    const store = this.store;
    if (!store) return sink;
    return {
      emit: async (page) => {
        await sink.emit(page);
        await store.addRunCounts(this.runId, { read: page.records.length });
      },
    };
  }

  async finished(summary: ReadSummary): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.store?.finishRun(this.runId, 'finished', `${summary.read} read in ${summary.pages} pages${summary.cursor ? `; cursor ${summary.cursor}` : ''}`);
  }

  /**
   * Marks the run failed; only the first end counts. Called at once when a redeploy stops the run:
   * the store's config node closes in the same redeploy, so a note written later would be lost.
   */
  async failed(message: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    // The run's own failure is what matters; a store that also fails to note it must not hide it.
    await this.store?.finishRun(this.runId, 'failed', message.slice(0, 500)).catch(() => undefined);
  }
}

export async function recordedRun(record: ReadRunRecord, sink: ReadSink, body: (sink: ReadSink) => Promise<ReadSummary>): Promise<ReadSummary> {
  try {
    const summary = await body(record.counting(sink));
    await record.finished(summary);
    return summary;
  } catch (err) {
    await record.failed(err instanceof Error ? err.message : String(err));
    throw err;
  }
}
