// mlc-procore-config: one Procore company through a service account (DMSA): environment, client id and
// secret, company id. It owns the Procore client (token, company header, rate-limit window, connection
// pool) every Procore node shares and closes it on redeploy. The admin route serves Test connection.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { z } from 'zod';
import { ProcoreClient } from '../../lib/procore/client';
import { testProcoreConnection } from '../../lib/procore/connection-test';
import { PROCORE_HOSTS, procoreSettingsProblem, type ProcoreSettingsInput } from '../../lib/procore/settings';
import type { TestRequestRules } from '../shared/connection-test-request';
import { registerConnectionTestRoute } from '../shared/connection-test-route';
import { onClose } from '../shared/input';
import type { ProcoreConfigNode } from '../shared/types';
import { environmentOf, PROCORE_CREDENTIALS, procoreSettingsFromNode, SECRET_FIELDS, type ProcoreConfigFields, type ProcoreCredentials } from './procore-config-settings';

const TEST_RULES: TestRequestRules = {
  fields: ['name', 'environment', 'apiBase', 'tokenUrl', 'companyId', 'perPage', 'concurrency', 'timeoutSeconds', 'maxAttempts', 'maxRetrySeconds'],
  credentials: ['clientId', 'clientSecret'],
  // The token goes to the API base, the client secret to the token URL: both are where secrets go.
  target: ['apiBase', 'tokenUrl'],
  labels: { apiBase: 'API base URL', tokenUrl: 'token URL', clientId: 'client id', clientSecret: 'client secret', companyId: 'company id', environment: 'environment' },
};

const field = z.union([z.string(), z.number()]).optional();
const testRequestSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  environment: z.string().optional(),
  apiBase: z.string().optional(),
  tokenUrl: z.string().optional(),
  companyId: field,
  perPage: field,
  concurrency: field,
  timeoutSeconds: field,
  maxAttempts: field,
  maxRetrySeconds: field,
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
});

/** With a Procore environment the hosts are Procore's own, whatever custom URLs linger in the dialog. */
function withEffectiveHosts<T extends Record<string, unknown>>(fields: T): T {
  const environment = environmentOf(fields as ProcoreConfigFields);
  if (environment === 'custom') return fields;
  return { ...fields, apiBase: PROCORE_HOSTS[environment].apiBase, tokenUrl: PROCORE_HOSTS[environment].tokenUrl };
}

export = function (RED: NodeAPI): void {
  function MlcProcoreConfigNode(this: ProcoreConfigNode, def: NodeDef & ProcoreConfigFields): void {
    RED.nodes.createNode(this, def);
    const node = this as ProcoreConfigNode & Node<ProcoreCredentials>;
    const credentials = node.credentials ?? {};
    const input = procoreSettingsFromNode(node.id, def, credentials);
    let client: ProcoreClient | null = null;
    node.configName = () => input.configName;
    node.companyId = () => input.companyId;
    node.getClient = () => {
      if (client) return client;
      const problem = procoreSettingsProblem(input);
      if (problem) throw new Error(`mlc-procore-config "${input.configName}": ${problem}`);
      client = new ProcoreClient(input);
      return client;
    };
    onClose(node, () => {
      client?.close();
      client = null;
    });
  }

  RED.nodes.registerType('mlc-procore-config', MlcProcoreConfigNode as unknown as (this: Node, def: NodeDef) => void, { credentials: PROCORE_CREDENTIALS });

  // The editor sends what is in the dialog; secrets left unchanged come as a placeholder and are taken
  // from the deployed node's credentials, only for the hosts it was saved with. Answers never hold a secret.
  registerConnectionTestRoute<ProcoreConfigFields, ProcoreCredentials, ProcoreSettingsInput>(RED, {
    type: 'mlc-procore-config',
    system: 'Procore',
    schema: testRequestSchema,
    rules: TEST_RULES,
    secretFields: SECRET_FIELDS,
    effectiveTargets: withEffectiveHosts,
    settingsFrom: procoreSettingsFromNode,
    problem: procoreSettingsProblem,
    test: async (settings) => {
      const client = new ProcoreClient({ ...settings, retry: { maxAttempts: 1 } });
      try {
        return await testProcoreConnection(client);
      } finally {
        client.close();
      }
    },
  });
};
