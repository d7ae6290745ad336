// Posting a plan as it stands: each planned write (create, update, archive; not unchanged or refused
// records) is sent again as the write node read it, with msg.mlc.plan false, into the dedup node
// that feeds that write node (or the write node itself when none does). Dedup claims the key as in a
// real run, the write writes exactly the planned payload, audit records it posted; a key posted
// since the plan was made is a duplicate and is not written twice.
import type { NodeAPI, NodeDef } from 'node-red';
import type { MlcEnvelope } from '../../lib/envelope';
import type { PlanEntry } from '../../lib/store/plan-types';
import type { Store } from '../../lib/store/types';

const POSTED_ACTIONS = new Set(['create', 'update', 'archive']);
const PAGE = 500;

export interface PlanPostResult {
  runId: string;
  /** Records sent to their flow to be written. */
  sent: number;
  /** Planned as unchanged or refused: nothing to post. */
  skipped: number;
  /** Records whose write node is not deployed any more: not sent. */
  notDeployed: number;
}

/** Where a planned record goes to be written: the deployed dedup wired into its write node, else the write node. */
export function postTargetOf(RED: NodeAPI, writeNodeId: string): string | null {
  if (!RED.nodes.getNode(writeNodeId)) return null;
  let dedup: string | null = null;
  RED.nodes.eachNode((def: NodeDef & { wires?: unknown }) => {
    if (dedup || def.type !== 'mlc-dedup' || !RED.nodes.getNode(def.id)) return;
    const first = Array.isArray(def.wires) ? (def.wires[0] as unknown) : undefined;
    if (Array.isArray(first) && first.includes(writeNodeId)) dedup = def.id;
  });
  return dedup ?? writeNodeId;
}

/** The message that writes a planned record: what the write node read, marked to be written. */
export function postMessageOf(entry: PlanEntry): Record<string, unknown> {
  const { dedup: _dedup, claimedBy: _claimedBy, attempt: _attempt, ...mlc } = (entry.mlc ?? { key: entry.key }) as MlcEnvelope & Record<string, unknown>;
  return {
    topic: `${entry.system}/${entry.entity}`,
    ...entry.post,
    mlc: { ...mlc, key: entry.key, runId: entry.runId, plan: false, planPosted: { runId: entry.runId } },
  };
}

/** Posts the run's plan (or the named keys of it), page by page; notes each sent entry as posted. */
export async function postPlan(RED: NodeAPI, store: Store, runId: string, keys?: readonly string[]): Promise<PlanPostResult> {
  const result: PlanPostResult = { runId, sent: 0, skipped: 0, notDeployed: 0 };
  const targets = new Map<string, string | null>();
  let afterKey: string | undefined;
  for (;;) {
    const page = await store.listPlanEntries(runId, { limit: PAGE, ...(afterKey ? { afterKey } : {}), ...(keys ? { keys } : {}) });
    if (page.length === 0) break;
    afterKey = page[page.length - 1]!.key;
    const sent: string[] = [];
    for (const entry of page) {
      if (!POSTED_ACTIONS.has(entry.action)) {
        result.skipped++;
        continue;
      }
      const node = entry.node ?? '';
      if (!targets.has(node)) targets.set(node, node ? postTargetOf(RED, node) : null);
      const target = targets.get(node);
      const receiver = target ? RED.nodes.getNode(target) : null;
      if (!receiver) {
        result.notDeployed++;
        continue;
      }
      receiver.receive(postMessageOf(entry));
      sent.push(entry.key);
    }
    result.sent += sent.length;
    await store.markPlanPosted(runId, sent);
    if (page.length < PAGE) break;
  }
  return result;
}
