// An Odoo read run as the store records it: the shared run record, counting pages as they are handed on.
import { RunRecord, newRunId as runIdWithPrefix } from '../read/run-record';
import type { ReadSink, ReadSummary } from './read-types';

export function newRunId(model: string, at: Date = new Date()): string {
  return runIdWithPrefix(`odoo-read:${model}`, at);
}

export class ReadRunRecord extends RunRecord {
  /** The sink with the run's `read` counter raised after each page is handed on. */
  counting(sink: ReadSink): ReadSink {
    return {
      emit: async (page) => {
        await sink.emit(page);
        await this.counted(page.records.length);
      },
    };
  }
}

export async function recordedRun(record: ReadRunRecord, sink: ReadSink, body: (sink: ReadSink) => Promise<ReadSummary>): Promise<ReadSummary> {
  try {
    const summary = await body(record.counting(sink));
    await record.finished(`${summary.read} read in ${summary.pages} pages${summary.cursor ? `; cursor ${summary.cursor}` : ''}`);
    return summary;
  } catch (err) {
    await record.failed(err instanceof Error ? err.message : String(err));
    throw err;
  }
}
