// mlc-ukg-webhook: the URL UKG Webhooks posts to. Checks the HMAC over the raw bytes, answers at once
// (202; 401 bad signature; 400 malformed), then emits one message per event it has not seen before.
// The route lives on Node-RED's httpNode app and is removed on close.
import type { Request, RequestHandler, Response } from 'express';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { WebhookEvent } from '../../lib/ukg/webhook';
import { eventPayload, judgeDelivery } from '../../lib/ukg/webhook-delivery';
import { WebhookMemory } from '../../lib/ukg/webhook-memory';
import { MAX_BODY_BYTES, MAX_REMEMBERED_EVENTS, webhookSettingsFrom, type WebhookSettings } from '../../lib/ukg/webhook-settings';
import { claimOwner, resolveStore } from '../core/store-user';
import { toError } from '../shared/errors';
import { hasPostRoute, keepRawBody, rawBodyOf, removeRoutesOf } from '../shared/http-route';
import { onClose } from '../shared/input';
import { NodeStatus } from '../shared/status';
import { WebhookStatus } from './ukg-webhook-status';

const NODE_TYPE = 'mlc-ukg-webhook';

interface WebhookFields {
  path?: string;
  signatureHeader?: string;
  windowHours?: string | number;
  store?: string;
}

interface WebhookCredentials {
  secret?: string;
}

interface HttpSettings {
  httpNodeRoot?: string | false;
  httpNodeMiddleware?: unknown;
}

export = function (RED: NodeAPI): void {
  function MlcUkgWebhookNode(this: Node<WebhookCredentials>, def: NodeDef & WebhookFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const shown = new WebhookStatus(status, (text) => node.warn(text));
    const http = RED.settings as unknown as HttpSettings;

    let settings: WebhookSettings;
    const secret = node.credentials?.secret ?? '';
    try {
      settings = webhookSettingsFrom(def);
      if (secret === '') throw new Error('no secret: give the subscription secret set in UKG Webhooks');
      if (http.httpNodeRoot === false) throw new Error('Node-RED serves no HTTP nodes (httpNodeRoot is false in settings.js)');
    } catch (err) {
      const message = toError(err).message;
      status.set('error', message);
      node.error(`${NODE_TYPE}: ${message}; the URL is not served`);
      return;
    }

    const memory = new WebhookMemory({
      windowMs: settings.windowMs,
      maxEntries: MAX_REMEMBERED_EVENTS,
      store: resolveStore(RED, def.store),
      owner: claimOwner(node),
      target: { system: 'node-red', entity: NODE_TYPE, id: node.id },
    });
    const pending = new Set<Promise<void>>();

    const emit = (event: WebhookEvent): void => {
      shown.event();
      node.send({ topic: `ukg/webhook/${event.EventType}`, payload: eventPayload(event), ukg: { event } });
    };

    const letIn = async (event: WebhookEvent): Promise<void> => {
      const admission = await memory.admit(event);
      if (admission.outcome === 'duplicate') {
        shown.duplicate();
        return;
      }
      if (admission.storeError) node.warn(`${NODE_TYPE}: the store did not answer (${admission.storeError.message}); event ${String(event.EventId)} is emitted but a restart would not know it`);
      emit(event);
      if (admission.remembered) await memory.emitted(admission.key).catch((err: unknown) => node.warn(`${NODE_TYPE}: could not mark event ${String(event.EventId)} as emitted in the store: ${toError(err).message}`));
    };

    const receive = async (req: Request, res: Response): Promise<void> => {
      const reject = (code: number, answer: string, problem: string): void => {
        res.status(code).type('text/plain').send(answer);
        shown.rejected(code, problem);
      };
      const read = await rawBodyOf(req, MAX_BODY_BYTES);
      if (!read.ok) {
        reject(read.status, read.answer, read.problem);
        return;
      }
      const body = read.body;
      const verdict = judgeDelivery(body, req.headers, { secret, signatureHeader: settings.signatureHeader });
      if (verdict.status !== 202) {
        reject(verdict.status, verdict.status === 401 ? 'invalid signature' : verdict.problem, verdict.problem);
        return;
      }
      // Answered before the flow runs: UKG retries slow answers, and the flow may take its time.
      res.status(202).end();
      for (const event of verdict.events) {
        if (memory.seenRecently(event)) {
          shown.duplicate();
          continue;
        }
        const done = letIn(event)
          .catch((err: unknown) => node.error(`${NODE_TYPE}: event ${String(event.EventId)}: ${toError(err).message}`))
          .finally(() => pending.delete(done));
        pending.add(done);
      }
    };

    const handler: RequestHandler = (req, res) => {
      receive(req, res).catch((err: unknown) => {
        node.error(`${NODE_TYPE}: ${toError(err).message}`);
        if (!res.headersSent) res.status(500).end();
      });
    };

    if (hasPostRoute(RED.httpNode, settings.path)) node.warn(`${NODE_TYPE}: another node already serves POST ${settings.path}; UKG's posts go to whichever registered first`);
    const middleware = http.httpNodeMiddleware;
    const before: RequestHandler[] = typeof middleware === 'function' ? [middleware as RequestHandler] : Array.isArray(middleware) ? (middleware as RequestHandler[]) : [];
    const releaseRawBody = keepRawBody(RED.httpNode, settings.path, MAX_BODY_BYTES);
    RED.httpNode.post(settings.path, ...before, handler);
    status.set('idle', `POST ${settings.path}`);

    onClose(node, async () => {
      removeRoutesOf(RED.httpNode, handler);
      releaseRawBody();
      // Events already answered 202 are still let in, so none is lost to a redeploy.
      await Promise.allSettled([...pending]);
      shown.clear();
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcUkgWebhookNode as unknown as (this: Node, def: NodeDef) => void, {
    credentials: { secret: { type: 'password' } },
  });
};
