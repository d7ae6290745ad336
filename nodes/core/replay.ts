// mlc-replay: re-sends failed records so they go through the flow again once the cause is fixed:
// the record as it entered the mapping when the store has it (so the mapping runs again with the
// lookup tables of now), else the payload as it failed. Serves its own flow's records by default.
// Pages through the store rather than loading every record.
import { randomUUID } from 'node:crypto';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { AuditRecord, Store } from '../../lib/store/types';
import { jsonOnly } from '../shared/admin-route';
import { NodeInputError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { MlcMessage, SendFn } from '../shared/types';
import { ReplayRequestSchema, replayFilterOf, toRecordFilter, type ReplayRequest, type ReplayResult } from './replay-filter';
import { migrateReplaySettings, replayDefaults, type ReplaySettings } from './replay-settings';
import { missingStoreError, resolveStore } from './store-user';

const DEFAULT_PAGE = 200;
/** How long a request sent out of output 3 to refresh lookup tables may take to come back. */
const REFRESH_TIMEOUT_MS = 120_000;
/** How long the admin route waits for a replay to finish before it answers "still replaying". */
const ROUTE_WAIT_MS = 30_000;


/**
 * Trigger requests that name their own filter (the ml-connector sidebar's "replay this record"):
 * the node's own scope must not narrow them, as it narrows a message's filter. Held by identity, so
 * nothing shows on the message and a flow cannot forge it. The value, if any, hears the result.
 */
const exactRequests = new WeakMap<object, { exact: boolean; settle?: (result: ReplayResult) => void }>();

interface PendingReplay {
  request: ReplayRequest;
  settle?: ((result: ReplayResult) => void) | undefined;
  timer: NodeJS.Timeout;
}

export = function (RED: NodeAPI): void {
  function MlcReplayNode(this: Node, def: NodeDef & ReplaySettings): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const settings = migrateReplaySettings(def);
    const getStore = resolveStore(RED, settings.store);
    const pageSize = Math.max(1, Math.min(5000, Number(settings.pageSize) || DEFAULT_PAGE));
    const defaults = replayDefaults(settings, node.z);
    const wires = (def as unknown as { wires?: unknown[][] }).wires;
    // With output 3 wired, a request first goes out there (to reload lookup tables, say) and the
    // replay starts when it comes back in, so replayed records map with tables as fresh as a run's.
    const refreshWired = Array.isArray(wires?.[2]) && wires[2].length > 0;
    const waiting = new Map<string, PendingReplay>();
    const self = { id: node.id, name: node.name || 'replay', flow: node.z ?? null };
    let closing = false;

    if (!getStore) status.set('error', 'no store');
    else status.set('idle', settings.scope === 'flow' ? "ready: this flow's failed records" : 'ready');

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      const token = returningToken(msg);
      let request: ReplayRequest;
      let settle: ((result: ReplayResult) => void) | undefined;
      const back = token ? waiting.get(token) : undefined;
      if (token && back) {
        waiting.delete(token);
        clearTimeout(back.timer);
        delete msg['mlcReplay'];
        ({ request, settle } = back);
      } else {
        const asked = exactRequests.get(msg);
        settle = asked?.settle;
        try {
          request = replayFilterOf(msg.payload, asked?.exact ? {} : defaults);
        } catch (err) {
          settle?.({ replayed: 0, filter: {}, node: self, error: (err as Error).message });
          throw err;
        }
        if (!getStore) {
          settle?.({ replayed: 0, filter: request, node: self, error: 'no store configured' });
          throw missingStoreError('mlc-replay');
        }
        if (refreshWired) {
          const id = randomUUID();
          const timer = setTimeout(() => {
            waiting.delete(id);
            settle?.({ replayed: 0, filter: request, node: self, error: 'the request sent out of output 3 did not come back' });
            node.error(
              new NodeInputError(`mlc-replay: the request sent out of output 3 did not come back within ${REFRESH_TIMEOUT_MS / 1000} s; wire the end of the refresh back into this node`, 'MLC_REPLAY_REFRESH_TIMEOUT'),
              {},
            );
          }, REFRESH_TIMEOUT_MS);
          timer.unref();
          waiting.set(id, { request, settle, timer });
          status.set('working', 'refreshing before replay');
          send([null, null, { topic: 'mlc/replay-refresh', payload: request, mlcReplay: { token: id } }]);
          done();
          return;
        }
      }
      if (!getStore) throw missingStoreError('mlc-replay');
      const store = await getStore();
      status.set('working', 'replaying');
      let replayed = 0;
      try {
        replayed = await replayPages(store, request, pageSize, send, () => closing, (n) => status.progress(`replayed ${n}`));
      } catch (err) {
        settle?.({ replayed, filter: request, node: self, error: (err as Error).message });
        throw err;
      }
      status.set(replayed > 0 ? 'ok' : 'idle', replayed > 0 ? `replayed ${replayed}` : 'nothing to replay');
      settle?.({ replayed, filter: request, node: self });
      send([null, { topic: 'mlc/replay', payload: { replayed, filter: request } }, null]);
      done();
    });

    onClose(node, () => {
      closing = true;
      for (const pending of waiting.values()) clearTimeout(pending.timer);
      waiting.clear();
      status.clear();
    });
  }

  RED.nodes.registerType('mlc-replay', MlcReplayNode as unknown as (this: Node, def: NodeDef) => void);

  // The editor's button replays with the node's own settings, as an inject node's button injects; a
  // JSON body with a filter (the sidebar's) replays just that. Answers when the replay is done (or
  // after ROUTE_WAIT_MS, saying it goes on), naming the node and flow, and how many were sent.
  RED.httpAdmin.post('/mlc-replay/:id/replay', RED.auth.needsPermission('mlc-replay.write'), jsonOnly, (req, res) => {
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
    let answered = false;
    const answer = (result: ReplayResult | null): void => {
      if (answered) return;
      answered = true;
      clearTimeout(timer);
      if (result) res.json(result);
      else res.status(202).json({ replaying: parsed.data, node: { id: target.id, name: target.name || 'replay', flow: target.z ?? null } });
    };
    const timer = setTimeout(() => answer(null), ROUTE_WAIT_MS);
    exactRequests.set(msg, { exact: Object.keys(parsed.data).length > 0, settle: answer });
    target.receive(msg);
  });
};

function returningToken(msg: MlcMessage): string | undefined {
  const marker = msg['mlcReplay'];
  if (marker && typeof marker === 'object' && typeof (marker as { token?: unknown }).token === 'string') return (marker as { token: string }).token;
  return undefined;
}

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
    for (const record of page) send([replayMessage(record), null, null]);
    replayed += page.length;
    afterKey = page[page.length - 1]?.key;
    progress(replayed);
    // Let the editor and other flows breathe between pages of a large replay.
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  return replayed;
}

/** The record as it entered the mapping when the store has it, else as it failed. */
function replayMessage(record: AuditRecord): MlcMessage {
  const original = record.mlc ?? { key: record.key };
  const fromInput = record.input !== null && record.input !== undefined;
  return {
    topic: typeof original['topic'] === 'string' ? original['topic'] : 'mlc/replay',
    payload: fromInput ? record.input : record.payload,
    mlc: {
      ...original,
      key: record.key,
      ...(record.runId ? { runId: record.runId } : {}),
      ...(record.source ? { source: record.source } : {}),
      replay: { attempts: record.attempts, lastError: record.error, from: fromInput ? 'input' : 'payload' },
    },
  } as MlcMessage;
}
