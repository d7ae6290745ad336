// mlc-replay: re-emits failed records with their original msg.mlc, so they pass through dedup and
// the write again once the cause is fixed. Pages through the store rather than loading every record.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { AuditRecord, Store } from '../../lib/store/types';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { MlcMessage, SendFn } from '../shared/types';
import { ReplayRequestSchema, replayFilterOf, toRecordFilter, type ReplayRequest } from './replay-filter';
import { missingStoreError, resolveStore } from './store-user';

interface ReplaySettings {
  store?: string;
  scope?: 'all' | 'run';
  runId?: string;
  pageSize?: string | number;
}

const DEFAULT_PAGE = 200;

/**
 * Trigger requests that name their own filter (the ml-connector sidebar's "replay this record"):
 * the node's own scope must not narrow them, as it narrows a message's filter. Held by identity, so
 * nothing shows on the message and a flow cannot forge it.
 */
const exactRequests = new WeakSet<object>();

export = function (RED: NodeAPI): void {
  function MlcReplayNode(this: Node, def: NodeDef & ReplaySettings): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const getStore = resolveStore(RED, def.store);
    const pageSize = Math.max(1, Math.min(5000, Number(def.pageSize) || DEFAULT_PAGE));
    const defaults: ReplayRequest = def.scope === 'run' && def.runId ? { runId: def.runId } : {};
    let closing = false;

    if (!getStore) status.set('error', 'no store');
    else status.set('idle', 'ready');

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (!getStore) throw missingStoreError('mlc-replay');
      const request = replayFilterOf(msg.payload, exactRequests.has(msg) ? {} : defaults);
      const store = await getStore();
      status.set('working', 'replaying');
      const replayed = await replayPages(store, request, pageSize, send, () => closing, (n) => status.progress(`replayed ${n}`));
      status.set(replayed > 0 ? 'ok' : 'idle', `replayed ${replayed}`);
      send([null, { topic: 'mlc/replay', payload: { replayed, filter: request } }]);
      done();
    });

    onClose(node, () => {
      closing = true;
      status.clear();
    });
  }

  RED.nodes.registerType('mlc-replay', MlcReplayNode as unknown as (this: Node, def: NodeDef) => void);

  // The editor's button replays with the node's own settings, as an inject node's button injects; a
  // JSON body with a filter (the sidebar's) replays just that. Answers before the replay is done.
  RED.httpAdmin.post('/mlc-replay/:id/replay', RED.auth.needsPermission('mlc-replay.write'), (req, res) => {
    const target = RED.nodes.getNode(String(req.params.id));
    if (!target || target.type !== 'mlc-replay') {
      res.sendStatus(404);
      return;
    }
    const body: unknown = req.body ?? {};
    const parsed = ReplayRequestSchema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      res.status(400).json({ error: `replay filter${issue?.path.length ? ' ' + issue.path.join('.') : ''}: ${issue?.message ?? 'invalid'}` });
      return;
    }
    const msg = { payload: parsed.data };
    if (Object.keys(parsed.data).length > 0) exactRequests.add(msg);
    target.receive(msg);
    res.json({ replaying: parsed.data });
  });
};

async function replayPages(
  store: Store,
  request: ReplayRequest,
  pageSize: number,
  send: SendFn,
  stopped: () => boolean,
  progress: (n: number) => void,
): Promise<number> {
  const filter = toRecordFilter(request);
  let afterKey: string | undefined;
  let replayed = 0;
  const limit = request.limit ?? Number.POSITIVE_INFINITY;
  while (replayed < limit && !stopped()) {
    const page = await store.resetForReplay({ ...filter, limit: Math.min(pageSize, limit - replayed), ...(afterKey ? { afterKey } : {}) });
    if (page.length === 0) break;
    for (const record of page) send([replayMessage(record), null]);
    replayed += page.length;
    afterKey = page[page.length - 1]?.key;
    progress(replayed);
    // Let the editor and other flows breathe between pages of a large replay.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return replayed;
}

function replayMessage(record: AuditRecord): MlcMessage {
  const original = record.mlc ?? { key: record.key };
  return {
    topic: typeof original['topic'] === 'string' ? original['topic'] : 'mlc/replay',
    payload: record.payload,
    mlc: {
      ...original,
      key: record.key,
      ...(record.runId ? { runId: record.runId } : {}),
      ...(record.source ? { source: record.source } : {}),
      replay: { attempts: record.attempts, lastError: record.error },
    },
  } as MlcMessage;
}
