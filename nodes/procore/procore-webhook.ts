// mlc-procore-webhook: the URL a Procore hook posts its deliveries to (payload v2, v3 or v4). Checks the
// static header the hook was created with (its destination_headers) in constant time, validates the
// body, answers 200 at once (401 / 400 emit nothing), then emits one message per event not already
// emitted (by its ulid). The rules live in lib/procore/webhook.ts.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { describeEvent, eventMessage, judgeDelivery, MAX_BODY_BYTES, MAX_REMEMBERED_EVENTS, memoryKey, resourceSlug, sourceOf, webhookSettingsFrom, type ProcoreWebhookEvent, type ProcoreWebhookSettings } from '../../lib/procore/webhook';
import { toError } from '../shared/errors';
import { NodeStatus } from '../shared/status';
import { serveWebhook } from '../shared/webhook-endpoint';
import { WebhookStatus } from '../shared/webhook-status';

const NODE_TYPE = 'mlc-procore-webhook';

interface WebhookFields {
  procore?: string;
  path?: string;
  headerName?: string;
  windowHours?: string | number;
  ignoreApplication?: string;
  store?: string;
}

interface WebhookCredentials {
  headerValue?: string;
}

interface HttpSettings {
  httpNodeRoot?: string | false;
}

/** What this node needs of an mlc-procore-config node: the company its flows work on. */
interface CompanySource {
  companyId(): string;
}

export = function (RED: NodeAPI): void {
  function MlcProcoreWebhookNode(this: Node<WebhookCredentials>, def: NodeDef & WebhookFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const shown = new WebhookStatus(status, (text) => node.warn(text), 1000, NODE_TYPE);

    let settings: ProcoreWebhookSettings;
    let companyId: string | null = null;
    try {
      settings = webhookSettingsFrom(def);
      if (def.procore) {
        const config = RED.nodes.getNode(def.procore) as (Node & Partial<CompanySource>) | null;
        if (!config || typeof config.companyId !== 'function') throw new Error('the chosen Procore config node is missing');
        companyId = config.companyId();
      }
      if ((RED.settings as unknown as HttpSettings).httpNodeRoot === false) throw new Error('Node-RED serves no HTTP nodes (httpNodeRoot is false in settings.js)');
    } catch (err) {
      const message = toError(err).message;
      status.set('error', message);
      node.error(`${NODE_TYPE}: ${message}; the URL is not served`);
      return;
    }

    const secret = node.credentials?.headerValue?.trim() ?? '';
    const header = secret === '' ? undefined : { name: settings.headerName, value: secret };
    if (!header) node.warn(`${NODE_TYPE}: no ${settings.headerName} value is set, so POST ${settings.path} takes a post from anyone who can reach it; set the value here and in the hook's destination_headers`);
    let ignored = 0;

    serveWebhook<ProcoreWebhookEvent>({
      RED,
      node,
      nodeType: NODE_TYPE,
      path: settings.path,
      maxBodyBytes: MAX_BODY_BYTES,
      okStatus: 200,
      remember: { windowMs: settings.windowMs, maxEntries: MAX_REMEMBERED_EVENTS, store: def.store },
      shown,
      judge: (body, req) => {
        const verdict = judgeDelivery(body, req.headers, { header, ignoreApplication: settings.ignoreApplication, companyId });
        if (verdict.status === 200) {
          if (verdict.ignored > 0) {
            ignored += verdict.ignored;
            node.debug(`${NODE_TYPE}: ${ignored} events of another company or of the ignored application answered and dropped`);
          }
          return { ok: true, events: verdict.events };
        }
        if (verdict.status === 401) return { ok: false, status: 401, answer: 'unauthorized', problem: verdict.problem };
        return { ok: false, status: 400, answer: verdict.problem, problem: verdict.problem };
      },
      identity: (event) => ({ key: memoryKey(event), source: sourceOf(event) }),
      emit: (event) => {
        shown.event(`${resourceSlug(event.resourceName)} ${event.eventType}`);
        const msg = eventMessage(event);
        node.send(msg);
        return msg;
      },
      describe: describeEvent,
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcProcoreWebhookNode as unknown as (this: Node, def: NodeDef) => void, {
    credentials: { headerValue: { type: 'password' } },
  });
};
