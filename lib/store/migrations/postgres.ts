// PostgreSQL schema versions. JSON columns are JSONB; keys and cursor values use the "C" collation
// so that ordering, keyset paging and "onlyForward" compare code points, as SQLite does, whatever
// the database's locale.
import type { ClientBase } from 'pg';
import { StoreError, messageOf } from '../errors';
import type { PgTables } from '../pg-names';
import { pendingMigrations, type Migration } from './migration';

const STATUSES = `'claimed', 'posted', 'failed', 'replay', 'parked'`;

export const POSTGRES_MIGRATIONS: readonly Migration<(t: PgTables) => string>[] = [
  {
    version: 1,
    description: 'records and cursors',
    sql: (t) => `
      CREATE TABLE ${t.records} (
        key text COLLATE "C" NOT NULL PRIMARY KEY,
        status text NOT NULL CHECK (status IN (${STATUSES})),
        run_id text,
        source jsonb,
        target jsonb,
        attempts integer NOT NULL DEFAULT 0,
        error jsonb,
        payload jsonb,
        mlc jsonb,
        claimed_by text,
        claimed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE ${t.cursors} (
        name text NOT NULL PRIMARY KEY,
        value text COLLATE "C" NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );`,
  },
  {
    version: 2,
    description: 'record notes, runs table, indexes for replay by run and by status',
    sql: (t) => `
      ALTER TABLE ${t.records} ADD COLUMN note text;
      CREATE INDEX mlc_records_run_status ON ${t.records} (run_id, status);
      CREATE INDEX mlc_records_status_key ON ${t.records} (status, key);
      CREATE TABLE ${t.runs} (
        run_id text NOT NULL PRIMARY KEY,
        flow text,
        status text NOT NULL CHECK (status IN ('running', 'finished', 'failed')),
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        counts jsonb NOT NULL DEFAULT '{}'::jsonb,
        note text
      );
      CREATE INDEX mlc_runs_started ON ${t.runs} (started_at);`,
  },
  {
    version: 3,
    description: 'claim holders and leases, the record as read, its flow and failure history',
    sql: (t) => `
      ALTER TABLE ${t.records} ADD COLUMN claimed_instance text, ADD COLUMN claimed_process text,
        ADD COLUMN input jsonb, ADD COLUMN flow text, ADD COLUMN history jsonb;
      CREATE INDEX mlc_records_flow_status ON ${t.records} (flow, status, key);
      CREATE INDEX mlc_records_claimed_instance ON ${t.records} (claimed_instance) WHERE status = 'claimed';
      CREATE TABLE ${t.leases} (
        name text NOT NULL PRIMARY KEY,
        holder text NOT NULL,
        expires_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      -- A record's failure history after one more entry: the first kept, then the latest, 20 in all
      -- (HISTORY_LIMIT in types.ts; SQLite does the same in code).
      CREATE FUNCTION ${t.schema}.mlc_append_history(h jsonb, e jsonb) RETURNS jsonb LANGUAGE sql IMMUTABLE AS $fn$
        SELECT CASE WHEN jsonb_array_length(all_entries) <= 20 THEN all_entries
          ELSE jsonb_build_array(all_entries->0) || (
            SELECT jsonb_agg(v ORDER BY i) FROM jsonb_array_elements(all_entries) WITH ORDINALITY AS t(v, i)
            WHERE i > jsonb_array_length(all_entries) - 19) END
        FROM (SELECT coalesce(h, '[]'::jsonb) || jsonb_build_array(e) AS all_entries) AS x
      $fn$;`,
  },
  {
    version: 4,
    description: 'links from read keys to the keys their records went on as',
    sql: (t) => `
      CREATE TABLE ${t.readLinks} (
        read_key text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (read_key, key)
      );`,
  },
  {
    version: 5,
    description: 'replay and the sidebar list a run by status in key order from one index',
    // As in SQLite's version 5: one index serves a run's records of a status in key order, and the
    // old (run_id, status) is a prefix of it.
    sql: (t) => `
      CREATE INDEX mlc_records_run_status_key ON ${t.records} (run_id, status, key);
      DROP INDEX ${t.schema}.mlc_records_run_status;`,
  },
  {
    version: 6,
    description: 'run control totals per record and dimension, and run reconciliations',
    sql: (t) => `
      CREATE TABLE ${t.runControls} (
        run_id text NOT NULL,
        key text COLLATE "C" NOT NULL,
        dimension text COLLATE "C" NOT NULL,
        value text COLLATE "C" NOT NULL,
        measure text COLLATE "C" NOT NULL,
        label text,
        quantity bigint NOT NULL,
        PRIMARY KEY (run_id, key, dimension, value, measure)
      );
      CREATE INDEX mlc_run_controls_key ON ${t.runControls} (key, run_id);
      CREATE TABLE ${t.runControlSpecs} (
        run_id text NOT NULL PRIMARY KEY,
        spec jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE TABLE ${t.runReconciliations} (
        run_id text NOT NULL PRIMARY KEY,
        status text NOT NULL CHECK (status IN ('tied', 'off')),
        checked_at timestamptz NOT NULL,
        result jsonb NOT NULL
      );`,
  },
  {
    version: 7,
    description: 'plans: per run, what each planned record would do and the message that posts it',
    sql: (t) => `
      CREATE TABLE ${t.planEntries} (
        run_id text COLLATE "C" NOT NULL,
        key text COLLATE "C" NOT NULL,
        action text NOT NULL CHECK (action IN ('create', 'update', 'archive', 'unchanged', 'fail')),
        system text NOT NULL,
        entity text NOT NULL,
        target_id text,
        changes jsonb NOT NULL,
        post jsonb NOT NULL,
        mlc jsonb,
        node text,
        flow text,
        error jsonb,
        note text,
        planned_at timestamptz NOT NULL DEFAULT now(),
        posted_at timestamptz,
        PRIMARY KEY (run_id, key)
      );
      CREATE INDEX mlc_plan_entries_planned ON ${t.planEntries} (planned_at);`,
  },
  {
    version: 8,
    description: 'the status indexes hold records still on their way or set aside, not posted ones',
    // As SQLite's migration 8: a posted record (nearly every record, for good) no longer costs two
    // index entries that only listings of failed, parked, claimed or replay records read.
    sql: (t) => `
      DROP INDEX ${t.schema}.mlc_records_status_key;
      DROP INDEX ${t.schema}.mlc_records_flow_status;
      CREATE INDEX mlc_records_status_key ON ${t.records} (status, key) WHERE status <> 'posted';
      CREATE INDEX mlc_records_flow_status ON ${t.records} (flow, status, key) WHERE status <> 'posted';`,
  },
];

/**
 * Creates the schema if needed and brings it to the latest version (or `upTo`), in one
 * transaction under an advisory lock keyed on the schema name: two instances opening a new schema
 * at the same moment take turns instead of both trying to create the same tables.
 */
export async function migratePostgres(client: ClientBase, tables: PgTables, options: { upTo?: number } = {}): Promise<number[]> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`mlc-store:${tables.schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${tables.schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${tables.migrations} (version integer NOT NULL PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`,
    );
    const rows = await client.query<{ version: number }>(`SELECT version FROM ${tables.migrations}`);
    const pending = pendingMigrations(POSTGRES_MIGRATIONS, new Set(rows.rows.map((r) => Number(r.version))), options.upTo);
    for (const migration of pending) {
      try {
        await client.query(migration.sql(tables));
      } catch (err) {
        throw new StoreError(
          'MLC_STORE_MIGRATION',
          `store: PostgreSQL migration ${migration.version} (${migration.description}) failed: ${messageOf(err)}`,
          { cause: err },
        );
      }
      await client.query(`INSERT INTO ${tables.migrations} (version) VALUES ($1)`, [migration.version]);
    }
    await client.query('COMMIT');
    return pending.map((m) => m.version);
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}
