import type { SandboxRequest, SandboxResponse } from '../kit';
import { json } from '../kit';
import { requestMatches, type RequestMatch } from '../kit/request-match';

/**
 * Faults that act *after* a write was executed and stored, for the writer's "unknown outcome" path:
 * the kit's faults act before the route runs (the write never happens), except `reset-mid-body`.
 * - `drop`: the socket is destroyed instead of the answer (the client sees a reset / hang-up).
 * - `hang`: no answer until the client gives up (its timeout) or `closeAfterMs` passes.
 * - `status`: a 5xx (or any status) instead of the real answer.
 * In-process only, like the other UKG test controls: `ukg.afterCommit.add({kind: 'status', status: 500,
 * method: 'POST', path: '/configuration/v1/org-levels'})`. Applied by the org-levels bulk POST.
 */
export type AfterCommitFault = ({ kind: 'drop' } | { kind: 'hang'; closeAfterMs?: number } | { kind: 'status'; status: number; body?: unknown }) &
  RequestMatch & {
    /** How many matching requests it applies to, default 1. */
    times?: number;
  };

const DEFAULT_HANG_MS = 120_000;

export class AfterCommitFaults {
  private queue: Array<{ fault: AfterCommitFault; remaining: number }> = [];
  private readonly hanging = new Set<() => void>();

  add(faults: AfterCommitFault | AfterCommitFault[]): void {
    for (const fault of Array.isArray(faults) ? faults : [faults]) {
      const times = fault.times ?? 1;
      if (!Number.isInteger(times) || times < 1) throw new RangeError(`after-commit fault times must be a positive integer, got ${times}`);
      this.queue.push({ fault, remaining: times });
    }
  }

  pending(): number {
    return this.queue.reduce((sum, entry) => sum + entry.remaining, 0);
  }

  clear(): void {
    this.queue = [];
    for (const end of [...this.hanging]) end();
  }

  /** Called by a route once its write is stored: the answer it gives, or none (socket cut or left hanging). */
  async apply(request: SandboxRequest, response: SandboxResponse): Promise<SandboxResponse> {
    const index = this.queue.findIndex((entry) => requestMatches(entry.fault, request.method, request.path));
    const entry = this.queue[index];
    if (!entry) return response;
    entry.remaining -= 1;
    if (entry.remaining === 0) this.queue.splice(index, 1);
    const { fault } = entry;
    const socket = request.raw.socket;
    switch (fault.kind) {
      case 'status':
        return json((fault.body ?? { title: 'Internal Server Error', status: fault.status }) as Parameters<typeof json>[0], { status: fault.status });
      case 'drop':
        socket.destroy();
        return response;
      case 'hang':
        // Answered only once the client is gone, so nothing reaches it; the server logs client-closed.
        await new Promise<void>((resolve) => {
          const end = (): void => {
            clearTimeout(timer);
            this.hanging.delete(end);
            socket.destroy();
            resolve();
          };
          const timer = setTimeout(end, fault.closeAfterMs ?? DEFAULT_HANG_MS);
          timer.unref();
          this.hanging.add(end);
          socket.once('close', end);
        });
        return response;
    }
  }
}
