// Stores that already hold many records, filled by the database itself in one statement (a
// generate_series in PostgreSQL, a recursive CTE in SQLite): a million rows through the API would
// take longer than the measurement. The rows look like what audit leaves: posted, with a target,
// the envelope and a small payload, spread over runs of 1,000 and a few flows.
import { DatabaseSync } from 'node:sqlite';
import { Client } from 'pg';
import { pgTables } from '../lib/store/pg-names';

const AT = '2026-11-01T00:00:00.000Z';

/** Adds `count` posted records keyed fill:0000000... to an SQLite store file that is already migrated. */
export function fillSqlite(path: string, count: number): void {
  if (count === 0) return;
  const db = new DatabaseSync(path);
  try {
    db.exec('PRAGMA busy_timeout = 10000');
    db.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${count - 1})
      INSERT INTO mlc_records (key, status, run_id, source, target, mlc, payload, flow, attempts, created_at, updated_at)
      SELECT printf('fill:%07d', i), 'posted', 'fill-' || (i / 1000),
        json_object('system', 'ukg', 'entity', 'gl', 'id', i),
        json_object('system', 'odoo', 'entity', 'account.move', 'id', 100000 + i),
        json_object('key', printf('fill:%07d', i), 'runId', 'fill-' || (i / 1000)),
        json_object('account', '6100', 'amount', (i % 997) * 1.25),
        'flow-' || (i % 4), 1, '${AT}', '${AT}'
      FROM n`);
  } finally {
    db.close();
  }
}

/** The same for a PostgreSQL schema the store has migrated; statistics and visibility as autovacuum would leave them. */
export async function fillPostgres(connectionString: string, schema: string, count: number): Promise<void> {
  const t = pgTables(schema);
  const client = new Client({ connectionString });
  await client.connect();
  try {
    if (count > 0) {
      await client.query(
        `INSERT INTO ${t.records} (key, status, run_id, source, target, mlc, payload, flow, attempts, created_at, updated_at)
         SELECT 'fill:' || lpad(i::text, 7, '0'), 'posted', 'fill-' || (i / 1000),
           jsonb_build_object('system', 'ukg', 'entity', 'gl', 'id', i::text),
           jsonb_build_object('system', 'odoo', 'entity', 'account.move', 'id', (100000 + i)::text),
           jsonb_build_object('key', 'fill:' || lpad(i::text, 7, '0'), 'runId', 'fill-' || (i / 1000)),
           jsonb_build_object('account', '6100', 'amount', (i % 997) * 1.25),
           'flow-' || (i % 4), 1, now(), now()
         FROM generate_series(0, ${count - 1}) AS i`,
      );
    }
    await client.query(`VACUUM ANALYZE ${t.records}`);
  } finally {
    await client.end();
  }
}

/** Rows in the records table, to check a fill (or a run) did what it says. */
export async function countPostgresRecords(connectionString: string, schema: string): Promise<number> {
  const client = new Client({ connectionString });
  await client.connect();
  try {
    const result = await client.query<{ n: string }>(`SELECT count(*) AS n FROM ${pgTables(schema).records}`);
    return Number(result.rows[0]?.n ?? 0);
  } finally {
    await client.end();
  }
}

export function countSqliteRecords(path: string): number {
  const db = new DatabaseSync(path);
  try {
    return Number(db.prepare('SELECT count(*) AS n FROM mlc_records').get()?.['n'] ?? 0);
  } finally {
    db.close();
  }
}

export async function dropPostgresSchema(connectionString: string, schema: string): Promise<void> {
  const client = new Client({ connectionString, connectionTimeoutMillis: 3000 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } catch {
    // No server, nothing to drop.
  } finally {
    await client.end().catch(() => undefined);
  }
}
