// Plan-only writes to a warehouse table: for a batch of records, what the writer (writer.ts) would do
// with each, without writing. The records become rows exactly as the writer makes them (batchRows:
// the same checks, the last record of a key winning), then one SELECT per batch sets each row beside
// the table's row of its key and compares them as the upsert does (sql.ts, comparedColumns), so a
// row the write would leave alone is planned unchanged. Reads only: information_schema and a SELECT;
// no table, column or schema is created, and nothing is locked.
import type { PlanAction, PlanFieldChange } from '../plan/plan';
import { missingColumns, tableColumns } from './pg-warehouse';
import { plannedColumns, planLookupSql, type ComparedColumn } from './sql';
import { ARCHIVED_AT, keyColumns } from './table-spec';
import type { ColumnType, LoadRow, TableSpec, Warehouse } from './types';
import { copyFields, prepareColumns, type PreparedColumns } from './values';
import { batchRows, warehouseFailure } from './writer';

export type WarehousePlanOutcome =
  | { ok: true; action: PlanAction; id?: string; changes: PlanFieldChange[]; note?: string }
  | { ok: false; error: { message: string; code: string } };

/** What the lookup answers per row: o<n>/n<n> the stored and new text of compared column n, d<n> whether they differ. */
type LookupRow = Record<string, unknown>;

export class WarehousePlanner {
  private readonly prepared: PreparedColumns;
  private readonly entity: string;
  private readonly shown: ComparedColumn[];

  constructor(
    private readonly warehouse: () => Promise<Pick<Warehouse, 'query'>>,
    private readonly spec: TableSpec,
    private readonly secrets: ReadonlyArray<string | undefined> = [],
  ) {
    this.prepared = prepareColumns(spec);
    this.entity = `${spec.schema}.${spec.table}`;
    this.shown = plannedColumns(spec);
  }

  /** One outcome per record, in order; never rejects. */
  async writeBatch(records: readonly unknown[]): Promise<WarehousePlanOutcome[]> {
    const { rows, failures, lastOf, load } = batchRows(records, this.prepared, this.spec, this.secrets);
    let planned: Map<string, WarehousePlanOutcome> = new Map();
    let batchError: { message: string; code: string } | null = null;
    if (load.length > 0) {
      try {
        planned = await this.planRows(load);
      } catch (err) {
        const { message, code } = warehouseFailure(err, this.secrets);
        batchError = { message, code };
      }
    }
    return rows.map((row, i): WarehousePlanOutcome => {
      const failure = failures.get(i);
      if (failure) return { ok: false, error: { message: failure.message, code: failure.code } };
      if (batchError || !row) return { ok: false, error: batchError ?? { message: `${this.entity}: not planned`, code: 'MLC_WAREHOUSE_REFUSED' } };
      if (lastOf.get(row.key) !== i) return { ok: true, action: 'unchanged', id: row.key, changes: [], note: 'a later record of the same key in the batch is written instead' };
      return planned.get(row.key) ?? { ok: false, error: { message: `${this.entity}: the lookup did not answer for key ${row.key}`, code: 'MLC_WAREHOUSE_REFUSED' } };
    });
  }

  private async planRows(load: LoadRow[]): Promise<Map<string, WarehousePlanOutcome>> {
    const warehouse = await this.warehouse();
    const existing = await tableColumns((sql, params) => warehouse.query(sql, params), this.spec);
    const present = existing.size > 0 ? existing : null;
    const added = present ? missingColumns(this.spec, present).map(([name]) => name) : [];
    const lostKey = keyColumns(this.spec).find((k) => added.includes(k.name));
    if (lostKey) throw new Error(`${this.entity}: the table has no column ${lostKey.name} for the mapping's key; the write would be refused`);
    const note = !present
      ? `the table ${this.entity} does not exist yet; the write would create it`
      : added.length > 0
        ? `the write would add the column(s) ${added.join(', ')} to ${this.entity}`
        : undefined;
    const param = JSON.stringify(load.map((row, i) => ({ i, v: copyFields(row.line), a: row.archived })));
    const answered = await warehouse.query<LookupRow>(planLookupSql(this.spec, present ? new Set(existing.keys()) : null), [param]);
    const out = new Map<string, WarehousePlanOutcome>();
    for (const answer of answered) {
      const row = load[Number(answer['i'])];
      if (row) out.set(row.key, { ...this.outcomeOf(answer, row.key), ...(note ? { note } : {}) });
    }
    return out;
  }

  private outcomeOf(answer: LookupRow, id: string): Extract<WarehousePlanOutcome, { ok: true }> {
    const found = answer['found'] === true;
    const changes: PlanFieldChange[] = [];
    let archives = false;
    this.shown.forEach((column, n) => {
      const next = shownValue(column.type, answer[`n${n}`]);
      if (found ? answer[`d${n}`] !== true : next === null) return;
      changes.push({ field: column.name, old: found ? shownValue(column.type, answer[`o${n}`]) : null, new: next });
      if (column.name === ARCHIVED_AT && next !== null) archives = true;
    });
    const action: PlanAction = !found ? 'create' : archives ? 'archive' : changes.length > 0 ? 'update' : 'unchanged';
    return { ok: true, action, id, changes };
  }
}

/**
 * A value as PostgreSQL gives it as text, in the form a flow reads it: numbers of integer columns as
 * numbers, booleans as booleans, jsonb parsed; numeric, bigint, dates and timestamps stay text (their
 * exact digits, and the database's own form).
 */
function shownValue(type: ColumnType, text: unknown): unknown {
  if (text === null || text === undefined) return null;
  const value = String(text);
  switch (type) {
    case 'integer':
      return Number(value);
    case 'boolean':
      return value === 'true';
    case 'jsonb':
      return JSON.parse(value) as unknown;
    default:
      return value;
  }
}
