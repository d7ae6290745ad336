// Plan-only mode, as every node of a flow sees it. A record is planned when msg.mlc.plan is true, or
// when its write node is set to plan only and the message does not say `plan: false` (posting a plan
// sends its records with plan false, so they are written even through a plan-only node). A read node
// triggered with msg.plan true marks every record it sends, so one switch on the trigger makes the
// whole run a plan: dedup checks keys without claiming them, the write node looks the records up and
// says what it would do (msg.plan) without writing, and audit keeps that in the store's plan for the run.
import type { Node } from 'node-red';
import type { PlanMessage, PlanOutcome } from '../../lib/plan/plan';
import { emptyPlanCounts } from '../../lib/plan/plan';
import { gatedBatcher, type MicroBatcher } from '../../lib/util/micro-batcher';
import type { NodeStatus } from './status';
import { fit } from './status';
import { Throttle } from './throttle';
import type { DoneFn, MlcMessage, SendFn } from './types';
import type { BatchWriter } from './write-node';

/** Whether this record is planned rather than written. */
export function isPlanned(mlc: unknown, nodePlanOnly = false): boolean {
  const flag = typeof mlc === 'object' && mlc !== null ? (mlc as { plan?: unknown }).plan : undefined;
  return typeof flag === 'boolean' ? flag : nodePlanOnly;
}

/** A read run's trigger asks for a plan when it carries msg.plan = true. */
export function isPlanTrigger(msg: object): boolean {
  return (msg as { plan?: unknown }).plan === true;
}

/** A record a read node sends in a plan run: msg.mlc.plan set, so every node after it plans. */
export function markPlanned<M extends object>(record: M): M {
  const mlc = (record as { mlc?: unknown }).mlc;
  return { ...record, mlc: { ...(typeof mlc === 'object' && mlc !== null ? mlc : {}), plan: true } };
}

/** What a write node's planner gives for one record. */
export type PlanResult = PlanOutcome;

export interface PlannedWritesOptions<R, O> {
  maxBatch: number;
  concurrentBatches: number;
  openPlanner(): BatchWriter<R, O>;
  failed(request: R, err: unknown): O;
}

/**
 * A write node's plan-only half: requests batched like its writes (one lookup per batch), each
 * record out of output 1 with msg.plan, the status counting the plan by action.
 */
export class PlannedWrites<R, O> {
  private readonly counts = emptyPlanCounts();
  private readonly batcher: MicroBatcher<R, O>;
  private readonly pending = new Set<Promise<O>>();
  private readonly throttle: Throttle;

  constructor(
    private readonly node: Node,
    private readonly status: NodeStatus,
    private readonly options: PlannedWritesOptions<R, O>,
  ) {
    this.batcher = gatedBatcher(options.openPlanner, options.maxBatch, options.concurrentBatches);
    this.throttle = new Throttle(() => this.show(), 1000);
  }

  submit(request: R): Promise<O> {
    const outcome = this.batcher
      .submit(request)
      .catch((err: unknown) => this.options.failed(request, err))
      .finally(() => this.pending.delete(outcome));
    this.pending.add(outcome);
    return outcome;
  }

  /**
   * One planned record out of output 1: msg.plan says what the write would do, msg.mlc.plan stays
   * true so audit keeps it in the plan instead of marking the record posted.
   */
  planned(result: PlanResult, target: { system: string; entity: string }, post: Record<string, unknown>, msg: MlcMessage, send: SendFn, done: DoneFn): void {
    const plan: PlanMessage = result.ok
      ? { action: result.action, ...target, ...(result.id !== undefined ? { id: result.id } : {}), changes: result.changes, ...(result.note ? { note: result.note } : {}), node: this.node.id, post }
      : { action: 'fail', ...target, changes: [], error: { message: result.error.message, code: result.error.code }, node: this.node.id, post };
    this.counts[plan.action]++;
    this.throttle.request();
    msg.plan = plan;
    msg.mlc = { ...(msg.mlc ?? { key: '' }), plan: true } as MlcMessage['mlc'];
    send([msg, null]);
    done();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.pending]);
    this.throttle.cancel();
  }

  private show(): void {
    const { create, update, archive, unchanged, fail } = this.counts;
    this.status.set(
      fail > 0 ? 'error' : this.pending.size > 0 ? 'working' : 'ok',
      fit(`plan: create ${create}, update ${update}, archive ${archive}, same ${unchanged}${fail ? `, fail ${fail}` : ''}`, `plan ${create}+ ${update}~ ${archive}- ${unchanged}=${fail ? ` ${fail}!` : ''}`),
    );
  }
}
