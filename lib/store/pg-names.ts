// The PostgreSQL schema and table names the store uses. The schema name comes from the editor, so
// it is checked against a plain identifier pattern and always quoted, never spliced in raw.
import { StoreError } from './errors';

export const DEFAULT_PG_SCHEMA = 'mlc';

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;

export interface PgTables {
  schema: string;
  records: string;
  cursors: string;
  runs: string;
  leases: string;
  readLinks: string;
  runControls: string;
  runControlSpecs: string;
  runReconciliations: string;
  planEntries: string;
  migrations: string;
}

export function pgTables(schema: string = DEFAULT_PG_SCHEMA): PgTables {
  if (!IDENTIFIER.test(schema)) {
    throw new StoreError(
      'MLC_STORE_CONFIG',
      `store: PostgreSQL schema name "${schema}" must be letters, digits and underscores (not starting with a digit), at most 63 characters`,
    );
  }
  const quoted = `"${schema}"`;
  return {
    schema: quoted,
    records: `${quoted}.mlc_records`,
    cursors: `${quoted}.mlc_cursors`,
    runs: `${quoted}.mlc_runs`,
    leases: `${quoted}.mlc_leases`,
    readLinks: `${quoted}.mlc_read_links`,
    runControls: `${quoted}.mlc_run_controls`,
    runControlSpecs: `${quoted}.mlc_run_control_specs`,
    runReconciliations: `${quoted}.mlc_run_reconciliations`,
    planEntries: `${quoted}.mlc_plan_entries`,
    migrations: `${quoted}.mlc_schema_migrations`,
  };
}
