// mlc-ukg-read: reads one kind of UKG Pro record on each trigger (employees in full, by delta or a
// given set; payroll GL as journal entries or lines; pay register; pay statement summaries; org levels;
// jobs) and sends one message per record with msg.mlc for dedup and audit; output 2 says when the run
// is over. The reads, keys, cursor and GL grouping live in lib/ukg, the trigger queue, run record and
// status in nodes/shared/read-node.ts; this file says which read a trigger makes and turns pages into
// messages.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { newRunId } from '../../lib/read/run-record';
import { runUkgRead, type UkgReadRequest, type UkgReadSink, type UkgReadSummary } from '../../lib/ukg/read-run';
import { missingStoreError } from '../core/store-user';
import { parseSettings, setUpReadNode, type ReadRun, type ShownStatus } from '../shared/read-node';
import { count } from '../shared/status';
import type { UkgConfigNode } from '../shared/types';
import { readRequestFor, ukgReadSettingsFromNode, type UkgReadFields, type UkgReadSettings } from './ukg-read-settings';

interface ReadNodeFields extends UkgReadFields {
  ukg?: string;
  store?: string;
}

export = function (RED: NodeAPI): void {
  function MlcUkgReadNode(this: Node, def: NodeDef & ReadNodeFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    setUpReadNode(RED, node, {
      type: 'mlc-ukg-read',
      system: { name: 'UKG', code: 'UKG', configType: 'mlc-ukg-config' },
      settings: parseSettings(() => ukgReadSettingsFromNode(node.id, def)),
      config: def.ukg ? (RED.nodes.getNode(def.ukg) as UkgConfigNode | null) : null,
      storeId: def.store,
      needsStore: (s) => s.entity === 'employees' && s.employeeMode === 'delta',
      async run({ msg, settings: s, signal, store: openStore, client: connect, start }) {
        const request = readRequestFor(s, msg);
        const store = await openStore();
        if (request.entity === 'employees' && request.mode === 'delta' && !store) throw missingStoreError('mlc-ukg-read (employee delta)');
        const client = connect();
        const run = await start({ runId: newRunId(`ukg-read:${s.entity}`), note: describe(request), reading: s.entity, progress: (page, sent) => `page ${page}, ${sent} sent` });
        const summary = await runUkgRead(client, store, request, messageSink(run), signal);
        return {
          note: summary.nextWindowAt ? `too soon: next window at ${summary.nextWindowAt}` : `${summary.read} read in ${count(summary.pages, 'page')}`,
          warnings: summary.warnings,
          status: outcomeStatus(s, summary),
          end: { topic: `ukg/${s.entity}`, payload: endPayload(s, run.runId, summary) },
        };
      },
    });
  }

  RED.nodes.registerType('mlc-ukg-read', MlcUkgReadNode as unknown as (this: Node, def: NodeDef) => void);
};

function messageSink(run: ReadRun): UkgReadSink {
  return {
    async emit(records, page) {
      for (const record of records) {
        run.send({ topic: record.topic, payload: record.payload, mlc: { key: record.key, source: record.source, runId: run.runId } });
      }
      await run.pageSent(page, records.length);
    },
  };
}

function describe(request: UkgReadRequest): string {
  if (request.entity === 'employees') return `employees (${request.mode})`;
  if (request.entity === 'gl') return `payroll GL ${'runId' in request.run ? request.run.runId : 'most recent run'} (${request.output === 'entry' ? `entries by ${request.grouping}` : 'lines'})`;
  return request.entity;
}

function outcomeStatus(s: UkgReadSettings, summary: UkgReadSummary): ShownStatus {
  if (summary.nextWindowAt) return { kind: 'waiting', text: `next window at ${shortTime(summary.nextWindowAt)}` };
  if (summary.warnings.length > 0) return { kind: 'waiting', text: `${summary.read} sent, ${count(summary.warnings.length, 'group')} unbalanced` };
  if (summary.read > 0) return { kind: 'ok', text: `${count(summary.read, ...NOUNS[s.entity])} sent` };
  return { kind: 'idle', text: 'nothing new' };
}

/** What one record of each entity is called in the status: "1 employee sent", "250 employees sent". */
const NOUNS: Record<UkgReadSettings['entity'], [string, string]> = {
  employees: ['employee', 'employees'],
  gl: ['GL record', 'GL records'],
  'pay-register': ['pay register row', 'pay register rows'],
  'pay-statements': ['pay statement', 'pay statements'],
  'org-levels': ['org level', 'org levels'],
  jobs: ['job', 'jobs'],
};

function shortTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16) + ' UTC';
}

function endPayload(s: UkgReadSettings, runId: string, summary: UkgReadSummary): Record<string, unknown> {
  return {
    entity: s.entity,
    read: summary.read,
    pages: summary.pages,
    runId,
    ...summary.details,
    ...(summary.warnings.length > 0 ? { warnings: summary.warnings } : {}),
    ...(summary.nextWindowAt ? { nextWindowAt: summary.nextWindowAt, reason: `UKG's minimum window has not passed since the last delta; the next run reads from ${String(summary.details['cursor'])}` } : {}),
  };
}
