// mlc-ukg-webhook: the URL UKG Webhooks posts to. Checks the HMAC over the raw bytes, answers at once
// (202; 401 bad signature; 400 malformed), then emits one message per event it has not seen before.
// The route lives on Node-RED's httpNode app and is removed on close.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { WebhookEvent } from '../../lib/ukg/webhook';
import { eventKey, eventPayload, judgeDelivery } from '../../lib/ukg/webhook-delivery';
import { MAX_BODY_BYTES, MAX_REMEMBERED_EVENTS, webhookSettingsFrom, type WebhookSettings } from '../../lib/ukg/webhook-settings';
import { toError } from '../shared/errors';
import { NodeStatus } from '../shared/status';
import { serveWebhook } from '../shared/webhook-endpoint';
import { WebhookStatus } from '../shared/webhook-status';

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

    serveWebhook<WebhookEvent>({
      RED,
      node,
      nodeType: NODE_TYPE,
      path: settings.path,
      maxBodyBytes: MAX_BODY_BYTES,
      okStatus: 202,
      remember: { windowMs: settings.windowMs, maxEntries: MAX_REMEMBERED_EVENTS, store: def.store },
      shown,
      judge: (body, req) => {
        const verdict = judgeDelivery(body, req.headers, { secret, signatureHeader: settings.signatureHeader });
        if (verdict.status === 202) return { ok: true, events: verdict.events };
        return { ok: false, status: verdict.status, answer: verdict.status === 401 ? 'invalid signature' : verdict.problem, problem: verdict.problem };
      },
      identity: (event) => ({ key: eventKey(event), source: { system: 'ukg', entity: 'webhook-event', id: String(event.EventId) } }),
      emit: (event) => {
        shown.event();
        const msg = { topic: `ukg/webhook/${event.EventType}`, payload: eventPayload(event), ukg: { event } };
        node.send(msg);
        return msg;
      },
      describe: (event) => `event ${String(event.EventId)}`,
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcUkgWebhookNode as unknown as (this: Node, def: NodeDef) => void, {
    credentials: { secret: { type: 'password' } },
  });
};
