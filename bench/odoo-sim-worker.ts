// The Odoo simulator in a worker thread, for the read and write benches: a remote Odoo does its
// searching, writing and JSON on its own machine, so here it does them beside the client instead of
// on the client's event loop, where every millisecond of it would be added to the node's and the
// reader's. The write bench resets it between runs and asks it for the run's calls and the time its
// ORM took, computed here so the logged requests never cross to the bench's thread.
import { parentPort, workerData } from 'node:worker_threads';
import { startSimulator } from '../sandbox/kit';
import { OdooSimulator } from '../sandbox/odoo';
import { settle } from './memory-peak';

export interface OdooSimWorkerData {
  /** Bulk partners seeded on top of the demo data (the read benches); 0 for none. */
  partners: number;
}

/** What a run cost the simulator: requests since the reset, those of them that were fields_get, seconds inside its ORM. */
export interface OdooRunLog {
  calls: number;
  metadataCalls: number;
  ormSeconds: number;
}

export type OdooSimWorkerRequest = { kind: 'reset' } | { kind: 'log' } | { kind: 'close' };
export type OdooSimWorkerAnswer = { kind: 'ready'; url: string } | { kind: 'reset-done' } | ({ kind: 'log' } & OdooRunLog) | { kind: 'closed' };

async function main(): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('odoo-sim-worker runs as a worker thread');
  const { partners } = workerData as OdooSimWorkerData;
  const simulator = new OdooSimulator();
  const orm = timeOrm(simulator);
  const sim = await startSimulator(simulator, { port: 0 });
  if (partners > 0) simulator.engine.seedBulkPartners(partners, { perSecond: 50 });
  let since = sim.log.lastSeq;
  port.on('message', (request: OdooSimWorkerRequest) => {
    if (request.kind === 'reset') {
      sim.reset();
      if (partners > 0) simulator.engine.seedBulkPartners(partners, { perSecond: 50 });
      // The previous run's database is garbage now: collected here, not in the middle of the next run.
      void settle().then(() => {
        orm.reset();
        since = sim.log.lastSeq;
        port.postMessage({ kind: 'reset-done' } satisfies OdooSimWorkerAnswer);
      });
    }
    if (request.kind === 'log') {
      port.postMessage({
        kind: 'log',
        calls: sim.log.count({ sinceSeq: since }),
        metadataCalls: sim.log.count({ sinceSeq: since, tag: { method: 'fields_get' } }),
        ormSeconds: orm.seconds(),
      } satisfies OdooSimWorkerAnswer);
    }
    if (request.kind === 'close') {
      void sim.close().then(() => {
        port.postMessage({ kind: 'closed' } satisfies OdooSimWorkerAnswer);
        port.close();
      });
    }
  });
  port.postMessage({ kind: 'ready', url: sim.url } satisfies OdooSimWorkerAnswer);
}

/**
 * Time inside the simulator's ORM (JSON-2 calls run synchronously in engine.callJson2), measured by
 * wrapping that one method; everything else in the worker is HTTP and JSON.
 */
function timeOrm(simulator: OdooSimulator): { seconds(): number; reset(): void } {
  const engine = simulator.engine;
  const original = engine.callJson2.bind(engine);
  let total = 0n;
  engine.callJson2 = (call) => {
    const started = process.hrtime.bigint();
    try {
      return original(call);
    } finally {
      total += process.hrtime.bigint() - started;
    }
  };
  return { seconds: () => Number(total) / 1e9, reset: () => (total = 0n) };
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
