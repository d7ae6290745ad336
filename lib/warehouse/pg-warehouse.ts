// The Warehouse of both PostgreSQL-SQL dialects: tables created and grown from the mapping (DDL under
// an advisory lock, information_schema read once per table and after a change), and each batch
// loaded by COPY into a temporary table and one INSERT ... ON CONFLICT, in one transaction.
import { ARCHIVED_AT, keyColumns, qualifiedName, quoted } from './table-spec';
import {
  ARCHIVED_MARK,
  DATA_TYPE_NAMES,
  LOAD_TABLE,
  addColumnSql,
  columnsQuerySql,
  createLoadTableSql,
  createSchemaSql,
  createTableSql,
  ddlLockSql,
  directColumns,
  distributionViewSql,
  loadColumns,
  newKeysCheckSql,
  returnedKey,
  tablesQuerySql,
  upsertSql,
} from './sql';
import type { SqlEngine, SqlSession } from './sql-engine';
import type { LoadRow, TableSpec, UpsertResult, Warehouse, WarehouseDescription } from './types';

export class WarehouseSchemaError extends Error {
  readonly code = 'MLC_WAREHOUSE_COLUMN_TYPE';
}

type KnownColumns = Map<string, string>;

export class PgWarehouse implements Warehouse {
  /** Columns per "schema.table" as information_schema last said, with the spec text they were checked for. */
  private readonly known = new Map<string, { columns: KnownColumns; checked: string }>();

  constructor(
    private readonly engine: SqlEngine,
    readonly schema: string,
  ) {}

  get dialect(): string {
    return this.engine.dialect;
  }

  async ensureTable(spec: TableSpec): Promise<void> {
    const name = `${spec.schema}.${spec.table}`;
    const checked = JSON.stringify(spec);
    if (this.known.get(name)?.checked === checked) return;
    const columns = await this.engine.transaction(async (s) => {
      await s.query(ddlLockSql(), [name]);
      await s.query(createSchemaSql(spec.schema));
      let existing = await readColumns(s, spec);
      if (existing.size === 0) {
        await s.query(createTableSql(spec));
        existing = await readColumns(s, spec);
      }
      const missing = missingColumns(spec, existing);
      for (const [column, type] of missing) await s.query(addColumnSql(spec, column, type));
      if (missing.length > 0) existing = await readColumns(s, spec);
      const distribution = spec.columns.find((c) => c.distribution);
      if (distribution) {
        const numeric = [...existing].filter(([, type]) => type === 'numeric').map(([column]) => column);
        await s.query(distributionViewSql(spec, distribution.name, numeric));
      }
      return existing;
    });
    this.known.set(name, { columns, checked });
  }

  async upsert(spec: TableSpec, rows: LoadRow[]): Promise<UpsertResult> {
    const result: UpsertResult = { inserted: new Set(), updated: new Set() };
    if (rows.length === 0) return result;
    const keyCount = keyColumns(spec).length;
    try {
      await this.engine.transaction(async (s) => {
        if (keyCount === 1 && (await this.copiedStraightIn(s, spec, rows))) {
          for (const row of rows) result.inserted.add(row.key);
          return;
        }
        await s.query(createLoadTableSql(spec));
        await s.copyIn(quoted(LOAD_TABLE), loadColumns(spec), loadText(spec, rows));
        for (const row of await s.query(upsertSql(spec))) (row['inserted'] === true ? result.inserted : result.updated).add(returnedKey(row, keyCount));
      });
    } catch (err) {
      // The table may have been changed or dropped behind our back: read it again before the next batch.
      this.known.delete(`${spec.schema}.${spec.table}`);
      throw err;
    }
    return result;
  }

  /**
   * A batch none of whose keys is in the table yet (a first load, new journal lines) is copied
   * straight into it: COPY's bulk insert, not a row-by-row INSERT ... ON CONFLICT from a load table,
   * at a fraction of the cost. A key another writer adds meanwhile makes the COPY fail on the primary
   * key; it is then undone to the savepoint and the batch takes the upsert like any other.
   */
  private async copiedStraightIn(s: SqlSession, spec: TableSpec, rows: LoadRow[]): Promise<boolean> {
    const [check] = await s.query(newKeysCheckSql(spec), [rows.map((row) => row.key)]);
    if (!check || check['found'] !== false) return false;
    const now = String(check['now']);
    await s.query('SAVEPOINT mlc_straight_in');
    try {
      await s.copyIn(qualifiedName(spec), directColumns(spec), directText(spec, rows, now));
    } catch (err) {
      if ((err as { code?: unknown } | null)?.code !== UNIQUE_VIOLATION) throw err;
      await s.query('ROLLBACK TO SAVEPOINT mlc_straight_in');
      return false;
    }
    await s.query('RELEASE SAVEPOINT mlc_straight_in');
    return true;
  }

  async describe(): Promise<WarehouseDescription> {
    const [version] = await this.engine.query('SHOW server_version');
    const tables = await this.engine.query(tablesQuerySql(), [this.schema]);
    const served = this.engine.served?.();
    return {
      dialect: this.engine.dialect,
      serverVersion: String(version?.['server_version'] ?? ''),
      schema: this.schema,
      tables: tables.map((t) => String(t['table_name'])),
      ...(served ? { served } : {}),
    };
  }

  async query<T extends Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.engine.query(sql, params)) as T[];
  }

  close(): Promise<void> {
    return this.engine.close();
  }
}

/**
 * The columns of the mapping (and mlc_archived_at) the table lacks, with their types: what
 * ensureTable adds. A column whose type differs is a WarehouseSchemaError.
 */
export function missingColumns(spec: TableSpec, existing: ReadonlyMap<string, string>): Array<[string, string]> {
  const missing: Array<[string, string]> = [];
  for (const column of spec.columns) {
    const has = existing.get(column.name);
    if (has === undefined) missing.push([column.name, column.type]);
    else if (has !== DATA_TYPE_NAMES[column.type]) {
      throw new WarehouseSchemaError(`table ${spec.schema}.${spec.table}: column ${column.name} is ${has} in the warehouse but the mapping says ${column.type} (${DATA_TYPE_NAMES[column.type]}); change the mapping or the column, the writer never changes a column's type`);
    }
  }
  if (spec.archivedWhenFalse && !existing.has(ARCHIVED_AT)) missing.push([ARCHIVED_AT, 'timestamptz']);
  return missing;
}

/** The table's columns and their information_schema types; none when there is no such table. */
export async function tableColumns(query: (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>, spec: TableSpec): Promise<KnownColumns> {
  const rows = await query(columnsQuerySql(), [spec.schema, spec.table]);
  return new Map(rows.map((r) => [String(r['column_name']), String(r['data_type'])]));
}

function readColumns(s: SqlSession, spec: TableSpec): Promise<KnownColumns> {
  return tableColumns((sql, params) => s.query(sql, params), spec);
}

const UNIQUE_VIOLATION = '23505';

/** Rows for a COPY straight into the table: mlc_loaded_at (and mlc_archived_at of an archived record) is the transaction's now(). */
function directText(spec: TableSpec, rows: LoadRow[], now: string): string {
  // One join with the row's tail as separator: the text is made once, flat, without a string per row.
  if (!spec.archivedWhenFalse) return joinRows(rows, `\t${now}`);
  return joinRows(rows, (row) => (row.archived ? `\t${now}\t${now}` : `\t${now}\t\\N`));
}

function loadText(spec: TableSpec, rows: LoadRow[]): string {
  if (!spec.archivedWhenFalse) return joinRows(rows, '');
  return joinRows(rows, (row) => (row.archived ? `\t${ARCHIVED_MARK}` : '\t\\N'));
}

/** COPY text: each row's line, then its tail (the same for every row, or the row's own), then a newline. */
function joinRows(rows: LoadRow[], tail: string | ((row: LoadRow) => string)): string {
  if (typeof tail === 'string') return rows.length === 0 ? '' : rows.map((row) => row.line).join(`${tail}\n`) + `${tail}\n`;
  const parts: string[] = new Array<string>(rows.length * 3);
  rows.forEach((row, i) => {
    parts[i * 3] = row.line;
    parts[i * 3 + 1] = tail(row);
    parts[i * 3 + 2] = '\n';
  });
  return parts.join('');
}
