// The warehouse's contract with the nodes: a table spec from the node's column mapping, a record's
// outcome, and the dialect interface a further engine (BigQuery, Snowflake) implements without the
// nodes changing.

export const COLUMN_TYPES = ['text', 'integer', 'bigint', 'numeric', 'boolean', 'date', 'timestamptz', 'jsonb'] as const;
export type ColumnType = (typeof COLUMN_TYPES)[number];

export interface ColumnSpec {
  name: string;
  type: ColumnType;
  /** Dotted path into the record (msg.payload); the column's name when the mapping leaves it blank. */
  source: string;
  primaryKey: boolean;
  /** A jsonb column holding Odoo's analytic distribution ({"12,34": 50}): the writer keeps `<table>_by_analytic` over it. */
  distribution: boolean;
}

export interface TableSpec {
  schema: string;
  table: string;
  columns: ColumnSpec[];
  /** Soft delete: the record is archived while this field of it is `false` (Odoo's `active`). */
  archivedWhenFalse?: string;
}

export type WriteAction = 'inserted' | 'updated' | 'unchanged';

export interface BatchCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  failed: number;
}

export interface WarehouseFailure {
  message: string;
  code: string;
  /** The same record may succeed later unchanged (the connection failed, not the record). */
  transient?: boolean;
  /** PostgreSQL's SQLSTATE when the database refused the batch. */
  sqlState?: string;
}

export type WarehouseOutcome =
  | { ok: true; action: WriteAction; table: string; id: string; batch: BatchCounts; superseded?: boolean }
  | { ok: false; table: string; error: WarehouseFailure };

/** A record ready for the database: one text value (COPY text format, escaped) or null per column. */
export interface LoadRow {
  key: string;
  /** The mapping's columns in COPY text format, tab-separated, NULL as \N (one string, not one per value: a load makes millions). */
  line: string;
  archived: boolean;
}

/** The result of one upsert: the keys (PK as text, comma-joined when composite) the database inserted or changed. */
export interface UpsertResult {
  inserted: Set<string>;
  updated: Set<string>;
}

export interface WarehouseDescription {
  dialect: string;
  serverVersion: string;
  schema: string;
  tables: string[];
  /** Where a PostgreSQL client (Looker, psql) reaches an embedded warehouse, when it is served. */
  served?: { host: string; port: number };
}

/** One open warehouse. Every method may be called concurrently; the implementation serialises what it must. */
export interface Warehouse {
  readonly dialect: string;
  readonly schema: string;
  /** Creates the schema and table, adds missing columns, and (re)creates derived views; throws on a column type conflict. */
  ensureTable(spec: TableSpec): Promise<void>;
  /** One transaction: every row or none. Rows carry unique keys. */
  upsert(spec: TableSpec, rows: LoadRow[]): Promise<UpsertResult>;
  describe(): Promise<WarehouseDescription>;
  /** Runs a read-only query (tests, the Looker sandbox); parameters are $1, $2... */
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface PostgresSettings {
  dialect: 'postgres';
  /** postgres://user@host:port/db; the password comes from `password`, never from here in a flow. */
  connectionString?: string;
  host?: string;
  port?: number;
  database?: string;
  user?: string;
  password?: string;
  ssl?: boolean;
  schema: string;
  /** At most this many pooled connections. */
  poolSize?: number;
}

export interface EmbeddedSettings {
  dialect: 'embedded';
  dataDir: string;
  schema: string;
  /** Serve the warehouse over the PostgreSQL protocol on 127.0.0.1:<port> (0 = an ephemeral port). */
  servePort?: number;
}

export type WarehouseSettings = PostgresSettings | EmbeddedSettings;

export interface WarehouseDialect<S extends WarehouseSettings = WarehouseSettings> {
  name: S['dialect'];
  open(settings: S): Promise<Warehouse>;
}
