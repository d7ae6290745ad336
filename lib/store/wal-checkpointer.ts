// Copies a SQLite store's write-ahead log into the database file on a thread of its own. SQLite
// checkpoints on the connection that commits, so every thousand pages or so one of the flow's
// commits stopped to copy the log (and to sync the file): a sixth of the cost of writing a record.
// Here the store's connection never checkpoints; a second connection in a worker does it, passively
// (it never waits for or blocks a writer), a few times a second. Should the worker fail, the store's
// connection checkpoints as SQLite does by default again, so the log can never grow without bound.
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

/** How often the worker checkpoints: often enough that the log stays a few megabytes under a steady load. */
export const CHECKPOINT_EVERY_MS = 200;
/** SQLite's own default, put back when the worker is gone. */
export const SQLITE_AUTOCHECKPOINT_PAGES = 1000;

export interface CheckpointerOptions {
  /** Called once if the worker stops on its own (it failed): the connection must checkpoint again. */
  onLost(err: Error): void;
  everyMs?: number;
}

function workerFile(): string {
  return join(__dirname, __filename.endsWith('.ts') ? 'wal-checkpoint-worker.ts' : 'wal-checkpoint-worker.js');
}

export class WalCheckpointer {
  private stopping = false;
  private lost = false;

  private constructor(private readonly worker: Worker) {}

  /** Starts the worker for a store file; an in-memory or URI database has no file another connection could open. */
  static start(path: string, options: CheckpointerOptions): WalCheckpointer | null {
    if (path === ':memory:' || path.startsWith('file:')) return null;
    const worker = new Worker(workerFile(), { workerData: { path, everyMs: options.everyMs ?? CHECKPOINT_EVERY_MS } });
    const checkpointer = new WalCheckpointer(worker);
    const lose = (err: Error): void => {
      if (checkpointer.stopping || checkpointer.lost) return;
      checkpointer.lost = true;
      options.onLost(err);
    };
    worker.on('error', lose);
    worker.on('exit', (code) => lose(new Error(`the checkpoint thread stopped (exit code ${code})`)));
    // A store left open must not keep the process alive; the database handle never did.
    worker.unref();
    return checkpointer;
  }

  /** Ends the worker's connection, so the store's own close is the last one and removes the log. */
  async stop(): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    await this.worker.terminate();
  }
}
