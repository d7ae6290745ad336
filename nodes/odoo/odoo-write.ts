// mlc-odoo-write: writes one record per message to Odoo (create, update, upsert, archive), batched
// with the messages that arrive together (lib/odoo/writer.ts). Output 1 written records with
// msg.mlc.target, output 2 failed ones with msg.error.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { parseEnvelope, type MlcEnvelope } from '../../lib/envelope';
import { failure, OdooWriteError } from '../../lib/odoo/write-errors';
import { DEFAULT_BATCH_SIZE, writeRequestFrom, writeSettingsFrom, type WriteSettingFields, type WriteSettings } from '../../lib/odoo/write-input';
import { OdooWritePlanner, type PlanOutcome } from '../../lib/odoo/write-plan';
import type { WriteOutcome, WriteRequest } from '../../lib/odoo/write-request';
import { OdooWriter } from '../../lib/odoo/writer';
import { NodeInputError, toError } from '../shared/errors';
import { onClose, onSyncInput } from '../shared/input';
import { isPlanned, PlannedWrites } from '../shared/plan-mode';
import { NodeStatus } from '../shared/status';
import type { DoneFn, MlcMessage, OdooConfigNode, SendFn } from '../shared/types';
import { BatchedWrites, enqueueWrite } from '../shared/write-node';

const NODE_TYPE = 'mlc-odoo-write';
/** Batches of one node in flight at once: enough to overlap one batch's lookup with another's create. */
const CONCURRENT_BATCHES = 2;

interface WriteNodeFields extends WriteSettingFields {
  odoo?: string;
  /** Plan only: look each record up and say what would be written, write nothing. Absent in flows saved before it: off. */
  planOnly?: boolean;
}

export = function (RED: NodeAPI): void {
  function MlcOdooWriteNode(this: Node, def: NodeDef & WriteNodeFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);

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

    const writes = new BatchedWrites<WriteRequest, WriteOutcome>(node, def, status, {
      nodeType: NODE_TYPE,
      // With unusable settings no message is submitted, so the size is never used.
      maxBatch: settings?.batchSize ?? DEFAULT_BATCH_SIZE,
      concurrentBatches: CONCURRENT_BATCHES,
      openWriter: () => new OdooWriter((config as OdooConfigNode).getClient()),
      failed: (_request, err) => failure(err),
    });
    const plans = new PlannedWrites<WriteRequest, PlanOutcome>(node, status, {
      maxBatch: settings?.batchSize ?? DEFAULT_BATCH_SIZE,
      concurrentBatches: CONCURRENT_BATCHES,
      openPlanner: () => new OdooWritePlanner((config as OdooConfigNode).getClient()),
      failed: (_request, err) => failure(err),
    });

    const finish = (outcome: WriteOutcome, model: string, msg: MlcMessage, send: SendFn, done: DoneFn): void => {
      if (outcome.ok) {
        msg.mlc = { ...(msg.mlc ?? {}), target: { system: 'odoo', entity: model, id: String(outcome.id) } } as MlcEnvelope;
        const odoo: Record<string, unknown> = { id: outcome.id, created: outcome.created };
        if (outcome.posted !== undefined) odoo['posted'] = outcome.posted;
        if (outcome.unchanged) odoo['unchanged'] = true;
        msg['odoo'] = odoo;
        writes.written(outcome.created, msg, send, done);
        return;
      }
      const { message, code, odooMessage } = outcome.error;
      if (outcome.id !== undefined) msg['odoo'] = { id: outcome.id, created: outcome.created === true, posted: false };
      writes.failed({ message, code, ...(odooMessage !== undefined ? { odooMessage } : {}) }, () => new OdooWriteError(message, code as OdooWriteError['code'], odooMessage), msg, send, done);
    };

    // On the callback path, as the other write nodes (nodes/shared/write-node.ts): no promise per message.
    onSyncInput<MlcMessage>(node, status, (msg, send, done) => {
      if (setupError || !settings) throw setupError ?? new Error(`${NODE_TYPE}: not configured`);
      if (writes.closing) throw new NodeInputError(`${NODE_TYPE}: the node is stopping; the record was not written`, 'MLC_NODE_CLOSING');
      // Everything up to enqueue is synchronous, so messages that arrive together land in one batch.
      const model = typeof msg['model'] === 'string' && msg['model'] ? msg['model'] : (settings.model ?? '');
      const request = (): WriteRequest => requestOf(msg, settings);
      if (isPlanned(msg.mlc, def.planOnly === true)) {
        const post = { payload: msg.payload, ...pick(msg, ['model', 'operation', 'odooId']) };
        const planned = (plan: PlanOutcome): void => plans.planned(plan.ok ? plan : { ok: false, error: plan.error }, { system: 'odoo', entity: model || 'unknown' }, post, msg, send, done);
        let made: WriteRequest;
        try {
          made = request();
        } catch (err) {
          planned(failure(err));
          return;
        }
        plans.submit(made).then(planned, (err: unknown) => planned(failure(err)));
        return;
      }
      enqueueWrite(writes, status, request, failure, (outcome) => finish(outcome, model, msg, send, done), done);
    });

    onClose(node, async () => {
      await Promise.all([writes.close(), plans.close()]);
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcOdooWriteNode as unknown as (this: Node, def: NodeDef) => void);
};

function pick(msg: MlcMessage, names: string[]): Record<string, unknown> {
  return Object.fromEntries(names.filter((name) => msg[name] !== undefined).map((name) => [name, msg[name]]));
}

function requestOf(msg: MlcMessage, settings: WriteSettings): WriteRequest {
  const mlc = msg.mlc === undefined ? undefined : parseEnvelope(msg.mlc);
  return writeRequestFrom({ payload: msg.payload, model: msg['model'], operation: msg['operation'], odooId: msg['odooId'], key: mlc?.key, attempt: mlc?.['attempt'], hasTarget: mlc?.target !== undefined }, settings);
}
