// What a run's control totals are made of, as the mlc-map node's "controls" setting names it. Amount
// and dimension paths are read from the source record as it is read; a dimension can go through one
// of the mapping's lookup tables, so a UKG account code is counted under the Odoo account id that the
// read-back finds. `target` names the field of the written record that carries the same figure.
import { z } from 'zod';

const Path = z.string().trim().regex(/^[^.\s][^.]*(\.[^.\s][^.]*)*$/, 'must be a dotted path like "debit" or "line.amount"');
const Name = z.string().trim().min(1).max(60).regex(/^[\w .-]+$/, 'letters, digits, spaces, "_", "-" and "." only');

export const ControlAmountSchema = z.object({
  name: Name,
  from: Path,
  target: Path,
});

export const ControlDimensionSchema = z.object({
  name: Name,
  from: Path,
  /** A lookup table of the mapping that turns the source value into the target's (a code into an id). */
  table: z.string().trim().optional(),
  target: Path,
});

export const ControlSpecSchema = z
  .object({
    /** Where the record's lines are (e.g. "lines"); empty when the record itself is the one line. */
    lines: z.union([Path, z.literal('')]).optional(),
    amounts: z.array(ControlAmountSchema).max(10).default([]),
    dimensions: z.array(ControlDimensionSchema).max(10).default([]),
  })
  .superRefine((spec, ctx) => {
    const names = [...spec.amounts.map((a) => a.name), ...spec.dimensions.map((d) => d.name)];
    const seen = new Set<string>();
    for (const name of names) {
      if (RESERVED_DIMENSIONS.includes(name as ReservedDimension) || name === COUNT_MEASURE) {
        ctx.addIssue({ code: 'custom', message: `"${name}" is a name the controls use themselves; choose another` });
      }
      if (seen.has(name)) ctx.addIssue({ code: 'custom', message: `"${name}" is named twice` });
      seen.add(name);
    }
  });

export type ControlSpec = z.infer<typeof ControlSpecSchema>;
export type ControlAmount = z.infer<typeof ControlAmountSchema>;
export type ControlDimension = z.infer<typeof ControlDimensionSchema>;

/** Every run has these: the whole run, and each record by its key. */
export const RUN_DIMENSION = 'run';
export const RECORD_DIMENSION = 'record';
export const RESERVED_DIMENSIONS = [RUN_DIMENSION, RECORD_DIMENSION] as const;
type ReservedDimension = (typeof RESERVED_DIMENSIONS)[number];
/** The measure that counts records (the others are amounts in cents). */
export const COUNT_MEASURE = 'count';

/** One figure of a control total: under a dimension's value, a count or an amount in cents. */
export interface ControlFigure {
  dimension: string;
  value: string;
  /** What a person recognises the value by (the source's code when the value is a target id). */
  label: string | null;
  measure: string;
  quantity: number;
}

/** One record's share of its run's control totals; a record read again replaces its earlier share. */
export interface RecordControls {
  runId: string;
  key: string;
  spec: ControlSpec;
  figures: ControlFigure[];
}

export type SpecParse = { ok: true; spec: ControlSpec | null } | { ok: false; problem: string };

/** The node setting: empty or no amounts and dimensions means "count records only" when set at all. */
export function parseControlSpec(value: unknown): SpecParse {
  if (value === undefined || value === null || value === '') return { ok: true, spec: null };
  const parsed = ControlSpecSchema.safeParse(value);
  if (parsed.success) return { ok: true, spec: parsed.data };
  const issue = parsed.error.issues[0];
  return { ok: false, problem: `controls${issue && issue.path.length ? `.${issue.path.join('.')}` : ''}: ${issue?.message ?? 'invalid'}` };
}
