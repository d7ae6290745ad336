import { Client } from 'pg';

export const DEFAULT_WAREHOUSE_URL = 'postgres://postgres@127.0.0.1:5432/test';
export const DEFAULT_WAREHOUSE_SCHEMA = 'odoo';

/** Where the `odoo_warehouse` connection points: a PostgreSQL URL (password inside it) and the schema. */
export interface WarehouseConfig {
  url: string;
  schema: string;
}

export function warehouseFromEnv(env: NodeJS.ProcessEnv): WarehouseConfig {
  return {
    url: env['MLC_SANDBOX_LOOKER_WAREHOUSE_URL'] || DEFAULT_WAREHOUSE_URL,
    schema: env['MLC_SANDBOX_LOOKER_WAREHOUSE_SCHEMA'] || DEFAULT_WAREHOUSE_SCHEMA,
  };
}

/** The parts of the URL a `DBConnection` shows; never the password. */
export function describeWarehouse(config: WarehouseConfig): { host: string; port: string; database: string; username: string; has_password: boolean } {
  try {
    const url = new URL(config.url);
    return {
      host: decodeURIComponent(url.hostname),
      port: url.port || '5432',
      database: decodeURIComponent(url.pathname.replace(/^\//, '')),
      username: decodeURIComponent(url.username),
      has_password: url.password !== '',
    };
  } catch {
    return { host: '', port: '', database: '', username: '', has_password: false };
  }
}

export interface WarehouseResult {
  rows: Record<string, unknown>[];
}

/** A database or connection error, carrying the database's own message for Looker's 400 body. */
export class WarehouseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WarehouseError';
  }
}

/**
 * One connection per query, closed after it: the sandbox holds nothing open between requests, so a
 * stopped sandbox leaves no connection behind and a warehouse that is down fails only that query.
 */
export async function runOnWarehouse(config: WarehouseConfig, sql: string, params: unknown[]): Promise<WarehouseResult> {
  const client = new Client({ connectionString: config.url, connectionTimeoutMillis: 10_000 });
  // An error after the query (the server going away) must not become an uncaught 'error' event.
  client.on('error', () => undefined);
  try {
    await client.connect();
    const result = await client.query<Record<string, unknown>>({ text: sql, values: params });
    return { rows: result.rows };
  } catch (error) {
    throw new WarehouseError(warehouseMessage(error));
  } finally {
    await client.end().catch(() => undefined);
  }
}

function warehouseMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) return warehouseMessage(error.errors[0]);
  if (error instanceof Error) return error.message || (error as NodeJS.ErrnoException).code || error.name;
  return String(error);
}
