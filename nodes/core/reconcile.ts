// mlc-reconcile: when a run is done (msg.mlc.runId), waits for its writes to be audited, reads back
// what it wrote and compares with the run's control totals. Output 1 tied out, output 2 off; the
// result is kept on the run in the store (the sidebar shows it).
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { offByText, reconcileRun, waitForRunAudited, DEFAULT_READ_BACK_PAGE, type ReconcileResult } from '../../lib/reconcile';
import { NodeInputError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { MlcMessage } from '../shared/types';
import { reconcileSourceOf } from './reconcile-targets';
import { missingStoreError, resolveStore } from './store-user';

interface ReconcileSettings {
  store?: string;
  /** The system the run wrote to (a key of RECONCILE_TARGETS); absent in flows saved before: Odoo. */
  system?: string;
  pageSize?: number | string;
  waitSeconds?: number | string;
}

const DEFAULT_WAIT_SECONDS = 600;

export = function (RED: NodeAPI): void {
  function MlcReconcileNode(this: Node, def: NodeDef & ReconcileSettings): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const getStore = resolveStore(RED, def.store);
    const source = reconcileSourceOf(RED, def as unknown as Record<string, unknown>);
    const pageSize = wholeNumber(def.pageSize, DEFAULT_READ_BACK_PAGE);
    const waitSeconds = wholeNumber(def.waitSeconds, DEFAULT_WAIT_SECONDS, 0);
    const stop = new AbortController();
    // One reconciliation per run at a time: replays of several records of a run each ask for one.
    const running = new Map<string, Promise<unknown>>();

    if (!getStore) status.set('error', 'no store');
    else if (!source.ok) status.set('error', source.problem.replace(/^mlc-reconcile: /, ''));
    else status.set('idle', 'ready');

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (!getStore) throw missingStoreError('mlc-reconcile');
      if (!source.ok) throw new NodeInputError(source.problem, 'MLC_NO_CONFIG');
      if (pageSize === null) throw new NodeInputError('mlc-reconcile: page size must be a whole number >= 1', 'MLC_BAD_SETTINGS');
      if (waitSeconds === null) throw new NodeInputError('mlc-reconcile: wait must be a whole number of seconds >= 0', 'MLC_BAD_SETTINGS');
      const runId = msg.mlc?.runId ?? (typeof msg['runId'] === 'string' ? msg['runId'] : undefined);
      if (typeof runId !== 'string' || runId === '') throw new NodeInputError('mlc-reconcile: msg.mlc.runId is missing: which run should be reconciled?', 'MLC_RECONCILE_NO_RUN');
      const store = await getStore();
      const readBack = source.adapter();

      const reconcileOne = async (runId: string): Promise<ReconcileResult> => {
        const previous = running.get(runId) ?? Promise.resolve();
        const work = previous.catch(() => undefined).then(async () => {
          status.set('working', `waiting for ${runId.slice(0, 24)}`);
          const pending = await waitForRunAudited(store, runId, { timeoutMs: waitSeconds * 1000, signal: stop.signal });
          if (pending > 0) node.warn(`mlc-reconcile: ${pending} record(s) of run ${runId} were not audited after ${waitSeconds} s; reconciling as it stands`);
          status.set('working', 'reading back');
          const result = await reconcileRun(store, runId, readBack, { pageSize });
          await store.saveReconciliation({ runId, status: result.status, checkedAt: result.checkedAt, result });
          return result;
        });
        running.set(runId, work);
        try {
          return await work;
        } finally {
          if (running.get(runId) === work) running.delete(runId);
        }
      };

      // A replayed record belongs to every run that counted it (a later read of the same data
      // counts it again), and each of those runs may tie out now.
      const key = msg.mlc?.replay !== undefined ? msg.mlc?.key : undefined;
      const runIds = key ? [...new Set([runId, ...(await store.runsCounting(key))])] : [runId];
      for (const [i, id] of runIds.entries()) {
        const result = await reconcileOne(id);
        if (result.status === 'tied') status.set('ok', `tied out: ${result.records.found} record(s)`);
        else status.set('waiting', offByText(result));
        const out = i === 0 ? msg : (RED.util.cloneMessage(msg) as MlcMessage);
        out.payload = result;
        out.topic = 'mlc/reconciliation';
        send(result.status === 'tied' ? [out, null] : [null, out]);
      }
      done();
    });

    onClose(node, () => {
      stop.abort(new Error('mlc-reconcile: stopped by a redeploy'));
      status.clear();
    });
  }

  RED.nodes.registerType('mlc-reconcile', MlcReconcileNode as unknown as (this: Node, def: NodeDef) => void);
};

function wholeNumber(value: number | string | undefined, fallback: number, min = 1): number | null {
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= min ? n : null;
}
