// mlc-audit: records the outcome of a write in the store (posted with the target id, or failed with
// the error and the payload for replay), then passes the message on.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { parseEnvelope, readLinksOf, unkeyedKey, type MlcEnvelope } from '../../lib/envelope';
import type { FailureReport, PostedReport, RunCounts, Store } from '../../lib/store/types';
import { MicroBatcher } from '../../lib/util/micro-batcher';
import { NodeInputError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { MlcMessage } from '../shared/types';
import { failingNodeOf, outcomeOf, type AuditMode } from './audit-logic';
import { planEntryOf, PlanRecorder } from './audit-plan';
import { missingStoreError, resolveStore } from './store-user';

interface AuditSettings {
  store?: string;
  mode?: AuditMode;
}

export = function (RED: NodeAPI): void {
  function MlcAuditNode(this: Node, def: NodeDef & AuditSettings): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const getStore = resolveStore(RED, def.store);
    const mode: AuditMode = def.mode === 'posted' || def.mode === 'failed' ? def.mode : 'auto';
    const counts = { posted: 0, unchanged: 0, failed: 0, planned: 0 };
    // An unchanged write (a warehouse row already so) is recorded as posted but not counted as a change.
    const shown = (): string => `posted ${counts.posted}${counts.unchanged ? `, unchanged ${counts.unchanged}` : ''}, failed ${counts.failed}${counts.planned ? `, planned ${counts.planned}` : ''}`;
    const plans = new PlanRecorder();
    let postedBatcher: MicroBatcher<PostedReport, void> | null = null;
    let failedBatcher: MicroBatcher<FailureReport, void> | null = null;

    const recordPosted = (store: Store, report: PostedReport): Promise<void> => {
      postedBatcher ??= new MicroBatcher<PostedReport, void>(async (reports) => {
        // Also here, for flows with no dedup before the write: a link follows its outcome into the store at once.
        await store.linkReadKeys(readLinksOf(reports));
        await store.markPostedMany(reports);
        await addPostedCounts(store, reports);
        return reports.map(() => undefined);
      });
      return postedBatcher.submit(report);
    };
    const recordFailed = (store: Store, report: FailureReport): Promise<void> => {
      failedBatcher ??= new MicroBatcher<FailureReport, void>(async (reports) => {
        await store.linkReadKeys(readLinksOf(reports));
        await store.markFailedMany(reports);
        await addCounts(store, reports, 'failed');
        return reports.map(() => undefined);
      });
      return failedBatcher.submit(report);
    };

    if (!getStore) status.set('error', 'no store');
    else status.set('idle', 'ready');

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (!getStore) throw missingStoreError('mlc-audit');
      const store = await getStore();
      const envelope = envelopeOf(msg, failingNodeOf(msg.error) ?? node.id);
      const planned = planEntryOf(msg, envelope.mlc, node.z ?? null);
      if (planned) {
        await plans.record(store, planned);
        counts.planned++;
        status.progress(shown());
        send(msg);
        done();
        return;
      }
      const outcome = outcomeOf(mode, envelope.mlc, msg.error);
      const common = {
        key: envelope.mlc.key,
        payload: msg.payload,
        mlc: envelope.mlc,
        runId: envelope.mlc.runId ?? null,
        source: envelope.mlc.source ?? null,
        flow: node.z ?? null,
      };
      if (outcome.kind === 'unknown') {
        // Not knowing what happened is itself kept as a failure, so the record can be looked at and replayed.
        await recordFailed(store, { ...common, error: { message: outcome.reason, code: 'MLC_AUDIT_UNKNOWN_OUTCOME', source: 'mlc-audit', node: node.id } });
        counts.failed++;
        status.progress(shown());
        throw new NodeInputError(`mlc-audit: ${outcome.reason} (key ${common.key} kept as failed)`, 'MLC_AUDIT_UNKNOWN_OUTCOME');
      }
      if (outcome.kind === 'posted') {
        await recordPosted(store, { ...common, target: outcome.target });
        if (outcome.target.action === 'unchanged') counts.unchanged++;
        else counts.posted++;
      } else {
        await recordFailed(store, { ...common, error: outcome.error });
        counts.failed++;
      }
      if (envelope.derivedKey) msg.mlc = envelope.mlc;
      status.progress(shown());
      send(msg);
      done();
    });

    onClose(node, () => status.clear());
  }

  RED.nodes.registerType('mlc-audit', MlcAuditNode as unknown as (this: Node, def: NodeDef) => void);
};

/**
 * A message with no valid msg.mlc (a Catch node upstream of the mapping, say) is still audited under
 * a key derived from the node that failed it and the payload.
 */
function envelopeOf(msg: MlcMessage, failingNode: string): { mlc: MlcEnvelope; derivedKey: boolean } {
  try {
    return { mlc: parseEnvelope(msg.mlc), derivedKey: false };
  } catch {
    const base = msg.mlc && typeof msg.mlc === 'object' ? msg.mlc : {};
    return { mlc: { ...base, key: unkeyedKey(msg.payload, failingNode) }, derivedKey: true };
  }
}

/**
 * A run's posted count leaves out unchanged writes (not a change); a writer that says what it did
 * (the warehouse: inserted, updated, unchanged) also gets a counter per action.
 */
async function addPostedCounts(store: Store, reports: PostedReport[]): Promise<void> {
  const perRun = new Map<string, RunCounts>();
  for (const { runId, target } of reports) {
    if (!runId) continue;
    const counts = perRun.get(runId) ?? {};
    perRun.set(runId, counts);
    if (target.action !== 'unchanged') counts['posted'] = (counts['posted'] ?? 0) + 1;
    if (target.action) counts[target.action] = (counts[target.action] ?? 0) + 1;
  }
  for (const [runId, counts] of perRun) await store.addRunCounts(runId, counts);
}

async function addCounts(store: Store, reports: Array<{ runId?: string | null }>, counter: 'failed'): Promise<void> {
  const perRun = new Map<string, number>();
  for (const r of reports) if (r.runId) perRun.set(r.runId, (perRun.get(r.runId) ?? 0) + 1);
  for (const [runId, n] of perRun) await store.addRunCounts(runId, { [counter]: n });
}
