// The Procore sandbox for the Procore write benches, in a worker thread (bench/sim-worker.ts says why).
// Each run starts from the seed with the rate limits the bench asks for; the log summary is computed
// here, so thousands of logged requests with their bodies never cross to the bench's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../sandbox/kit';
import { PROJECT_IDS, ProcoreSimulator, procoreQuotaRules, type RateLimits } from '../sandbox/procore';

export interface ProcoreSimWorkerData {
  /** Requests the log must hold: every call of one run. */
  logCapacity: number;
}

/** What the PO bench writes onto: a project the service account sees, its leaf cost codes, the line item types and a seeded vendor. */
export interface ProcoreSeedIds {
  projectId: number;
  costCodeIds: number[];
  lineItemTypeIds: number[];
  vendorId: number;
}

export interface ProcoreLogSummary {
  /** API calls (`/rest/`) the quota let through. */
  admitted: number;
  /** API calls answered 429. */
  rejected: number;
  tokenCalls: number;
  /** `METHOD /path` with ids as `:id`, admitted calls only. */
  byOperation: Record<string, number>;
  /** Sandbox-clock span from the first to the last API call's arrival. */
  spanMs: number;
}

export type ProcoreSimWorkerRequest = { kind: 'reset'; rateLimits: RateLimits } | { kind: 'log' } | { kind: 'close' };
export type ProcoreSimWorkerAnswer =
  | { kind: 'ready'; url: string; ids: ProcoreSeedIds }
  | { kind: 'reset-done' }
  | ({ kind: 'log' } & ProcoreLogSummary)
  | { kind: 'closed' };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('procore-sim-worker runs as a worker thread');
  const options = workerData as ProcoreSimWorkerData;
  const procore = new ProcoreSimulator();
  const sim = await startSimulator(procore, { port: 0, logCapacity: options.logCapacity });
  const { state } = procore;
  const projectId = PROJECT_IDS.riverside;
  const ids: ProcoreSeedIds = {
    projectId,
    costCodeIds: state.costCodes.filter((c) => c.project_id === projectId && c.parent_id !== null).map((c) => c.id),
    lineItemTypeIds: state.lineItemTypes.map((t) => t.id),
    vendorId: (state.vendors[0] ?? { id: 0 }).id,
  };
  port.on('message', (request: ProcoreSimWorkerRequest) => {
    if (request.kind === 'reset') {
      sim.reset();
      sim.quota.set(procoreQuotaRules(request.rateLimits));
      port.postMessage({ kind: 'reset-done' } satisfies ProcoreSimWorkerAnswer);
    }
    if (request.kind === 'log') {
      const api = sim.log.entries({ path: /^\/rest\// });
      const admitted = api.filter((e) => e.status !== 429);
      const byOperation: Record<string, number> = {};
      for (const entry of admitted) {
        const operation = `${entry.method} ${entry.path.replace(/\/\d+(?=\/|$)/g, '/:id')}`;
        byOperation[operation] = (byOperation[operation] ?? 0) + 1;
      }
      const times = api.map((e) => Date.parse(e.at));
      port.postMessage({
        kind: 'log',
        admitted: admitted.length,
        rejected: api.length - admitted.length,
        tokenCalls: sim.log.count({ path: '/oauth/token' }),
        byOperation,
        spanMs: times.length ? Math.max(...times) - Math.min(...times) : 0,
      } satisfies ProcoreSimWorkerAnswer);
    }
    if (request.kind === 'close') {
      void sim.close().then(() => {
        port.postMessage({ kind: 'closed' } satisfies ProcoreSimWorkerAnswer);
        port.close();
      });
    }
  });
  port.postMessage({ kind: 'ready', url: sim.url, ids } satisfies ProcoreSimWorkerAnswer);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
