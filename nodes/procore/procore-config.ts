// mlc-procore-config: one Procore company through a service account (DMSA): environment, client id and
// secret, company id. It owns the Procore client (token, company header, rate-limit window, connection
// pool) every Procore node shares and closes it on redeploy. The admin route serves Test connection.
import type { Request, Response } from 'express';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { z } from 'zod';
import { ProcoreClient } from '../../lib/procore/client';
import { testProcoreConnection } from '../../lib/procore/connection-test';
import { PROCORE_HOSTS, procoreSettingsProblem } from '../../lib/procore/settings';
import { maskSecrets } from '../../lib/util/mask-secrets';
import { jsonOnly } from '../shared/admin-route';
import { deployedConfig, resolveTestRequest, type DeployedConfig, type TestRequestRules } from '../shared/connection-test-request';
import { toError } from '../shared/errors';
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
  RED.httpAdmin.post('/mlc-procore-config/test', RED.auth.needsPermission('mlc-procore-config.write'), jsonOnly, (req: Request, res: Response) => {
    void (async () => {
      const parsed = testRequestSchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({ ok: false, error: 'the request does not look like a Procore config dialog' });
        return;
      }
      const found = deployedConfig((cb) => RED.nodes.eachNode(cb as never), (id) => RED.nodes.getCredentials(id), parsed.data.id, 'mlc-procore-config');
      const deployed: DeployedConfig | null = found ? { ...found, settings: withEffectiveHosts(found.settings) } : null;
      const resolved = resolveTestRequest(withEffectiveHosts(parsed.data), deployed, TEST_RULES);
      if (!resolved.ok) {
        res.status(400).json({ ok: false, error: resolved.error });
        return;
      }
      const credentials = resolved.credentials as ProcoreCredentials;
      const secrets = SECRET_FIELDS.map((name) => credentials[name]);
      const settings = procoreSettingsFromNode(parsed.data.id ?? 'test', resolved.fields as ProcoreConfigFields, credentials);
      const problem = procoreSettingsProblem(settings);
      if (problem) {
        res.json({ ok: false, error: maskSecrets(problem, secrets) });
        return;
      }
      // One attempt: the editor waits on this answer, and a wrong secret should not be tried five times.
      const client = new ProcoreClient({ ...settings, retry: { maxAttempts: 1 } });
      try {
        const report = await testProcoreConnection(client);
        res.json(JSON.parse(maskSecrets(JSON.stringify(report), secrets)));
      } catch (err) {
        res.json({ ok: false, error: maskSecrets(toError(err).message, secrets) });
      } finally {
        client.close();
      }
    })();
  });
};
