// One table's writes: each record checked alone (a bad one fails by itself), duplicate keys in a
// batch reduced to the last, then the rest upserted in one transaction. Upsert by key is idempotent:
// a record resent after an unknown outcome (the answer to COMMIT lost) comes back "unchanged".
import { maskError } from '../util/mask-secrets';
import { prepareColumns, toLoadRow, WarehouseRecordError, type PreparedColumns } from './values';
import type { BatchCounts, LoadRow, TableSpec, Warehouse, WarehouseFailure, WarehouseOutcome, WriteAction } from './types';

const TRANSIENT_CODES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01', 'ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENOTFOUND']);

/** Whether the database failed rather than the batch: the same records may be written later as they are. */
export function transientWarehouseError(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && (code.startsWith('08') || TRANSIENT_CODES.has(code))) return true;
  const message = err instanceof Error ? err.message : String(err);
  return /Connection terminated|connection (?:is )?closed|timeout exceeded when trying to connect/i.test(message);
}

export function warehouseFailure(err: unknown, secrets: ReadonlyArray<string | undefined> = []): WarehouseFailure {
  const masked = maskError(err, secrets);
  const code = (err as { code?: unknown } | null)?.code;
  const transient = transientWarehouseError(err);
  const ours = typeof code === 'string' && code.startsWith('MLC_');
  return {
    message: masked.message,
    code: ours ? code : transient ? 'MLC_WAREHOUSE_UNAVAILABLE' : 'MLC_WAREHOUSE_REFUSED',
    ...(typeof code === 'string' && !ours ? { sqlState: code } : {}),
    ...(transient ? { transient: true } : {}),
  };
}

/** A batch's records as rows to load, as the writer and the planner both see them. */
export interface BatchRows {
  /** By position; null for a record that failed its check. */
  rows: Array<LoadRow | null>;
  failures: Map<number, WarehouseFailure>;
  /** The position of the last record of each key: the one loaded. */
  lastOf: Map<string, number>;
  /** The rows loaded, one per key. */
  load: LoadRow[];
}

/** Each record checked alone (a bad one fails by itself); of several records of one key the last wins. */
export function batchRows(records: readonly unknown[], prepared: PreparedColumns, spec: TableSpec, secrets: ReadonlyArray<string | undefined>): BatchRows {
  const failures = new Map<number, WarehouseFailure>();
  const rows: Array<LoadRow | null> = records.map((record, i) => {
    try {
      return toLoadRow(record, prepared, spec);
    } catch (err) {
      failures.set(i, err instanceof WarehouseRecordError ? { message: err.message, code: err.code } : warehouseFailure(err, secrets));
      return null;
    }
  });
  // An earlier record of a key is superseded by the last within the same transaction.
  const lastOf = new Map<string, number>();
  rows.forEach((row, i) => row && lastOf.set(row.key, i));
  const load = [...lastOf.values()].map((i) => rows[i] as LoadRow);
  return { rows, failures, lastOf, load };
}

export class WarehouseWriter {
  private readonly prepared: PreparedColumns;
  readonly entity: string;

  constructor(
    private readonly warehouse: () => Promise<Warehouse>,
    readonly spec: TableSpec,
    private readonly secrets: ReadonlyArray<string | undefined> = [],
  ) {
    this.prepared = prepareColumns(spec);
    this.entity = `${spec.schema}.${spec.table}`;
  }

  /** One outcome per record, in order; never rejects. */
  async writeBatch(records: readonly unknown[]): Promise<WarehouseOutcome[]> {
    const { rows, failures, lastOf, load } = batchRows(records, this.prepared, this.spec, this.secrets);

    let result: { inserted: Set<string>; updated: Set<string> } | null = null;
    let batchError: WarehouseFailure | null = null;
    if (load.length > 0) {
      try {
        const warehouse = await this.warehouse();
        await warehouse.ensureTable(this.spec);
        result = await warehouse.upsert(this.spec, load);
      } catch (err) {
        batchError = warehouseFailure(err, this.secrets);
      }
    }

    const actions: Array<WriteAction | null> = rows.map((row, i) => {
      if (!row || batchError || !result) return null;
      if (lastOf.get(row.key) !== i) return 'unchanged';
      return result.inserted.has(row.key) ? 'inserted' : result.updated.has(row.key) ? 'updated' : 'unchanged';
    });
    const batch: BatchCounts = { inserted: 0, updated: 0, unchanged: 0, failed: 0 };
    for (const action of actions) {
      if (action) batch[action]++;
      else batch.failed++;
    }
    return rows.map((row, i): WarehouseOutcome => {
      const action = actions[i];
      if (row && action) {
        return { ok: true, action, table: this.entity, id: row.key, batch, ...(lastOf.get(row.key) !== i ? { superseded: true } : {}) };
      }
      const error = failures.get(i) ?? batchError ?? { message: `${this.entity}: not written`, code: 'MLC_WAREHOUSE_REFUSED' };
      return { ok: false, table: this.entity, error: { ...error, message: batchError && !failures.has(i) ? `${this.entity}: the batch of ${load.length} rows was not written: ${error.message}` : error.message } };
    });
  }
}
