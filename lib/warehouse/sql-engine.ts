// What the PostgreSQL-family warehouse needs of an engine: queries, a bulk load into a table, and
// one transaction at a time per session. The server (pg) and the embedded engine (PGlite) differ
// only here.

export type Row = Record<string, unknown>;

export interface SqlSession {
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Loads COPY text-format lines (already escaped, one row per line) into `table (columns)`; `table` is quoted already (it may name a schema). */
  copyIn(table: string, columns: readonly string[], text: string): Promise<void>;
}

export interface SqlEngine {
  readonly dialect: string;
  /** Runs fn in BEGIN ... COMMIT on one session; ROLLBACK when it throws. */
  transaction<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  query(sql: string, params?: unknown[]): Promise<Row[]>;
  /** Where the engine is served to outside clients, if it is. */
  served?(): { host: string; port: number } | undefined;
  close(): Promise<void>;
}
