// mlc-servicenow-config: one ServiceNow instance as one user (OAuth2 password grant, client credentials,
// or Basic). It owns the ServiceNow client (credentials, rate gate, concurrency limit, connection pool)
// every ServiceNow node shares, and closes it on redeploy. The admin route serves Test connection.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { z } from 'zod';
import { ServiceNowClient } from '../../lib/servicenow/client';
import { testServiceNowConnection } from '../../lib/servicenow/connection-test';
import { serviceNowSettingsProblem, type ServiceNowSettingsInput } from '../../lib/servicenow/settings';
import type { TestRequestRules } from '../shared/connection-test-request';
import { registerConnectionTestRoute } from '../shared/connection-test-route';
import { onClose } from '../shared/input';
import type { ServiceNowConfigNode } from '../shared/types';
import { SECRET_FIELDS, SERVICENOW_CREDENTIALS, serviceNowSettingsFromNode, type ServiceNowConfigFields, type ServiceNowCredentials } from './servicenow-config-settings';

const FIELDS = ['name', 'instanceUrl', 'authMode', 'pageSize', 'concurrency', 'tables', 'timeoutSeconds', 'maxAttempts', 'maxRetrySeconds'] as const;

const TEST_RULES: TestRequestRules = {
  fields: FIELDS,
  credentials: ['user', 'password', 'clientId', 'clientSecret'],
  // The token endpoint and every API call are on the instance: it is where the secrets go.
  target: ['instanceUrl'],
  labels: { instanceUrl: 'instance URL', authMode: 'authentication', user: 'user name', password: 'password', clientId: 'client id', clientSecret: 'client secret' },
};

const field = z.union([z.string(), z.number()]).optional();
const testRequestSchema = z.object({
  id: z.string().optional(),
  ...Object.fromEntries(FIELDS.map((name) => [name, field])),
  user: z.string().optional(),
  password: z.string().optional(),
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
});

export = function (RED: NodeAPI): void {
  function MlcServiceNowConfigNode(this: ServiceNowConfigNode, def: NodeDef & ServiceNowConfigFields): void {
    RED.nodes.createNode(this, def);
    const node = this as ServiceNowConfigNode & Node<ServiceNowCredentials>;
    const input = serviceNowSettingsFromNode(node.id, def, node.credentials ?? {});
    let client: ServiceNowClient | null = null;
    node.configName = () => input.configName;
    node.getClient = () => {
      if (client) return client;
      const problem = serviceNowSettingsProblem(input);
      if (problem) throw new Error(`mlc-servicenow-config "${input.configName}": ${problem}`);
      client = new ServiceNowClient(input);
      return client;
    };
    onClose(node, () => {
      client?.close();
      client = null;
    });
  }

  RED.nodes.registerType('mlc-servicenow-config', MlcServiceNowConfigNode as unknown as (this: Node, def: NodeDef) => void, { credentials: SERVICENOW_CREDENTIALS });

  // The editor sends what is in the dialog; secrets left unchanged come as a placeholder and are taken
  // from the deployed node's credentials, only for the instance it was saved with. Answers never hold a secret.
  registerConnectionTestRoute<ServiceNowConfigFields, ServiceNowCredentials, ServiceNowSettingsInput>(RED, {
    type: 'mlc-servicenow-config',
    system: 'ServiceNow',
    schema: testRequestSchema,
    rules: TEST_RULES,
    secretFields: SECRET_FIELDS,
    settingsFrom: serviceNowSettingsFromNode,
    problem: serviceNowSettingsProblem,
    test: async (settings) => {
      const client = new ServiceNowClient({ ...settings, retry: { maxAttempts: 1 } });
      try {
        return await testServiceNowConnection(client);
      } finally {
        client.close();
      }
    },
  });
};
