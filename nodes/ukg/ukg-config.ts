// mlc-ukg-config: one UKG Pro tenant (service host, web service account, customer API key, optional
// OAuth2 client). It owns the UKG client (its connection pool and token cache) for every UKG node that
// uses it and closes it on redeploy. The admin route serves the editor's Test connection button.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { z } from 'zod';
import { UkgClient } from '../../lib/ukg/client';
import { testUkgConnection } from '../../lib/ukg/connection-test';
import { ukgSettingsProblem, type UkgSettingsInput } from '../../lib/ukg/settings';
import { type TestRequestRules } from '../shared/connection-test-request';
import { registerConnectionTestRoute } from '../shared/connection-test-route';
import { onClose } from '../shared/input';
import type { UkgConfigNode } from '../shared/types';
import { SECRET_FIELDS, UKG_CREDENTIALS, ukgSettingsFromNode, type UkgConfigFields, type UkgCredentials } from './ukg-config-settings';

const TEST_RULES: TestRequestRules = {
  fields: ['name', 'host', 'pageSize', 'concurrency', 'timeoutSeconds', 'maxAttempts', 'maxRetrySeconds', 'tokenUrl', 'scope'],
  credentials: Object.keys(UKG_CREDENTIALS),
  // The Basic credentials and API keys go to the host, the client secret to the token URL.
  target: ['host', 'tokenUrl'],
  labels: { host: 'service host', tokenUrl: 'token URL', password: 'password', customerApiKey: 'customer API key', userApiKey: 'user API key', clientSecret: 'client secret', username: 'user name', clientId: 'client id' },
};

const field = z.union([z.string(), z.number()]).optional();
const testRequestSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  host: z.string().optional(),
  pageSize: field,
  concurrency: field,
  timeoutSeconds: field,
  maxAttempts: field,
  maxRetrySeconds: field,
  tokenUrl: z.string().optional(),
  scope: z.string().optional(),
  username: z.string().optional(),
  password: z.string().optional(),
  customerApiKey: z.string().optional(),
  userApiKey: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
});

export = function (RED: NodeAPI): void {
  function MlcUkgConfigNode(this: UkgConfigNode, def: NodeDef & UkgConfigFields): void {
    RED.nodes.createNode(this, def);
    const node = this as UkgConfigNode & Node<UkgCredentials>;
    const input = ukgSettingsFromNode(node.id, def, node.credentials ?? {});
    let client: UkgClient | null = null;
    node.configName = () => input.configName;
    node.getClient = () => {
      if (client) return client;
      const problem = ukgSettingsProblem(input);
      if (problem) throw new Error(`mlc-ukg-config "${input.configName}": ${problem}`);
      client = new UkgClient(input);
      return client;
    };
    onClose(node, () => {
      client?.close();
      client = null;
    });
  }

  RED.nodes.registerType('mlc-ukg-config', MlcUkgConfigNode as unknown as (this: Node, def: NodeDef) => void, { credentials: UKG_CREDENTIALS });

  // The editor sends what is in the dialog; secrets left unchanged come as a placeholder and are taken
  // from the deployed node's credentials, only for the hosts they were saved with. Answers never hold a secret.
  registerConnectionTestRoute<UkgConfigFields, UkgCredentials, UkgSettingsInput>(RED, {
    type: 'mlc-ukg-config',
    system: 'UKG',
    schema: testRequestSchema,
    rules: TEST_RULES,
    secretFields: SECRET_FIELDS,
    settingsFrom: ukgSettingsFromNode,
    problem: ukgSettingsProblem,
    test: async (settings) => {
      const client = new UkgClient({ ...settings, retry: { maxAttempts: 1 } });
      try {
        return await testUkgConnection(client);
      } finally {
        client.close();
      }
    },
  });
};
