import type { SandboxClock } from '../kit';
import type { WireOptions } from './options';
import { transformMapsFor, type TransformMap } from './staging';
import type { Row, ServiceNowState } from './state';
import { STAGING_TABLES, TABLES, type TableDef } from './tables';
import { asFieldString } from './wire';

export type ImportStatus = 'inserted' | 'updated' | 'ignored' | 'error';

/** One entry of an import's `result[]` (B.5): one per transform map. */
export interface TransformResult {
  transform_map: string;
  table: string;
  display_name?: string;
  display_value?: string;
  record_link?: string;
  status: ImportStatus | 'pending';
  sys_id?: string;
  status_message?: string;
  error_message?: string;
}

const NO_CHANGE = 'No field values changed';

/**
 * Loads staging rows and runs their transform maps: coalesce on the map's key fields (a match is
 * updated, or `ignored` when nothing would change), reject a row with an empty mandatory column or a
 * reference that names no record. Empty staging values never overwrite ("copy empty fields" off).
 */
export class ImportEngine {
  constructor(
    private readonly state: ServiceNowState,
    private readonly clock: () => SandboxClock,
    private readonly options: () => WireOptions,
  ) {}

  stagingTable(name: string): TableDef | undefined {
    return transformMapsFor(name).length > 0 ? STAGING_TABLES.get(name) : undefined;
  }

  /** A new `sys_import_set`; `mode` is what the import set record says about how it runs. */
  private newImportSet(staging: string, mode: 'synchronous' | 'asynchronous', user: string, multiId = ''): Row {
    const table = TABLES.get('sys_import_set')!;
    return this.state.insert(table, { table_name: staging, state: 'loading', mode, multi_import_set_id: multiId, row_count: '0' }, user, this.clock().nowMs());
  }

  private loadRow(staging: TableDef, importSet: Row, record: Record<string, unknown>, index: number, user: string): Row {
    const values: Row = {};
    for (const [name, raw] of Object.entries(record)) {
      const value = asFieldString(raw);
      if (value !== undefined && !name.startsWith('sys_')) values[name] = value;
    }
    return this.state.insert(staging, { ...values, sys_import_set: importSet.sys_id!, sys_import_row: String(index), sys_import_state: 'pending' }, user, this.clock().nowMs());
  }

  /** `POST /api/now/import/{staging}`: one row, transformed before the answer. */
  importOne(stagingName: string, record: Record<string, unknown>, user: string, origin: string): { importSet: Row; row: Row; results: TransformResult[] } {
    const staging = this.stagingTable(stagingName)!;
    const importSet = this.newImportSet(stagingName, 'synchronous', user);
    const row = this.loadRow(staging, importSet, record, 0, user);
    const results = this.transform(row, user, origin);
    Object.assign(importSet, { state: 'processed', row_count: '1' });
    this.state.touch();
    return { importSet, row, results };
  }

  /** `insertMultiple`: rows loaded now, transformed `insertMultipleDelayMs` later on the sandbox clock. */
  importMany(stagingName: string, records: Array<Record<string, unknown>>, user: string): { importSet: Row; multiImportSetId: string } {
    const staging = this.stagingTable(stagingName)!;
    const multiImportSetId = this.state.nextSysId();
    const importSet = this.newImportSet(stagingName, 'asynchronous', user, multiImportSetId);
    records.forEach((record, index) => this.loadRow(staging, importSet, record, index, user));
    importSet.row_count = String(records.length);
    this.state.pending.push({ importSetId: importSet.sys_id!, stagingTable: stagingName, user, dueMs: this.clock().nowMs() + this.options().insertMultipleDelayMs });
    this.state.touch();
    return { importSet, multiImportSetId };
  }

  /** Runs every pending import set whose time has come, oldest first. */
  runDue(origin: string): void {
    const now = this.clock().nowMs();
    const due = this.state.pending.filter((pending) => pending.dueMs <= now);
    if (due.length === 0) return;
    this.state.pending = this.state.pending.filter((pending) => pending.dueMs > now);
    for (const pending of due) this.runImportSet(pending.importSetId, pending.stagingTable, pending.user, origin);
    this.state.touch();
  }

  /** Every pending import set now, whatever the clock says (a control route and reset use it). */
  runAll(origin: string): number {
    const all = this.state.pending;
    this.state.pending = [];
    for (const pending of all) this.runImportSet(pending.importSetId, pending.stagingTable, pending.user, origin);
    if (all.length > 0) this.state.touch();
    return all.length;
  }

  private runImportSet(importSetId: string, stagingTable: string, user: string, origin: string): void {
    const rows = this.state.findAllBy(stagingTable, 'sys_import_set', importSetId).filter((row) => row.sys_import_state === 'pending');
    for (const row of rows) this.transform(row, user, origin);
    const importSet = this.state.find('sys_import_set', importSetId);
    if (importSet) importSet.state = 'processed';
  }

  /** The transform of one loaded row through each of its table's maps; the outcome is written on the row. */
  private transform(row: Row, user: string, origin: string): TransformResult[] {
    const maps = transformMapsFor(row.sys_class_name ?? '');
    const results = maps.map((map) => this.applyMap(map, row, user, origin));
    const last = results[results.length - 1];
    if (last) {
      Object.assign(row, {
        sys_import_state: last.status,
        sys_import_state_comment: last.error_message ?? last.status_message ?? '',
        sys_row_error: last.status === 'error' ? (last.error_message ?? '') : '',
        sys_target_sys_id: last.sys_id ?? '',
        sys_target_table: last.table,
        sys_transform_map: last.transform_map,
      });
    }
    return results;
  }

  private applyMap(map: TransformMap, row: Row, user: string, origin: string): TransformResult {
    const prefix = map.columnPrefix === 'u_' ? 'u_' : this.options().fcmsColumnPrefix;
    const target = TABLES.get(map.target)!;
    const base = { transform_map: map.name, table: map.target };
    const values: Row = {};
    for (const column of map.columns) {
      const name = `${prefix}${column.column}`;
      const raw = (row[name] ?? '').trim();
      if (raw === '') {
        if (column.mandatory) return { ...base, status: 'error', error_message: `Mandatory field '${column.label}' (${name}) is empty`, status_message: 'Row rejected' };
        continue;
      }
      if (column.reference) {
        const found = this.state.findBy(column.reference.table, column.reference.by, raw);
        if (!found) {
          return { ...base, status: 'error', error_message: `${column.reference.label} '${raw}' (${name}) not found: no ${column.reference.table} record with ${column.reference.by} = ${raw}`, status_message: 'Row rejected' };
        }
        values[column.field] = found.sys_id!;
      } else {
        values[column.field] = raw;
      }
    }
    const [key = '', ...others] = map.coalesce;
    const existing = this.state.findAllBy(map.target, key, values[key] ?? '').find((candidate) => others.every((field) => candidate[field] === values[field]));
    const now = this.clock().nowMs();
    let status: ImportStatus;
    let record: Row;
    if (!existing) {
      record = this.state.insert(target, values, user, now);
      status = 'inserted';
    } else if (Object.entries(values).every(([field, value]) => existing[field] === value)) {
      record = existing;
      status = 'ignored';
    } else {
      record = this.state.update(existing, values, user, now);
      status = 'updated';
    }
    return {
      ...base,
      display_name: target.displayField,
      display_value: record[target.displayField] ?? '',
      record_link: `${origin}/api/now/table/${map.target}/${record.sys_id}`,
      status,
      sys_id: record.sys_id!,
      ...(status === 'ignored' ? { status_message: NO_CHANGE } : {}),
    };
  }

  /** A loaded row's outcome again (`GET /api/now/import/{staging}/{sys_id}`). */
  resultOf(row: Row, origin: string): TransformResult[] {
    const state = row.sys_import_state ?? 'pending';
    const map = transformMapsFor(row.sys_class_name ?? '')[0];
    if (!map) return [];
    const base = { transform_map: map.name, table: map.target };
    if (state === 'pending') return [{ ...base, status: 'pending' }];
    if (state === 'error') return [{ ...base, status: 'error', error_message: row.sys_row_error ?? '', status_message: 'Row rejected' }];
    const target = TABLES.get(map.target)!;
    const record = this.state.find(map.target, row.sys_target_sys_id ?? '');
    return [
      {
        ...base,
        display_name: target.displayField,
        display_value: record?.[target.displayField] ?? '',
        record_link: `${origin}/api/now/table/${map.target}/${row.sys_target_sys_id}`,
        status: state as ImportStatus,
        sys_id: row.sys_target_sys_id ?? '',
        ...(row.sys_import_state_comment ? { status_message: row.sys_import_state_comment } : {}),
      },
    ];
  }
}
