import type { Row, StoredValue } from './fields';

/** Receives the inverse of every change while a transaction is open. */
export interface UndoSink {
  record(undo: () => void): void;
}

type IndexKey = string | number;
/** One id, or a set once a second row shares the key (most keys are unique: a Set each would triple memory). */
type IndexEntry = number | Set<number>;

/**
 * One model's records: a map by id, the ids in ascending order (ids only grow, so appends keep it
 * sorted), hash indexes on selected fields (one2many inverses, unique keys, lookup keys such as
 * `ir.model.data.name`), and a version that bumps on every change so cached sort orders know when
 * they are stale.
 */
export class Table {
  readonly rows = new Map<number, Row>();
  /** Live ids, ascending. */
  readonly ids: number[] = [];
  /** Like a Postgres sequence, ids consumed by a rolled back transaction are not reused. */
  nextId = 1;
  version = 0;
  private readonly indexes = new Map<string, Map<IndexKey, IndexEntry>>();

  constructor(
    readonly name: string,
    indexedFields: ReadonlySet<string>,
    private readonly undo: UndoSink,
  ) {
    for (const field of indexedFields) this.indexes.set(field, new Map());
  }

  get size(): number {
    return this.rows.size;
  }

  get(id: number): Row | undefined {
    return this.rows.get(id);
  }

  isIndexed(field: string): boolean {
    return this.indexes.has(field);
  }

  /** Ids of the rows whose indexed `field` equals `value` (empty for unindexable values). */
  lookup(field: string, value: StoredValue | undefined): ReadonlySet<number> {
    const key = indexKey(value);
    if (key === undefined) return EMPTY;
    const entry = this.indexes.get(field)?.get(key);
    if (entry === undefined) return EMPTY;
    return typeof entry === 'number' ? new Set([entry]) : entry;
  }

  allocateId(): number {
    return this.nextId++;
  }

  insert(row: Row): void {
    if (this.rows.has(row.id)) throw new Error(`${this.name}: id ${row.id} already exists`);
    this.addUnlogged(row);
    this.undo.record(() => this.removeUnlogged(row.id));
  }

  set(row: Row, field: string, value: StoredValue | undefined): void {
    const previous = row[field];
    if (previous === value) return;
    this.assignUnlogged(row, field, value);
    this.undo.record(() => this.assignUnlogged(row, field, previous));
  }

  remove(id: number): void {
    const row = this.rows.get(id);
    if (!row) return;
    this.removeUnlogged(id);
    this.undo.record(() => this.addUnlogged(row));
  }

  /** Bulk load without undo entries, for seeding large data sets fast. */
  appendUnlogged(row: Row): void {
    this.addUnlogged(row);
    if (row.id >= this.nextId) this.nextId = row.id + 1;
  }

  private addUnlogged(row: Row): void {
    this.rows.set(row.id, row);
    insertSorted(this.ids, row.id);
    for (const [field, index] of this.indexes) addToIndex(index, row[field], row.id);
    this.version++;
  }

  private assignUnlogged(row: Row, field: string, value: StoredValue | undefined): void {
    const index = this.indexes.get(field);
    if (index) {
      removeFromIndex(index, row[field], row.id);
      addToIndex(index, value, row.id);
    }
    if (value === undefined) delete row[field];
    else row[field] = value;
    this.version++;
  }

  private removeUnlogged(id: number): void {
    const row = this.rows.get(id);
    if (!row) return;
    this.rows.delete(id);
    const at = lowerBound(this.ids, id);
    if (this.ids[at] === id) this.ids.splice(at, 1);
    for (const [field, index] of this.indexes) removeFromIndex(index, row[field], id);
    this.version++;
  }
}

const EMPTY: ReadonlySet<number> = new Set();

/** Map keys tell 5 from '5' apart, so numbers and strings share one key space without prefixes. */
function indexKey(value: StoredValue | undefined): IndexKey | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value !== '') return value;
  return undefined;
}

function addToIndex(index: Map<IndexKey, IndexEntry>, value: StoredValue | undefined, id: number): void {
  const key = indexKey(value);
  if (key === undefined) return;
  const entry = index.get(key);
  if (entry === undefined) index.set(key, id);
  else if (typeof entry === 'number') {
    if (entry !== id) index.set(key, new Set([entry, id]));
  } else entry.add(id);
}

function removeFromIndex(index: Map<IndexKey, IndexEntry>, value: StoredValue | undefined, id: number): void {
  const key = indexKey(value);
  if (key === undefined) return;
  const entry = index.get(key);
  if (entry === undefined) return;
  if (typeof entry === 'number') {
    if (entry === id) index.delete(key);
    return;
  }
  entry.delete(id);
  if (entry.size === 1) index.set(key, entry.values().next().value!);
}

function insertSorted(ids: number[], id: number): void {
  if (ids.length === 0 || ids[ids.length - 1]! < id) ids.push(id);
  else ids.splice(lowerBound(ids, id), 0, id);
}

function lowerBound(ids: readonly number[], id: number): number {
  let lo = 0;
  let hi = ids.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (ids[mid]! < id) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
