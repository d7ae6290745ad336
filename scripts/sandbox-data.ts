// The sandbox's data and the mlc store belong together: the store remembers which records were posted
// to the sandbox, the sandbox holds them. `npm start` keeps both in the Node-RED user directory, starts
// them over together on `--reset`, and refuses to start one without the other.
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import { SQLITE_FILE_NAME } from '../lib/store';

/** Where `npm start` keeps the sandbox's data: `<user dir>/mlc-sandbox/<system>.json`. */
export const SANDBOX_DATA_DIR_NAME = 'mlc-sandbox';

export function sandboxDataDir(userDir: string): string {
  return join(resolve(userDir), SANDBOX_DATA_DIR_NAME);
}

export interface StoreLocations {
  /** SQLite store files the flows use (the default one beside flows.json unless a store node names another). */
  sqliteFiles: string[];
  /** mlc-store nodes on PostgreSQL: this script cannot start those over. */
  postgresStores: string[];
}

/** The stores the user directory's flows use (the default SQLite file when there are no flows yet). */
export function storeLocations(userDir: string): StoreLocations {
  const dir = resolve(userDir);
  const defaultFile = join(dir, SQLITE_FILE_NAME);
  const flowFile = join(dir, 'flows.json');
  const sqliteFiles = new Set<string>([defaultFile]);
  const postgresStores: string[] = [];
  if (existsSync(flowFile)) {
    let nodes: unknown;
    try {
      nodes = JSON.parse(readFileSync(flowFile, 'utf8'));
    } catch {
      nodes = [];
    }
    for (const node of Array.isArray(nodes) ? (nodes as Record<string, unknown>[]) : []) {
      if (node?.['type'] !== 'mlc-store') continue;
      if (node['backend'] === 'postgres') {
        postgresStores.push(String(node['name'] || node['id']));
        continue;
      }
      const path = typeof node['path'] === 'string' ? node['path'].trim() : '';
      // Node-RED resolves a relative path from its working directory, which `npm start` makes the project root.
      if (path) sqliteFiles.add(isAbsolute(path) ? path : resolve(path));
    }
  }
  return { sqliteFiles: [...sqliteFiles], postgresStores };
}

/** A SQLite store's file and the journal files SQLite keeps beside it. */
function sqliteFamily(file: string): string[] {
  return [file, `${file}-wal`, `${file}-shm`, `${file}-journal`];
}

export interface ResetResult {
  removed: string[];
  /** What could not be started over (PostgreSQL stores), for the user to clear by hand. */
  warnings: string[];
}

/** `npm start -- --reset`: deletes the sandbox's data and the store files, together. */
export function resetSandboxAndStore(userDir: string): ResetResult {
  const removed: string[] = [];
  const dataDir = sandboxDataDir(userDir);
  if (existsSync(dataDir)) {
    rmSync(dataDir, { recursive: true, force: true });
    removed.push(dataDir);
  }
  const { sqliteFiles, postgresStores } = storeLocations(userDir);
  for (const file of sqliteFiles.flatMap(sqliteFamily)) {
    if (!existsSync(file)) continue;
    rmSync(file, { force: true });
    removed.push(file);
  }
  const warnings = postgresStores.map(
    (name) => `the PostgreSQL store "${name}" was not reset: clear its tables yourself, or its records point at sandbox entries that no longer exist`,
  );
  return { removed, warnings };
}

export type DataCheck =
  | { ok: true; warnings: string[] }
  | { ok: false; message: string };

/**
 * Before a start without `--reset`: a store file beside no sandbox data means the store remembers
 * postings the sandbox (starting from its seed) would not have, and every rerun would report them as
 * duplicates of entries that do not exist: refused, with the way out. Sandbox data without a store
 * file is allowed with a warning: a store path changed in the flows looks the same, and nothing is
 * lost (the entries are in the sandbox), only the store's history of them.
 */
export function checkSandboxAndStore(userDir: string): DataCheck {
  const dataDir = sandboxDataDir(userDir);
  const hasSandboxData = existsSync(dataDir) && readdirSync(dataDir).some((name) => name.endsWith('.json'));
  const stores = storeLocations(userDir).sqliteFiles.filter((file) => existsSync(file));
  if (stores.length > 0 && !hasSandboxData) {
    return {
      ok: false,
      message:
        `The store ${stores.join(', ')} remembers records posted to the sandbox, but the sandbox's data (${dataDir}) is missing, ` +
        'so the sandbox would start from its seed without them and reruns would count them as duplicates of entries that do not exist. ' +
        'Run `npm start -- --reset` to start the sandbox and the store over together (or put the sandbox data back).',
    };
  }
  if (hasSandboxData && stores.length === 0) {
    return {
      ok: true,
      warnings: [
        `Warning: the sandbox keeps data from an earlier start (${dataDir}) but there is no store file, so the store has no record of what is already posted there ` +
          '(a rerun finds those entries by their external ids, but the audit sidebar has no history of them). `npm start -- --reset` starts both over.',
      ],
    };
  }
  return { ok: true, warnings: [] };
}
