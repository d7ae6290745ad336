// The warehouse embedded (PGlite in a temp directory, served on a loopback port): the shared
// contract, and a real pg client over the served port that never sees half a batch and never runs
// inside one (nor a batch inside its transaction).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { openWarehouse, parseTableSpec, WarehouseWriter, type Warehouse } from '../../lib/warehouse';
import { LINES, line, okActions, warehouseContract } from './contract';

describe('warehouse embedded (PGlite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mlc-wh-'));
  let warehouse: Warehouse;
  let schemas = 0;

  before(async () => {
    // One PGlite per file: opening one takes seconds.
    warehouse = await openWarehouse({ dialect: 'embedded', dataDir: join(dir, 'data'), schema: 'odoo', servePort: 0 });
  });
  after(async () => {
    await warehouse.close();
    rmSync(dir, { recursive: true, force: true });
  });

  warehouseContract({ open: (label) => Promise.resolve({ warehouse, schema: `t${++schemas}_${label}` }) });

  async function served(): Promise<Client> {
    const where = (await warehouse.describe()).served;
    assert.ok(where, 'the warehouse is served');
    assert.equal(where.host, '127.0.0.1');
    const client = new Client({ host: where.host, port: where.port, user: 'postgres', database: 'postgres' });
    client.on('error', () => undefined);
    await client.connect();
    return client;
  }

  it('answers a pg client on the served port while a batch loads, never with half a batch', async () => {
    const schema = 'served_load';
    const writer = new WarehouseWriter(() => Promise.resolve(warehouse), parseTableSpec({ ...LINES, schema }));
    await writer.writeBatch([line(1)]);
    const client = await served();
    try {
      const rows = Array.from({ length: 20_000 }, (_, i) => line(i + 2));
      const writing = writer.writeBatch(rows);
      // Extended protocol (parameters), while the batch is queued or running.
      const counts = await Promise.all([1, 2, 3].map(() => client.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${schema}".journal_lines WHERE id > $1`, [0])));
      const outcomes = await writing;
      assert.equal(outcomes.filter((o) => o.ok && o.action === 'inserted').length, 20_000);
      for (const { rows: [count] } of counts) assert.ok(count?.n === 1 || count?.n === 20_001, `saw ${count?.n} rows: half a batch`);
      const { rows: after } = await client.query<{ n: number; v: string }>(`SELECT count(*)::int AS n, version() AS v FROM "${schema}".journal_lines`);
      assert.equal(after[0]?.n, 20_001);
      assert.match(after[0]?.v ?? '', /PostgreSQL/);
    } finally {
      await client.end();
    }
  });

  it('runs a batch only after a served client ends its transaction, and not inside it', async () => {
    const schema = 'served_tx';
    const writer = new WarehouseWriter(() => Promise.resolve(warehouse), parseTableSpec({ ...LINES, schema }));
    await writer.writeBatch([line(1)]);
    const client = await served();
    try {
      await client.query('BEGIN');
      await client.query(`UPDATE "${schema}".journal_lines SET name = 'from the client' WHERE id = 1`);
      const writing = writer.writeBatch([line(1, { name: 'from the client' }), line(2)]);
      // Still inside the client's transaction: its own uncommitted row is there, the batch's is not.
      const { rows } = await client.query<{ id: number; name: string }>(`SELECT id, name FROM "${schema}".journal_lines ORDER BY id`);
      assert.deepEqual(rows, [{ id: 1, name: 'from the client' }]);
      await client.query('COMMIT');
      assert.deepEqual(okActions(await writing), ['unchanged', 'inserted']);
    } finally {
      await client.end();
    }
  });

  it('rolls back a served client that goes away inside a transaction, and lets batches in again', async () => {
    const schema = 'served_gone';
    const writer = new WarehouseWriter(() => Promise.resolve(warehouse), parseTableSpec({ ...LINES, schema }));
    await writer.writeBatch([line(1)]);
    const client = await served();
    await client.query('BEGIN');
    await client.query(`DELETE FROM "${schema}".journal_lines`);
    const writing = writer.writeBatch([line(1), line(2)]);
    await client.end();
    assert.deepEqual(okActions(await writing), ['unchanged', 'inserted']);
  });

  it('describes itself as the embedded dialect with the tables it holds', async () => {
    const writer = new WarehouseWriter(() => Promise.resolve(warehouse), parseTableSpec({ ...LINES, schema: 'odoo' }));
    await writer.writeBatch([line(1)]);
    const description = await warehouse.describe();
    assert.equal(description.dialect, 'embedded');
    assert.match(description.serverVersion, /^\d+/);
    assert.deepEqual(description.tables, ['journal_lines', 'journal_lines_by_analytic']);
  });
});
