// SQLite schema versions. JSON columns are TEXT, times are ISO-8601 UTC text (which sorts as time).
import type { DatabaseSync } from 'node:sqlite';
import { StoreError, messageOf } from '../errors';
import { pendingMigrations, type Migration } from './migration';

const STATUSES = `'claimed', 'posted', 'failed', 'replay', 'parked'`;

export const SQLITE_MIGRATIONS: readonly Migration<string>[] = [
  {
    version: 1,
    description: 'records and cursors',
    sql: `
      CREATE TABLE mlc_records (
        key TEXT NOT NULL PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN (${STATUSES})),
        run_id TEXT,
        source TEXT,
        target TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        error TEXT,
        payload TEXT,
        mlc TEXT,
        claimed_by TEXT,
        claimed_at TEXT,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE mlc_cursors (
        name TEXT NOT NULL PRIMARY KEY,
        value TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );`,
  },
  {
    version: 2,
    description: 'record notes, runs table, indexes for replay by run and by status',
    sql: `
      ALTER TABLE mlc_records ADD COLUMN note TEXT;
      CREATE INDEX mlc_records_run_status ON mlc_records (run_id, status);
      CREATE INDEX mlc_records_status_key ON mlc_records (status, key);
      CREATE TABLE mlc_runs (
        run_id TEXT NOT NULL PRIMARY KEY,
        flow TEXT,
        status TEXT NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
        started_at TEXT NOT NULL,
        finished_at TEXT,
        counts TEXT NOT NULL DEFAULT '{}',
        note TEXT
      );
      CREATE INDEX mlc_runs_started ON mlc_runs (started_at);`,
  },
  {
    version: 3,
    description: 'claim holders and leases, the record as read, its flow and failure history',
    sql: `
      ALTER TABLE mlc_records ADD COLUMN claimed_instance TEXT;
      ALTER TABLE mlc_records ADD COLUMN claimed_process TEXT;
      ALTER TABLE mlc_records ADD COLUMN input TEXT;
      ALTER TABLE mlc_records ADD COLUMN flow TEXT;
      ALTER TABLE mlc_records ADD COLUMN history TEXT;
      CREATE INDEX mlc_records_flow_status ON mlc_records (flow, status, key);
      CREATE INDEX mlc_records_claimed_instance ON mlc_records (claimed_instance) WHERE status = 'claimed';
      CREATE TABLE mlc_leases (
        name TEXT NOT NULL PRIMARY KEY,
        holder TEXT NOT NULL,
        expires_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );`,
  },
  {
    version: 4,
    description: 'links from read keys to the keys their records went on as',
    sql: `
      CREATE TABLE mlc_read_links (
        read_key TEXT NOT NULL,
        key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (read_key, key)
      ) WITHOUT ROWID;`,
  },
  {
    version: 5,
    description: 'replay and the sidebar list a run by status in key order from one index',
    // (run_id, status) answered a run's records of one status only after sorting them, so the planner
    // preferred walking (status, key) in order through every record of that status. The new index
    // serves both the filter and the order; the old one is a prefix of it, so it goes.
    sql: `
      CREATE INDEX mlc_records_run_status_key ON mlc_records (run_id, status, key);
      DROP INDEX mlc_records_run_status;`,
  },
  {
    version: 6,
    description: 'run control totals per record and dimension, and run reconciliations',
    sql: `
      CREATE TABLE mlc_run_controls (
        run_id TEXT NOT NULL,
        key TEXT NOT NULL,
        dimension TEXT NOT NULL,
        value TEXT NOT NULL,
        measure TEXT NOT NULL,
        label TEXT,
        quantity INTEGER NOT NULL,
        PRIMARY KEY (run_id, key, dimension, value, measure)
      ) WITHOUT ROWID;
      CREATE INDEX mlc_run_controls_key ON mlc_run_controls (key, run_id);
      CREATE TABLE mlc_run_control_specs (
        run_id TEXT NOT NULL PRIMARY KEY,
        spec TEXT NOT NULL,
        updated_at TEXT NOT NULL
      );
      CREATE TABLE mlc_run_reconciliations (
        run_id TEXT NOT NULL PRIMARY KEY,
        status TEXT NOT NULL CHECK (status IN ('tied', 'off')),
        checked_at TEXT NOT NULL,
        result TEXT NOT NULL
      );`,
  },
  {
    version: 7,
    description: 'plans: per run, what each planned record would do and the message that posts it',
    sql: `
      CREATE TABLE mlc_plan_entries (
        run_id TEXT NOT NULL,
        key TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('create', 'update', 'archive', 'unchanged', 'fail')),
        system TEXT NOT NULL,
        entity TEXT NOT NULL,
        target_id TEXT,
        changes TEXT NOT NULL,
        post TEXT NOT NULL,
        mlc TEXT,
        node TEXT,
        flow TEXT,
        error TEXT,
        note TEXT,
        planned_at TEXT NOT NULL,
        posted_at TEXT,
        PRIMARY KEY (run_id, key)
      ) WITHOUT ROWID;
      CREATE INDEX mlc_plan_entries_planned ON mlc_plan_entries (planned_at);`,
  },
  {
    version: 8,
    description: 'the status indexes hold records still on their way or set aside, not posted ones',
    // Nearly every record ends posted and stays so; an entry for it in (status, key) and
    // (flow, status, key) cost every posted write two index updates (~1.5 us each) for listings that
    // ask for failed, parked, claimed or replay records. Posted listings by run keep their index;
    // the rest walk the key order or a covering scan, as a mostly-posted store would anyway.
    // SQLite uses a partial index only when the query repeats its WHERE term word for word: every
    // status filter that leaves posted out says NOT_POSTED (filters.ts), the same text (the query-plan
    // tests check both). Written out here: a migration's SQL must not change after it shipped.
    sql: `
      DROP INDEX mlc_records_status_key;
      DROP INDEX mlc_records_flow_status;
      CREATE INDEX mlc_records_status_key ON mlc_records (status, key) WHERE status <> 'posted';
      CREATE INDEX mlc_records_flow_status ON mlc_records (flow, status, key) WHERE status <> 'posted';`,
  },
];

/**
 * Brings the file to the latest version (or `upTo`, for tests that need an old store) in one
 * IMMEDIATE transaction, so a second process opening the same file at once waits and then finds
 * nothing left to do. Returns the versions it applied.
 */
export function migrateSqlite(db: DatabaseSync, options: { upTo?: number } = {}): number[] {
  db.exec('BEGIN IMMEDIATE');
  try {
    db.exec('CREATE TABLE IF NOT EXISTS mlc_schema_migrations (version INTEGER NOT NULL PRIMARY KEY, applied_at TEXT NOT NULL)');
    const applied = new Set(db.prepare('SELECT version FROM mlc_schema_migrations').all().map((row) => Number(row['version'])));
    const pending = pendingMigrations(SQLITE_MIGRATIONS, applied, options.upTo);
    const record = db.prepare('INSERT INTO mlc_schema_migrations (version, applied_at) VALUES (?, ?)');
    for (const migration of pending) {
      try {
        db.exec(migration.sql);
      } catch (err) {
        throw new StoreError('MLC_STORE_MIGRATION', `store: SQLite migration ${migration.version} (${migration.description}) failed: ${messageOf(err)}`, { cause: err });
      }
      record.run(migration.version, new Date().toISOString());
    }
    db.exec('COMMIT');
    return pending.map((m) => m.version);
  } catch (err) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
