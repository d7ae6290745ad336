// Plan entry rows of either dialect → PlanEntry, and the SQL both dialects share for a plan's runs.
import { z } from 'zod';
import { PLAN_ACTIONS, PlanFieldChangeSchema } from '../plan/plan';
import type { MlcEnvelope } from '../envelope';
import type { PlanEntry, PlanRunSummary } from './plan-types';
import { rowOf } from './rows';
import type { StoredError } from './types';

export const PLAN_ENTRY_COLUMNS = 'run_id, key, action, system, entity, target_id, changes, post, mlc, node, flow, error, note, planned_at, posted_at';
export const DEFAULT_PLAN_PAGE = 500;
export const DEFAULT_PLAN_RUNS = 50;

const StoredErrorSchema = z.object({ message: z.string() }).passthrough();

/** Decoded the same whatever the dialect: JSON columns already parsed, times as ISO text. */
const PlanEntryRowSchema = z.object({
  run_id: z.string(),
  key: z.string(),
  action: z.enum(PLAN_ACTIONS),
  system: z.string(),
  entity: z.string(),
  target_id: z.string().nullable(),
  changes: z.array(PlanFieldChangeSchema),
  post: z.record(z.string(), z.unknown()),
  mlc: z.record(z.string(), z.unknown()).nullable(),
  node: z.string().nullable(),
  flow: z.string().nullable(),
  error: StoredErrorSchema.nullable(),
  note: z.string().nullable(),
  planned_at: z.string(),
  posted_at: z.string().nullable(),
});

export function toPlanEntry(raw: unknown): PlanEntry {
  const row = rowOf(PlanEntryRowSchema, raw, 'mlc_plan_entries');
  return {
    runId: row.run_id,
    key: row.key,
    action: row.action,
    system: row.system,
    entity: row.entity,
    targetId: row.target_id,
    changes: row.changes,
    post: row.post,
    mlc: row.mlc as MlcEnvelope | null,
    node: row.node,
    flow: row.flow,
    error: row.error as StoredError | null,
    note: row.note,
    plannedAt: row.planned_at,
    postedAt: row.posted_at,
  };
}

/** One row per run: its counts by action (one column each), first planned and last posted. */
export function planRunsSql(table: string, limitParam: string): string {
  const counts = PLAN_ACTIONS.map((action) => `sum(CASE WHEN action = '${action}' THEN 1 ELSE 0 END) AS n_${action}`).join(', ');
  return `SELECT run_id, max(flow) AS flow, min(planned_at) AS planned_at, max(posted_at) AS posted_at, ${counts}
    FROM ${table} GROUP BY run_id ORDER BY min(planned_at) DESC, run_id DESC LIMIT ${limitParam}`;
}

const PlanRunRowSchema = z.object({
  run_id: z.string(),
  flow: z.string().nullable(),
  planned_at: z.string(),
  posted_at: z.string().nullable(),
  ...Object.fromEntries(PLAN_ACTIONS.map((action) => [`n_${action}`, z.coerce.number()])),
});

export function toPlanRun(raw: unknown): PlanRunSummary {
  const row = rowOf(PlanRunRowSchema, raw, 'mlc_plan_entries') as Record<string, unknown> & z.infer<typeof PlanRunRowSchema>;
  const counts = Object.fromEntries(PLAN_ACTIONS.map((action) => [action, Number(row[`n_${action}`] ?? 0)])) as PlanRunSummary['counts'];
  return { runId: row.run_id, flow: row.flow, counts, plannedAt: row.planned_at, postedAt: row.posted_at };
}

export function planLimit(limit: number | undefined, fallback: number): number {
  return limit !== undefined && Number.isInteger(limit) && limit > 0 ? limit : fallback;
}
