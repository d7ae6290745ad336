// mlc-servicenow-map: checks that the supplier, cost center, GL account and legal entity a record (and
// each line) names exist in ServiceNow before it is posted, and puts on it what the target takes (the
// staging key, the sys_id or the display value), by a table of rows edited in the node or loaded from a
// message. A record or a page of records costs one query per table for the keys the connection's cache
// lacks; a record with a reference ServiceNow lacks leaves by output 2 with msg.error (for mlc-audit).
// The rules live in lib/servicenow/references.ts.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { checkReferences, parseReferenceRows, referenceCacheFor, type RecordOutcome, type ReferenceCache, type ReferenceRow } from '../../lib/servicenow/references';
import { toError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { MlcMessage, ServiceNowConfigNode } from '../shared/types';

interface MapNodeFields {
  servicenow?: string;
  rows?: unknown;
  lines?: string;
  ttlSeconds?: string | number;
}

const LOAD_TOPIC = 'servicenow/references';
const DEFAULT_TTL_SECONDS = 300;

export = function (RED: NodeAPI): void {
  function MlcServiceNowMapNode(this: Node, def: NodeDef & MapNodeFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const stop = new AbortController();
    const lines = def.lines === undefined ? 'lines' : def.lines.trim();
    const ttlSeconds = Number(def.ttlSeconds === undefined || def.ttlSeconds === '' ? DEFAULT_TTL_SECONDS : def.ttlSeconds);
    const config = def.servicenow ? (RED.nodes.getNode(def.servicenow) as (Node & Partial<ServiceNowConfigNode>) | null) : null;
    let rows: ReferenceRow[] = [];
    let setupError: Error | null = null;
    try {
      if (!Number.isFinite(ttlSeconds) || ttlSeconds < 0) throw new Error(`mlc-servicenow-map: cache time ${JSON.stringify(def.ttlSeconds)} is not a number of seconds`);
      rows = parseReferenceRows(def.rows ?? [], 'the table');
    } catch (err) {
      setupError = toError(err);
    }
    let checked = 0;
    let failed = 0;

    const cacheOf = (): ReferenceCache => {
      if (!config || typeof config.getClient !== 'function') throw new Error('mlc-servicenow-map: no ServiceNow connection configured; choose an mlc-servicenow-config node');
      return referenceCacheFor(config.getClient());
    };

    if (setupError) status.set('error', 'invalid table');
    else if (!config) status.set('error', 'no ServiceNow config');
    else status.set('idle', `${rows.length} reference rows`);

    const refusal = (msg: MlcMessage, outcome: Extract<RecordOutcome, { ok: false }>): void => {
      msg['error'] = { message: outcome.error.message, code: outcome.error.code, source: { id: node.id, type: 'mlc-servicenow-map', name: def.name } };
    };

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (msg.topic === LOAD_TOPIC) {
        rows = parseReferenceRows(msg.payload, 'msg.payload');
        setupError = null;
        // New rows may look up by other columns or trust other records: start from what ServiceNow holds now.
        cacheOf().clear();
        status.set('idle', `${rows.length} reference rows`);
        done();
        return;
      }
      if (setupError) throw setupError;
      const batch = Array.isArray(msg.payload);
      const records: unknown[] = batch ? (msg.payload as unknown[]) : [msg.payload];
      const outcomes = await checkReferences(cacheOf(), rows, records, { lines, ttlMs: ttlSeconds * 1000, signal: stop.signal });
      const passed = outcomes.filter((o): o is Extract<RecordOutcome, { ok: true }> => o.ok);
      checked += passed.length;
      failed += outcomes.length - passed.length;
      status.set(failed > 0 ? 'waiting' : 'ok', `${checked} checked${failed > 0 ? `, ${failed} refused` : ''}`);

      if (!batch) {
        const [outcome] = outcomes;
        if (!outcome) throw new Error('mlc-servicenow-map: no outcome for the record'); // one record in, one outcome out
        if (outcome.ok) {
          msg.payload = outcome.record;
          msg['servicenow'] = { references: outcome.references };
          send([msg, null]);
        } else {
          refusal(msg, outcome);
          send([null, msg]);
        }
        done();
        return;
      }
      // A page: the records that passed go on together; each refused one leaves alone, so it is audited by itself.
      // The page's key (if any) is not a record's: without one, mlc-audit keys each refused record by its content.
      const { payload: _payload, mlc: pageMlc, ...base } = msg;
      const { key: _key, ...recordMlc } = pageMlc ?? {};
      const refused = outcomes.flatMap((outcome, index) => {
        if (outcome.ok) return [];
        const out: MlcMessage = { ...base, ...(Object.keys(recordMlc).length > 0 ? { mlc: recordMlc as MlcMessage['mlc'] } : {}), payload: records[index] };
        refusal(out, outcome);
        return [out];
      });
      msg.payload = passed.map((o) => o.record);
      send([passed.length > 0 ? msg : null, refused.length > 0 ? refused : null]);
      done();
    });

    onClose(node, () => {
      stop.abort(new Error('mlc-servicenow-map: stopped by a redeploy'));
      status.clear();
    });
  }

  RED.nodes.registerType('mlc-servicenow-map', MlcServiceNowMapNode as unknown as (this: Node, def: NodeDef) => void);
};
