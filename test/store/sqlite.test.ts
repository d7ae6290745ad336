// The SQLite store: the shared contract on a real file, plus what only SQLite has: several
// instances and processes on one file, and files written by an older version.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { defaultSqlitePath, openStore, type Store } from '../../lib/store';
import { migrateSqlite } from '../../lib/store/migrations/sqlite';
import { storeContract } from './contract';

const root = mkdtempSync(join(tmpdir(), 'mlc-store-sqlite-'));
let files = 0;
const freshPath = () => join(root, `store-${++files}.sqlite`);

const contractPath = freshPath();
storeContract(
  'SQLite (temp file)',
  () => openStore({ kind: 'sqlite', path: contractPath }),
  async () => undefined,
);

after(() => rmSync(root, { recursive: true, force: true }));

describe('SQLite store', () => {
  it('switches the file to WAL mode', async () => {
    const path = freshPath();
    const store = await openStore({ kind: 'sqlite', path });
    try {
      // Pragmas are per connection except journal_mode, which the file keeps.
      const db = new DatabaseSync(path);
      assert.equal(db.prepare('PRAGMA journal_mode').get()?.['journal_mode'], 'wal');
      db.close();
      assert.equal(store.kind, 'sqlite');
    } finally {
      await store.close();
    }
  });

  it('creates the folder of a new store file', async () => {
    const path = join(root, 'nested', 'deeper', 'store.sqlite');
    const store = await openStore({ kind: 'sqlite', path });
    await store.markPosted({ key: 'k', target: { system: 's', entity: 'e', id: '1' } });
    await store.close();
  });

  it('reports a file it cannot open with MLC_STORE_UNAVAILABLE', async () => {
    await assert.rejects(openStore({ kind: 'sqlite', path: root }), (err: unknown) => {
      assert.equal((err as { code?: string }).code, 'MLC_STORE_UNAVAILABLE');
      assert.match((err as Error).message, /SQLite/);
      return true;
    });
  });

  it('puts the default store beside the flows', () => {
    assert.equal(defaultSqlitePath('/home/nr/.node-red'), join('/home/nr/.node-red', 'mlc-store.sqlite'));
  });

  describe('two instances on one file', () => {
    let path: string;
    let a: Store;
    let b: Store;
    before(async () => {
      path = freshPath();
      [a, b] = await Promise.all([openStore({ kind: 'sqlite', path }), openStore({ kind: 'sqlite', path })]);
    });
    after(async () => {
      await a.close();
      await b.close();
    });

    it('racing claims of the same keys: every key has exactly one winner', async () => {
      const keys = Array.from({ length: 500 }, (_, i) => `two-instances:${i}`);
      const shuffled = [...keys].sort(() => Math.random() - 0.5);
      const [fromA, fromB] = await Promise.all([
        Promise.all(keys.map((key) => a.claim({ key, owner: 'instance-a' }))),
        b.claimMany(shuffled.map((key) => ({ key, owner: 'instance-b' }))),
      ]);
      const winners = new Map<string, number>();
      fromA.forEach((r, i) => r.outcome === 'claimed' && winners.set(keys[i] ?? '', (winners.get(keys[i] ?? '') ?? 0) + 1));
      fromB.forEach((r, i) => r.outcome === 'claimed' && winners.set(shuffled[i] ?? '', (winners.get(shuffled[i] ?? '') ?? 0) + 1));
      assert.equal(winners.size, 500);
      assert.ok([...winners.values()].every((n) => n === 1));
    });
  });

  it('two processes racing claims on one file: every key has exactly one winner, none gives up on the lock', async () => {
    const path = freshPath();
    // Create the file first so both processes race on claims, not on creating the schema.
    await (await openStore({ kind: 'sqlite', path })).close();
    const startAt = Date.now() + 1500;
    const run = (owner: string, batch: number, order: string) => runClaimer([path, owner, '2000', String(batch), String(startAt), order]);
    const [one, two, three] = await Promise.all([run('proc-1', 50, 'forward'), run('proc-2', 1, 'reverse'), run('proc-3', 200, 'forward')]);
    assert.deepEqual([...one.errors, ...two.errors, ...three.errors], []);
    const all = [...one.won, ...two.won, ...three.won];
    assert.equal(all.length, 2000, `won ${one.won.length} + ${two.won.length} + ${three.won.length}`);
    assert.equal(new Set(all).size, 2000);
  });

  describe('migrations', () => {
    it('opens a store written by version 1 and reads its rows', async () => {
      const path = freshPath();
      const db = new DatabaseSync(path);
      assert.deepEqual(migrateSqlite(db, { upTo: 1 }), [1]);
      // Rows exactly as the version-1 code wrote them: no note column, no runs table.
      const insert = db.prepare(
        `INSERT INTO mlc_records (key, status, run_id, source, target, attempts, error, payload, mlc, claimed_by, claimed_at, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      );
      const t = '2026-11-15T08:00:00.000Z';
      insert.run('old:posted', 'posted', 'run-old', '{"system":"ukg","entity":"gl","id":"1"}', '{"system":"odoo","entity":"account.move","id":"9"}', 1, null, '{"amount":10}', '{"key":"old:posted"}', 'old-node', t, t, t);
      insert.run('old:failed', 'failed', 'run-old', null, null, 1, '{"message":"boom","code":"X"}', '{"amount":"Ω"}', null, 'old-node', t, t, t);
      db.prepare('INSERT INTO mlc_cursors (name, value, updated_at) VALUES (?, ?, ?)').run('hwm', '2026-11-14', t);
      assert.deepEqual(db.prepare('SELECT version FROM mlc_schema_migrations').all().map((r) => r['version']), [1]);
      db.close();

      const store = await openStore({ kind: 'sqlite', path });
      try {
        const posted = await store.get('old:posted');
        assert.equal(posted?.status, 'posted');
        assert.deepEqual(posted?.target, { system: 'odoo', entity: 'account.move', id: '9' });
        assert.equal(posted?.note, null);
        assert.equal(posted?.createdAt, t);
        const failed = await store.get('old:failed');
        assert.deepEqual(failed?.error, { message: 'boom', code: 'X' });
        assert.deepEqual(failed?.payload, { amount: 'Ω' });
        assert.deepEqual((await store.list({ runId: 'run-old' })).map((r) => r.key), ['old:failed', 'old:posted']);
        assert.equal((await store.getCursor('hwm'))?.value, '2026-11-14');
        assert.equal((await store.claim({ key: 'old:posted', owner: 'new-node' })).outcome, 'duplicate');
        assert.equal((await store.resetForReplay({ runId: 'run-old' })).length, 1);
        assert.deepEqual(await store.claim({ key: 'old:failed', owner: 'new-node' }), { outcome: 'claimed', attempts: 2 });
        await store.addRunCounts('run-old', { posted: 1 });
        assert.deepEqual((await store.getRun('run-old'))?.counts, { posted: 1 });
      } finally {
        await store.close();
      }
      const check = new DatabaseSync(path);
      const versions = check.prepare('SELECT version, applied_at FROM mlc_schema_migrations ORDER BY version').all();
      check.close();
      assert.deepEqual(versions.map((r) => r['version']), [1, 2, 3, 4, 5, 6, 7, 8]);
      assert.ok(versions.every((r) => typeof r['applied_at'] === 'string'));
    });

    it('opening an up-to-date store applies nothing', async () => {
      const path = freshPath();
      await (await openStore({ kind: 'sqlite', path })).close();
      const db = new DatabaseSync(path);
      assert.deepEqual(migrateSqlite(db), []);
      db.close();
    });

    it('refuses a store written by a newer version with MLC_STORE_MIGRATION', async () => {
      const path = freshPath();
      await (await openStore({ kind: 'sqlite', path })).close();
      const db = new DatabaseSync(path);
      db.prepare('INSERT INTO mlc_schema_migrations (version, applied_at) VALUES (99, ?)').run(new Date().toISOString());
      db.close();
      await assert.rejects(openStore({ kind: 'sqlite', path }), (err: unknown) => {
        assert.equal((err as { code?: string }).code, 'MLC_STORE_MIGRATION');
        assert.match((err as Error).message, /version 99.*newer/);
        return true;
      });
    });
  });

  describe('rows edited outside the store', () => {
    let path: string;
    let store: Store;
    before(async () => {
      path = freshPath();
      store = await openStore({ kind: 'sqlite', path });
    });
    after(() => store.close());

    const edit = (sql: string, ...params: string[]) => {
      const db = new DatabaseSync(path);
      db.exec('PRAGMA busy_timeout = 5000');
      db.prepare(sql).run(...params);
      db.close();
    };

    it('a column that is not valid JSON is reported as MLC_STORE_BAD_ROW, naming the record', async () => {
      await store.markFailed({ key: 'hand-edited', error: { message: 'x' }, payload: { a: 1 } });
      edit(`UPDATE mlc_records SET payload = '{not json' WHERE key = 'hand-edited'`);
      await assert.rejects(store.get('hand-edited'), (err: unknown) => {
        assert.equal((err as { code?: string }).code, 'MLC_STORE_BAD_ROW');
        assert.match((err as Error).message, /hand-edited.*payload/);
        return true;
      });
    });

    it('an error column of the wrong shape is MLC_STORE_BAD_ROW', async () => {
      await store.markFailed({ key: 'bad-error', error: { message: 'x' } });
      edit(`UPDATE mlc_records SET error = '{"msg":"no message field"}' WHERE key = 'bad-error'`);
      await assert.rejects(store.get('bad-error'), /column error\.message/);
    });

    it('a malformed msg.mlc kept by audit stays readable: the fields that do not fit are dropped', async () => {
      await store.markFailed({ key: 'bad-mlc', error: { message: 'x' } });
      edit(`UPDATE mlc_records SET mlc = '{"source":{"system":""},"topic":"ukg/gl","runId":"r1"}' WHERE key = 'bad-mlc'`);
      assert.deepEqual((await store.get('bad-mlc'))?.mlc, { key: 'bad-mlc', topic: 'ukg/gl', runId: 'r1' });
    });
  });
});

interface ClaimerOutput {
  won: string[];
  errors: string[];
}

function runClaimer(args: string[]): Promise<ClaimerOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', '--no-warnings', join(__dirname, 'fixtures', 'sqlite-claimer.ts'), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`claimer exited with ${code}: ${err}`));
      try {
        resolve(JSON.parse(out) as ClaimerOutput);
      } catch {
        reject(new Error(`claimer printed no result: ${out} ${err}`));
      }
    });
  });
}
