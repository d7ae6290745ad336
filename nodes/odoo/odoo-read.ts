// mlc-odoo-read: reads a model from Odoo on each trigger, once (everything matching the domain) or
// incrementally (what changed since the cursor), and sends one message per record (or per page) with
// msg.mlc for dedup and audit; output 2 says when the run is over. The paging, cursor and audit waits
// live in lib/odoo; this file resolves the config nodes, queues triggers and turns pages into messages.
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { andDomains, parseDomain, type Domain } from '../../lib/odoo/domain';
import { readIncremental } from '../../lib/odoo/incremental-reader';
import { readOnce } from '../../lib/odoo/once-reader';
import { newRunId, ReadRunRecord, recordedRun } from '../../lib/odoo/read-run';
import type { ReadPage, ReadSink, ReadSummary } from '../../lib/odoo/read-types';
import { RunSlot } from '../../lib/read/run-slot';
import type { Store } from '../../lib/store/types';
import { missingStoreError, resolveStore } from '../core/store-user';
import { NodeInputError, toError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { DoneFn, MlcMessage, OdooConfigNode, SendFn } from '../shared/types';
import { readSettingsFromNode, type ReadFields, type ReadSettings } from './odoo-read-settings';

interface ReadNodeFields extends ReadFields {
  odoo?: string;
  store?: string;
}

interface Trigger {
  msg: MlcMessage;
  send: SendFn;
  done: DoneFn;
}

export = function (RED: NodeAPI): void {
  function MlcOdooReadNode(this: Node, def: NodeDef & ReadNodeFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const server = def.odoo ? (RED.nodes.getNode(def.odoo) as OdooConfigNode | null) : null;
    const getStore = resolveStore(RED, def.store);
    // A redeploy aborts the run: the HTTP request in flight, the audit wait, and the page loop.
    const stop = new AbortController();
    let settings: ReadSettings | null = null;
    let settingsError: Error | null = null;
    try {
      settings = readSettingsFromNode(node.id, def);
    } catch (err) {
      settingsError = toError(err);
    }

    const slot = new RunSlot<Trigger>((trigger) => runRead(trigger));
    let activeRun: ReadRunRecord | null = null;

    async function runRead({ msg, send, done }: Trigger): Promise<void> {
      try {
        if (stop.signal.aborted) {
          done();
          return;
        }
        const s = usable();
        const domain = domainFor(s, msg);
        const store = getStore ? await getStore() : null;
        if (s.mode === 'incremental' && !store) throw missingStoreError('mlc-odoo-read (incremental)');
        const client = (server as OdooConfigNode).getClient();
        const runId = newRunId(s.model);
        const run = new ReadRunRecord(store, runId);
        activeRun = run;
        await run.start(node.z ?? null, `mlc-odoo-read ${node.id}: ${s.model} (${s.mode})`);
        status.set('working', `reading ${s.model}`);
        const sink = messageSink(s, runId, send, (page, read) => status.progress(`page ${page}, ${read} read`));
        const summary = await recordedRun(run, sink, (counted) =>
          s.mode === 'incremental'
            ? readIncremental(client, store as Store, { ...common(s, domain), cursorName: s.cursorName, advance: s.advance, auditTimeoutMs: s.auditTimeoutMs, settleSeconds: s.settleSeconds }, counted)
            : readOnce(client, { ...common(s, domain), order: s.order }, counted),
        );
        status.set(summary.read > 0 ? 'ok' : 'idle', summary.read > 0 ? `${summary.read} read, ${summary.pages} pages` : 'nothing new');
        send([null, completeMessage(msg, s, runId, summary)]);
        done();
      } catch (err) {
        // Stopped by a redeploy: nothing failed that the flow should hear about.
        if (stop.signal.aborted) {
          done();
          return;
        }
        const error = toError(err);
        status.set('error', error.message);
        done(error);
      } finally {
        activeRun = null;
      }
    }

    function usable(): ReadSettings {
      if (settingsError) throw settingsError;
      if (!server || typeof server.getClient !== 'function') {
        throw new NodeInputError('mlc-odoo-read: no Odoo connection configured; choose an mlc-odoo-config node', 'MLC_ODOO_NO_CONFIG');
      }
      return settings as ReadSettings;
    }

    if (settingsError) status.set('error', 'invalid settings');
    else if (!server) status.set('error', 'no Odoo config');
    else if (settings?.mode === 'incremental' && !getStore) status.set('error', 'no store');
    else status.set('idle', 'ready');

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (stop.signal.aborted) {
        done();
        return;
      }
      const outcome = slot.offer({ msg, send, done });
      if (outcome === 'queued') status.set('waiting', 'running, 1 queued');
      if (outcome === 'refused') {
        // Not a failure of the run under way, so its status stays; the flow still hears of it.
        done(new NodeInputError('mlc-odoo-read: a read is running and another is queued; this trigger was refused', 'MLC_ODOO_READ_BUSY'));
      }
    });

    onClose(node, async () => {
      const reason = new Error('mlc-odoo-read: stopped by a redeploy');
      void activeRun?.failed(reason.message);
      stop.abort(reason);
      slot.takeQueued()?.done();
      await slot.idle();
      status.clear();
    });
  }

  RED.nodes.registerType('mlc-odoo-read', MlcOdooReadNode as unknown as (this: Node, def: NodeDef) => void);
};

/** msg.domain narrows a once read. An incremental read refuses it: its cursor would move past records the narrowed domain left out. */
function domainFor(s: ReadSettings, msg: MlcMessage): Domain {
  if (msg['domain'] === undefined || msg['domain'] === null) return s.domain;
  if (s.mode === 'incremental') {
    throw new NodeInputError('mlc-odoo-read: msg.domain is not taken in incremental mode (the cursor would skip the records it leaves out); set the domain in the node', 'MLC_ODOO_BAD_DOMAIN');
  }
  return andDomains(s.domain, parseDomain(msg['domain'], 'msg.domain'));
}

function common(s: ReadSettings, domain: Domain) {
  return { model: s.model, domain, pageSize: s.pageSize, ...(s.fields ? { fields: s.fields } : {}) };
}

function messageSink(s: ReadSettings, runId: string, send: SendFn, progress: (page: number, read: number) => void): ReadSink {
  const topic = `odoo/${s.model}`;
  let read = 0;
  return {
    emit(page: ReadPage) {
      if (s.output === 'page') {
        send([{ topic, payload: page.records, mlc: { runId, page: page.number, keys: page.keys } } as NodeMessage, null]);
      } else {
        // One send per record: Node-RED clones every message after the first of a send() call.
        page.records.forEach((record, i) => {
          const mlc = { key: page.keys[i], source: { system: 'odoo', entity: s.model, id: String(record.id) }, runId };
          send([{ topic, payload: record, mlc } as NodeMessage, null]);
        });
      }
      read += page.records.length;
      progress(page.number, read);
    },
  };
}

function completeMessage(msg: MlcMessage, s: ReadSettings, runId: string, summary: ReadSummary): NodeMessage {
  // The trigger message goes on, as Node-RED nodes reuse theirs, so what a flow put on it travels.
  msg.topic = `odoo/${s.model}`;
  msg.payload = { model: s.model, mode: s.mode, read: summary.read, pages: summary.pages, runId, cursor: summary.cursor };
  return msg;
}
