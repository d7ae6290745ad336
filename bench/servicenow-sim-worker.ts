// The ServiceNow sandbox for the ServiceNow bench, in a worker thread (bench/sim-worker.ts says why).
// Each run starts from the seed; the log summary is computed here, so thousands of logged requests with
// their bodies never cross to the bench's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../sandbox/kit';
import { ServiceNowSimulator } from '../sandbox/servicenow';

export interface ServiceNowSimWorkerData {
  /** Requests the log must hold: every call of one run. */
  logCapacity: number;
  /** Sandbox-clock milliseconds between an insertMultiple and its transform. */
  insertMultipleDelayMs: number;
}

/** The seeded records a PO names, by their codes: what the transform maps resolve, and the Table API needs as sys_ids. */
export interface ServiceNowSeedRefs {
  legalEntity: { code: string; sysId: string };
  suppliers: Array<{ code: string; sysId: string }>;
  costCenters: Array<{ code: string; sysId: string }>;
  glAccounts: Array<{ code: string; sysId: string }>;
}

export interface ServiceNowLogSummary {
  /** API calls (`/api/`) answered. */
  calls: number;
  /** API calls answered 429. */
  rejected: number;
  tokenCalls: number;
  /** `METHOD /path`, every API call. */
  byOperation: Record<string, number>;
  /** Rows each target table holds now. */
  orders: number;
  orderLines: number;
}

export type ServiceNowSimWorkerRequest = { kind: 'reset' } | { kind: 'log' } | { kind: 'close' };
export type ServiceNowSimWorkerAnswer =
  | { kind: 'ready'; url: string; refs: ServiceNowSeedRefs }
  | { kind: 'reset-done' }
  | ({ kind: 'log' } & ServiceNowLogSummary)
  | { kind: 'closed' };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('servicenow-sim-worker runs as a worker thread');
  const options = workerData as ServiceNowSimWorkerData;
  const servicenow = new ServiceNowSimulator({ wire: { insertMultipleDelayMs: options.insertMultipleDelayMs } });
  const sim = await startSimulator(servicenow, { port: 0, logCapacity: options.logCapacity });
  const { state } = servicenow;
  const codes = (table: string, field: string) => state.rows(table).map((row) => ({ code: row[field] ?? '', sysId: row.sys_id ?? '' }));
  // The seed gives the same sys_ids after every reset (they come from a counter), so these hold for every run.
  const refs: ServiceNowSeedRefs = {
    legalEntity: codes('sn_fin_legal_entity', 'code')[0] ?? { code: '', sysId: '' },
    suppliers: codes('sn_fin_supplier', 'erp_supplier_id'),
    costCenters: codes('cmn_cost_center', 'code').filter((c) => c.code !== 'CC-900'),
    glAccounts: codes('sn_fin_gl_account', 'number'),
  };
  port.on('message', (request: ServiceNowSimWorkerRequest) => {
    if (request.kind === 'reset') {
      sim.reset();
      port.postMessage({ kind: 'reset-done' } satisfies ServiceNowSimWorkerAnswer);
    }
    if (request.kind === 'log') {
      const api = sim.log.entries({ path: /^\/api\// });
      const byOperation: Record<string, number> = {};
      for (const entry of api) byOperation[`${entry.method} ${entry.path}`] = (byOperation[`${entry.method} ${entry.path}`] ?? 0) + 1;
      port.postMessage({
        kind: 'log',
        calls: api.length,
        rejected: api.filter((e) => e.status === 429).length,
        tokenCalls: sim.log.count({ path: '/oauth_token.do' }),
        byOperation,
        orders: state.rows('sn_shop_purchase_order').length,
        orderLines: state.rows('sn_shop_purchase_order_line').length,
      } satisfies ServiceNowSimWorkerAnswer);
    }
    if (request.kind === 'close') {
      void sim.close().then(() => {
        port.postMessage({ kind: 'closed' } satisfies ServiceNowSimWorkerAnswer);
        port.close();
      });
    }
  });
  port.postMessage({ kind: 'ready', url: sim.url, refs } satisfies ServiceNowSimWorkerAnswer);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
