// The SQLite store's checkpoints on a thread of their own (lib/store/wal-checkpointer.ts): with the
// writing connection never checkpointing, the log stays bounded only because the worker copies it;
// a worker that cannot open the file is reported so the connection checkpoints again; a closed store
// leaves no log behind.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, describe, it } from 'node:test';
import { openStore } from '../../lib/store';
import { WalCheckpointer } from '../../lib/store/wal-checkpointer';

const dir = mkdtempSync(join(tmpdir(), 'mlc-wal-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Long enough that the log's steady size with the thread, not how soon the thread started, is what counts. */
const ROUNDS = 80;

/** Writes ROUNDS transactions of 500 rows of about 200 bytes, pausing between them; answers the log's size at the end. */
async function writeWithoutCheckpoints(path: string, withCheckpointer: boolean): Promise<number> {
  const db = new DatabaseSync(path);
  db.exec('PRAGMA journal_mode = WAL');
  db.exec('PRAGMA wal_autocheckpoint = 0');
  db.exec('CREATE TABLE t (k TEXT PRIMARY KEY, v TEXT)');
  const lost: Error[] = [];
  const checkpointer = withCheckpointer ? WalCheckpointer.start(path, { onLost: (err) => lost.push(err), everyMs: 20 }) : null;
  const insert = db.prepare('INSERT INTO t (k, v) VALUES (?, ?)');
  for (let round = 0; round < ROUNDS; round++) {
    db.exec('BEGIN');
    for (let i = 0; i < 500; i++) insert.run(`key-${round}-${i}`, 'x'.repeat(200));
    db.exec('COMMIT');
    await sleep(30);
  }
  const size = statSync(`${path}-wal`).size;
  await checkpointer?.stop();
  db.close();
  assert.deepEqual(lost, []);
  return size;
}

describe('SQLite checkpoints on their own thread', () => {
  it('keeps the log bounded while the writing connection never checkpoints; without the thread it grows with every write', async () => {
    const unchecked = await writeWithoutCheckpoints(join(dir, 'unchecked.sqlite'), false);
    const checked = await writeWithoutCheckpoints(join(dir, 'checked.sqlite'), true);
    // 40,000 rows of ~200 bytes: ten megabytes of log and more when nothing copies it back.
    assert.ok(unchecked > 8_000_000, `log without checkpoints: ${unchecked} bytes`);
    // With the thread the log is reused from its start once copied: its size is what a few rounds write
    // (a busy machine may start the thread late, which the first rounds' share of the file shows).
    assert.ok(checked < unchecked / 3, `log with the checkpoint thread: ${checked} bytes, without: ${unchecked}`);
  });

  it('reports a worker that cannot open the file, so the connection checkpoints again', async () => {
    const lost: Error[] = [];
    const checkpointer = WalCheckpointer.start(join(dir, 'no-such-dir', 'store.sqlite'), { onLost: (err) => lost.push(err) });
    assert.ok(checkpointer);
    for (let i = 0; i < 200 && lost.length === 0; i++) await sleep(50);
    assert.equal(lost.length, 1);
    await checkpointer.stop();
  });

  it('a store closed after writing leaves no log behind, and its records are in the file', async () => {
    const path = join(dir, 'store.sqlite');
    const store = await openStore({ kind: 'sqlite', path });
    await store.markPostedMany(Array.from({ length: 2000 }, (_, i) => ({ key: `k:${i}`, target: { system: 'test', entity: 'x', id: String(i) } })));
    assert.ok(existsSync(`${path}-wal`));
    await store.close();
    assert.equal(existsSync(`${path}-wal`), false);
    const db = new DatabaseSync(path, { readOnly: true });
    assert.equal(Number(db.prepare('SELECT count(*) AS n FROM mlc_records').get()?.['n']), 2000);
    db.close();
  });
});
