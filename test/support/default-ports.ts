// Holds the ports `npm start` uses by default (Node-RED 1880, the sandbox 8069 and 8101..8105, the example warehouse 8110) for the
// length of a test, as another program on the machine might, to prove a test or a start with
// ephemeral ports never needs them. A port something else already holds is skipped (it is taken anyway).
import { createServer, type Server } from 'node:net';
import { DEFAULT_WAREHOUSE_PORT } from '../../scripts/example-warehouse';
import { SYSTEM_PORTS, SYSTEMS } from '../../sandbox/systems';

export const DEFAULT_PORTS: readonly number[] = [1880, ...SYSTEMS.map((system) => SYSTEM_PORTS[system].defaultPort), DEFAULT_WAREHOUSE_PORT];

export interface HeldPorts {
  /** The ports this process now listens on (the others were taken already). */
  held: number[];
  release(): Promise<void>;
}

export async function holdDefaultPorts(): Promise<HeldPorts> {
  const servers: Server[] = [];
  const held: number[] = [];
  for (const port of DEFAULT_PORTS) {
    const server = createServer((socket) => socket.destroy());
    const listening = await new Promise<boolean>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) => (error.code === 'EADDRINUSE' || error.code === 'EACCES' ? resolve(false) : reject(error)));
      server.listen(port, '127.0.0.1', () => resolve(true));
    });
    if (listening) {
      servers.push(server);
      held.push(port);
    }
  }
  return {
    held,
    release: async () => {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    },
  };
}
