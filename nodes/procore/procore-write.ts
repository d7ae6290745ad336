// mlc-procore-write: Odoo records into Procore, keyed by origin_id (lib/procore/writer.ts): vendors
// through /sync (batched up to 1,000 a call), purchase orders as purchase order contracts with line
// items, vendor bills as direct costs of type invoice. Output 1 written records with msg.mlc.target,
// output 2 failed ones with msg.error carrying Procore's message. Looked up by origin_id before every
// create, so a replay never duplicates.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { MlcEnvelope } from '../../lib/envelope';
import { PROCORE_SYNC_MAX } from '../../lib/procore/client';
import { parseProcoreOperation, procoreRequestFrom, type ProcoreWriteOperation, type ProcoreWriteRequest } from '../../lib/procore/write-input';
import { failedProcoreOutcome, ProcoreWriter, type ProcoreWriteOutcome } from '../../lib/procore/writer';
import { NodeInputError, toError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { MlcMessage, ProcoreConfigNode } from '../shared/types';
import { BatchedWrites } from '../shared/write-node';

const NODE_TYPE = 'mlc-procore-write';
const CONCURRENT_BATCHES = 2;

interface WriteFields {
  procore?: string;
  operation?: string;
}

class ProcoreWriteError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'ProcoreWriteError';
  }
}

export = function (RED: NodeAPI): void {
  function MlcProcoreWriteNode(this: Node, def: NodeDef & WriteFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const abort = new AbortController();

    let operation: ProcoreWriteOperation = 'vendor';
    let setupError: Error | null = null;
    const config = def.procore ? (RED.nodes.getNode(def.procore) as ProcoreConfigNode | null) : null;
    try {
      operation = parseProcoreOperation(def.operation, 'vendor');
      if (!config || typeof config.getClient !== 'function') throw new NodeInputError(`${NODE_TYPE}: no Procore connection; choose an mlc-procore-config node`, 'MLC_NO_CONFIG');
      status.set('idle', 'ready');
    } catch (err) {
      setupError = toError(err);
      status.set('error', setupError.message);
      node.error(setupError.message);
    }

    const writes = new BatchedWrites<ProcoreWriteRequest, ProcoreWriteOutcome>(node, def, status, {
      nodeType: NODE_TYPE,
      maxBatch: PROCORE_SYNC_MAX,
      concurrentBatches: CONCURRENT_BATCHES,
      openWriter: () => {
        const writer = new ProcoreWriter((config as ProcoreConfigNode).getClient());
        return { writeBatch: (requests) => writer.writeBatch(requests, abort.signal) };
      },
      failed: (request, err) => failedProcoreOutcome(request, err),
    });

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (setupError) throw setupError;
      if (writes.closing) throw new NodeInputError(`${NODE_TYPE}: the node is stopping; the record was not written`, 'MLC_NODE_CLOSING');
      let outcome: ProcoreWriteOutcome;
      try {
        outcome = await writes.submit(procoreRequestFrom(msg.payload, parseProcoreOperation(msg['operation'], operation)));
      } catch (err) {
        outcome = failedProcoreOutcome(undefined, err);
      }

      if (outcome.ok) {
        msg.mlc = { ...(msg.mlc ?? {}), target: { system: 'procore', entity: outcome.entity, id: outcome.id } } as MlcEnvelope;
        msg['procore'] = {
          entity: outcome.entity,
          id: outcome.id,
          originId: outcome.originId,
          created: outcome.created,
          ...(outcome.projectId ? { projectId: outcome.projectId } : {}),
          ...(outcome.updated ? { updated: true } : {}),
          ...(outcome.unchanged ? { unchanged: true } : {}),
          ...(outcome.confirmedBy ? { confirmedBy: outcome.confirmedBy } : {}),
          ...(outcome.lines ? { lines: outcome.lines } : {}),
        };
        writes.written(outcome.created, msg, send, done);
        return;
      }
      const { message, code, status: httpStatus, transient } = outcome.error;
      writes.failed(
        { message, code, ...(httpStatus !== undefined ? { status: httpStatus } : {}), ...(transient ? { transient } : {}) },
        () => new ProcoreWriteError(message, code, httpStatus),
        msg,
        send,
        done,
      );
    });

    onClose(node, async () => {
      await writes.close();
      abort.abort();
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcProcoreWriteNode as unknown as (this: Node, def: NodeDef) => void);
};
