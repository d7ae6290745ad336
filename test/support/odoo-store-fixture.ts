// The parts an Odoo read test without Node-RED needs: the Odoo simulator on a socket, a JSON-2 client
// to it and a SQLite store in a folder of its own; close() stops them and removes the folder.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';

export interface OdooStoreFixture {
  sim: RunningSimulator;
  engine: OdooSimulator['engine'];
  client: OdooClient;
  store: Store;
  close(): Promise<void>;
}

export async function openOdooStoreFixture(name: string): Promise<OdooStoreFixture> {
  const simulator = new OdooSimulator();
  const sim = await startSimulator(simulator, { port: 0 });
  const dir = mkdtempSync(join(tmpdir(), `mlc-${name}-`));
  const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
  const client = new OdooClient({ configName: name, url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: 'json2' });
  return {
    sim,
    engine: simulator.engine,
    client,
    store,
    async close() {
      client.close();
      await store.close();
      await sim.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
