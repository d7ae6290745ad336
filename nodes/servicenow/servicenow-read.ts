// mlc-servicenow-read: reads one ServiceNow table through the Table API on each trigger, every row the
// query matches or incrementally by (sys_updated_on, sys_id) with a cursor in the store, and sends one
// message per record (or per page) with msg.mlc for dedup and audit; output 2 says when the run is over.
// The paging, cursor and keys live in lib/servicenow/read-run.ts; the trigger queue, lease, run record
// and status in nodes/shared/read-node.ts.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { newRunId } from '../../lib/read/run-record';
import { runServiceNowRead, type ServiceNowReadSink } from '../../lib/servicenow/read-run';
import { missingStoreError } from '../core/store-user';
import { NodeInputError } from '../shared/errors';
import { parseSettings, setUpReadNode, type ReadRun } from '../shared/read-node';
import { count } from '../shared/status';
import type { ServiceNowConfigNode } from '../shared/types';
import { queryFor, serviceNowReadSettingsFromNode, type ServiceNowReadFields, type ServiceNowReadSettings } from './servicenow-read-settings';

interface ReadNodeFields extends ServiceNowReadFields {
  servicenow?: string;
  store?: string;
}

export = function (RED: NodeAPI): void {
  function MlcServiceNowReadNode(this: Node, def: NodeDef & ReadNodeFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    setUpReadNode(RED, node, {
      type: 'mlc-servicenow-read',
      system: { name: 'ServiceNow', code: 'SERVICENOW', configType: 'mlc-servicenow-config' },
      settings: parseSettings(() => serviceNowReadSettingsFromNode(node.id, def)),
      config: def.servicenow ? (RED.nodes.getNode(def.servicenow) as ServiceNowConfigNode | null) : null,
      storeId: def.store,
      needsStore: (s) => s.mode === 'incremental',
      async run({ msg, settings: s, signal, store: openStore, client: connect, start }) {
        const query = queryFor(s, msg);
        const fromStart = fullReadAsked(s, msg);
        const store = await openStore();
        const incremental = s.mode === 'incremental';
        if (incremental && !store) throw missingStoreError('mlc-servicenow-read (incremental)');
        const client = connect();
        const seen = { total: null as number | null };
        const run = await start({
          runId: newRunId(`servicenow-read:${s.table}`),
          note: `${s.table} (${s.mode}${fromStart ? ', from the start' : ''})`,
          reading: s.table,
          progress: (_page, sent) => `${sent}${seen.total !== null ? ` of ${seen.total}` : ''} ${s.table}`,
        });
        const summary = await runServiceNowRead(
          client,
          {
            table: s.table,
            query,
            fields: s.fields,
            displayValue: s.displayValue,
            excludeReferenceLink: s.excludeReferenceLink,
            pageSize: s.pageSize,
            incremental: incremental && store ? { store, cursorName: s.cursorName, fromStart, advance: s.advance, auditTimeoutMs: s.auditTimeoutMs, settleSeconds: s.settleSeconds } : null,
          },
          sink(s, run, seen),
          { signal },
        );
        return {
          note: `${summary.read} read in ${count(summary.pages, 'page')}${summary.cursor ? `; cursor ${summary.cursor}` : ''}`,
          status: summary.read > 0 ? { kind: 'ok', text: `${summary.read} read, ${count(summary.pages, 'page')}` } : { kind: 'idle', text: incremental ? 'nothing new' : 'nothing to send' },
          end: {
            topic: `servicenow/${s.table}`,
            payload: { table: s.table, mode: s.mode, read: summary.read, pages: summary.pages, runId: run.runId, ...(seen.total !== null ? { total: seen.total } : {}), ...(incremental ? { cursor: summary.cursor, fromStart } : {}) },
          },
        };
      },
    });
  }

  RED.nodes.registerType('mlc-servicenow-read', MlcServiceNowReadNode as unknown as (this: Node, def: NodeDef) => void);
};

/** msg.fullRead: true reads an incremental node's table from the start once (the same keys: dedup posts nothing twice). */
function fullReadAsked(s: ServiceNowReadSettings, msg: Record<string, unknown>): boolean {
  const asked = msg['fullRead'];
  if (asked === undefined || asked === null || asked === false) return false;
  if (asked !== true) throw new NodeInputError(`mlc-servicenow-read (${s.table}): msg.fullRead must be true or false`, 'MLC_SERVICENOW_READ_BAD_MESSAGE');
  return s.mode === 'incremental';
}

function sink(s: ServiceNowReadSettings, run: ReadRun, seen: { total: number | null }): ServiceNowReadSink {
  const topic = `servicenow/${s.table}`;
  const { runId } = run;
  return {
    async emit(records, page) {
      if (s.output === 'page') {
        run.send({ topic, payload: records.map((r) => r.payload), mlc: { runId, page, keys: records.map((r) => r.key) } });
      } else {
        for (const r of records) run.send({ topic, payload: r.payload, mlc: { key: r.key, source: r.source, runId } });
      }
      await run.pageSent(page, records.length);
    },
    total: (total) => {
      seen.total = total;
    },
  };
}
