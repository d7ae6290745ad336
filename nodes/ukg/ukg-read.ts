// mlc-ukg-read: reads one kind of UKG Pro record on each trigger (employees in full, by delta or a
// given set; payroll GL as journal entries or lines; pay register; pay statement summaries; org levels;
// jobs) and sends one message per record with msg.mlc for dedup and audit; output 2 says when the run
// is over. The reads, keys, cursor and GL grouping live in lib/ukg; this file resolves the config
// nodes, queues triggers and turns pages into messages.
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { newRunId, RunRecord } from '../../lib/read/run-record';
import { RunSlot } from '../../lib/read/run-slot';
import { runUkgRead, type UkgReadRequest, type UkgReadSink, type UkgReadSummary } from '../../lib/ukg/read-run';
import { missingStoreError, resolveStore } from '../core/store-user';
import { NodeInputError, toError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { DoneFn, MlcMessage, SendFn, UkgConfigNode } from '../shared/types';
import { readRequestFor, ukgReadSettingsFromNode, type UkgReadFields, type UkgReadSettings } from './ukg-read-settings';

interface ReadNodeFields extends UkgReadFields {
  ukg?: string;
  store?: string;
}

interface Trigger {
  msg: MlcMessage;
  send: SendFn;
  done: DoneFn;
}

export = function (RED: NodeAPI): void {
  function MlcUkgReadNode(this: Node, def: NodeDef & ReadNodeFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const server = def.ukg ? (RED.nodes.getNode(def.ukg) as UkgConfigNode | null) : null;
    const getStore = resolveStore(RED, def.store);
    // A redeploy aborts the run: the HTTP requests in flight, the audit wait and the page loop.
    const stop = new AbortController();
    let settings: UkgReadSettings | null = null;
    let settingsError: Error | null = null;
    try {
      settings = ukgReadSettingsFromNode(node.id, def);
    } catch (err) {
      settingsError = toError(err);
    }
    const slot = new RunSlot<Trigger>((trigger) => runRead(trigger));
    let activeRun: RunRecord | null = null;

    async function runRead({ msg, send, done }: Trigger): Promise<void> {
      try {
        if (stop.signal.aborted) {
          done();
          return;
        }
        const s = usable();
        const request = readRequestFor(s, msg);
        const store = getStore ? await getStore() : null;
        if (request.entity === 'employees' && request.mode === 'delta' && !store) throw missingStoreError('mlc-ukg-read (employee delta)');
        const client = (server as UkgConfigNode).getClient();
        const runId = newRunId(`ukg-read:${s.entity}`);
        const run = new RunRecord(store, runId);
        activeRun = run;
        await run.start(node.z ?? null, `mlc-ukg-read ${node.id}: ${describe(request)}`);
        status.set('working', `reading ${s.entity}`);
        let summary: UkgReadSummary;
        try {
          summary = await runUkgRead(client, store, request, messageSink(runId, send, run, (page, read) => status.progress(`page ${page}, ${read} sent`)), stop.signal);
          await run.finished(summary.nextWindowAt ? `too soon: next window at ${summary.nextWindowAt}` : `${summary.read} read in ${summary.pages} pages`);
        } catch (err) {
          await run.failed(toError(err).message);
          throw err;
        }
        for (const warning of summary.warnings) node.warn(warning);
        showOutcome(s, summary);
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

    function usable(): UkgReadSettings {
      if (settingsError) throw settingsError;
      if (!server || typeof server.getClient !== 'function') {
        throw new NodeInputError('mlc-ukg-read: no UKG connection configured; choose an mlc-ukg-config node', 'MLC_UKG_NO_CONFIG');
      }
      return settings as UkgReadSettings;
    }

    function showOutcome(s: UkgReadSettings, summary: UkgReadSummary): void {
      if (summary.nextWindowAt) status.set('waiting', `next window at ${shortTime(summary.nextWindowAt)}`);
      else if (summary.warnings.length > 0) status.set('waiting', `${summary.read} sent; ${summary.warnings.length} unbalanced`);
      else if (summary.read > 0) status.set('ok', `${summary.read} ${s.entity} sent`);
      else status.set('idle', 'nothing new');
    }

    if (settingsError) status.set('error', 'invalid settings');
    else if (!server) status.set('error', 'no UKG config');
    else if (settings?.entity === 'employees' && settings.employeeMode === 'delta' && !getStore) status.set('error', 'no store');
    else status.set('idle', 'ready');

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (stop.signal.aborted) {
        done();
        return;
      }
      const outcome = slot.offer({ msg, send, done });
      if (outcome === 'queued') status.set('waiting', 'running, 1 queued');
      if (outcome === 'refused') {
        done(new NodeInputError('mlc-ukg-read: a read is running and another is queued; this trigger was refused', 'MLC_UKG_READ_BUSY'));
      }
    });

    onClose(node, async () => {
      const reason = new Error('mlc-ukg-read: stopped by a redeploy');
      void activeRun?.failed(reason.message);
      stop.abort(reason);
      slot.takeQueued()?.done();
      await slot.idle();
      status.clear();
    });
  }

  RED.nodes.registerType('mlc-ukg-read', MlcUkgReadNode as unknown as (this: Node, def: NodeDef) => void);
};

function messageSink(runId: string, send: SendFn, run: RunRecord, progress: (page: number, read: number) => void): UkgReadSink {
  let read = 0;
  return {
    async emit(records, page) {
      // One send per record: Node-RED clones every message after the first of a send() call.
      for (const record of records) {
        send([{ topic: record.topic, payload: record.payload, mlc: { key: record.key, source: record.source, runId } } as NodeMessage, null]);
      }
      read += records.length;
      progress(page, read);
      await run.counted(records.length);
    },
  };
}

function describe(request: UkgReadRequest): string {
  if (request.entity === 'employees') return `employees (${request.mode})`;
  if (request.entity === 'gl') return `payroll GL ${'runId' in request.run ? request.run.runId : 'most recent run'} (${request.output === 'entry' ? `entries by ${request.grouping}` : 'lines'})`;
  return request.entity;
}

function shortTime(iso: string): string {
  return iso.replace('T', ' ').slice(0, 16) + ' UTC';
}

function completeMessage(msg: MlcMessage, s: UkgReadSettings, runId: string, summary: UkgReadSummary): NodeMessage {
  // The trigger message goes on, as Node-RED nodes reuse theirs, so what a flow put on it travels.
  msg.topic = `ukg/${s.entity}`;
  msg.payload = {
    entity: s.entity,
    read: summary.read,
    pages: summary.pages,
    runId,
    ...summary.details,
    ...(summary.warnings.length > 0 ? { warnings: summary.warnings } : {}),
    ...(summary.nextWindowAt ? { nextWindowAt: summary.nextWindowAt, reason: `UKG's minimum window has not passed since the last delta; the next run reads from ${String(summary.details['cursor'])}` } : {}),
  };
  return msg;
}
