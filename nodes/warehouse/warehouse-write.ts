// mlc-warehouse-write: records into a warehouse table (lib/warehouse): the table made from the node's
// column mapping on first use and grown when the mapping grows; each batch upserted by primary key in
// one transaction. Output 1: written records with msg.mlc.target and msg.warehouse (inserted, updated
// or unchanged, and the batch's counts); output 2: failed ones with msg.error. A page (msg.payload an
// array of records) is written in the same batches and leaves as one message (nodes/shared/write-page.ts).
// Plan only: each record looked up by key and planned (lib/warehouse/write-plan.ts), nothing written.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import type { MlcEnvelope } from '../../lib/envelope';
import { WarehousePlanner, WarehouseWriter, type TableSpec, type WarehouseOutcome } from '../../lib/warehouse';
import { fit, NodeStatus } from '../shared/status';
import type { WarehouseConfigNode } from '../shared/types';
import { startWriteNode } from '../shared/write-node';
import { tableSpecOf, type WarehouseWriteFields } from './warehouse-write-settings';

const NODE_TYPE = 'mlc-warehouse-write';
/** Rows per transaction: large enough that COPY's speed shows, small enough to keep memory flat. */
const MAX_BATCH = 5000;
const CONCURRENT_BATCHES = 2;

export = function (RED: NodeAPI): void {
  function MlcWarehouseWriteNode(this: Node, def: NodeDef & WarehouseWriteFields): void {
    RED.nodes.createNode(this, def);
    const node = this;
    const config = def.warehouse ? (RED.nodes.getNode(def.warehouse) as unknown as WarehouseConfigNode | null) : null;
    let spec: TableSpec | null = null;
    startWriteNode<WarehouseConfigNode, unknown, WarehouseOutcome>(RED, node, def, {
      nodeType: NODE_TYPE,
      configId: def.warehouse,
      systemName: 'warehouse',
      configType: 'mlc-warehouse-config',
      errorName: 'WarehouseWriteError',
      noun: 'record',
      maxBatch: MAX_BATCH,
      concurrentBatches: CONCURRENT_BATCHES,
      setup: () => {
        spec = tableSpecOf(def, config?.schema() ?? 'public');
      },
      openWriter: (warehouseConfig) => {
        const handle = warehouseConfig.getClient();
        const table = spec as TableSpec;
        const writer = new WarehouseWriter(() => handle.warehouse(), table, handle.secrets);
        const progress = new NodeStatus(node);
        return {
          writeBatch: (records) => {
            progress.progress(fit(`writing ${records.length} rows to ${writer.entity}`, `writing ${records.length} rows to ${table.table}`));
            return writer.writeBatch(records);
          },
        };
      },
      plan: {
        openPlanner: (warehouseConfig) => {
          const handle = warehouseConfig.getClient();
          return new WarehousePlanner(() => handle.warehouse(), spec as TableSpec, handle.secrets);
        },
        target: () => ({ system: 'warehouse', entity: spec ? `${spec.schema}.${spec.table}` : def.table || 'table' }),
      },
      planOnly: def.planOnly === true,
      request: (msg) => msg.payload,
      failed: (_request, err) => ({ ok: false, table: spec ? `${spec.schema}.${spec.table}` : '', error: { message: err instanceof Error ? err.message : String(err), code: (err as { code?: unknown } | null)?.code === 'MLC_WAREHOUSE_SPEC' ? 'MLC_WAREHOUSE_SPEC' : 'MLC_WAREHOUSE_REFUSED' } }),
      written: (outcome, msg) => {
        msg.mlc = { ...(msg.mlc ?? {}), target: { system: 'warehouse', entity: outcome.table, id: outcome.id, action: outcome.action } } as MlcEnvelope;
        msg['warehouse'] = { action: outcome.action, table: outcome.table, batch: outcome.batch, ...(outcome.superseded ? { superseded: true } : {}) };
        return outcome.action === 'inserted' ? true : outcome.action === 'updated' ? false : 'unchanged';
      },
      pages: {
        request: (record) => record,
        target: (outcome) => ({
          target: { system: 'warehouse', entity: outcome.table, id: outcome.id, action: outcome.action },
          created: outcome.action === 'inserted' ? true : outcome.action === 'updated' ? false : 'unchanged',
        }),
        summarize: (written, msg) => {
          const page = { inserted: 0, updated: 0, unchanged: 0 };
          for (const outcome of written) page[outcome.action]++;
          msg['warehouse'] = { table: written[0]?.table, page, actions: written.map((outcome) => outcome.action) };
        },
      },
    });
  }

  RED.nodes.registerType(NODE_TYPE, MlcWarehouseWriteNode as unknown as (this: Node, def: NodeDef) => void);
};
