// mlc-looker-config: one Looker instance as one API user. It owns the Looker client (token, connection
// pool) every mlc-looker node shares, logs out and closes it on redeploy. The admin route serves Test
// connection (the API user and the warehouse connections Looker has).
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { z } from 'zod';
import { LookerClient } from '../../lib/looker/client';
import { testLookerConnection } from '../../lib/looker/connection-test';
import { lookerSettingsProblem, type LookerSettingsInput } from '../../lib/looker/settings';
import type { TestRequestRules } from '../shared/connection-test-request';
import { registerConnectionTestRoute } from '../shared/connection-test-route';
import { onClose } from '../shared/input';
import type { LookerConfigNode } from '../shared/types';
import { LOOKER_CREDENTIALS, lookerSettingsFromNode, SECRET_FIELDS, type LookerConfigFields, type LookerCredentials } from './looker-config-settings';

const FIELDS = ['name', 'instanceUrl', 'timeoutSeconds', 'maxAttempts', 'maxRetrySeconds'] as const;

const TEST_RULES: TestRequestRules = {
  fields: FIELDS,
  credentials: ['clientId', 'clientSecret'],
  // The login and every API call go to the instance: it is where the secret goes.
  target: ['instanceUrl'],
  labels: { instanceUrl: 'instance URL', clientId: 'client id', clientSecret: 'client secret' },
};

const field = z.union([z.string(), z.number()]).optional();
const testRequestSchema = z.object({
  id: z.string().optional(),
  ...Object.fromEntries(FIELDS.map((name) => [name, field])),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
});

export = function (RED: NodeAPI): void {
  function MlcLookerConfigNode(this: LookerConfigNode, def: NodeDef & LookerConfigFields): void {
    RED.nodes.createNode(this, def);
    const node = this as LookerConfigNode & Node<LookerCredentials>;
    const input = lookerSettingsFromNode(node.id, def, node.credentials ?? {});
    let client: LookerClient | null = null;
    node.configName = () => input.configName;
    node.getClient = () => {
      if (client) return client;
      const problem = lookerSettingsProblem(input);
      if (problem) throw new Error(`mlc-looker-config "${input.configName}": ${problem}`);
      client = new LookerClient(input);
      return client;
    };
    onClose(node, async () => {
      const closing = client;
      client = null;
      await closing?.close();
    });
  }

  RED.nodes.registerType('mlc-looker-config', MlcLookerConfigNode as unknown as (this: Node, def: NodeDef) => void, { credentials: LOOKER_CREDENTIALS });

  // The editor sends what is in the dialog; a secret left unchanged comes as a placeholder and is taken
  // from the deployed node's credentials, only for the instance it was saved with. Answers never hold a secret.
  registerConnectionTestRoute<LookerConfigFields, LookerCredentials, LookerSettingsInput>(RED, {
    type: 'mlc-looker-config',
    system: 'Looker',
    schema: testRequestSchema,
    rules: TEST_RULES,
    secretFields: SECRET_FIELDS,
    settingsFrom: lookerSettingsFromNode,
    problem: lookerSettingsProblem,
    test: async (settings) => {
      const client = new LookerClient({ ...settings, retry: { maxAttempts: 1 } });
      try {
        return await testLookerConnection(client);
      } finally {
        await client.close();
      }
    },
  });
};
