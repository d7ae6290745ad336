// mlc-paylocity-write: employees into Paylocity (the Odoo → Paylocity side): a new hire (POST) or an
// update of only the fields given (PATCH), one per message (lib/paylocity/employee-writer.ts). Output 1
// written employees with msg.mlc.target, output 2 failed ones with msg.error naming each field Paylocity
// refused. A new hire is looked up by its employee id before every POST, so a replay never hires twice.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { MlcEnvelope } from '../../lib/envelope';
import { employeeRequestFrom, parseEmployeeOperation, type EmployeeOperation, type EmployeeWriteRequest } from '../../lib/paylocity/employee-input';
import { EmployeeWriter, failedEmployeeOutcome, type EmployeeWriteOutcome } from '../../lib/paylocity/employee-writer';
import { NodeInputError, toError } from '../shared/errors';
import { onClose, onInput } from '../shared/input';
import { NodeStatus } from '../shared/status';
import type { MlcMessage, PaylocityConfigNode } from '../shared/types';
import { BatchedWrites } from '../shared/write-node';

const NODE_TYPE = 'mlc-paylocity-write';
/** Messages taken together; each is its own call, paced and bounded by the config node's client. */
const BATCH = 50;
const CONCURRENT_BATCHES = 2;

interface WriteFields {
  paylocity?: string;
  operation?: string;
  /** Update: PATCH only what differs from Paylocity (reads the employee first). Absent in flows saved before it: on. */
  onlyChanged?: boolean;
}

class PaylocityWriteError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PaylocityWriteError';
  }
}

export = function (RED: NodeAPI): void {
  function MlcPaylocityWriteNode(this: Node, def: NodeDef & WriteFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const status = new NodeStatus(node);
    const abort = new AbortController();

    let operation: EmployeeOperation = 'update';
    let setupError: Error | null = null;
    const config = def.paylocity ? (RED.nodes.getNode(def.paylocity) as PaylocityConfigNode | null) : null;
    try {
      operation = parseEmployeeOperation(def.operation, 'update');
      if (!config || typeof config.getClient !== 'function') throw new NodeInputError(`${NODE_TYPE}: no Paylocity connection; choose an mlc-paylocity-config node`, 'MLC_NO_CONFIG');
      status.set('idle', 'ready');
    } catch (err) {
      setupError = toError(err);
      status.set('error', setupError.message);
      node.error(setupError.message);
    }

    const writes = new BatchedWrites<EmployeeWriteRequest, EmployeeWriteOutcome>(node, def, status, {
      nodeType: NODE_TYPE,
      maxBatch: BATCH,
      concurrentBatches: CONCURRENT_BATCHES,
      openWriter: () => {
        const writer = new EmployeeWriter((config as PaylocityConfigNode).getClient(), { onlyChanged: def.onlyChanged !== false });
        return { writeBatch: (requests) => writer.writeBatch(requests, abort.signal) };
      },
      failed: (request, err) => failedEmployeeOutcome(request.employeeId, err),
    });

    onInput<MlcMessage>(node, status, async (msg, send, done) => {
      if (setupError) throw setupError;
      if (writes.closing) throw new NodeInputError(`${NODE_TYPE}: the node is stopping; the employee was not written`, 'MLC_NODE_CLOSING');
      let outcome: EmployeeWriteOutcome;
      try {
        outcome = await writes.submit(employeeRequestFrom(msg.payload, parseEmployeeOperation(msg['operation'], operation)));
      } catch (err) {
        outcome = failedEmployeeOutcome('', err);
      }

      if (outcome.ok) {
        msg.mlc = { ...(msg.mlc ?? {}), target: { system: 'paylocity', entity: 'employee', id: outcome.id } } as MlcEnvelope;
        // confirmedBy 'lookup': Paylocity already held this hire (an earlier attempt's, whose answer was lost).
        msg['paylocity'] = {
          operation: outcome.operation,
          employeeId: outcome.id,
          created: outcome.created,
          ...(outcome.confirmedBy ? { confirmedBy: outcome.confirmedBy } : {}),
          ...(outcome.unchanged ? { unchanged: true } : {}),
          ...(outcome.sent ? { sent: outcome.sent } : {}),
        };
        writes.written(outcome.created, msg, send, done);
        return;
      }
      const { message, code, status: httpStatus, transient } = outcome.error;
      writes.failed(
        { message, code, ...(httpStatus !== undefined ? { status: httpStatus } : {}), ...(transient ? { transient } : {}) },
        () => new PaylocityWriteError(message, code, httpStatus),
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

  RED.nodes.registerType(NODE_TYPE, MlcPaylocityWriteNode as unknown as (this: Node, def: NodeDef) => void);
};
