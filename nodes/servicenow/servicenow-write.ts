// mlc-servicenow-write: records into ServiceNow (lib/servicenow/writer.ts): Table API insert, update by
// sys_id, or upsert by a correlation field holding the Odoo id; or import set rows (a header and its
// lines) through the synchronous Import Set API or insertMultiple, each row's transform result read
// back. Output 1 written records with msg.mlc.target, output 2 failed ones with msg.error carrying
// ServiceNow's message. After an unknown outcome the record is looked up (correlation field, coalesce
// key) before anything is sent again.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { MlcEnvelope } from '../../lib/envelope';
import { parseServiceNowOperation, serviceNowRequestFrom, tableName, type ServiceNowWriteOperation, type ServiceNowWriteRequest } from '../../lib/servicenow/write-input';
import { failedServiceNowOutcome, SERVICENOW_BULK_MAX, ServiceNowWriter, type ServiceNowWriteOutcome } from '../../lib/servicenow/writer';
import { stagingMapOf } from '../../lib/servicenow/transform-maps';
import { ServiceNowWritePlanner } from '../../lib/servicenow/write-plan';
import { NodeStatus } from '../shared/status';
import type { ServiceNowConfigNode } from '../shared/types';
import { startWriteNode } from '../shared/write-node';

const NODE_TYPE = 'mlc-servicenow-write';
const CONCURRENT_BATCHES = 2;

interface WriteFields {
  servicenow?: string;
  operation?: string;
  table?: string;
  lineTable?: string;
  correlationField?: string;
  /** "unchanged" (default): an `ignored` row whose coalesce found its record is written, unchanged; "failure": a record none of whose rows changed anything fails. */
  ignored?: string;
  /** insertMultiple: seconds to follow the transform up. */
  followSeconds?: number | string;
  /** Plan only: look each record up and say what would be written, write nothing. Absent in flows saved before it: off. */
  planOnly?: boolean;
}

/** Where a request's record lands: the Table API's table, or the target of an import's transform map. */
function targetTableOf(request: ServiceNowWriteRequest): string {
  return request.operation === 'import' || request.operation === 'import-bulk' ? (stagingMapOf(request.table)?.target ?? request.table) : request.table;
}

function followMs(value: number | string | undefined): number {
  const seconds = Number(value ?? 120);
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 3600) * 1000 : 120_000;
}

export = function (RED: NodeAPI): void {
  function MlcServiceNowWriteNode(this: Node, def: NodeDef & WriteFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    let operation: ServiceNowWriteOperation = 'upsert';
    const settings = () => ({ table: def.table ?? '', lineTable: (def.lineTable ?? '').trim(), correlationField: (def.correlationField ?? '').trim() || 'correlation_id' });
    startWriteNode<ServiceNowConfigNode, ServiceNowWriteRequest, ServiceNowWriteOutcome>(RED, node, def, {
      nodeType: NODE_TYPE,
      configId: def.servicenow,
      systemName: 'ServiceNow',
      configType: 'mlc-servicenow-config',
      errorName: 'ServiceNowWriteError',
      noun: 'record',
      maxBatch: SERVICENOW_BULK_MAX,
      concurrentBatches: CONCURRENT_BATCHES,
      setup: () => {
        operation = parseServiceNowOperation(def.operation, 'upsert');
        if (def.table) tableName(def.table, 'the table');
        if (settings().lineTable) tableName(settings().lineTable, 'the line staging table');
      },
      openWriter: (config, signal) => {
        // Its own status object: the follow-up's progress shows between the write counts.
        const progress = new NodeStatus(node);
        const writer = new ServiceNowWriter(config.getClient(), { ignoredIsUnchanged: def.ignored !== 'failure', followMs: followMs(def.followSeconds), onProgress: (text) => progress.progress(text) });
        return { writeBatch: (requests) => writer.writeBatch(requests, signal) };
      },
      plan: {
        openPlanner: (config, signal) => {
          const planner = new ServiceNowWritePlanner(config.getClient(), { ignoredIsUnchanged: def.ignored !== 'failure' });
          return { writeBatch: (requests) => planner.writeBatch(requests, signal) };
        },
        target: (request, msg) => ({ system: 'servicenow', entity: request ? targetTableOf(request) : String(msg['table'] ?? def.table ?? '') || 'record' }),
        post: ['operation', 'table', 'sys_id'],
      },
      planOnly: def.planOnly === true,
      request: (msg) => serviceNowRequestFrom(msg.payload, { ...settings(), operation: parseServiceNowOperation(msg['operation'], operation) }, { table: msg['table'], sys_id: msg['sys_id'], attempt: (msg.mlc as { attempt?: unknown } | undefined)?.attempt }),
      failed: (request, err) => failedServiceNowOutcome(request, err),
      written: (outcome, msg) => {
        msg.mlc = { ...(msg.mlc ?? {}), target: { system: 'servicenow', entity: outcome.table, id: outcome.sysId } } as MlcEnvelope;
        msg['servicenow'] = {
          operation: outcome.operation,
          table: outcome.table,
          sysId: outcome.sysId,
          created: outcome.created,
          ...(outcome.updated ? { updated: true } : {}),
          ...(outcome.unchanged ? { unchanged: true } : {}),
          ...(outcome.confirmedBy ? { confirmedBy: outcome.confirmedBy } : {}),
          ...(outcome.sent ? { sent: outcome.sent } : {}),
          ...(outcome.rows ? { rows: outcome.rows } : {}),
        };
        return outcome.created;
      },
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcServiceNowWriteNode as unknown as (this: Node, def: NodeDef) => void);
};
