// The PostgreSQL that tests use, and what happens when there is none: locally the tests that need it
// are skipped with one line; under CI=true a missing server fails the run, so CI never goes green
// without having tested PostgreSQL.
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import { Client } from 'pg';

export const TEST_PG_URL = process.env['MLC_TEST_PG_URL'] || 'postgres://postgres@127.0.0.1:5432/test';

/** host:port of a connection string, for messages (never the password). */
export function pgHostPort(url: string = TEST_PG_URL): string {
  try {
    const parsed = new URL(url);
    return `${parsed.hostname}:${parsed.port || '5432'}`;
  } catch {
    return 'the configured server';
  }
}

export async function postgresAvailable(url: string = TEST_PG_URL, timeoutMs = 3000): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  // A refused connection may also surface as an 'error' event; it must not crash the test process.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Registers a file's PostgreSQL tests once the server is known to answer. Otherwise registers one
 * test instead: skipped with a single line, or failing with a clear message when CI=true.
 */
export function whenPostgresAvailable(what: string, register: () => void): void {
  void postgresAvailable().then((available) => {
    if (available) {
      register();
      return;
    }
    const unreachable = `PostgreSQL not reachable at ${pgHostPort()}`;
    if (process.env['CI'] === 'true') {
      test(what, () => {
        throw new Error(`${unreachable}: ${what} cannot run, and CI=true requires them (start the server or set MLC_TEST_PG_URL)`);
      });
    } else {
      test(what, { skip: `${unreachable}: ${what} skipped` }, () => undefined);
    }
  });
}

/** A schema name no other test run uses, so runs (and files) never see each other's rows. */
export function uniqueSchemaName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`;
}

export async function dropSchema(schema: string, url: string = TEST_PG_URL): Promise<void> {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schema)) throw new Error(`refusing to drop schema ${schema}`);
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  } finally {
    await client.end();
  }
}

/** Runs SQL on a connection of its own (for setting up old-version stores, inspecting tables). */
export async function withPgClient<T>(work: (client: Client) => Promise<T>, url: string = TEST_PG_URL): Promise<T> {
  const client = new Client({ connectionString: url });
  client.on('error', () => undefined);
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}
