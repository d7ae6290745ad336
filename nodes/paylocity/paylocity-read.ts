// mlc-paylocity-read: reads one kind of Paylocity WebLink record on each trigger (employees, all or a
// given set; pay statements of a check date; the payroll journal built from them; company codes) and
// sends one message per record with msg.mlc for dedup and audit; output 2 says when the run is over.
// The reads, keys and the journal live in lib/paylocity, the trigger queue, lease, run record and
// status in nodes/shared/read-node.ts; this file says which read a trigger makes and turns pages into
// messages.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { runPaylocityRead, type PaylocityReadRequest, type PaylocityReadSink, type PaylocityReadSummary } from '../../lib/paylocity/read-run';
import { newRunId } from '../../lib/read/run-record';
import { parseSettings, setUpReadNode, type ReadRun, type ShownStatus } from '../shared/read-node';
import { count } from '../shared/status';
import type { PaylocityConfigNode } from '../shared/types';
import { paylocityReadSettingsFromNode, readRequestFor, type PaylocityReadFields, type PaylocityReadSettings } from './paylocity-read-settings';

interface ReadNodeFields extends PaylocityReadFields {
  paylocity?: string;
  store?: string;
}

export = function (RED: NodeAPI): void {
  function MlcPaylocityReadNode(this: Node, def: NodeDef & ReadNodeFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    setUpReadNode(RED, node, {
      type: 'mlc-paylocity-read',
      system: { name: 'Paylocity', code: 'PAYLOCITY', configType: 'mlc-paylocity-config' },
      settings: parseSettings(() => paylocityReadSettingsFromNode(def)),
      config: def.paylocity ? (RED.nodes.getNode(def.paylocity) as PaylocityConfigNode | null) : null,
      storeId: def.store,
      needsStore: () => false,
      async run({ msg, settings: s, signal, store: openStore, client: connect, start }) {
        const client = connect();
        const request = readRequestFor(s, msg, client.companyId);
        await openStore();
        const seen: Progress = { total: null, employees: 0 };
        const run = await start({ runId: newRunId(`paylocity-read:${s.entity}`), note: describe(request), reading: READING[s.entity], progress: (page, sent) => progressText(s.entity, seen, page, sent) });
        const summary = await runPaylocityRead(client, request, messageSink(run, seen), signal);
        const total = seen.total;
        return {
          note: `${summary.read} read in ${count(summary.pages, 'page')}`,
          warnings: summary.warnings,
          status: outcomeStatus(s, summary),
          end: { topic: `paylocity/${s.entity}`, payload: { entity: s.entity, read: summary.read, pages: summary.pages, runId: run.runId, ...(total !== null ? { total } : {}), ...summary.details, ...(summary.warnings.length > 0 ? { warnings: summary.warnings } : {}) } },
        };
      },
    });
  }

  RED.nodes.registerType('mlc-paylocity-read', MlcPaylocityReadNode as unknown as (this: Node, def: NodeDef) => void);
};

interface Progress {
  /** X-Pcty-Total-Count of the employee list, or the size of a given set. */
  total: number | null;
  /** Employees whose pay statements were asked for so far. */
  employees: number;
}

function messageSink(run: ReadRun, seen: Progress): PaylocityReadSink {
  return {
    async emit(records, page) {
      for (const record of records) {
        run.send({ topic: record.topic, payload: record.payload, mlc: { key: record.key, source: record.source, runId: run.runId } });
      }
      await run.pageSent(page, records.length);
    },
    total: (total) => {
      seen.total = total;
    },
    // No record goes out, but the status moves: pay statements come employee by employee.
    progress: async (employees, page) => {
      seen.employees = employees;
      await run.pageSent(page, 0);
    },
  };
}

function progressText(entity: PaylocityReadSettings['entity'], seen: Progress, page: number, sent: number): string {
  const of = seen.total !== null ? ` of ${seen.total}` : '';
  switch (entity) {
    case 'employees':
      return `${sent}${of} employees`;
    case 'pay-statements':
      return `${seen.employees}${of} employees, ${count(sent, 'check')}`;
    case 'journal':
      return `${seen.employees}${of} employees read`;
    case 'codes':
      return `page ${page}, ${sent} sent`;
  }
}

function describe(request: PaylocityReadRequest): string {
  switch (request.entity) {
    case 'employees':
      return request.employeeIds ? `employees (${count(request.employeeIds.length, 'given')})` : 'employees (all)';
    case 'pay-statements':
      return `pay statements of ${request.checkDate ?? 'the latest check date'}${request.runId ? ` run ${request.runId}` : ''} (${request.parts})`;
    case 'journal':
      return `payroll journal of ${request.checkDate ?? 'the latest check date'}${request.runId ? ` run ${request.runId}` : ''} by ${request.rules.grouping}`;
    case 'codes':
      return `codes ${request.resource}`;
  }
}

const READING: Record<PaylocityReadSettings['entity'], string> = { employees: 'employees', 'pay-statements': 'pay statements', journal: 'pay statements for the journal', codes: 'codes' };

/** What one record of each entity is called in the status: "1 employee sent", "120 employees sent". */
const NOUNS: Record<PaylocityReadSettings['entity'], [string, string]> = {
  employees: ['employee', 'employees'],
  'pay-statements': ['check', 'checks'],
  journal: ['journal entry', 'journal entries'],
  codes: ['code', 'codes'],
};

function outcomeStatus(s: PaylocityReadSettings, summary: PaylocityReadSummary): ShownStatus {
  if (summary.warnings.length > 0) return { kind: 'waiting', text: `${summary.read} sent, ${count(summary.warnings.length, 'entry', 'entries')} not tied out` };
  if (summary.read > 0) return { kind: 'ok', text: `${count(summary.read, ...NOUNS[s.entity])} sent` };
  return { kind: 'idle', text: 'nothing to send' };
}
