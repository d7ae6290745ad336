// mlc-paylocity-webhook: the URL Paylocity posts its webhooks to (New Hire, Termination, Employee Change,
// Payroll Processed; one endpoint per event type or one for all). Checks the config node's Basic
// credentials in constant time, validates the body, answers 200 at once (401 / 400 emit nothing), then
// emits one message per event not already emitted. The rules live in lib/paylocity/webhook*.ts.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { describeEvent, EVENT_TYPE_NAMES, eventMessage, memoryKey, sourceOf, type PaylocityWebhookEvent } from '../../lib/paylocity/webhook';
import { judgeDelivery, MAX_BODY_BYTES, MAX_REMEMBERED_EVENTS, webhookSettingsFrom, type PaylocityWebhookSettings } from '../../lib/paylocity/webhook-delivery';
import { toError } from '../shared/errors';
import { NodeStatus } from '../shared/status';
import type { PaylocityConfigNode } from '../shared/types';
import { serveWebhook } from '../shared/webhook-endpoint';
import { WebhookStatus } from '../shared/webhook-status';

const NODE_TYPE = 'mlc-paylocity-webhook';

interface WebhookFields {
  paylocity?: string;
  path?: string;
  events?: string;
  windowHours?: string | number;
  store?: string;
}

interface HttpSettings {
  httpNodeRoot?: string | false;
}

export = function (RED: NodeAPI): void {
  function MlcPaylocityWebhookNode(this: Node, def: NodeDef & WebhookFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const shown = new WebhookStatus(status, (text) => node.warn(text), 1000, NODE_TYPE);

    let settings: PaylocityWebhookSettings;
    let config: PaylocityConfigNode;
    try {
      settings = webhookSettingsFrom(def);
      const found = def.paylocity ? (RED.nodes.getNode(def.paylocity) as PaylocityConfigNode | null) : null;
      if (!found || typeof found.webhookCredentials !== 'function') throw new Error('no Paylocity config: choose an mlc-paylocity-config node');
      config = found;
      if ((RED.settings as unknown as HttpSettings).httpNodeRoot === false) throw new Error('Node-RED serves no HTTP nodes (httpNodeRoot is false in settings.js)');
    } catch (err) {
      const message = toError(err).message;
      status.set('error', message);
      node.error(`${NODE_TYPE}: ${message}; the URL is not served`);
      return;
    }

    const credentials = config.webhookCredentials();
    if (!credentials) node.warn(`${NODE_TYPE}: ${config.configName()} has no webhook user and password, so POST ${settings.path} takes a post from anyone who can reach it; set Basic credentials there and in Paylocity`);

    serveWebhook<PaylocityWebhookEvent>({
      RED,
      node,
      nodeType: NODE_TYPE,
      path: settings.path,
      maxBodyBytes: MAX_BODY_BYTES,
      okStatus: 200,
      remember: { windowMs: settings.windowMs, maxEntries: MAX_REMEMBERED_EVENTS, store: def.store },
      shown,
      judge: (body, req) => {
        const verdict = judgeDelivery(body, req.headers.authorization, { credentials, accepts: settings.accepts });
        if (verdict.status === 200) return { ok: true, events: verdict.events };
        if (verdict.status === 401) return { ok: false, status: 401, answer: 'unauthorized', problem: verdict.problem, headers: { 'WWW-Authenticate': 'Basic realm="mlc-paylocity-webhook", charset="UTF-8"' } };
        return { ok: false, status: 400, answer: verdict.problem, problem: verdict.problem };
      },
      identity: (event) => {
        const key = memoryKey(event);
        return key === null ? null : { key, source: sourceOf(event) };
      },
      emit: (event) => {
        shown.event(EVENT_TYPE_NAMES[event.name].toLowerCase());
        const msg = eventMessage(event);
        node.send(msg);
        return msg;
      },
      describe: describeEvent,
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcPaylocityWebhookNode as unknown as (this: Node, def: NodeDef) => void);
};
