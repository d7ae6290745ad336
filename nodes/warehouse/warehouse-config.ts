// mlc-warehouse-config: the SQL warehouse Looker models, PostgreSQL or the embedded default (PGlite in
// the user directory, optionally served on loopback for Looker or psql). It owns the open warehouse
// every mlc-warehouse-write node shares and closes it (pool, PGlite, server) on redeploy.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { z } from 'zod';
import { WarehouseHandle } from '../../lib/warehouse';
import type { TestRequestRules } from '../shared/connection-test-request';
import { registerConnectionTestRoute } from '../shared/connection-test-route';
import { onClose } from '../shared/input';
import type { WarehouseConfigNode } from '../shared/types';
import { SECRET_FIELDS, WAREHOUSE_CREDENTIALS, warehouseSettingsFromNode, type WarehouseConfigFields, type WarehouseConfigInput, type WarehouseCredentials } from './warehouse-config-settings';

const TYPE = 'mlc-warehouse-config';
const FIELDS = ['name', 'dialect', 'host', 'port', 'database', 'user', 'ssl', 'schema', 'dataDir', 'servePort'] as const;

const TEST_RULES: TestRequestRules = {
  fields: FIELDS,
  credentials: ['password'],
  // The password goes to this server only.
  target: ['dialect', 'host', 'port'],
  labels: { dialect: 'warehouse', host: 'host', port: 'port', password: 'password', database: 'database', user: 'user' },
};

const field = z.union([z.string(), z.number(), z.boolean()]).optional();
const testRequestSchema = z.object({
  id: z.string().optional(),
  ...Object.fromEntries(FIELDS.map((name) => [name, field])),
  password: z.string().optional(),
});

function userDirOf(RED: NodeAPI): string {
  const dir = (RED.settings as unknown as { userDir?: unknown }).userDir;
  return typeof dir === 'string' && dir !== '' ? dir : process.cwd();
}

export = function (RED: NodeAPI): void {
  function MlcWarehouseConfigNode(this: WarehouseConfigNode, def: NodeDef & WarehouseConfigFields): void {
    RED.nodes.createNode(this, def);
    const node = this as WarehouseConfigNode & Node<WarehouseCredentials>;
    const input = warehouseSettingsFromNode(node.id, def, node.credentials ?? {}, userDirOf(RED));
    let handle: WarehouseHandle | null = null;
    node.configName = () => input.configName;
    node.schema = () => input.settings.schema;
    node.getClient = () => {
      if (handle) return handle;
      if (input.problem) throw new Error(`${TYPE} "${input.configName}": ${input.problem}`);
      handle = new WarehouseHandle(input.settings);
      return handle;
    };
    // A served warehouse is opened at deploy, so Looker can query it before the first load.
    if (input.settings.dialect === 'embedded' && input.settings.servePort !== undefined && !input.problem) {
      node
        .getClient()
        .warehouse()
        .catch((err: unknown) => node.error(`${TYPE} "${input.configName}": the embedded warehouse did not open: ${err instanceof Error ? err.message : String(err)}`));
    }
    onClose(node, async () => {
      const closing = handle;
      handle = null;
      await closing?.close();
    });
  }

  RED.nodes.registerType(TYPE, MlcWarehouseConfigNode as unknown as (this: Node, def: NodeDef) => void, { credentials: WAREHOUSE_CREDENTIALS });

  // Reports the dialect, server version, schema and its tables. An embedded warehouse the deployed node
  // holds open is described through it (one PGlite per directory); the stored password only goes to
  // the host it was saved for.
  registerConnectionTestRoute<WarehouseConfigFields, WarehouseCredentials, WarehouseConfigInput>(RED, {
    type: TYPE,
    system: 'warehouse',
    schema: testRequestSchema,
    rules: TEST_RULES,
    secretFields: SECRET_FIELDS,
    settingsFrom: (id, fields, credentials) => warehouseSettingsFromNode(id, fields, credentials, userDirOf(RED)),
    problem: (input) => input.problem,
    test: async (input) => {
      const handle = new WarehouseHandle(input.settings);
      try {
        const warehouse = await handle.warehouse();
        return { ok: true, ...(await warehouse.describe()) };
      } finally {
        await handle.close();
      }
    },
  });
};
