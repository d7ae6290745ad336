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
  /** Bumped by every write: the kit saves the data file when it moved. */
  revision = 0;

  constructor(private readonly seed: (state: ServiceNowState) => void) {
    this.reset();
  }

  reset(): void {
    this.tables = {};
    this.pending = [];
    this.counters = { sysId: 1, numbers: {} };
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
    return this.rows(table).find((row) => row.sys_id === sysId);
  }

  findBy(table: string, field: string, value: string): Row | undefined {
    return value === '' ? undefined : this.rows(table).find((row) => row[field] === value);
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
    this.rows(table.name).push(row);
    this.touch();
    return row;
  }

  update(row: Row, values: Row, user: string, nowMs: number): Row {
    const { sys_id: _id, sys_created_on: _created, sys_created_by: _by, sys_class_name: _class, ...changes } = values;
    Object.assign(row, changes, { sys_updated_on: glideDateTime(nowMs), sys_updated_by: user, sys_mod_count: String(Number(row.sys_mod_count ?? '0') + 1) });
    this.touch();
    return row;
  }

  remove(table: string, sysId: string): boolean {
    const rows = this.rows(table);
    const index = rows.findIndex((row) => row.sys_id === sysId);
    if (index === -1) return false;
    rows.splice(index, 1);
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
    this.counters = snapshot.counters;
    this.pending = snapshot.pending;
    this.revision = snapshot.revision;
  }
}
