// Control-total and reconciliation rows of either dialect → the interface's shapes. The spec and the
// result are JSON the store wrote itself, but a hand edit must not reach the comparer unchecked.
import { z } from 'zod';
import { ControlSpecSchema, type ControlFigure, type ControlSpec, type RecordControls } from '../reconcile/spec';
import { StoreError } from './errors';
import type { RunReconciliation } from './types';

/** PostgreSQL answers sum(bigint) as a numeric string; SQLite as an integer. */
const Quantity = z.union([z.number(), z.string(), z.bigint()]).transform((v, ctx) => {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) {
    ctx.addIssue({ code: 'custom', message: `control total ${String(v)} is not a whole number of cents within range` });
    return z.NEVER;
  }
  return n;
});

const FigureRowSchema = z.object({
  dimension: z.string(),
  value: z.string(),
  label: z.string().nullable(),
  measure: z.string(),
  quantity: Quantity,
});

const ReconciliationRowSchema = z.object({
  run_id: z.string(),
  status: z.enum(['tied', 'off']),
  checked_at: z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString() : v)),
  result: z.unknown(),
});

export function figureOf(raw: unknown): ControlFigure {
  return checked(FigureRowSchema, raw, 'a control total');
}

export function specOf(raw: unknown): ControlSpec {
  const value = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return checked(ControlSpecSchema, value, 'the controls of a run');
}

export function reconciliationOf(raw: unknown): RunReconciliation {
  const row = checked(ReconciliationRowSchema, raw, 'a reconciliation');
  const result = typeof row.result === 'string' ? (JSON.parse(row.result) as unknown) : row.result;
  return { runId: row.run_id, status: row.status, checkedAt: row.checked_at, result };
}

/**
 * One row per figure, as both dialects insert them. A record given twice in one call counts once, with
 * its later figures, as it would over two calls.
 */
export function controlRows(entries: readonly RecordControls[]): Array<{ run_id: string; key: string; dimension: string; value: string; measure: string; label: string | null; quantity: number }> {
  const latest = new Map<string, RecordControls>();
  for (const e of entries) latest.set(`${e.runId}\u0000${e.key}`, e);
  return [...latest.values()].flatMap((e) =>
    e.figures.map((f) => ({ run_id: e.runId, key: e.key, dimension: f.dimension, value: f.value, measure: f.measure, label: f.label, quantity: f.quantity })),
  );
}

/** The spec each run was last counted with (a later entry of the same run wins). */
export function latestSpecs(entries: readonly RecordControls[]): Map<string, ControlSpec> {
  const specs = new Map<string, ControlSpec>();
  for (const e of entries) specs.set(e.runId, e.spec);
  return specs;
}

function checked<S extends z.ZodType>(schema: S, raw: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new StoreError('MLC_STORE_BAD_ROW', `store: ${what} in the store is not as written: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
}
