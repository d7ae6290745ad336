// mlc-ukg-write: org levels into UKG Pro (the Odoo → UKG side of cost-center alignment), one per
// message, the messages arriving together sent in one bulk POST (lib/ukg/org-level-writer.ts).
// Output 1 written org levels with msg.mlc.target, output 2 failed ones with msg.error. After a lost
// answer the writer looks the org levels up before it sends anything again (org-level-writer.ts).
// Plan only: the same look-up, one GET per batch, and nothing written (lib/ukg/org-level-plan.ts).
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { MlcEnvelope } from '../../lib/envelope';
import { orgLevelId, orgLevelRequestFrom, parseOperation, type OrgLevelOperation, type OrgLevelRequest } from '../../lib/ukg/org-level-input';
import { OrgLevelPlanner } from '../../lib/ukg/org-level-plan';
import { failedOutcome, OrgLevelWriter, type OrgLevelOutcome } from '../../lib/ukg/org-level-writer';
import { NodeInputError, toError } from '../shared/errors';
import type { UkgConfigNode } from '../shared/types';
import { startWriteNode } from '../shared/write-node';

const NODE_TYPE = 'mlc-ukg-write';
/** Batches of one node in flight at once: one can wait on its PATCHes while the next POSTs. */
const CONCURRENT_BATCHES = 2;
const DEFAULT_BATCH_SIZE = 100;
const MAX_BATCH_SIZE = 1000;

interface WriteFields {
  ukg?: string;
  operation?: string;
  batchSize?: string | number;
  /** Plan only: look each org level up and say what would be written, write nothing. Absent in flows saved before it: off. */
  planOnly?: boolean;
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
    let operation: OrgLevelOperation = 'upsert';
    // The batch size is needed before setup runs; a bad one is reported by setup like any other setting.
    let batchSize = DEFAULT_BATCH_SIZE;
    let batchSizeError: Error | null = null;
    try {
      batchSize = batchSizeFrom(def.batchSize);
    } catch (err) {
      batchSizeError = toError(err);
    }
    startWriteNode<UkgConfigNode, OrgLevelRequest, OrgLevelOutcome>(RED, this, def, {
      nodeType: NODE_TYPE,
      configId: def.ukg,
      systemName: 'UKG',
      configType: 'mlc-ukg-config',
      errorName: 'UkgWriteError',
      noun: 'org level',
      maxBatch: batchSize,
      concurrentBatches: CONCURRENT_BATCHES,
      setup: () => {
        operation = parseOperation(def.operation, 'upsert');
        if (batchSizeError) throw batchSizeError;
      },
      openWriter: (config) => new OrgLevelWriter(config.getClient()),
      request: (msg) => orgLevelRequestFrom(msg.payload, parseOperation(msg['operation'], operation)),
      failed: (request, err) => failedOutcome(request ? orgLevelId(request.level, request.code) : '', err),
      written: (outcome, msg) => {
        msg.mlc = { ...(msg.mlc ?? {}), target: { system: 'ukg', entity: 'org-level', id: outcome.id } } as MlcEnvelope;
        // confirmedBy 'lookup': the answer was lost, and UKG was asked whether it holds the org level.
        msg['ukg'] = { status: outcome.status, created: outcome.created, ...(outcome.confirmedBy ? { confirmedBy: outcome.confirmedBy } : {}) };
        return outcome.created;
      },
      plan: {
        openPlanner: (config, signal) => new OrgLevelPlanner(config.getClient(), signal),
        target: () => ({ system: 'ukg', entity: 'org-level' }),
        post: ['operation'],
      },
      planOnly: def.planOnly === true,
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcUkgWriteNode as unknown as (this: Node, def: NodeDef) => void);
};
