// What the plans sidebar's routes take and answer. Field values (old and new) are payload data
// (names, pay): shown only with mlc-store.payload, as record payloads are; the field names always.
import { z } from 'zod';
import type { PlanEntry, PlanRunSummary } from '../../lib/store/plan-types';

export const PlansQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });
export const PlanQuerySchema = z.object({
  runId: z.string().min(1).max(2000),
  afterKey: z.string().max(2000).optional(),
  limit: z.coerce.number().int().min(1).max(500).default(200),
});
export const PlanPostBodySchema = z
  .object({ runId: z.string().min(1).max(2000), keys: z.array(z.string().min(1).max(2000)).min(1).max(5000).optional() })
  .strict();

export const PlanRerunBodySchema = z.object({ runId: z.string().min(1).max(2000) }).strict();

export interface PlanRunView extends PlanRunSummary {
  flowLabel: string | null;
}

export interface PlanEntryView {
  key: string;
  action: PlanEntry['action'];
  target: string;
  changes: Array<{ field: string; old?: unknown; new?: unknown }>;
  error: string | null;
  note: string | null;
  postedAt: string | null;
}

export function planRunView(run: PlanRunSummary, flowLabel: (flow: string) => string | null): PlanRunView {
  return { ...run, flowLabel: run.flow ? flowLabel(run.flow) : null };
}

export function planEntryView(entry: PlanEntry, showValues: boolean): PlanEntryView {
  return {
    key: entry.key,
    action: entry.action,
    target: `${entry.system} / ${entry.entity}${entry.targetId ? ` / ${entry.targetId}` : ''}`,
    changes: entry.changes.map((c) => (showValues ? { field: c.field, old: c.old, new: c.new } : { field: c.field })),
    error: entry.error ? `${entry.error.code ? `${entry.error.code}: ` : ''}${entry.error.message}` : null,
    note: entry.note,
    postedAt: entry.postedAt,
  };
}
