// mlc-procore-read: reads one Procore entity on each trigger (companies, projects, vendors, cost codes,
// line item types, purchase order contracts with their line items, direct costs, requisitions), all of
// it or incrementally by `filters[updated_at]` with a cursor in the store, and sends one message per
// record with msg.mlc for dedup and audit; output 2 says when the run is over. The paging, windows and
// keys live in lib/procore/read-run.ts; the trigger queue, lease, run record and status in
// nodes/shared/read-node.ts.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { ProcoreClient } from '../../lib/procore/client';
import { ENTITY_INFO, runProcoreRead, type ProcoreReadSink } from '../../lib/procore/read-run';
import { newRunId } from '../../lib/read/run-record';
import { missingStoreError } from '../core/store-user';
import { parseSettings, setUpReadNode, type ReadRun } from '../shared/read-node';
import { count } from '../shared/status';
import { narrowingFor, procoreReadSettingsFromNode, type ProcoreReadFields } from './procore-read-settings';

interface ReadNodeFields extends ProcoreReadFields {
  procore?: string;
  store?: string;
}

/** The mlc-procore-config node as this node sees it. */
interface ProcoreClientSource {
  getClient(): ProcoreClient;
}

export = function (RED: NodeAPI): void {
  function MlcProcoreReadNode(this: Node, def: NodeDef & ReadNodeFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    setUpReadNode(RED, node, {
      type: 'mlc-procore-read',
      system: { name: 'Procore', code: 'PROCORE', configType: 'mlc-procore-config' },
      settings: parseSettings(() => procoreReadSettingsFromNode(node.id, def)),
      config: def.procore ? (RED.nodes.getNode(def.procore) as (Node & ProcoreClientSource) | null) : null,
      storeId: def.store,
      needsStore: (s) => s.mode === 'incremental',
      async run({ msg, settings: s, signal, store: openStore, client: connect, start }) {
        const client = connect();
        const narrowed = narrowingFor(s, msg, client.companyId);
        const store = await openStore();
        const incremental = s.mode === 'incremental' && narrowed.ids.length === 0;
        if (incremental && !store) throw missingStoreError('mlc-procore-read (incremental)');
        const noun = ENTITY_INFO[s.entity].noun;
        const seen = { total: null as number | null, project: '', projectIndex: 0, projects: 0 };
        const what = narrowed.ids.length > 0 ? `${s.entity} ${count(narrowed.ids.length, 'given id')}` : `${s.entity} (${incremental ? 'incremental' : 'all'})`;
        const run = await start({
          runId: newRunId(`procore-read:${s.entity}`),
          note: what,
          reading: s.entity,
          progress: (_page, sent) => {
            const of = seen.total !== null ? ` of ${seen.total}` : '';
            const where = seen.projects > 1 ? `, project ${seen.projectIndex}/${seen.projects}` : '';
            return `${sent}${where ? '' : of} ${s.entity}${where}`;
          },
        });
        const summary = await runProcoreRead(
          client,
          {
            entity: s.entity,
            projectIds: narrowed.projectIds,
            ids: narrowed.ids,
            perPage: s.perPage,
            incremental: incremental && store ? { store, cursorName: s.cursorName, advance: s.advance, auditTimeoutMs: s.auditTimeoutMs, settleSeconds: s.settleSeconds } : null,
          },
          sink(run, seen),
          { signal },
        );
        return {
          note: `${summary.read} read in ${count(summary.pages, 'page')}${summary.cursor ? `; cursor ${summary.cursor}` : ''}`,
          status: summary.read > 0 ? { kind: 'ok', text: `${summary.read} ${s.entity} sent` } : { kind: 'idle', text: incremental ? 'nothing new' : 'nothing to send' },
          end: {
            topic: `procore/${noun}`,
            payload: { entity: s.entity, mode: incremental ? 'incremental' : narrowed.ids.length > 0 ? 'given' : 'all', read: summary.read, pages: summary.pages, runId: run.runId, ...(summary.projects > 0 ? { projects: summary.projects } : {}), ...(summary.window ? { window: summary.window, cursor: summary.cursor } : {}) },
          },
        };
      },
    });
  }

  RED.nodes.registerType('mlc-procore-read', MlcProcoreReadNode as unknown as (this: Node, def: NodeDef) => void);
};

function sink(run: ReadRun, seen: { total: number | null; project: string; projectIndex: number; projects: number }): ProcoreReadSink {
  return {
    async emit(records, page) {
      for (const r of records) run.send({ topic: r.topic, payload: r.payload, mlc: { key: r.key, source: r.source, runId: run.runId } });
      await run.pageSent(page, records.length);
    },
    total: (total) => {
      seen.total = total;
    },
    project: (projectId, index, of) => {
      seen.project = projectId;
      seen.projectIndex = index;
      seen.projects = of;
    },
  };
}
