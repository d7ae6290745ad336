// One read run as the store records it: started, a `read` counter raised per page, finished or failed
// with a note. The store is optional where nothing needs remembering between runs.
import { processTag } from '../store/process-identity';
import type { Store } from '../store/types';

let runsStarted = 0;

/**
 * `<prefix>:<ISO time>:<process tag>.<n>`, e.g. `ukg-read:employees:2026-11-16T08:00:00.000Z:3f9a61c2.1`:
 * readable, sorted by time within a prefix, and unique per process start: two instances that start a
 * run in the same millisecond differ in the process tag (random per start), two runs of one process
 * in the counter, so their counts never add up in one run record.
 */
export function newRunId(prefix: string, at: Date = new Date()): string {
  runsStarted += 1;
  return `${prefix}:${at.toISOString()}:${processTag()}.${runsStarted}`;
}

export class RunRecord {
  private ended = false;

  constructor(
    private readonly store: Store | null,
    readonly runId: string,
  ) {}

  async start(flow: string | null, note: string): Promise<void> {
    await this.store?.startRun({ runId: this.runId, flow, note });
  }

  async counted(read: number): Promise<void> {
    if (read > 0) await this.store?.addRunCounts(this.runId, { read });
  }

  async finished(note: string): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    await this.store?.finishRun(this.runId, 'finished', note.slice(0, 500));
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
