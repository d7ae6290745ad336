// mlc-paylocity-config: one Paylocity WebLink client (client id and secret, scope WebLinkAPI) and the
// company the flows work on, plus the Basic credentials Paylocity sends with its webhooks. It owns the
// Paylocity client (token, pace, connection pool) every Paylocity node shares and closes it on
// redeploy. The admin route serves the editor's Test connection button.
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { z } from 'zod';
import { PaylocityClient } from '../../lib/paylocity/client';
import { testPaylocityConnection } from '../../lib/paylocity/connection-test';
import { PAYLOCITY_HOSTS, paylocitySettingsProblem, type PaylocitySettingsInput } from '../../lib/paylocity/settings';
import type { TestRequestRules } from '../shared/connection-test-request';
import { registerConnectionTestRoute } from '../shared/connection-test-route';
import { onClose } from '../shared/input';
import type { PaylocityConfigNode } from '../shared/types';
import {
  environmentOf,
  PAYLOCITY_CREDENTIALS,
  paylocitySettingsFromNode,
  SECRET_FIELDS,
  webhookCredentialsFrom,
  type PaylocityConfigFields,
  type PaylocityCredentials,
} from './paylocity-config-settings';

const TEST_RULES: TestRequestRules = {
  fields: ['name', 'environment', 'apiBase', 'tokenUrl', 'companyId', 'pageSize', 'concurrency', 'requestsPerSecond', 'timeoutSeconds', 'maxAttempts', 'maxRetrySeconds'],
  // The webhook credentials are not used by the test; they are never sent anywhere.
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
  companyId: z.string().optional(),
  pageSize: field,
  concurrency: field,
  requestsPerSecond: field,
  timeoutSeconds: field,
  maxAttempts: field,
  maxRetrySeconds: field,
  clientId: z.string().optional(),
  clientSecret: z.string().optional(),
});

/**
 * With the production or testing environment the hosts are Paylocity's own, whatever custom URLs
 * linger in the dialog: the fields that say where secrets go are set to those hosts, in the request
 * and in the deployed node alike, so a switch of environment is a change of target.
 */
function withEffectiveHosts<T extends Record<string, unknown>>(fields: T): T {
  const environment = environmentOf(fields as PaylocityConfigFields);
  if (environment === 'custom') return fields;
  return { ...fields, apiBase: PAYLOCITY_HOSTS[environment].apiBase, tokenUrl: PAYLOCITY_HOSTS[environment].tokenUrl };
}

export = function (RED: NodeAPI): void {
  function MlcPaylocityConfigNode(this: PaylocityConfigNode, def: NodeDef & PaylocityConfigFields): void {
    RED.nodes.createNode(this, def);
    const node = this as PaylocityConfigNode & Node<PaylocityCredentials>;
    const credentials = node.credentials ?? {};
    const input = paylocitySettingsFromNode(node.id, def, credentials);
    let client: PaylocityClient | null = null;
    node.configName = () => input.configName;
    node.companyId = () => input.companyId;
    node.webhookCredentials = () => webhookCredentialsFrom(credentials);
    node.getClient = () => {
      if (client) return client;
      const problem = paylocitySettingsProblem(input);
      if (problem) throw new Error(`mlc-paylocity-config "${input.configName}": ${problem}`);
      client = new PaylocityClient(input);
      return client;
    };
    onClose(node, () => {
      client?.close();
      client = null;
    });
  }

  RED.nodes.registerType('mlc-paylocity-config', MlcPaylocityConfigNode as unknown as (this: Node, def: NodeDef) => void, {
    credentials: PAYLOCITY_CREDENTIALS,
  });

  // The editor sends what is in the dialog; secrets left unchanged come as a placeholder and are taken
  // from the deployed node's credentials, only for the hosts it was saved with. Answers never hold a secret.
  registerConnectionTestRoute<PaylocityConfigFields, PaylocityCredentials, PaylocitySettingsInput>(RED, {
    type: 'mlc-paylocity-config',
    system: 'Paylocity',
    schema: testRequestSchema,
    rules: TEST_RULES,
    secretFields: SECRET_FIELDS,
    effectiveTargets: withEffectiveHosts,
    settingsFrom: paylocitySettingsFromNode,
    problem: paylocitySettingsProblem,
    test: async (settings) => {
      const client = new PaylocityClient({ ...settings, retry: { maxAttempts: 1 } });
      try {
        return await testPaylocityConnection(client);
      } finally {
        client.close();
      }
    },
  });
};
