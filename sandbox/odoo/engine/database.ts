import type { Registry } from './registry';
import { Table, type UndoSink } from './table';

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

  /** Record count per model (archived included), for the control layer. */
  counts(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const [name, table] of this.tables) counts[name] = table.size;
    return counts;
  }
}
