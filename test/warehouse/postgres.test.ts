// The warehouse on a real PostgreSQL server: the shared contract, a batch whose connection is killed
// mid-COPY, and a password that never shows in an error.
import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { openWarehouse, parseTableSpec, WarehouseWriter, type Warehouse } from '../../lib/warehouse';
import { TEST_PG_URL, dropSchema, uniqueSchemaName, whenPostgresAvailable, withPgClient } from '../support/postgres';
import { LINES, line, warehouseContract } from './contract';

const opened: Array<{ warehouse: Warehouse; schema: string }> = [];

async function open(label: string): Promise<{ warehouse: Warehouse; schema: string }> {
  const schema = uniqueSchemaName(`mlc_wh_${label}`);
  const warehouse = await openWarehouse({ dialect: 'postgres', connectionString: TEST_PG_URL, schema });
  opened.push({ warehouse, schema });
  return { warehouse, schema };
}

whenPostgresAvailable('warehouse on PostgreSQL', () => {
  describe('warehouse on PostgreSQL', () => {
    after(async () => {
      for (const { warehouse, schema } of opened) {
        await warehouse.close();
        await dropSchema(schema);
      }
    });

    warehouseContract({ open });

    it('leaves no row of a batch whose connection is terminated while COPY runs, and calls it transient', async () => {
      const { warehouse, schema } = await open('killed');
      const spec = parseTableSpec({ ...LINES, schema });
      const writer = new WarehouseWriter(() => Promise.resolve(warehouse), spec);
      await writer.writeBatch([line(1)]);
      const big = Array.from({ length: 200_000 }, (_, i) => line(i + 2, { name: `line ${i + 2} ${'x'.repeat(200)}` }));
      const writing = writer.writeBatch(big);
      // Kill the backend that holds our batch's transaction as soon as it exists (it shows a COPY, straight in or to the load table, or the INSERT).
      const killed = await withPgClient(async (client) => {
        for (;;) {
          const { rows } = await client.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE application_name = 'ml-connector warehouse' AND state = 'active' AND (query LIKE 'COPY "mlc_load"%' OR query LIKE 'COPY "${schema}"%' OR query LIKE 'INSERT INTO "${schema}"%')`);
          if (rows[0]) {
            await client.query('SELECT pg_terminate_backend($1)', [rows[0].pid]);
            return rows[0].pid;
          }
          const settled = await Promise.race([writing.then(() => true), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]);
          if (settled) return null;
        }
      });
      const outcomes = await writing;
      assert.notEqual(killed, null, 'the batch finished before its backend was seen; nothing was killed');
      assert.equal(outcomes.every((o) => !o.ok), true);
      const first = outcomes[0];
      assert.equal(first?.ok === false && first.error.transient, true);
      assert.equal(first?.ok === false && first.error.code, 'MLC_WAREHOUSE_UNAVAILABLE');
      const [count] = await warehouse.query(`SELECT count(*)::int AS n FROM "${schema}".journal_lines`);
      assert.deepEqual(count, { n: 1 });
      // The pool replaced the killed connection: the next batch goes through.
      assert.equal((await writer.writeBatch([line(2)]))[0]?.ok, true);
    });

    it('copies a batch of new keys straight in, and takes the upsert when another writer adds one of them meanwhile', async () => {
      const { warehouse, schema } = await open('straight');
      const writer = new WarehouseWriter(() => Promise.resolve(warehouse), parseTableSpec({ ...LINES, schema }));
      assert.deepEqual(
        (await writer.writeBatch([line(1), line(2)])).map((o) => o.ok && o.action),
        ['inserted', 'inserted'],
      );
      // Another transaction adds key 4, not yet committed: the batch's check does not see it, so its COPY
      // straight in meets it on the primary key and waits; once the other commits the COPY fails and the
      // batch is undone to its savepoint and upserted instead.
      const outcomes = await withPgClient(async (other) => {
        await other.query('BEGIN');
        await other.query(`INSERT INTO "${schema}".journal_lines (id, name, debit) VALUES (4, 'the other writer', 9)`);
        const writing = writer.writeBatch([line(3), line(4), line(5)]);
        for (;;) {
          // Inside a transaction pg_stat_activity is one snapshot until cleared: without this the loop could look at the same picture for ever.
          await other.query('SELECT pg_stat_clear_snapshot()');
          const { rows } = await other.query(`SELECT 1 FROM pg_stat_activity WHERE application_name = 'ml-connector warehouse' AND wait_event_type = 'Lock' AND query LIKE 'COPY "${schema}"%'`);
          if (rows.length > 0) break;
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
        await other.query('COMMIT');
        return writing;
      });
      assert.deepEqual(outcomes.map((o) => o.ok && o.action), ['inserted', 'updated', 'inserted']);
      const rows = await warehouse.query<{ id: number; name: string }>(`SELECT id, name FROM "${schema}".journal_lines ORDER BY id`);
      assert.deepEqual(rows, [1, 2, 3, 4, 5].map((id) => ({ id, name: `line ${id}` })));
    });

    it('describes the server and never puts the password in an error', async () => {
      const { warehouse, schema } = await open('describe');
      await new WarehouseWriter(() => Promise.resolve(warehouse), parseTableSpec({ ...LINES, schema })).writeBatch([line(1)]);
      const description = await warehouse.describe();
      assert.equal(description.dialect, 'postgres');
      assert.match(description.serverVersion, /^\d+/);
      assert.deepEqual(description.tables, ['journal_lines', 'journal_lines_by_analytic']);
      const url = new URL(TEST_PG_URL);
      const secret = 's3cret-Warehouse-pw';
      const wrong = await openWarehouse({ dialect: 'postgres', host: url.hostname, port: Number(url.port || 5432), database: 'no_such_db_mlc', user: secret, password: secret, schema });
      try {
        const outcomes = await new WarehouseWriter(() => Promise.resolve(wrong), parseTableSpec({ ...LINES, schema }), [secret]).writeBatch([line(1)]);
        const failure = outcomes[0];
        assert.equal(failure?.ok, false);
        const text = JSON.stringify(failure);
        assert.equal(text.includes(secret), false, text);
        assert.match(text, /\*\*\*/);
      } finally {
        await wrong.close();
      }
    });
  });
});
