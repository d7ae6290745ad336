// The example "Odoo finance → warehouse → Looker" loads an embedded warehouse that Node-RED serves on a
// loopback port, and the Looker sandbox must query that same warehouse: the port is chosen here, once,
// and handed to both (Node-RED reads it as ${MLC_EXAMPLE_WAREHOUSE_PORT} in the warehouse config node).
import { createServer } from 'node:net';
import { portFromEnv } from '../sandbox/kit/port';
import { LookerSimulator } from '../sandbox/looker';
import type { Sandbox } from '../sandbox/start-sandbox';

export const WAREHOUSE_PORT_ENV = 'MLC_EXAMPLE_WAREHOUSE_PORT';
/** Beside the sandbox's 8069 and 8101..8105, and clear of a PostgreSQL server's 5432. */
export const DEFAULT_WAREHOUSE_PORT = 8110;
/** The example warehouse config node's schema, and the Looker sandbox's default. */
export const EXAMPLE_WAREHOUSE_SCHEMA = 'odoo';

/** The served port: explicit (0 = a free one now), else MLC_EXAMPLE_WAREHOUSE_PORT, else the default. */
export async function exampleWarehousePort(env: NodeJS.ProcessEnv, override?: number): Promise<number> {
  const port = override ?? portFromEnv(env, WAREHOUSE_PORT_ENV, DEFAULT_WAREHOUSE_PORT);
  return port === 0 ? freePort() : port;
}

/**
 * Points the Looker sandbox's `odoo_warehouse` connection at the served embedded warehouse, unless
 * MLC_SANDBOX_LOOKER_WAREHOUSE_URL names another one (the example switched to a PostgreSQL server).
 * Returns the environment Node-RED needs for the example's warehouse config node.
 */
export function connectExampleWarehouse(sandbox: Sandbox, port: number, env: NodeJS.ProcessEnv): Record<string, string> {
  const looker = sandbox.get('looker')?.simulator;
  if (looker instanceof LookerSimulator && !env['MLC_SANDBOX_LOOKER_WAREHOUSE_URL']) {
    // PGlite's server takes any user and database name: it has the one database.
    looker.setWarehouse({ url: `postgres://postgres@127.0.0.1:${port}/postgres`, schema: env['MLC_SANDBOX_LOOKER_WAREHOUSE_SCHEMA'] || EXAMPLE_WAREHOUSE_SCHEMA });
  }
  return { [WAREHOUSE_PORT_ENV]: String(port) };
}

export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
