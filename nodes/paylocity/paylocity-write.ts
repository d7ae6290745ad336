// mlc-paylocity-write: employees into Paylocity (the Odoo → Paylocity side): a new hire (POST) or an
// update of only the fields given (PATCH), one per message (lib/paylocity/employee-writer.ts). Output 1
// written employees with msg.mlc.target, output 2 failed ones with msg.error naming each field Paylocity
// refused. A new hire is looked up by its employee id before every POST, so a replay never hires twice.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { MlcEnvelope } from '../../lib/envelope';
import { employeeRequestFrom, parseEmployeeOperation, type EmployeeOperation, type EmployeeWriteRequest } from '../../lib/paylocity/employee-input';
import { EmployeePlanner } from '../../lib/paylocity/employee-plan';
import { EmployeeWriter, failedEmployeeOutcome, type EmployeeWriteOutcome } from '../../lib/paylocity/employee-writer';
import type { PaylocityConfigNode } from '../shared/types';
import { startWriteNode } from '../shared/write-node';

const NODE_TYPE = 'mlc-paylocity-write';
/** Messages taken together; each is its own call, paced and bounded by the config node's client. */
const BATCH = 50;
const CONCURRENT_BATCHES = 2;

interface WriteFields {
  paylocity?: string;
  operation?: string;
  /** Update: PATCH only what differs from Paylocity (reads the employee first). Absent in flows saved before it: on. */
  onlyChanged?: boolean;
  /** Plan only: look each employee up and say what would be written, write nothing. Absent in flows saved before it: off. */
  planOnly?: boolean;
}

export = function (RED: NodeAPI): void {
  function MlcPaylocityWriteNode(this: Node, def: NodeDef & WriteFields): void {
    RED.nodes.createNode(this, def);
    let operation: EmployeeOperation = 'update';
    startWriteNode<PaylocityConfigNode, EmployeeWriteRequest, EmployeeWriteOutcome>(RED, this, def, {
      nodeType: NODE_TYPE,
      configId: def.paylocity,
      systemName: 'Paylocity',
      configType: 'mlc-paylocity-config',
      errorName: 'PaylocityWriteError',
      noun: 'employee',
      maxBatch: BATCH,
      concurrentBatches: CONCURRENT_BATCHES,
      setup: () => {
        operation = parseEmployeeOperation(def.operation, 'update');
      },
      openWriter: (config, signal) => {
        const writer = new EmployeeWriter(config.getClient(), { onlyChanged: def.onlyChanged !== false });
        return { writeBatch: (requests) => writer.writeBatch(requests, signal) };
      },
      request: (msg) => employeeRequestFrom(msg.payload, parseEmployeeOperation(msg['operation'], operation)),
      failed: (request, err) => failedEmployeeOutcome(request?.employeeId ?? '', err),
      plan: {
        openPlanner: (config, signal) => new EmployeePlanner(config.getClient(), signal),
        target: () => ({ system: 'paylocity', entity: 'employee' }),
        post: ['operation'],
      },
      planOnly: def.planOnly === true,
      written: (outcome, msg) => {
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
        return outcome.created;
      },
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcPaylocityWriteNode as unknown as (this: Node, def: NodeDef) => void);
};
