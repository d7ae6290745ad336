// The checkpoint thread of a SQLite store (wal-checkpointer.ts): its own connection to the store file,
// a passive checkpoint on a timer. Passive: it copies what no reader still needs and returns; it never
// waits for the store's writer nor makes it wait.
import { DatabaseSync } from 'node:sqlite';
import { workerData } from 'node:worker_threads';
import { z } from 'zod';

const Settings = z.object({ path: z.string().min(1), everyMs: z.number().int().positive() });
const { path, everyMs } = Settings.parse(workerData);
const db = new DatabaseSync(path);
// Opening and the checkpoint itself may meet the writer's lock for a moment: wait briefly, never fail.
db.exec('PRAGMA busy_timeout = 1000');
const checkpoint = db.prepare('PRAGMA wal_checkpoint(PASSIVE)');
setInterval(() => {
  try {
    checkpoint.get();
  } catch {
    // Busy or locked: the next tick tries again; the log only waits a little longer.
  }
}, everyMs);
