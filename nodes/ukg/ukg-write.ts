// mlc-ukg-write: org levels into UKG Pro (the Odoo → UKG side of cost-center alignment), one per
// message, the messages arriving together sent in one bulk POST (lib/ukg/org-level-writer.ts).
// Output 1 written org levels with msg.mlc.target, output 2 failed ones with msg.error. After a lost
// answer the writer looks the org levels up before it sends anything again (org-level-writer.ts).
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { MlcEnvelope } from '../../lib/envelope';
import { orgLevelId, orgLevelRequestFrom, parseOperation, type OrgLevelOperation, type OrgLevelRequest } from '../../lib/ukg/org-level-input';
import { failedOutcome, OrgLevelWriter, type OrgLevelOutcome } from '../../lib/ukg/org-level-writer';
import { NodeInputError, toError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { isPlanned, refusePlan } from '../shared/plan-mode';
import { NodeStatus } from '../shared/status';
import type { MlcMessage, UkgConfigNode } from '../shared/types';
import { BatchedWrites } from '../shared/write-node';

const NODE_TYPE = 'mlc-ukg-write';
/** Batches of one node in flight at once: one can wait on its PATCHes while the next POSTs. */
const CONCURRENT_BATCHES = 2;
const DEFAULT_BATCH_SIZE = 100;
const MAX_BATCH_SIZE = 1000;

interface WriteFields {
  ukg?: string;
  operation?: string;
  batchSize?: string | number;
}

class UkgWriteError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'UkgWriteError';
  }
}

function batchSizeFrom(value: string | number | undefined): number {
  if (value === undefined || value === '') return DEFAULT_BATCH_SIZE;
  const n = Math.floor(Number(value));
  if (!Number.isFinite(n) || n < 1) throw new NodeInputError(`${NODE_TYPE}: the batch size must be a whole number from 1`, 'MLC_BAD_SETTINGS');
  return Math.min(MAX_BATCH_SIZE, n);
}

export = function (RED: NodeAPI): void {
  function MlcUkgWriteNode(this: Node, def: NodeDef & WriteFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);

    let operation: OrgLevelOperation = 'upsert';
    let batchSize = DEFAULT_BATCH_SIZE;
    let setupError: Error | null = null;
    const config = def.ukg ? (RED.nodes.getNode(def.ukg) as UkgConfigNode | null) : null;
    try {
      operation = parseOperation(def.operation, 'upsert');
      batchSize = batchSizeFrom(def.batchSize);
      if (!config || typeof config.getClient !== 'function') throw new NodeInputError(`${NODE_TYPE}: no UKG connection; choose an mlc-ukg-config node`, 'MLC_NO_CONFIG');
      status.set('idle', 'ready');
    } catch (err) {
      setupError = toError(err);
      status.set('error', setupError.message);
      node.error(setupError.message);
    }

    const writes = new BatchedWrites<OrgLevelRequest, OrgLevelOutcome>(node, def, status, {
      nodeType: NODE_TYPE,
      maxBatch: batchSize,
      concurrentBatches: CONCURRENT_BATCHES,
      openWriter: () => new OrgLevelWriter((config as UkgConfigNode).getClient()),
      failed: (request, err) => failedOutcome(orgLevelId(request.level, request.code), err),
    });

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (setupError) throw setupError;
      if (writes.closing) throw new NodeInputError(`${NODE_TYPE}: the node is stopping; the org level was not written`, 'MLC_NODE_CLOSING');
      if (isPlanned(msg.mlc)) return refusePlan(node, NODE_TYPE, msg, send, done);
      // Everything up to submit is synchronous, so messages that arrive together land in one POST.
      let outcome: OrgLevelOutcome;
      try {
        outcome = await writes.submit(orgLevelRequestFrom(msg.payload, parseOperation(msg['operation'], operation)));
      } catch (err) {
        outcome = failedOutcome('', err);
      }

      if (outcome.ok) {
        msg.mlc = { ...(msg.mlc ?? {}), target: { system: 'ukg', entity: 'org-level', id: outcome.id } } as MlcEnvelope;
        // confirmedBy 'lookup': the answer was lost, and UKG was asked whether it holds the org level.
        msg['ukg'] = { status: outcome.status, created: outcome.created, ...(outcome.confirmedBy ? { confirmedBy: outcome.confirmedBy } : {}) };
        writes.written(outcome.created, msg, send, done);
        return;
      }

      const { message, code, status: httpStatus, transient } = outcome.error;
      writes.failed({ message, code, ...(httpStatus !== undefined ? { status: httpStatus } : {}), ...(transient ? { transient } : {}) }, () => new UkgWriteError(message, code, httpStatus), msg, send, done);
    });

    onClose(node, () => writes.close());
  }

  RED.nodes.registerType(NODE_TYPE, MlcUkgWriteNode as unknown as (this: Node, def: NodeDef) => void);
};
