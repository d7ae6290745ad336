// Opening a store from its configuration. Each implementation is loaded only when asked for, so a
// flow on PostgreSQL never loads node:sqlite (and its experimental-feature warning), and a flow on
// SQLite never loads pg.
import { join } from 'node:path';
import type { Store, StoreConfig } from './types';

export * from './types';
export { StoreError, isStoreError, type StoreErrorCode } from './errors';
export { DEFAULT_PROCESS_LEASE_MS, processHolder, processTag } from './process-identity';

export const SQLITE_FILE_NAME = 'mlc-store.sqlite';

/** Where the SQLite store lives when the config node gives no path: beside the flows. */
export function defaultSqlitePath(userDir: string): string {
  return join(userDir, SQLITE_FILE_NAME);
}

export async function openStore(config: StoreConfig): Promise<Store> {
  if (config.kind === 'sqlite') {
    const { openSqliteStore } = await import('./sqlite-store');
    return openSqliteStore(config.path);
  }
  const { openPostgresStore } = await import('./postgres-store');
  return openPostgresStore(config);
}
