// The PostgreSQL store: the shared contract in a schema of its own, plus what only a shared server
// has: separate pools racing for the same keys, instances opening a new schema at once, schemas
// written by an older version, and passwords that must never show.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openStore, type ClaimResult, type Store } from '../../lib/store';
import { migratePostgres } from '../../lib/store/migrations/postgres';
import { pgTables } from '../../lib/store/pg-names';
import { createPgConnection, maskConnectionString } from '../../lib/store/postgres-connection';
import { storeContract } from './contract';
import { TEST_PG_URL, dropSchema, uniqueSchemaName, whenPostgresAvailable, withPgClient } from '../support/postgres';

const schemas: string[] = [];
function newSchema(label: string): string {
  const schema = uniqueSchemaName(`mlc_test_${label}`);
  schemas.push(schema);
  return schema;
}

const openIn = (schema: string, poolSize?: number): Promise<Store> =>
  openStore({ kind: 'postgres', connectionString: TEST_PG_URL, schema, ...(poolSize ? { poolSize } : {}) });

async function codeAndMessage(promise: Promise<unknown>): Promise<{ code: string | undefined; message: string }> {
  try {
    await promise;
  } catch (err) {
    return { code: (err as { code?: string }).code, message: err instanceof Error ? err.message : String(err) };
  }
  throw new Error('expected a rejection');
}

whenPostgresAvailable('store tests on PostgreSQL', () => {
  // Every schema a test made is dropped, whether its tests passed or not.
  after(async () => {
    for (const schema of schemas) await dropSchema(schema);
  });

  const contractSchema = newSchema('contract');
  storeContract('PostgreSQL (own schema)', () => openIn(contractSchema), async () => undefined);

  describe('PostgreSQL store', () => {
    it('two stores with separate pools racing 500 keys each: every key has exactly one winner', async () => {
      const schema = newSchema('race');
      const [a, b] = await Promise.all([openIn(schema, 8), openIn(schema, 8)]);
      try {
        const keys = Array.from({ length: 500 }, (_, i) => `race:${i}`);
        const shuffled = [...keys].sort(() => Math.random() - 0.5);
        const [fromA, fromB] = await Promise.all([
          Promise.all(keys.map((key) => a.claim({ key, owner: 'instance-a' }))),
          Promise.all(shuffled.map((key) => b.claim({ key, owner: 'instance-b' }))),
        ]);
        assertOneWinnerPerKey(keys, [
          [keys, fromA],
          [shuffled, fromB],
        ]);
        assert.equal(await a.count({ keyPrefix: 'race:', status: 'claimed' }), 500);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('two stores racing claimMany batches in opposite orders: one winner per key, no deadlock surfaces', async () => {
      const schema = newSchema('batch_race');
      const [a, b] = await Promise.all([openIn(schema), openIn(schema)]);
      try {
        const keys = Array.from({ length: 2000 }, (_, i) => `batch:${String(i).padStart(4, '0')}`);
        const reversed = [...keys].reverse();
        const inBatches = async (store: Store, order: string[], owner: string) => {
          const batches: Promise<ClaimResult[]>[] = [];
          for (let i = 0; i < order.length; i += 250) batches.push(store.claimMany(order.slice(i, i + 250).map((key) => ({ key, owner }))));
          return (await Promise.all(batches)).flat();
        };
        const [fromA, fromB] = await Promise.all([inBatches(a, keys, 'instance-a'), inBatches(b, reversed, 'instance-b')]);
        assertOneWinnerPerKey(keys, [
          [keys, fromA],
          [reversed, fromB],
        ]);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('run counts added from two pools at once add up', async () => {
      const schema = newSchema('counts');
      const [a, b] = await Promise.all([openIn(schema), openIn(schema)]);
      try {
        await Promise.all([
          ...Array.from({ length: 100 }, () => a.addRunCounts('run-x', { posted: 1 })),
          ...Array.from({ length: 100 }, () => b.addRunCounts('run-x', { posted: 2, failed: 1 })),
        ]);
        assert.deepEqual((await a.getRun('run-x'))?.counts, { posted: 300, failed: 100 });
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('two stores replaying the same failed records at once: each record is handed out once', async () => {
      const schema = newSchema('replay_race');
      const [a, b] = await Promise.all([openIn(schema), openIn(schema)]);
      try {
        await a.markFailedMany(Array.from({ length: 300 }, (_, i) => ({ key: `f:${String(i).padStart(3, '0')}`, error: { message: 'x' } })));
        const pages = await Promise.all([a.resetForReplay({ limit: 200 }), b.resetForReplay({ limit: 200 }), a.resetForReplay({ limit: 200 })]);
        const keys = pages.flat().map((r) => r.key);
        assert.equal(keys.length, new Set(keys).size, 'no record reset twice');
        assert.equal(await a.count({ status: 'replay' }), keys.length);
      } finally {
        await a.close();
        await b.close();
      }
    });

    it('several instances opening a new schema at the same moment: all open, migrations applied once', async () => {
      const schema = newSchema('open_race');
      const stores = await Promise.all(Array.from({ length: 4 }, () => openIn(schema, 2)));
      try {
        await stores[0]?.markPosted({ key: 'k', target: { system: 's', entity: 'e', id: '1' } });
        assert.equal((await stores[3]?.claim({ key: 'k', owner: 'x' }))?.outcome, 'duplicate');
        const versions = await withPgClient((c) => c.query(`SELECT version FROM "${schema}".mlc_schema_migrations ORDER BY version`));
        assert.deepEqual(versions.rows.map((r: { version: number }) => r.version), [1, 2, 3, 4, 5, 6, 7, 8]);
      } finally {
        await Promise.all(stores.map((s) => s.close()));
      }
    });

    it('opens a schema written by version 1 and reads its rows', async () => {
      const schema = newSchema('upgrade');
      const tables = pgTables(schema);
      await withPgClient(async (client) => {
        assert.deepEqual(await migratePostgres(client, tables, { upTo: 1 }), [1]);
        // Rows exactly as the version-1 code wrote them: no note column, no runs table.
        await client.query(
          `INSERT INTO ${tables.records} (key, status, run_id, source, target, attempts, error, payload, mlc, claimed_by, claimed_at)
           VALUES ('old:posted', 'posted', 'run-old', '{"system":"ukg","entity":"gl","id":"1"}', '{"system":"odoo","entity":"account.move","id":"9"}', 1, NULL, '{"amount":10}', '{"key":"old:posted"}', 'old-node', now()),
                  ('old:failed', 'failed', 'run-old', NULL, NULL, 1, '{"message":"boom","code":"X"}', '{"amount":"Ω"}', NULL, 'old-node', now())`,
        );
        await client.query(`INSERT INTO ${tables.cursors} (name, value) VALUES ('hwm', '2026-11-14')`);
      });
      const store = await openIn(schema);
      try {
        const posted = await store.get('old:posted');
        assert.equal(posted?.status, 'posted');
        assert.deepEqual(posted?.target, { system: 'odoo', entity: 'account.move', id: '9' });
        assert.equal(posted?.note, null);
        assert.deepEqual((await store.get('old:failed'))?.payload, { amount: 'Ω' });
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
      const versions = await withPgClient((c) => c.query(`SELECT version, applied_at FROM ${tables.migrations} ORDER BY version`));
      assert.deepEqual(versions.rows.map((r: { version: number }) => r.version), [1, 2, 3, 4, 5, 6, 7, 8]);
    });

    it('refuses a schema written by a newer version with MLC_STORE_MIGRATION', async () => {
      const schema = newSchema('newer');
      await (await openIn(schema)).close();
      await withPgClient((c) => c.query(`INSERT INTO "${schema}".mlc_schema_migrations (version) VALUES (99)`));
      const { code, message } = await codeAndMessage(openIn(schema));
      assert.equal(code, 'MLC_STORE_MIGRATION');
      assert.match(message, /version 99.*newer/);
    });

    it('reports a value PostgreSQL cannot hold (U+0000) as MLC_STORE_BAD_INPUT, and the batch is not half-written', async () => {
      const schema = newSchema('nul');
      const store = await openIn(schema);
      try {
        const { code, message } = await codeAndMessage(
          store.markFailedMany([
            { key: 'ok', error: { message: 'x' }, payload: { a: 1 } },
            { key: 'nul', error: { message: 'x' }, payload: { text: 'before\u0000after' } },
          ]),
        );
        assert.equal(code, 'MLC_STORE_BAD_INPUT');
        assert.match(message, /cannot keep/);
        assert.equal(await store.get('ok'), null);
      } finally {
        await store.close();
      }
    });

    it('refuses a schema name that is not a plain identifier with MLC_STORE_CONFIG', async () => {
      const { code, message } = await codeAndMessage(openIn('mlc"; DROP SCHEMA public; --'));
      assert.equal(code, 'MLC_STORE_CONFIG');
      assert.match(message, /schema name/);
    });

    it('never shows the password when the server cannot be reached', async () => {
      const password = 'S3cret-pässword/with:chars@';
      const unreachable = 'postgres://mlc@127.0.0.1:1/test';
      const separate = await codeAndMessage(openStore({ kind: 'postgres', connectionString: unreachable, password }));
      assert.equal(separate.code, 'MLC_STORE_UNAVAILABLE');
      assert.match(separate.message, /127\.0\.0\.1:1/);
      assert.ok(!separate.message.includes(password) && !separate.message.includes(encodeURIComponent(password)), separate.message);

      const inUrl = await codeAndMessage(openStore({ kind: 'postgres', connectionString: `postgres://mlc:${encodeURIComponent(password)}@127.0.0.1:1/test` }));
      assert.equal(inUrl.code, 'MLC_STORE_UNAVAILABLE');
      assert.ok(!inUrl.message.includes(password) && !inUrl.message.includes(encodeURIComponent(password)), inUrl.message);
    });

    it('reports a connection string that is not a URL with MLC_STORE_CONFIG, without echoing it', async () => {
      const { code, message } = await codeAndMessage(openStore({ kind: 'postgres', connectionString: 'host=db password=hunter2' }));
      assert.equal(code, 'MLC_STORE_CONFIG');
      assert.ok(!message.includes('hunter2'));
    });

    it('hands the separate password to pg, and masks it when the connection string is shown', async () => {
      const password = 'p@ss:wörd%41/?';
      const connection = createPgConnection({ connectionString: 'postgres://mlc@db.example:5433/erp', password });
      try {
        const url = new URL(connection.pool.options.connectionString ?? '');
        assert.equal(decodeURIComponent(url.password), password);
        assert.equal(connection.where, 'mlc@db.example:5433/erp');
        assert.deepEqual(connection.secrets, [password]);
      } finally {
        await connection.pool.end();
      }
      assert.equal(maskConnectionString('postgres://mlc:secret@db:5432/erp?password=other'), 'postgres://mlc:***@db:5432/erp?password=***');
    });
  });
});

function assertOneWinnerPerKey(keys: string[], attempts: Array<[string[], ClaimResult[]]>): void {
  const wins = new Map<string, number>();
  for (const [order, results] of attempts) {
    assert.equal(order.length, results.length);
    results.forEach((result, i) => {
      const key = order[i] ?? '';
      if (result.outcome === 'claimed') wins.set(key, (wins.get(key) ?? 0) + 1);
      else assert.equal(result.outcome, 'in-progress');
    });
  }
  assert.equal(wins.size, keys.length, `${keys.length - wins.size} keys had no winner`);
  const twice = [...wins].filter(([, n]) => n > 1).map(([k]) => k);
  assert.deepEqual(twice, [], 'keys won twice');
}
