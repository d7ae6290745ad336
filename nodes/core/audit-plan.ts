// What mlc-audit does with a planned record (msg.mlc.plan true and msg.plan from a write node in
// plan-only mode): keeps it in the run's plan in the store, never as posted or failed, so the
// record's own state (and its next claim) is as the plan found it.
import type { MlcEnvelope } from '../../lib/envelope';
import { PlanMessageSchema } from '../../lib/plan/plan';
import type { PlanEntryReport } from '../../lib/store/plan-types';
import type { Store } from '../../lib/store/types';
import { MicroBatcher } from '../../lib/util/micro-batcher';
import { isPlanned } from '../shared/plan-mode';

/** Run id of planned records that came without one (a hand-made message): their plan is kept under it. */
export const UNRUN_PLAN = 'plan:no-run';

/** The plan entry a message carries, or null when it is not a planned record's. */
export function planEntryOf(msg: Record<string, unknown>, mlc: MlcEnvelope, flow: string | null): PlanEntryReport | null {
  if (!isPlanned(mlc)) return null;
  const parsed = PlanMessageSchema.safeParse(msg['plan']);
  if (!parsed.success) return null;
  const plan = parsed.data;
  return {
    runId: mlc.runId ?? UNRUN_PLAN,
    key: mlc.key,
    action: plan.action,
    system: plan.system,
    entity: plan.entity,
    targetId: plan.id === undefined || plan.id === null ? null : String(plan.id),
    changes: plan.changes,
    post: plan.post,
    mlc,
    node: plan.node,
    flow,
    error: plan.error ? { message: plan.error.message, ...(plan.error.code ? { code: plan.error.code } : {}), source: plan.node } : null,
    note: plan.note ?? null,
  };
}

/** Keeps planned records in batches, and counts them on their runs ("planned"). */
export class PlanRecorder {
  private batcher: MicroBatcher<PlanEntryReport, void> | null = null;

  record(store: Store, entry: PlanEntryReport): Promise<void> {
    this.batcher ??= new MicroBatcher<PlanEntryReport, void>(async (entries) => {
      await store.savePlanEntries(entries);
      const perRun = new Map<string, number>();
      for (const e of entries) perRun.set(e.runId, (perRun.get(e.runId) ?? 0) + 1);
      for (const [runId, planned] of perRun) await store.addRunCounts(runId, { planned });
      return entries.map(() => undefined);
    });
    return this.batcher.submit(entry);
  }
}
