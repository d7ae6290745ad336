// mlc-map: maps records with a declarative spec (lib/mapping). Output 1 mapped records, output 2
// rejected ones, each with its reasons, optionally kept in the store as failed so they can be replayed.
import { resolve as resolvePath } from 'node:path';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { MlcEnvelopeSchema, pageKeysOf, readLinksOf, type MlcEnvelope } from '../../lib/envelope';
import {
  compileMapping,
  layerTables,
  mapRecords,
  sortOutcomes,
  tablesFromLookups,
  TableSet,
  type CompiledMapping,
  type Envelope,
  type RejectedRecord,
} from '../../lib/mapping';
import { compileControls, type CompiledControls } from '../../lib/reconcile/source-controls';
import { parseControlSpec } from '../../lib/reconcile/spec';
import type { FailureReport, Store } from '../../lib/store/types';
import { NodeInputError, toError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { MlcMessage } from '../shared/types';
import { contextTables, parseContextRef, type ContextRef } from './map-context-tables';
import { controlsOf, keepControls } from './map-controls';
import { resolveStore } from './store-user';

interface MapSettings {
  rules?: unknown;
  keep?: boolean;
  keyExpression?: string;
  specFrom?: 'node' | 'msg';
  tables?: unknown;
  lookupsFrom?: boolean;
  /** Tables kept in flow or global context, e.g. "flow.lookups": refreshed by the flow, read per message. */
  contextTables?: string;
  outputMode?: 'batch' | 'split';
  store?: string;
  /** Control totals taken from each record of a run (lib/reconcile/spec.ts); empty for none. */
  controls?: unknown;
}

interface MapMessage extends MlcMessage {
  mapping?: unknown;
  lookups?: unknown;
}

/** msg.mlc as the map node accepts it: a batch's envelope may have no key. */
const IncomingEnvelopeSchema = MlcEnvelopeSchema.partial({ key: true });

/** Specs from messages are compiled once per distinct spec; flows usually send one or two. */
const MSG_SPEC_CACHE_SIZE = 16;

export = function (RED: NodeAPI): void {
  function MlcMapNode(this: Node, def: NodeDef & MapSettings): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const specFrom = def.specFrom === 'msg' ? 'msg' : 'node';
    const splitBatches = def.outputMode === 'split';
    const userDir = (RED.settings as unknown as { userDir?: string }).userDir ?? process.cwd();
    const getStore = def.store ? resolveStore(RED, def.store) : null;
    const counts = { mapped: 0, rejected: 0 };
    const msgSpecs = new Map<string, CompiledMapping>();

    // Configuration errors are reported on every message (so a Catch node sees them), not only at deploy.
    let setupError: Error | null = null;
    let contextRef: ContextRef | null = null;
    let nodeMapping: CompiledMapping | null = null;
    let tableSet: TableSet | null = null;
    let controls: CompiledControls | null = null;
    try {
      tableSet = new TableSet(Array.isArray(def.tables) ? def.tables : [], (p) => resolvePath(userDir, p));
      if (specFrom === 'node') {
        nodeMapping = compileMapping({
          rules: def.rules,
          keep: def.keep === true,
          ...(def.keyExpression?.trim() ? { key: def.keyExpression.trim() } : {}),
        });
      }
      if (def.store && !getStore) throw new NodeInputError('mlc-map: the chosen mlc-store config node is missing', 'MLC_NO_STORE');
      contextRef = parseContextRef(def.contextTables);
      const controlSpec = parseControlSpec(def.controls);
      if (!controlSpec.ok) throw new NodeInputError(`mlc-map: ${controlSpec.problem}`, 'MLC_MAP_BAD_SETTINGS');
      if (controlSpec.spec && !def.store) throw new NodeInputError('mlc-map: controls are kept in the store: choose an mlc-store', 'MLC_MAP_BAD_SETTINGS');
      controls = controlSpec.spec ? compileControls(controlSpec.spec) : null;
      status.set('idle', 'ready');
    } catch (err) {
      setupError = toError(err);
      status.set('error', setupError.message);
      node.error(setupError.message);
    }

    const mappingFor = (msg: MapMessage): CompiledMapping => {
      if (nodeMapping) return nodeMapping;
      if (msg.mapping === undefined) throw new NodeInputError('mlc-map: msg.mapping is missing (the node takes its spec from the message)', 'MLC_MAP_BAD_SPEC');
      const cacheKey = JSON.stringify(msg.mapping);
      let mapping = msgSpecs.get(cacheKey);
      if (!mapping) {
        mapping = compileMapping(msg.mapping);
        if (msgSpecs.size >= MSG_SPEC_CACHE_SIZE) msgSpecs.delete(msgSpecs.keys().next().value as string);
        msgSpecs.set(cacheKey, mapping);
      }
      return mapping;
    };

    onInput<MapMessage>(node, status, async (msg, send, done) => {
      if (setupError) throw setupError;
      const mapping = mappingFor(msg);
      const incoming = readEnvelope(msg.mlc);
      const fromContext = contextRef ? await contextTables(node, contextRef) : null;
      const fromMsg = def.lookupsFrom && msg.lookups !== undefined ? tablesFromLookups(msg.lookups, 'msg.lookups') : null;
      // Node tables, then context tables, then msg.lookups: the most specific source wins.
      const tables = layerTables(await (tableSet as TableSet).load(), fromContext, fromMsg);
      const mapper = mapping.prepare(tables, incoming);

      const batch = Array.isArray(msg.payload);
      const records: unknown[] = batch ? (msg.payload as unknown[]) : [msg.payload];
      const results = await mapRecords(mapper, records, { isAsync: mapping.isAsync });
      const { mapped, rejected } = sortOutcomes(records, results, {
        batch,
        mlc: incoming,
        keyUnkeyedRejections: getStore !== null,
        nodeId: node.id,
        keepInput: !batch || splitBatches,
      });

      // Control totals and rejections are kept before they are sent, so whatever reacts to the
      // outputs (a reconciliation, a replay) finds them in the store.
      let storeError: Error | null = null;
      if (controls && getStore) {
        try {
          await keepControls(await getStore(), controlsOf(controls, [...mapped, ...rejected], tables));
        } catch (err) {
          const cause = toError(err);
          storeError = 'code' in cause && cause.code === 'MLC_CONTROLS_BAD_AMOUNT' ? cause : new NodeInputError(`mlc-map: the run's control totals could not be kept in the store: ${cause.message}`, 'MLC_MAP_STORE_FAILED');
        }
      }
      if (getStore && rejected.length) {
        try {
          await recordRejections(await getStore(), rejected, { node: node.id, flow: node.z ?? null });
        } catch (err) {
          storeError ??= new NodeInputError(
            `mlc-map: ${rejected.length} rejected record(s) went out of output 2 but could not be kept in the store: ${toError(err).message}`,
            'MLC_MAP_STORE_FAILED',
          );
        }
      }

      counts.mapped += mapped.length;
      counts.rejected += rejected.length;
      status.progress(`mapped ${counts.mapped}, rejected ${counts.rejected}`);

      if (!batch) {
        const [outcome] = mapped.length ? mapped : rejected;
        if (!outcome) throw new Error('mlc-map: no outcome for the record'); // cannot happen: one record, one result
        if ('value' in outcome) msg.payload = outcome.value;
        else msg.error = outcome.error;
        setEnvelope(msg, outcome.mlc);
        send(mapped.length ? [msg, null] : [null, msg]);
      } else {
        // Per-record messages carry the batch message's other properties, but not its inputs to mapping.
        const { payload: _payload, mapping: _mapping, lookups: _lookups, ...base } = msg;
        const perRecord = (payload: unknown, mlc: Envelope | undefined): MapMessage => {
          const out: MapMessage = { ...base, payload };
          setEnvelope(out, mlc);
          return out;
        };
        let first: MapMessage | MapMessage[] | null;
        if (splitBatches) first = mapped.length ? mapped.map((m) => perRecord(m.value, m.mlc)) : null;
        else {
          msg.payload = mapped.map((m) => m.value);
          const keys = alignedPageKeys(incoming, records, results);
          if (keys) setEnvelope(msg, { ...(incoming ?? {}), ...keys });
          first = msg;
        }
        const second = rejected.map((r) => ({ ...perRecord(r.record, r.mlc), error: r.error }));
        send([first, second.length ? second : null]);
      }

      if (storeError) throw storeError;
      done();
    });

    onClose(node, () => status.clear());
  }

  RED.nodes.registerType('mlc-map', MlcMapNode as unknown as (this: Node, def: NodeDef) => void);
};

/**
 * A page's keys (msg.mlc.keys, by position) kept aligned with the records that leave mapped: a
 * rejected record's key goes with it, and a record the mapping gave a key of its own goes on under
 * it, with the read's key in msg.mlc.readKeys so the read's audit wait can follow it; msg.mlc.inputs
 * holds the records as they came in.
 */
function alignedPageKeys(incoming: Envelope | undefined, records: readonly unknown[], results: ReadonlyArray<{ ok: boolean; key?: string }>): { keys: string[]; inputs: unknown[]; readKeys?: string[] } | null {
  const given = pageKeysOf(incoming, results.length);
  if (!given) return null;
  const keys: string[] = [];
  const readKeys: string[] = [];
  // The records as they came in, by position, as a single record's msg.mlc.input: a record of the page
  // that fails later is kept with it, so replay maps it again from the source.
  const inputs: unknown[] = [];
  results.forEach((result, i) => {
    if (!result.ok) return;
    const readKey = given[i] as string;
    keys.push(result.key ?? readKey);
    readKeys.push(readKey);
    inputs.push(records[i]);
  });
  return keys.some((key, i) => key !== readKeys[i]) ? { keys, inputs, readKeys } : { keys, inputs };
}

function readEnvelope(value: unknown): Envelope | undefined {
  if (value === undefined || value === null) return undefined;
  const parsed = IncomingEnvelopeSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length ? `msg.mlc.${issue.path.join('.')}` : 'msg.mlc';
  throw new NodeInputError(`mlc-map: ${where}: ${issue ? issue.message : 'invalid'}`, 'MLC_BAD_ENVELOPE');
}

function setEnvelope(msg: MapMessage, mlc: Envelope | undefined): void {
  if (mlc) msg.mlc = mlc as MlcEnvelope;
  else delete msg.mlc;
}

async function recordRejections(store: Store, rejected: readonly RejectedRecord[], where: { node: string; flow: string | null }): Promise<void> {
  const reports: FailureReport[] = rejected.map((r) => {
    const mlc = r.mlc as MlcEnvelope; // has a key: sortOutcomes derives one when a store is set
    return {
      key: mlc.key,
      error: { message: r.error.message, code: r.error.code, source: 'mlc-map', node: where.node },
      payload: r.record,
      // What was rejected is the record as it came in: replay sends it through this mapping again.
      input: mlc.input ?? r.record,
      mlc,
      runId: mlc.runId ?? null,
      source: mlc.source ?? null,
      flow: where.flow,
    };
  });
  await store.linkReadKeys(readLinksOf(reports));
  if (reports.length === 1) await store.markFailed(reports[0] as FailureReport);
  else await store.markFailedMany(reports);
  // A rejection is a failure of the run that read the record, counted with the write failures.
  const perRun = new Map<string, number>();
  for (const report of reports) if (report.runId) perRun.set(report.runId, (perRun.get(report.runId) ?? 0) + 1);
  for (const [runId, failed] of perRun) await store.addRunCounts(runId, { failed });
}
