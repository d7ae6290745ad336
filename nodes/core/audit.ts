// mlc-audit: records the outcome of a write in the store (posted with the target id, or failed with
// the error and the payload for replay), then passes the message on.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { parseEnvelope, readLinksOf, unkeyedKey, type MlcEnvelope } from '../../lib/envelope';
import type { FailureReport, PostedReport, RunCounts, Store } from '../../lib/store/types';
import { MicroBatcher } from '../../lib/util/micro-batcher';
import { NodeInputError, toError } from '../shared/errors';
import { onClose } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { DoneFn, MlcMessage, SendFn } from '../shared/types';
import { auditPageOf, failingNodeOf, outcomeOf, type AuditMode, type AuditPage } from './audit-logic';
import { planEntryOf, PlanRecorder } from './audit-plan';
import { missingStoreError, OpenedStore, resolveStore } from './store-user';

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

    const postedVia = (store: Store): MicroBatcher<PostedReport, void> =>
      (postedBatcher ??= new MicroBatcher<PostedReport, void>(async (reports) => {
        // Also here, for flows with no dedup before the write: a link follows its outcome into the store at once.
        await store.linkReadKeys(readLinksOf(reports));
        await store.markPostedMany(reports);
        await addPostedCounts(store, reports);
        return reports.map(() => undefined);
      }));
    const failedVia = (store: Store): MicroBatcher<FailureReport, void> =>
      (failedBatcher ??= new MicroBatcher<FailureReport, void>(async (reports) => {
        await store.linkReadKeys(readLinksOf(reports));
        await store.markFailedMany(reports);
        await addCounts(store, reports, 'failed');
        return reports.map(() => undefined);
      }));
    const recordPosted = (store: Store, report: PostedReport): Promise<void> => postedVia(store).submit(report);
    const recordFailed = (store: Store, report: FailureReport): Promise<void> => failedVia(store).submit(report);

    /**
     * A page (msg.mlc.keys by position): each record is kept under its own key, posted with its
     * msg.mlc.targets entry, or failed with msg.error; a page with neither is kept failed, as a record is.
     */
    const auditPage = async (store: Store, page: AuditPage, msg: MlcMessage): Promise<void> => {
      const failure = msg.error !== undefined && msg.error !== null ? outcomeOf(mode, { key: page.keys[0] as string }, msg.error) : null;
      const runId = typeof page.shared['runId'] === 'string' ? page.shared['runId'] : null;
      const reports = page.keys.map((key, i) => {
        const readKey = page.readKeys?.[i];
        const mlc = { ...page.shared, key, ...(readKey && readKey !== key ? { readKey } : {}), ...(page.inputs ? { input: page.inputs[i] } : {}) } as MlcEnvelope;
        return { key, payload: page.records[i], mlc, runId, source: null, flow: node.z ?? null };
      });
      const posted: PostedReport[] = [];
      const failed: FailureReport[] = [];
      reports.forEach((report, i) => {
        const outcome = failure ?? outcomeOf(mode, { ...report.mlc, target: page.targets?.[i] as MlcEnvelope['target'] }, undefined);
        if (outcome.kind === 'posted') posted.push({ ...report, target: outcome.target });
        else failed.push({ ...report, error: outcome.kind === 'failed' ? outcome.error : { message: outcome.reason, code: 'MLC_AUDIT_UNKNOWN_OUTCOME', source: 'mlc-audit', node: node.id } });
      });
      await Promise.all([...posted.map((r) => recordPosted(store, r)), ...failed.map((r) => recordFailed(store, r))]);
      for (const r of posted) {
        if (r.target.action === 'unchanged') counts.unchanged++;
        else counts.posted++;
      }
      counts.failed += failed.length;
      status.progress(shown());
      const unknown = failed.find((r) => r.error.code === 'MLC_AUDIT_UNKNOWN_OUTCOME');
      if (unknown) throw new NodeInputError(`mlc-audit: ${unknown.error.message} (${failed.length} record(s) of the page kept as failed)`, 'MLC_AUDIT_UNKNOWN_OUTCOME');
    };

    if (!getStore) status.set('error', 'no store');
    else status.set('idle', 'ready');

    const opened = getStore ? new OpenedStore(getStore) : null;

    // Callbacks rather than an async handler per message (see OpenedStore); every error still ends in done(err).
    node.on('input', (msg: MlcMessage, send: SendFn, done: DoneFn) => {
      const fail = (err: unknown): void => {
        const error = toError(err);
        status.set('error', error.message);
        done(error);
      };
      if (!opened) return fail(missingStoreError('mlc-audit'));
      opened.with((store) => {
        const page = auditPageOf(msg.payload, msg.mlc);
        if (page) {
          auditPage(store, page, msg).then(() => {
            send(msg);
            done();
          }, fail);
          return;
        }
        const envelope = envelopeOf(msg, failingNodeOf(msg.error) ?? node.id);
        const planned = planEntryOf(msg, envelope.mlc, node.z ?? null);
        if (planned) {
          plans.record(store, planned).then(() => {
            counts.planned++;
            status.progress(shown);
            send(msg);
            done();
          }, fail);
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
        const recorded = (err: unknown): void => {
          if (err !== undefined) return fail(err);
          if (outcome.kind === 'unknown') {
            counts.failed++;
            status.progress(shown);
            return fail(new NodeInputError(`mlc-audit: ${outcome.reason} (key ${common.key} kept as failed)`, 'MLC_AUDIT_UNKNOWN_OUTCOME'));
          }
          if (outcome.kind === 'posted') {
            if (outcome.target.action === 'unchanged') counts.unchanged++;
            else counts.posted++;
          } else counts.failed++;
          if (envelope.derivedKey) msg.mlc = envelope.mlc;
          status.progress(shown);
          send(msg);
          done();
        };
        if (outcome.kind === 'posted') postedVia(store).add({ ...common, target: outcome.target }, recorded);
        // Not knowing what happened is itself kept as a failure, so the record can be looked at and replayed.
        else if (outcome.kind === 'unknown') failedVia(store).add({ ...common, error: { message: outcome.reason, code: 'MLC_AUDIT_UNKNOWN_OUTCOME', source: 'mlc-audit', node: node.id } }, recorded);
        else failedVia(store).add({ ...common, error: outcome.error }, recorded);
      }, fail);
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
