// mlc-odoo-read: reads a model from Odoo on each trigger, once (everything matching the domain) or
// incrementally (what changed since the cursor), and sends one message per record (or per page) with
// msg.mlc for dedup and audit; output 2 says when the run is over. The paging, cursor and audit waits
// live in lib/odoo, the trigger queue, run record and status in nodes/shared/read-node.ts; this file
// says which read a trigger makes and turns pages into messages.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { andDomains, parseDomain, type Domain } from '../../lib/odoo/domain';
import { readIncremental } from '../../lib/odoo/incremental-reader';
import { readOnce } from '../../lib/odoo/once-reader';
import { finishedNote, newRunId } from '../../lib/odoo/read-run';
import type { ReadPage, ReadSink } from '../../lib/odoo/read-types';
import type { Store } from '../../lib/store/types';
import { missingStoreError } from '../core/store-user';
import { NodeInputError } from '../shared/errors';
import { parseSettings, setUpReadNode, type ReadRun } from '../shared/read-node';
import { count } from '../shared/status';
import type { MlcMessage, OdooConfigNode } from '../shared/types';
import { readSettingsFromNode, type ReadFields, type ReadSettings } from './odoo-read-settings';

interface ReadNodeFields extends ReadFields {
  odoo?: string;
  store?: string;
}

export = function (RED: NodeAPI): void {
  function MlcOdooReadNode(this: Node, def: NodeDef & ReadNodeFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    setUpReadNode(RED, node, {
      type: 'mlc-odoo-read',
      system: { name: 'Odoo', code: 'ODOO', configType: 'mlc-odoo-config' },
      settings: parseSettings(() => readSettingsFromNode(node.id, def)),
      config: def.odoo ? (RED.nodes.getNode(def.odoo) as OdooConfigNode | null) : null,
      storeId: def.store,
      needsStore: (s) => s.mode === 'incremental',
      async run({ msg, settings: s, store: openStore, client: connect, start, signal }) {
        const domain = domainFor(s, msg);
        // A redeploy aborts the HTTP request in flight, the audit wait and the page loop.
        const common = { ...commonOptions(s, domain), signal };
        const store = await openStore();
        if (s.mode === 'incremental' && !store) throw missingStoreError('mlc-odoo-read (incremental)');
        const client = connect();
        const run = await start({ runId: newRunId(s.model), note: `${s.model} (${s.mode})`, reading: s.model, progress: (page, read) => `page ${page}, ${read} read` });
        const sink = messageSink(s, run);
        const summary =
          s.mode === 'incremental'
            ? await readIncremental(client, store as Store, { ...common, cursorName: s.cursorName, advance: s.advance, auditTimeoutMs: s.auditTimeoutMs, settleSeconds: s.settleSeconds }, sink)
            : await readOnce(client, { ...common, order: s.order }, sink);
        return {
          note: finishedNote(summary),
          status: summary.read > 0 ? { kind: 'ok', text: `${summary.read} read, ${count(summary.pages, 'page')}` } : { kind: 'idle', text: 'nothing new' },
          end: { topic: `odoo/${s.model}`, payload: { model: s.model, mode: s.mode, read: summary.read, pages: summary.pages, runId: run.runId, cursor: summary.cursor } },
        };
      },
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

function commonOptions(s: ReadSettings, domain: Domain) {
  return { model: s.model, domain, pageSize: s.pageSize, ...(s.fields ? { fields: s.fields } : {}), ...(s.includeArchived ? { includeArchived: true } : {}), ...(s.keyPrefix ? { keyPrefix: s.keyPrefix } : {}) };
}

function messageSink(s: ReadSettings, run: ReadRun): ReadSink {
  const topic = `odoo/${s.model}`;
  const { runId } = run;
  return {
    async emit(page: ReadPage) {
      if (s.output === 'page') {
        run.send({ topic, payload: page.records, mlc: { runId, page: page.number, keys: page.keys } });
      } else {
        page.records.forEach((record, i) => {
          const mlc = { key: page.keys[i], source: { system: 'odoo', entity: s.model, id: String(record.id) }, runId };
          run.send({ topic, payload: record, mlc });
        });
      }
      await run.pageSent(page.number, page.records.length);
    },
  };
}
