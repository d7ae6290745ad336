// mlc-ukg-config: one UKG Pro tenant (service host, web service account, customer API key, optional
// OAuth2 client). It owns the UKG client (its connection pool and token cache) for every UKG node that
// uses it and closes it on redeploy. The admin route serves the editor's Test connection button.
import type { Request, Response } from 'express';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { z } from 'zod';
import { UkgClient } from '../../lib/ukg/client';
import { testUkgConnection } from '../../lib/ukg/connection-test';
import { ukgSettingsProblem } from '../../lib/ukg/settings';
import { maskSecrets } from '../../lib/util/mask-secrets';
import { resolveEnvValues } from '../shared/env-values';
import { toError } from '../shared/errors';
import { onClose } from '../shared/input';
import type { UkgConfigNode } from '../shared/types';
import { SECRET_FIELDS, UKG_CREDENTIALS, ukgSettingsFromNode, type UkgConfigFields, type UkgCredentials } from './ukg-config-settings';

/** Node-RED's placeholder for a password credential the editor did not change. */
const UNCHANGED = '__PWRD__';

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
type TestRequest = z.infer<typeof testRequestSchema>;

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
  // from the deployed node's credentials. Answers never hold a secret.
  RED.httpAdmin.post('/mlc-ukg-config/test', RED.auth.needsPermission('mlc-ukg-config.write'), (req: Request, res: Response) => {
    void (async () => {
      const parsed = testRequestSchema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({ ok: false, error: 'the request does not look like a UKG config dialog' });
        return;
      }
      // ${NAME} values (the examples use them) are read from the environment, as Node-RED does at deploy.
      const body = resolveEnvValues(parsed.data);
      const storedRaw = (body.id ? RED.nodes.getCredentials(body.id) : undefined) as UkgCredentials | undefined;
      const stored = storedRaw ? resolveEnvValues(storedRaw) : undefined;
      const credentials = dialogCredentials(body, stored ?? {});
      const secrets = SECRET_FIELDS.map((name) => credentials[name]);
      const settings = ukgSettingsFromNode(body.id ?? 'test', body, credentials);
      const problem = ukgSettingsProblem(settings);
      if (problem) {
        res.json({ ok: false, error: maskSecrets(problem, secrets) });
        return;
      }
      // One attempt: the editor waits on this answer, and a wrong password should not be tried five times.
      const client = new UkgClient({ ...settings, retry: { maxAttempts: 1 } });
      try {
        const report = await testUkgConnection(client);
        res.json(JSON.parse(maskSecrets(JSON.stringify(report), secrets)));
      } catch (err) {
        res.json({ ok: false, error: maskSecrets(toError(err).message, secrets) });
      } finally {
        client.close();
      }
    })();
  });
};

function dialogCredentials(body: TestRequest, stored: UkgCredentials): UkgCredentials {
  const pick = (name: keyof UkgCredentials): string | undefined => {
    const given = body[name];
    if (given === undefined || given === UNCHANGED) return stored[name];
    return given;
  };
  const result: UkgCredentials = {};
  for (const name of Object.keys(UKG_CREDENTIALS) as Array<keyof UkgCredentials>) {
    const value = pick(name);
    if (value !== undefined) result[name] = value;
  }
  return result;
}
