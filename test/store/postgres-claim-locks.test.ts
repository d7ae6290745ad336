// A claim of a key already posted is refused without locking its row: locking sets the row's xmax,
// which writes to its page, and on a large store every refused key would dirty a cold page. Proved
// from the row itself (a claim leaves its xmax as it was) and from a concurrent transaction holding the row FOR UPDATE
// while the claim runs: the claim must answer without waiting for it. Rows that may still change
// (claimed, parked) are still locked, and duplicates still come back with their target.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import type { Client } from 'pg';
import { openStore, type Store } from '../../lib/store';
import { pgTables } from '../../lib/store/pg-names';
import { dropSchema, TEST_PG_URL, uniqueSchemaName, whenPostgresAvailable, withPgClient } from '../support/postgres';

const TARGET = { system: 'sim', entity: 'move', id: '42' };

whenPostgresAvailable('PostgreSQL claim locks', () => {
  const schema = uniqueSchemaName('mlc_test_claim_locks');
  const records = pgTables(schema).records;
  after(() => dropSchema(schema));
  const open = (): Promise<Store> => openStore({ kind: 'postgres', connectionString: TEST_PG_URL, schema });

  /** The row's xmax: a transaction that locks this version writes its id there. */
  const xmaxOf = (client: Client, key: string): Promise<string> =>
    client.query<{ xmax: string }>(`SELECT xmax::text AS xmax FROM ${records} WHERE key = $1`, [key]).then((r) => r.rows[0]?.xmax ?? 'no row');

  describe('PostgreSQL claims of posted keys', () => {
    it('claim and claimMany refuse a posted key as a duplicate with its target, leaving the row unlocked', async () => {
      const store = await open();
      try {
        await store.claim({ key: 'lock:posted:a', owner: 'writer' });
        await store.markPosted({ key: 'lock:posted:a', target: TARGET });
        await store.markPosted({ key: 'lock:posted:b', target: { ...TARGET, id: '43' } });
        await withPgClient(async (client) => {
          // An upsert leaves its own xid in the new version's xmax, so the test is that no claim changes it.
          const before = { a: await xmaxOf(client, 'lock:posted:a'), b: await xmaxOf(client, 'lock:posted:b') };

          const one = await store.claim({ key: 'lock:posted:a', owner: 'another' });
          assert.equal(one.outcome, 'duplicate');
          assert.deepEqual(one.outcome === 'duplicate' ? one.target : null, TARGET);

          const many = await store.claimMany([
            { key: 'lock:posted:b', owner: 'another' },
            { key: 'lock:new', owner: 'another' },
            { key: 'lock:posted:a', owner: 'another' },
          ]);
          assert.deepEqual(
            many.map((r) => [r.outcome, r.outcome === 'duplicate' ? r.target?.id : null]),
            [
              ['duplicate', '43'],
              ['claimed', null],
              ['duplicate', '42'],
            ],
          );
          assert.deepEqual({ a: await xmaxOf(client, 'lock:posted:a'), b: await xmaxOf(client, 'lock:posted:b') }, before, 'a refused posted row was locked');
          // A claimed row still is locked when refused: it may change, so the refusal is read under the lock.
          const claimedXmax = await xmaxOf(client, 'lock:new');
          const live = await store.claimMany([{ key: 'lock:new', owner: 'third' }]);
          assert.equal(live[0]?.outcome, 'in-progress');
          assert.notEqual(await xmaxOf(client, 'lock:new'), claimedXmax);
        });
      } finally {
        await store.close();
      }
    });

    it('a claim of a posted key answers while another transaction holds that row FOR UPDATE', async () => {
      const store = await open();
      try {
        await store.markPosted({ key: 'lock:held', target: TARGET });
        await withPgClient(async (holder) => {
          await holder.query('BEGIN');
          try {
            await holder.query(`SELECT key FROM ${records} WHERE key = $1 FOR UPDATE`, ['lock:held']);
            const pid = (await holder.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]?.pid ?? 0;
            const watch = { stopped: false };
            const claiming = store.claimMany([{ key: 'lock:held', owner: 'another' }, { key: 'lock:held:new', owner: 'another' }]);
            // Either the claim answers, or it is seen waiting for the held lock (the old behaviour).
            const blocked = blockedOn(pid, watch).then(() => 'blocked' as const);
            const answer = await Promise.race([claiming, blocked]);
            watch.stopped = true;
            await blocked;
            assert.notEqual(answer, 'blocked', 'the claim waited for the lock on a posted row');
            assert.deepEqual(
              (answer as Awaited<typeof claiming>).map((r) => r.outcome),
              ['duplicate', 'claimed'],
            );
          } finally {
            await holder.query('ROLLBACK');
          }
        });
      } finally {
        await store.close();
      }
    });
  });

  /** Resolves once some other backend waits for a lock that backend `pid` holds, or once told to stop. */
  async function blockedOn(pid: number, watch: { stopped: boolean }): Promise<void> {
    await withPgClient(async (watcher) => {
      while (!watch.stopped) {
        const waiting = await watcher.query(`SELECT 1 FROM pg_stat_activity WHERE $1 = ANY(pg_blocking_pids(pid))`, [pid]);
        if (waiting.rowCount) return;
      }
    });
  }
});
