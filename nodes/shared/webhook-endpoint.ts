// What every webhook node does around its own rules: serves POST <path> on Node-RED's httpNode app,
// reads the exact bytes (before the editor's JSON parser can), lets the node judge them, answers at once
// (before the flow runs: senders retry slow answers), then lets each event through the memory of what
// was already emitted, and removes the route on close after the events already answered are emitted.
import type { Request, RequestHandler, Response } from 'express';
import type { Node, NodeAPI, NodeMessage } from 'node-red';
import type { RecordRef } from '../../lib/envelope';
import { WebhookMemory } from '../../lib/util/webhook-memory';
import { claimOwner, resolveStore, storeKeeper } from '../core/store-user';
import { toError } from './errors';
import { hasPostRoute, keepRawBody, rawBodyOf, removeRoutesOf } from './http-route';
import { onClose } from './input';
import type { WebhookStatus } from './webhook-status';

/** The node's judgement of one request: events to let in, or an answer that emits nothing. */
export type WebhookVerdict<E> =
  | { ok: true; events: E[] }
  | { ok: false; status: number; answer: string; problem: string; headers?: Record<string, string> };

export interface WebhookEndpoint<E> {
  RED: NodeAPI;
  node: Node;
  nodeType: string;
  path: string;
  maxBodyBytes: number;
  /** The 2xx sent once a request is judged good. */
  okStatus: number;
  /** How long, and how many, delivered events are remembered in memory; `store` (an mlc-store id) also across restarts. */
  remember: { windowMs: number; maxEntries: number; store: string | undefined };
  shown: WebhookStatus;
  judge(body: Buffer, req: Request): WebhookVerdict<E>;
  /** The memory key and store source of an event, or null when every copy must go through. */
  identity(event: E): { key: string; source: RecordRef } | null;
  /** Sends the event's message; returns it, for an error about the event that Catch nodes can see. */
  emit(event: E): NodeMessage;
  /** Names an event in warnings (no personal data, no secret). */
  describe(event: E): string;
}

interface HttpSettings {
  httpNodeMiddleware?: unknown;
}

export function serveWebhook<E>(endpoint: WebhookEndpoint<E>): void {
  const { RED, node, nodeType, path, shown } = endpoint;
  const memory = new WebhookMemory({
    windowMs: endpoint.remember.windowMs,
    maxEntries: endpoint.remember.maxEntries,
    store: resolveStore(RED, endpoint.remember.store),
    owner: claimOwner(node),
    target: { system: 'node-red', entity: nodeType, id: node.id },
  });
  const pending = new Set<Promise<void>>();
  // The store node closes beside this one on a deploy: it waits for every event being let in (claim,
  // emit, the batched mark), so none of their writes finds it closed.
  const keepStoreOpen = storeKeeper(RED, endpoint.remember.store);

  const letIn = async (event: E, identity: { key: string; source: RecordRef }): Promise<void> => {
    const admission = await memory.admit(identity.key, identity.source);
    if (admission.outcome === 'duplicate') {
      shown.duplicate();
      return;
    }
    const msg = endpoint.emit(event);
    if (admission.storeError) node.warn(`${nodeType}: the store did not answer (${admission.storeError.message}); ${endpoint.describe(event)} is emitted but a restart would not know it`);
    if (admission.remembered) {
      await memory.emitted(admission.key).catch((err: unknown) => node.error(`${nodeType}: could not mark ${endpoint.describe(event)} as emitted in the store: ${toError(err).message}`, msg));
    }
  };

  const receive = async (req: Request, res: Response): Promise<void> => {
    const read = await rawBodyOf(req, endpoint.maxBodyBytes);
    const verdict: WebhookVerdict<E> = read.ok ? endpoint.judge(read.body, req) : { ok: false, status: read.status, answer: read.answer, problem: read.problem };
    if (!verdict.ok) {
      res.status(verdict.status).set(verdict.headers ?? {}).type('text/plain').send(verdict.answer);
      shown.rejected(verdict.status, verdict.problem);
      return;
    }
    res.status(endpoint.okStatus).end();
    for (const event of verdict.events) {
      const identity = endpoint.identity(event);
      if (identity === null) {
        endpoint.emit(event);
        continue;
      }
      if (memory.seenRecently(identity.key)) {
        shown.duplicate();
        continue;
      }
      const done = letIn(event, identity)
        .catch((err: unknown) => node.error(`${nodeType}: ${endpoint.describe(event)}: ${toError(err).message}`))
        .finally(() => pending.delete(done));
      pending.add(done);
      keepStoreOpen?.(done);
    }
  };

  const handler: RequestHandler = (req, res) => {
    receive(req, res).catch((err: unknown) => {
      node.error(`${nodeType}: ${toError(err).message}`);
      if (!res.headersSent) res.status(500).end();
    });
  };

  if (hasPostRoute(RED.httpNode, path)) node.warn(`${nodeType}: another node already serves POST ${path}; the posts go to whichever registered first`);
  const middleware = (RED.settings as unknown as HttpSettings).httpNodeMiddleware;
  const before: RequestHandler[] = typeof middleware === 'function' ? [middleware as RequestHandler] : Array.isArray(middleware) ? (middleware as RequestHandler[]) : [];
  const releaseRawBody = keepRawBody(RED.httpNode, path, endpoint.maxBodyBytes);
  RED.httpNode.post(path, ...before, handler);
  shown.listening(path);

  onClose(node, async () => {
    removeRoutesOf(RED.httpNode, handler);
    releaseRawBody();
    // Events already answered are still let in, so none is lost to a redeploy.
    await Promise.allSettled([...pending]);
    shown.clear();
  });
}
