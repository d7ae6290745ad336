// The example "Odoo finance → warehouse → Looker" loads an embedded warehouse that Node-RED serves on a
// loopback port, and the Looker sandbox must query that same warehouse: the port is chosen here, once,
// and handed to both (Node-RED reads it as ${MLC_EXAMPLE_WAREHOUSE_PORT} in the warehouse config node).
// The sandbox's scheduled plan delivers to the example's own http-in node, so a run shows what it sent.
import { createServer } from 'node:net';
import { portFromEnv } from '../sandbox/kit/port';
import { LookerSimulator, SEEDED_PLAN_ID } from '../sandbox/looker';
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

/** The example's http-in node that stands for the recipient of the sandbox's plan. */
export const LOOKER_PLAN_PATH = '/mlc-example/looker-gl-totals';

/**
 * Points the seeded plan's webhook at the example's http-in node on this Node-RED, unless someone set
 * another address (one left by an earlier start, on another port, is replaced).
 */
export function deliverLookerPlanTo(sandbox: Sandbox, nodeRedPort: number): void {
  const looker = sandbox.get('looker')?.simulator;
  if (!(looker instanceof LookerSimulator)) return;
  const webhook = looker.state.plans.find((plan) => plan.id === SEEDED_PLAN_ID)?.scheduled_plan_destination.find((destination) => destination.type === 'webhook');
  const ours = (address: string): boolean => /^http:\/\/127\.0\.0\.1:\d+\//.test(address) && address.endsWith(LOOKER_PLAN_PATH);
  if (!webhook || (webhook.address && !ours(webhook.address))) return;
  looker.setDestinationAddress(SEEDED_PLAN_ID, `http://127.0.0.1:${nodeRedPort}${LOOKER_PLAN_PATH}`);
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
