// What a schema migration is, and which ones an opening store still has to apply. Versions only go
// up; a store never rewrites a migration that has shipped, it adds the next one.
import { StoreError } from '../errors';

export interface Migration<Sql> {
  version: number;
  /** One line for the record and for error messages. */
  description: string;
  sql: Sql;
}

/**
 * The migrations to apply, in order. A database that already has a version this code does not
 * know was written by a newer ml-connector: opening it could misread its rows, so that is refused.
 */
export function pendingMigrations<Sql>(
  all: readonly Migration<Sql>[],
  applied: ReadonlySet<number>,
  upTo: number = latestVersion(all),
): Migration<Sql>[] {
  const known = latestVersion(all);
  const newest = Math.max(0, ...applied);
  if (newest > known) {
    throw new StoreError(
      'MLC_STORE_MIGRATION',
      `store schema is at version ${newest}, written by a newer ml-connector (this one knows up to ${known}); upgrade ml-connector`,
    );
  }
  return all.filter((m) => m.version <= upTo && !applied.has(m.version)).sort((a, b) => a.version - b.version);
}

export function latestVersion<Sql>(all: readonly Migration<Sql>[]): number {
  return Math.max(0, ...all.map((m) => m.version));
}
