// The `postgres` dialect: a pg Pool on a PostgreSQL server (one Looker connects to as well); bulk
// load by COPY FROM STDIN. A connection that failed is destroyed, not returned to the pool.
import { once } from 'node:events';
import { Pool, type PoolClient, type PoolConfig } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { maskError } from '../util/mask-secrets';
import { PgWarehouse } from './pg-warehouse';
import type { Row, SqlEngine, SqlSession } from './sql-engine';
import { identifier } from './table-spec';
import type { PostgresSettings, Warehouse, WarehouseDialect } from './types';

function poolConfig(settings: PostgresSettings): PoolConfig {
  return {
    ...(settings.connectionString ? { connectionString: settings.connectionString } : {}),
    ...(settings.host ? { host: settings.host } : {}),
    ...(settings.port ? { port: settings.port } : {}),
    ...(settings.database ? { database: settings.database } : {}),
    ...(settings.user ? { user: settings.user } : {}),
    ...(settings.password ? { password: settings.password } : {}),
    ...(settings.ssl ? { ssl: { rejectUnauthorized: true } } : {}),
    max: settings.poolSize ?? 4,
    connectionTimeoutMillis: 15_000,
    application_name: 'ml-connector warehouse',
  };
}

export class PostgresEngine implements SqlEngine {
  readonly dialect = 'postgres';
  private readonly pool: Pool;
  private readonly secrets: string[];

  constructor(settings: PostgresSettings) {
    this.pool = new Pool(poolConfig(settings));
    this.secrets = [settings.password ?? '', passwordIn(settings.connectionString)].filter((s) => s.length > 0);
    // An idle client's error (the server restarted) would otherwise be an uncaught 'error' event.
    this.pool.on('error', () => undefined);
    // A connection lost while checked out (the backend terminated mid-COPY) errors the query in flight; the event would crash the process.
    this.pool.on('connect', (client) => client.on('error', () => undefined));
  }

  async transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    const client = await this.connect();
    let broken: Error | undefined;
    try {
      await client.query('BEGIN');
      const result = await fn(session(client));
      await client.query('COMMIT');
      return result;
    } catch (err) {
      broken = err instanceof Error ? err : new Error(String(err));
      await client.query('ROLLBACK').catch(() => undefined);
      throw maskError(err, this.secrets);
    } finally {
      // A client whose transaction failed may have lost its connection: destroy it rather than reuse it.
      client.release(broken);
    }
  }

  async query(sql: string, params?: unknown[]): Promise<Row[]> {
    try {
      return (await this.pool.query(sql, params)).rows as Row[];
    } catch (err) {
      throw maskError(err, this.secrets);
    }
  }

  close(): Promise<void> {
    return this.pool.end();
  }

  private async connect(): Promise<PoolClient> {
    try {
      return await this.pool.connect();
    } catch (err) {
      throw maskError(err, this.secrets);
    }
  }
}

function session(client: PoolClient): SqlSession {
  return {
    query: async (sql, params) => (await client.query(sql, params)).rows as Row[],
    copyIn: async (table, columns, text) => {
      const stream = client.query(copyFrom(`COPY ${table} (${columns.join(', ')}) FROM STDIN`));
      const finished = Promise.race([once(stream, 'finish'), once(stream, 'error').then(([err]) => Promise.reject(err as Error))]);
      stream.end(text);
      await finished;
    },
  };
}

function passwordIn(connectionString: string | undefined): string {
  if (!connectionString) return '';
  try {
    return decodeURIComponent(new URL(connectionString).password);
  } catch {
    return '';
  }
}

export const postgresDialect: WarehouseDialect<PostgresSettings> = {
  name: 'postgres',
  open(settings: PostgresSettings): Promise<Warehouse> {
    identifier(settings.schema, 'the schema');
    return Promise.resolve(new PgWarehouse(new PostgresEngine(settings), settings.schema));
  },
};
