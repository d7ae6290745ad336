// How a target system hands back what the pack wrote, for reconciliation. One adapter per system;
// the comparer (reconcile.ts) is the same for all. Odoo is the first (odoo-read-back.ts); Procore,
// ServiceNow, Paylocity and UKG writes join by implementing this interface for their own records.
import type { RecordRef } from '../envelope';
import type { ControlSpec } from './spec';

/** A record the store has as posted, and where it went. */
export interface WrittenRecord {
  key: string;
  target: RecordRef;
}

/** A dimension value of a read-back line, with the share of the line's amounts it carries. */
export interface DimensionShare {
  value: string;
  label: string | null;
  /** 100 for a plain value; an analytic distribution splits a line over several. */
  percent: number;
}

/** One line as the target has it now (a journal item, or the record itself when it has no lines). */
export interface ReadBackLine {
  /** The target id of the written record the line belongs to. */
  targetId: string;
  /** Cents per amount name of the spec. */
  amounts: Record<string, number>;
  /** Per dimension name of the spec. */
  dimensions: Record<string, DimensionShare[]>;
}

export interface ReadBackAdapter {
  /** The RecordRef.system of the records it reads (e.g. "odoo"). */
  readonly system: string;
  /**
   * Set by a target with no read of many records by id (Paylocity WebLink): a page then costs one call
   * per record, and the reconciliation counts its read calls so.
   */
  readonly callsPerRecord?: boolean;
  /**
   * Reads one page of written records back with at most one call to the target (one per record with
   * `callsPerRecord`), and answers every
   * line of those records that the target still has. A record the target no longer has yields no line.
   */
  readPage(records: readonly WrittenRecord[], spec: ControlSpec | null): Promise<ReadBackLine[]>;
}
