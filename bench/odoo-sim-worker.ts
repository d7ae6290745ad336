// The Odoo simulator with bulk partners, in a worker thread, for the read benches: a remote Odoo does
// its searching and JSON on its own machine, so here it does them beside the reader instead of on the
// reader's event loop, where every millisecond of it would be added to the store's and the reader's.
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../sandbox/kit';
import { OdooSimulator } from '../sandbox/odoo';

export interface OdooSimWorkerData {
  partners: number;
}

export type OdooSimWorkerRequest = { kind: 'close' };
export type OdooSimWorkerAnswer = { kind: 'ready'; url: string } | { kind: 'closed' };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('odoo-sim-worker runs as a worker thread');
  const { partners } = workerData as OdooSimWorkerData;
  const simulator = new OdooSimulator();
  const sim = await startSimulator(simulator, { port: 0 });
  simulator.engine.seedBulkPartners(partners, { perSecond: 50 });
  port.on('message', (request: OdooSimWorkerRequest) => {
    if (request.kind !== 'close') return;
    void sim.close().then(() => {
      port.postMessage({ kind: 'closed' } satisfies OdooSimWorkerAnswer);
      port.close();
    });
  });
  port.postMessage({ kind: 'ready', url: sim.url } satisfies OdooSimWorkerAnswer);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
