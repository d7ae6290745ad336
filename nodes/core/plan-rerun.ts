// A past run's records planned again through their flow as it is now (a changed mapping, new lookup
// tables): each record as read goes where the flow's replay node sends records (the mapping), marked
// as a plan that re-checks posted keys (msg.mlc.replan), under a new plan run. Dedup then lets a
// posted key through to the write node, which says which target fields the mapping would change.
import type { NodeAPI, NodeDef } from 'node-red';
import type { AuditRecord, Store } from '../../lib/store/types';

const PAGE = 500;

export interface PlanRerunResult {
  /** The run the new plan is kept under. */
  planRunId: string;
  /** Records sent through their flow's mapping. */
  sent: number;
  /** Records of the run with no record as read, or whose flow has no deployed replay node to say where the mapping starts. */
  notSent: number;
}

/** Where a flow's replay node sends records: the start of its mapping. */
function mappingEntries(RED: NodeAPI): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  RED.nodes.eachNode((def: NodeDef & { wires?: unknown }) => {
    if (def.type !== 'mlc-replay' || !def.z || entries.has(def.z) || !RED.nodes.getNode(def.id)) return;
    const first = Array.isArray(def.wires) ? (def.wires[0] as unknown) : undefined;
    const targets = Array.isArray(first) ? first.filter((id): id is string => typeof id === 'string' && RED.nodes.getNode(id) !== null) : [];
    if (targets.length > 0) entries.set(def.z, targets);
  });
  return entries;
}

function planMessage(record: AuditRecord, planRunId: string): Record<string, unknown> {
  const { claimedBy: _claimedBy, attempt: _attempt, dedup: _dedup, target: _target, replay: _replay, ...mlc } = (record.mlc ?? { key: record.key }) as Record<string, unknown>;
  return {
    topic: typeof mlc['topic'] === 'string' ? mlc['topic'] : 'mlc/plan',
    payload: record.input,
    mlc: { ...mlc, key: record.key, runId: planRunId, plan: true, replan: { runId: record.runId } },
  };
}

/** Plans the run's records again (every status but claimed: those are being written now). */
export async function rerunAsPlan(RED: NodeAPI, store: Store, runId: string, now: Date = new Date()): Promise<PlanRerunResult> {
  const planRunId = `plan:${runId}:${now.toISOString()}`;
  const entries = mappingEntries(RED);
  const result: PlanRerunResult = { planRunId, sent: 0, notSent: 0 };
  let started = false;
  let afterKey: string | undefined;
  for (;;) {
    const page = await store.list({ runId, status: ['posted', 'failed', 'replay', 'parked'], limit: PAGE, ...(afterKey ? { afterKey } : {}) });
    if (page.length === 0) break;
    afterKey = page[page.length - 1]!.key;
    for (const record of page) {
      const targets = record.flow ? entries.get(record.flow) : undefined;
      if (!targets || record.input === null || record.input === undefined) {
        result.notSent++;
        continue;
      }
      if (!started) {
        await store.startRun({ runId: planRunId, flow: record.flow, note: `plan of run ${runId} through the flow as it is now` });
        started = true;
      }
      for (const target of targets) RED.nodes.getNode(target)?.receive(planMessage(record, planRunId));
      result.sent++;
    }
    if (page.length < PAGE) break;
  }
  if (started) await store.finishRun(planRunId, 'finished');
  return result;
}
