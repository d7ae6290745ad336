// What a write node in plan-only mode says it would do with one record, whatever the target system:
// the shape of msg.plan, of the plan entries the store keeps, and of the sidebar's plan view.
import { z } from 'zod';

/**
 * - create: no record matches; one would be made.
 * - update: the record exists and these fields would change.
 * - archive: the record exists and would be archived (active false), possibly with other changes.
 * - unchanged: the record exists and already holds what the write would send.
 * - fail: the write would be refused before it reached the target (no key, ambiguous match...).
 */
export const PLAN_ACTIONS = ['create', 'update', 'archive', 'unchanged', 'fail'] as const;
export type PlanAction = (typeof PLAN_ACTIONS)[number];

export interface PlanFieldChange {
  field: string;
  /** As the target holds it now (null for empty, or for a record that would be created). */
  old: unknown;
  /** As the write would leave it. */
  new: unknown;
}

/**
 * What a write node's planner answers for one record: the action with its changes, or why the write
 * would be refused (msg.plan action "fail").
 */
export type PlanOutcome =
  | { ok: true; action: PlanAction; id?: number | string; changes: PlanFieldChange[]; note?: string }
  | { ok: false; error: { message: string; code: string } };

export const PlanFieldChangeSchema = z.object({ field: z.string().min(1), old: z.unknown(), new: z.unknown() });

/**
 * msg.plan, set by a write node in plan-only mode. `post` is the rest of the message the write node
 * read (payload, and for Odoo model, operation, odooId): posting the plan sends exactly it again.
 */
export const PlanMessageSchema = z.object({
  action: z.enum(PLAN_ACTIONS),
  system: z.string().min(1),
  entity: z.string().min(1),
  id: z.union([z.string(), z.number()]).nullish(),
  changes: z.array(PlanFieldChangeSchema),
  note: z.string().nullish(),
  error: z.object({ message: z.string(), code: z.string().optional() }).nullish(),
  node: z.string().min(1),
  post: z.record(z.string(), z.unknown()),
});
export type PlanMessage = z.infer<typeof PlanMessageSchema>;

export type PlanCounts = Record<PlanAction, number>;

export function emptyPlanCounts(): PlanCounts {
  return { create: 0, update: 0, archive: 0, unchanged: 0, fail: 0 };
}
