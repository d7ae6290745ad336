// The Paylocity sandbox for the pay statement bench, in a worker thread, as a remote Paylocity would run
// beside the reader: its own CPU (routing, JSON, paging) is not charged to the reader's event loop.
// Seeds 1,000 active employees (the 120-employee seed plus hires) and processes one bi-weekly payroll
// for them, then serves with the given latency under the sandbox's quota (25 requests a second).
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../sandbox/kit';
import { PaylocitySimulator } from '../sandbox/paylocity';

export interface PaylocitySimWorkerData {
  activeEmployees: number;
  latencyMs: number;
  checkDate: string;
}

export type PaylocitySimWorkerRequest = { kind: 'start-log' } | { kind: 'log' } | { kind: 'close' };
export type PaylocitySimWorkerAnswer =
  | { kind: 'ready'; url: string; employees: number; quotaPerSecond: number }
  | { kind: 'log-cleared' }
  | { kind: 'log'; requests: number; rejected: number; byOperation: Record<string, number> }
  | { kind: 'closed' };

const COST_CENTERS = ['CC-100', 'CC-200', 'CC-300', 'CC-400'];
const POSITIONS = ['CARP', 'LAB', 'ELEC', 'FORE', 'EQOP', 'ADMIN'];

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('paylocity-sim-worker runs as a worker thread');
  const options = workerData as PaylocitySimWorkerData;
  const paylocity = new PaylocitySimulator();
  const sim = await startSimulator(paylocity, { port: 0, logCapacity: 4 * options.activeEmployees + 100 });
  const active = () => paylocity.state.employees.filter((e) => e.status.employeeStatus !== 'T').length;
  for (let i = 0; active() < options.activeEmployees; i++) {
    paylocity.hire({ firstName: `Bench${i}`, lastName: 'Worker', costCenter1: COST_CENTERS[i % COST_CENTERS.length] as string, positionCode: POSITIONS[i % POSITIONS.length] as string, hireDate: '2026-11-02' });
  }
  paylocity.processPayroll({ checkDate: options.checkDate });
  sim.latency.set({ ms: options.latencyMs });
  port.on('message', (request: PaylocitySimWorkerRequest) => {
    if (request.kind === 'start-log') {
      sim.log.clear();
      port.postMessage({ kind: 'log-cleared' } satisfies PaylocitySimWorkerAnswer);
    }
    if (request.kind === 'log') {
      const entries = sim.log.entries({ path: /^\/api\// });
      const byOperation: Record<string, number> = {};
      for (const entry of entries) {
        const operation = String(entry.tags['operation'] ?? entry.path);
        byOperation[operation] = (byOperation[operation] ?? 0) + 1;
      }
      port.postMessage({ kind: 'log', requests: entries.length, rejected: entries.filter((e) => e.status === 429).length, byOperation } satisfies PaylocitySimWorkerAnswer);
    }
    if (request.kind === 'close') {
      void sim.close().then(() => {
        port.postMessage({ kind: 'closed' } satisfies PaylocitySimWorkerAnswer);
        port.close();
      });
    }
  });
  port.postMessage({ kind: 'ready', url: sim.url, employees: paylocity.state.employees.length, quotaPerSecond: 25 } satisfies PaylocitySimWorkerAnswer);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
