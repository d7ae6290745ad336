// mlc-odoo-write: writes one record per message to Odoo (create, update, upsert, archive), batched
// with the messages that arrive together (lib/odoo/writer.ts). Output 1 written records with
// msg.mlc.target, output 2 failed ones with msg.error.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { parseEnvelope, type MlcEnvelope } from '../../lib/envelope';
import { failure, OdooWriteError } from '../../lib/odoo/write-errors';
import { writeRequestFrom, writeSettingsFrom, type WriteSettingFields, type WriteSettings } from '../../lib/odoo/write-input';
import type { WriteOutcome, WriteRequest } from '../../lib/odoo/write-request';
import { OdooWriter } from '../../lib/odoo/writer';
import { ConcurrencyGate } from '../../lib/util/concurrency-gate';
import { MicroBatcher } from '../../lib/util/micro-batcher';
import { NodeInputError, toError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { MlcMessage, OdooConfigNode } from '../shared/types';
import { WriteStatus } from '../shared/write-status';

const NODE_TYPE = 'mlc-odoo-write';
/** Batches of one node in flight at once: enough to overlap one batch's lookup with another's create. */
const CONCURRENT_BATCHES = 2;

interface WriteNodeFields extends WriteSettingFields {
  odoo?: string;
}

export = function (RED: NodeAPI): void {
  function MlcOdooWriteNode(this: Node, def: NodeDef & WriteNodeFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    let inflight = 0;
    const shown = new WriteStatus(status, () => inflight > 0);
    // With output 2 wired the failure is routed there and done() is called, so a Catch node does not
    // report it a second time; unwired, done(err) hands it to Catch nodes and the debug sidebar.
    const wires = (def as NodeDef & { wires?: unknown[][] }).wires;
    const errorOutputWired = Array.isArray(wires?.[1]) && wires[1].length > 0;

    let settings: WriteSettings | null = null;
    let setupError: Error | null = null;
    const config = def.odoo ? (RED.nodes.getNode(def.odoo) as OdooConfigNode | null) : null;
    try {
      settings = writeSettingsFrom(def);
      if (!config || typeof config.getClient !== 'function') throw new NodeInputError(`${NODE_TYPE}: no Odoo connection; choose an mlc-odoo-config node`, 'MLC_NO_CONFIG');
      status.set('idle', 'ready');
    } catch (err) {
      setupError = toError(err);
      status.set('error', setupError.message);
      node.error(`${NODE_TYPE}: ${setupError.message}`);
    }

    const gate = new ConcurrencyGate(CONCURRENT_BATCHES);
    let writer: OdooWriter | null = null;
    let batcher: MicroBatcher<WriteRequest, WriteOutcome> | null = null;
    let closing = false;
    const pending = new Set<Promise<WriteOutcome>>();

    const submit = (request: WriteRequest, batchSize: number): Promise<WriteOutcome> => {
      batcher ??= new MicroBatcher<WriteRequest, WriteOutcome>(
        (requests) =>
          gate.run(() => {
            // getClient throws when the config node's settings are unusable; that fails this batch only.
            writer ??= new OdooWriter((config as OdooConfigNode).getClient());
            return writer.writeBatch(requests);
          }),
        { maxBatch: batchSize },
      );
      inflight++;
      const outcome = batcher
        .submit(request)
        .catch((err: unknown) => failure(err))
        .finally(() => {
          inflight--;
          pending.delete(outcome);
        });
      pending.add(outcome);
      return outcome;
    };

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (setupError || !settings) throw setupError ?? new Error(`${NODE_TYPE}: not configured`);
      if (closing) throw new NodeInputError(`${NODE_TYPE}: the node is stopping; the record was not written`, 'MLC_NODE_CLOSING');
      // Everything up to submit is synchronous, so messages that arrive together land in one batch.
      let outcome: WriteOutcome;
      try {
        const mlc = msg.mlc === undefined ? undefined : parseEnvelope(msg.mlc);
        const request = writeRequestFrom({ payload: msg.payload, model: msg['model'], operation: msg['operation'], odooId: msg['odooId'], key: mlc?.key }, settings);
        outcome = await submit(request, settings.batchSize);
      } catch (err) {
        outcome = failure(err);
      }
      const model = typeof msg['model'] === 'string' && msg['model'] ? msg['model'] : (settings.model ?? '');

      if (outcome.ok) {
        if (outcome.created) shown.counts.created++;
        else shown.counts.updated++;
        msg.mlc = { ...(msg.mlc ?? {}), target: { system: 'odoo', entity: model, id: String(outcome.id) } } as MlcEnvelope;
        msg['odoo'] = {
          id: outcome.id,
          created: outcome.created,
          ...(outcome.posted !== undefined ? { posted: outcome.posted } : {}),
          ...(outcome.unchanged ? { unchanged: true } : {}),
        };
        shown.update();
        send([msg, null]);
        done();
        return;
      }

      shown.counts.failed++;
      shown.update();
      const { message, code, odooMessage } = outcome.error;
      msg.error = { message, code, ...(odooMessage !== undefined ? { odooMessage } : {}), source: { type: NODE_TYPE, id: node.id, ...(node.name ? { name: node.name } : {}) } };
      if (outcome.id !== undefined) msg['odoo'] = { id: outcome.id, created: outcome.created === true, posted: false };
      if (errorOutputWired) {
        send([null, msg]);
        done();
      } else done(new OdooWriteError(message, code as OdooWriteError['code'], odooMessage));
    });

    onClose(node, async () => {
      // Queued messages are flushed on the next turn of the event loop; wait for them and for the
      // batches in flight (onClose bounds the wait within Node-RED's close timeout).
      closing = true;
      await Promise.allSettled([...pending]);
      shown.clear();
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcOdooWriteNode as unknown as (this: Node, def: NodeDef) => void);
};
