// The `embedded` dialect: PGlite (PostgreSQL in WebAssembly) keeping its data in a directory, so the
// demo needs no server and the tables are the same as on PostgreSQL. PGlite has one session: every use
// in this process goes through one mutex, a batch holding it for its whole transaction, and the
// served socket's clients take the same mutex (serve.ts).
import { mkdirSync } from 'node:fs';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { ConcurrencyGate } from '../util/concurrency-gate';
import { PgWarehouse } from './pg-warehouse';
import { serveWarehouse, type ServedWarehouse } from './serve';
import type { Row, SqlEngine, SqlSession } from './sql-engine';
import { identifier } from './table-spec';
import type { EmbeddedSettings, Warehouse, WarehouseDialect } from './types';

export class EmbeddedEngine implements SqlEngine {
  readonly dialect = 'embedded';
  readonly mutex = new ConcurrencyGate(1);
  private server: ServedWarehouse | null = null;

  constructor(readonly db: PGlite) {}

  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T> {
    return this.mutex.run(() => this.db.transaction((tx) => fn(session(tx))));
  }

  query(sql: string, params?: unknown[]): Promise<Row[]> {
    return this.mutex.run(async () => (await this.db.query<Row>(sql, params)).rows);
  }

  async serve(port: number): Promise<void> {
    this.server = await serveWarehouse(this.db, this.mutex, port);
  }

  served(): { host: string; port: number } | undefined {
    return this.server ? { host: this.server.host, port: this.server.port } : undefined;
  }

  async close(): Promise<void> {
    await this.server?.close();
    this.server = null;
    // Waits for a batch in flight, so its transaction ends before the files are closed.
    await this.mutex.run(() => this.db.close());
  }
}

function session(tx: Transaction): SqlSession {
  return {
    query: async (sql, params) => (await tx.query<Row>(sql, params)).rows,
    copyIn: async (table, columns, text) => {
      await tx.query(`COPY ${table} (${columns.join(', ')}) FROM '/dev/blob'`, [], { blob: new Blob([text]) });
    },
  };
}

export const embeddedDialect: WarehouseDialect<EmbeddedSettings> = {
  name: 'embedded',
  async open(settings: EmbeddedSettings): Promise<Warehouse> {
    identifier(settings.schema, 'the schema');
    mkdirSync(settings.dataDir, { recursive: true });
    const db = await PGlite.create(settings.dataDir);
    const engine = new EmbeddedEngine(db);
    try {
      if (settings.servePort !== undefined) await engine.serve(settings.servePort);
    } catch (err) {
      await db.close();
      throw err;
    }
    return new PgWarehouse(engine, settings.schema);
  },
};
