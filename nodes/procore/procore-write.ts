// mlc-procore-write: Odoo records into Procore, keyed by origin_id (lib/procore/writer.ts): vendors
// through /sync (batched up to 1,000 a call), purchase orders as purchase order contracts with line
// items, vendor bills as direct costs of type invoice. Output 1 written records with msg.mlc.target,
// output 2 failed ones with msg.error carrying Procore's message. Looked up by origin_id before every
// create, so a replay never duplicates.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { MlcEnvelope } from '../../lib/envelope';
import { PROCORE_SYNC_MAX } from '../../lib/procore/client';
import { parseProcoreOperation, procoreRequestFrom, type ProcoreWriteOperation, type ProcoreWriteRequest } from '../../lib/procore/write-input';
import { ProcoreWritePlanner } from '../../lib/procore/write-plan';
import { entityOf, failedProcoreOutcome, ProcoreWriter, type ProcoreWriteOutcome } from '../../lib/procore/writer';
import type { MlcMessage, ProcoreConfigNode } from '../shared/types';
import { startWriteNode } from '../shared/write-node';

const NODE_TYPE = 'mlc-procore-write';
const CONCURRENT_BATCHES = 2;

interface WriteFields {
  procore?: string;
  operation?: string;
  /** Plan only: look each record up and say what would be written, write nothing. Absent in flows saved before it: off. */
  planOnly?: boolean;
}

export = function (RED: NodeAPI): void {
  function MlcProcoreWriteNode(this: Node, def: NodeDef & WriteFields): void {
    RED.nodes.createNode(this, def);
    let operation: ProcoreWriteOperation = 'vendor';
    /** The operation a message asks for; an unknown one is planned as a vendor's failure (its request fails first). */
    const operationOf = (msg: MlcMessage): ProcoreWriteOperation => {
      try {
        return parseProcoreOperation(msg['operation'], operation);
      } catch {
        return operation;
      }
    };
    startWriteNode<ProcoreConfigNode, ProcoreWriteRequest, ProcoreWriteOutcome>(RED, this, def, {
      nodeType: NODE_TYPE,
      configId: def.procore,
      systemName: 'Procore',
      configType: 'mlc-procore-config',
      errorName: 'ProcoreWriteError',
      noun: 'record',
      maxBatch: PROCORE_SYNC_MAX,
      concurrentBatches: CONCURRENT_BATCHES,
      setup: () => {
        operation = parseProcoreOperation(def.operation, 'vendor');
      },
      openWriter: (config, signal) => {
        const writer = new ProcoreWriter(config.getClient());
        return { writeBatch: (requests) => writer.writeBatch(requests, signal) };
      },
      plan: {
        openPlanner: (config, signal) => {
          const planner = new ProcoreWritePlanner(config.getClient());
          return { writeBatch: (requests) => planner.writeBatch(requests, signal) };
        },
        target: (request, msg) => ({ system: 'procore', entity: request ? entityOf(request) : entityOf({ operation: operationOf(msg) } as ProcoreWriteRequest) }),
        post: ['operation'],
      },
      planOnly: def.planOnly === true,
      request: (msg) => procoreRequestFrom(msg.payload, parseProcoreOperation(msg['operation'], operation)),
      failed: (request, err) => failedProcoreOutcome(request, err),
      written: (outcome, msg) => {
        // The project too: commitments and bills are read back through their project (lib/reconcile/procore-read-back.ts).
        msg.mlc = { ...(msg.mlc ?? {}), target: { system: 'procore', entity: outcome.entity, id: outcome.id, ...(outcome.projectId ? { scope: outcome.projectId } : {}) } } as MlcEnvelope;
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
        return outcome.created;
      },
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcProcoreWriteNode as unknown as (this: Node, def: NodeDef) => void);
};
