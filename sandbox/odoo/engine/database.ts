import type { Registry } from './registry';
import type { Row } from './fields';
import { Table, type UndoSink } from './table';

/** A database as plain JSON: every table's rows and next id, and the sequences (see `Database.snapshot`). */
export interface DatabaseSnapshot {
  tables: Record<string, { nextId: number; rows: Row[] }>;
  sequences: Record<string, number>;
}

/**
 * The in-memory database: one table per model plus named sequences. `transaction` gives each RPC call
 * Odoo's all-or-nothing behaviour by keeping an undo log and replaying it backwards on failure.
 */
export class Database implements UndoSink {
  private readonly tables = new Map<string, Table>();
  private readonly sequences = new Map<string, number>();
  private undoLog: (() => void)[] | null = null;

  constructor(readonly registry: Registry) {
    for (const model of registry.all()) {
      this.tables.set(model.name, new Table(model.name, registry.indexedFields(model.name), this));
    }
  }

  table(model: string): Table {
    const table = this.tables.get(model);
    if (!table) throw new Error(`no table for model ${model}`);
    return table;
  }

  record(undo: () => void): void {
    this.undoLog?.push(undo);
  }

  /**
   * Next value of an `ir.sequence` counter (purchase order numbers). Like Odoo's standard sequences,
   * which are Postgres sequences, a number taken by a rolled back call is not given out again.
   */
  nextSequence(code: string): number {
    const next = (this.sequences.get(code) ?? 0) + 1;
    this.sequences.set(code, next);
    return next;
  }

  setSequence(code: string, lastUsed: number): void {
    this.sequences.set(code, lastUsed);
  }

  /** Runs `work` atomically. Nested calls join the outer transaction. */
  transaction<T>(work: () => T): T {
    if (this.undoLog) return work();
    const log: (() => void)[] = [];
    this.undoLog = log;
    try {
      const result = work();
      this.undoLog = null;
      return result;
    } catch (error) {
      this.undoLog = null;
      for (let i = log.length - 1; i >= 0; i--) log[i]!();
      throw error;
    }
  }

  /**
   * `cr.savepoint()`: runs `work` inside the open transaction; when it throws, only what `work` did is
   * undone and the error goes on. `load()` needs it to try each record alone and keep going.
   */
  savepoint<T>(work: () => T): T {
    const log = this.undoLog;
    if (!log) return this.transaction(work);
    const mark = log.length;
    try {
      return work();
    } catch (error) {
      for (let i = log.length - 1; i >= mark; i--) log[i]!();
      log.length = mark;
      throw error;
    }
  }

  /** Moves whenever any table or sequence changes (rolled back changes included): a cheap "dirty" check. */
  changeMark(): number {
    let mark = 0;
    for (const table of this.tables.values()) mark += table.version;
    for (const value of this.sequences.values()) mark += value;
    return mark;
  }

  /** Every table and sequence as plain data. The rows are the live ones: serialise it before the next write. */
  snapshot(): DatabaseSnapshot {
    const tables: DatabaseSnapshot['tables'] = {};
    for (const [name, table] of this.tables) tables[name] = { nextId: table.nextId, rows: table.ids.map((id) => table.get(id)!) };
    return { tables, sequences: Object.fromEntries(this.sequences) };
  }

  /**
   * Replaces the tables the snapshot has with its rows and ids (indexes rebuilt), and its sequences.
   * Tables of models the snapshot does not know (added to the code since) keep what they hold.
   */
  restore(snapshot: DatabaseSnapshot): void {
    for (const [name, saved] of Object.entries(snapshot.tables)) {
      const current = this.tables.get(name);
      if (!current) continue; // a model since removed from the code: its records go with it
      const table = new Table(name, this.registry.indexedFields(name), this);
      for (const row of saved.rows) table.appendUnlogged(row);
      table.nextId = Math.max(table.nextId, saved.nextId);
      this.tables.set(name, table);
    }
    for (const [code, value] of Object.entries(snapshot.sequences)) this.sequences.set(code, value);
  }

  /** Record count per model (archived included), for the control layer. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [name, table] of this.tables) counts[name] = table.size;
    return counts;
  }
}
