import { IMPORT_SET_ROW, STAGING_TABLES, tableDef, type TableDef } from './tables';
import { glideDateTime, sysIdFor } from './wire';

/** One record: every value a string, references hold the sys_id. */
export type Row = Record<string, string>;

interface Counters {
  /** Feeds `sysIdFor`, so ids come out the same on every run of the same calls. */
  sysId: number;
  /** Next `number` per prefix. */
  numbers: Record<string, number>;
}

/** An `insertMultiple` import set whose transform has not run yet (it runs once `dueMs` has passed on the sandbox clock). */
export interface PendingImport {
  importSetId: string;
  stagingTable: string;
  user: string;
  dueMs: number;
}

export interface ServiceNowStateSnapshot {
  tables: Record<string, Row[]>;
  counters: Counters;
  pending: PendingImport[];
  revision: number;
}

/** The records of every table; `reset` rebuilds it from the seed. */
export class ServiceNowState {
  tables: Record<string, Row[]> = {};
  pending: PendingImport[] = [];
  private counters: Counters = { sysId: 1, numbers: {} };
  /**
   * Lookups by value (`findBy`, `find`), built per table and field on first use and kept up to date by
   * `insert`/`update`/`remove`, so staging thousands of lines does not scan every line per line.
   */
  private indexes = new Map<string, Map<string, Map<string, Row[]>>>();
  /** Bumped by every write: the kit saves the data file when it moved. */
  revision = 0;

  constructor(private readonly seed: (state: ServiceNowState) => void) {
    this.reset();
  }

  reset(): void {
    this.tables = {};
    this.pending = [];
    this.counters = { sysId: 1, numbers: {} };
    this.indexes.clear();
    this.seed(this);
    this.revision += 1;
  }

  touch(): void {
    this.revision += 1;
  }

  nextSysId(): string {
    const id = sysIdFor(`mlc-servicenow:${this.counters.sysId}`);
    this.counters.sysId += 1;
    return id;
  }

  nextNumber(prefix: string, first = 1001): string {
    const next = this.counters.numbers[prefix] ?? first;
    this.counters.numbers[prefix] = next + 1;
    return `${prefix}${String(next).padStart(7, '0')}`;
  }

  /** The rows of a table; `sys_import_set_row` is every staging table's rows together. */
  rows(table: string): Row[] {
    if (table === IMPORT_SET_ROW) return [...STAGING_TABLES.keys()].filter((name) => name !== IMPORT_SET_ROW).flatMap((name) => this.tables[name] ?? []);
    return (this.tables[table] ??= []);
  }

  find(table: string, sysId: string): Row | undefined {
    return this.findBy(table, 'sys_id', sysId);
  }

  findBy(table: string, field: string, value: string): Row | undefined {
    return this.findAllBy(table, field, value)[0];
  }

  /**
   * Rows whose `field` is `value` (never for an empty value), oldest first. Only for fields that change
   * through `update` (the import bookkeeping written straight onto staging rows is not indexed right).
   */
  findAllBy(table: string, field: string, value: string): Row[] {
    if (value === '') return [];
    if (table === IMPORT_SET_ROW) return this.rows(table).filter((row) => row[field] === value);
    return this.index(table, field).get(value) ?? [];
  }

  private index(table: string, field: string): Map<string, Row[]> {
    let byField = this.indexes.get(table);
    if (!byField) this.indexes.set(table, (byField = new Map()));
    let index = byField.get(field);
    if (!index) {
      index = new Map();
      for (const row of this.rows(table)) addTo(index, row[field] ?? '', row);
      byField.set(field, index);
    }
    return index;
  }

  /** Keeps the built indexes of a row's table right around a change of the row. */
  private reindex(table: string, row: Row, change: () => void): void {
    const byField = this.indexes.get(table);
    const before = byField ? [...byField].map(([field, index]) => ({ field, index, value: row[field] ?? '' })) : [];
    change();
    for (const { field, index, value } of before) {
      const now = row[field] ?? '';
      if (now === value) continue;
      removeFrom(index, value, row);
      addTo(index, now, row);
    }
  }

  insert(table: TableDef, values: Row, user: string, nowMs: number): Row {
    const stamp = glideDateTime(nowMs);
    const row: Row = {};
    for (const field of Object.keys(table.fields)) row[field] = '';
    Object.assign(row, values);
    if (table.numberPrefix && !row.number) row.number = this.nextNumber(table.numberPrefix);
    Object.assign(row, {
      sys_id: values.sys_id && /^[0-9a-f]{32}$/.test(values.sys_id) ? values.sys_id : this.nextSysId(),
      sys_created_on: stamp,
      sys_created_by: user,
      sys_updated_on: stamp,
      sys_updated_by: user,
      sys_mod_count: '0',
      sys_class_name: table.name,
      sys_tags: '',
      sys_domain: 'global',
      sys_domain_path: '/',
    });
    const index = this.indexes.get(table.name);
    this.rows(table.name).push(row);
    for (const [field, values] of index ?? []) addTo(values, row[field] ?? '', row);
    this.touch();
    return row;
  }

  update(row: Row, values: Row, user: string, nowMs: number): Row {
    const { sys_id: _id, sys_created_on: _created, sys_created_by: _by, sys_class_name: _class, ...changes } = values;
    this.reindex(row.sys_class_name ?? '', row, () =>
      Object.assign(row, changes, { sys_updated_on: glideDateTime(nowMs), sys_updated_by: user, sys_mod_count: String(Number(row.sys_mod_count ?? '0') + 1) }),
    );
    this.touch();
    return row;
  }

  remove(table: string, sysId: string): boolean {
    const rows = this.rows(table);
    const index = rows.findIndex((row) => row.sys_id === sysId);
    if (index === -1) return false;
    const [row] = rows.splice(index, 1);
    for (const [field, values] of this.indexes.get(table) ?? []) if (row) removeFrom(values, row[field] ?? '', row);
    this.touch();
    return true;
  }

  snapshot(): ServiceNowStateSnapshot {
    return { tables: this.tables, counters: this.counters, pending: this.pending, revision: this.revision };
  }

  restore(snapshot: ServiceNowStateSnapshot): void {
    if (!snapshot || typeof snapshot !== 'object' || typeof snapshot.tables !== 'object' || typeof snapshot.counters !== 'object' || !Array.isArray(snapshot.pending)) {
      throw new Error('not a ServiceNow state snapshot');
    }
    for (const name of Object.keys(snapshot.tables)) if (!tableDef(name)) throw new Error(`unknown table ${name} in the snapshot`);
    this.tables = snapshot.tables;
    this.indexes.clear();
    this.counters = snapshot.counters;
    this.pending = snapshot.pending;
    this.revision = snapshot.revision;
  }
}

function addTo(index: Map<string, Row[]>, value: string, row: Row): void {
  const rows = index.get(value);
  if (rows) rows.push(row);
  else index.set(value, [row]);
}

function removeFrom(index: Map<string, Row[]>, value: string, row: Row): void {
  const rows = index.get(value);
  const at = rows?.indexOf(row) ?? -1;
  if (rows && at !== -1) rows.splice(at, 1);
  if (rows?.length === 0) index.delete(value);
}
