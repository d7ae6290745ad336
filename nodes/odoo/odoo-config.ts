// mlc-odoo-config: one Odoo connection (URL, database, user, API key, transport). It owns the client
// (its connection pool, the logged-in uid and the field-type cache) for every Odoo node that uses it,
// and closes it on redeploy. Admin routes serve the editor's Test connection button and field picker.
import type { Request, Response } from 'express';
import type { Node, NodeAPI, NodeDef } from 'node-red';
import { z } from 'zod';
import { OdooClient } from '../../lib/odoo/client';
import { settingsProblem, type OdooSettingsInput } from '../../lib/odoo/settings';
import { type TestRequestRules } from '../shared/connection-test-request';
import { registerConnectionTestRoute } from '../shared/connection-test-route';
import { toError } from '../shared/errors';
import { onClose } from '../shared/input';
import type { OdooConfigNode } from '../shared/types';
import { odooSettingsFromNode, type OdooConfigFields, type OdooCredentials } from './odoo-config-settings';

const TEST_RULES: TestRequestRules = {
  fields: ['name', 'url', 'db', 'transport', 'companyId', 'timeoutSeconds'],
  credentials: ['username', 'apiKey'],
  target: ['url'],
  labels: { url: 'URL', db: 'database', apiKey: 'API key', username: 'user name' },
};

const testRequestSchema = z.object({
  id: z.string().optional(),
  name: z.string().optional(),
  url: z.string().optional(),
  db: z.string().optional(),
  transport: z.string().optional(),
  companyId: z.union([z.string(), z.number()]).optional(),
  timeoutSeconds: z.union([z.string(), z.number()]).optional(),
  username: z.string().optional(),
  apiKey: z.string().optional(),
});

const fieldsQuerySchema = z.object({ model: z.string().regex(/^[a-z_][a-z0-9_.]*$/, 'a model name such as res.partner') });

export = function (RED: NodeAPI): void {
  function MlcOdooConfigNode(this: OdooConfigNode, def: NodeDef & OdooConfigFields): void {
    RED.nodes.createNode(this, def);
    const node = this as OdooConfigNode & Node<OdooCredentials>;
    const input = odooSettingsFromNode(node.id, def, node.credentials ?? {});
    let client: OdooClient | null = null;
    node.configName = () => input.configName;
    node.getClient = () => {
      if (client) return client;
      const problem = settingsProblem(input);
      if (problem) throw new Error(`mlc-odoo-config "${input.configName}": ${problem}`);
      client = new OdooClient(input);
      return client;
    };
    onClose(node, () => {
      client?.close();
      client = null;
    });
  }

  RED.nodes.registerType('mlc-odoo-config', MlcOdooConfigNode as unknown as (this: Node, def: NodeDef) => void, {
    credentials: { username: { type: 'text' }, apiKey: { type: 'password' } },
  });

  // The editor sends what is in the dialog; an API key left unchanged comes as a placeholder and is
  // taken from the deployed node's credentials, only for the URL it was saved with. Answers never hold the key.
  registerConnectionTestRoute<OdooConfigFields, OdooCredentials, OdooSettingsInput>(RED, {
    type: 'mlc-odoo-config',
    system: 'Odoo',
    schema: testRequestSchema,
    rules: TEST_RULES,
    secretFields: ['apiKey'],
    settingsFrom: odooSettingsFromNode,
    problem: settingsProblem,
    test: async (settings) => {
      const client = new OdooClient({ ...settings, retry: { maxAttempts: 1 } });
      try {
        return { ok: true, ...(await client.testConnection()) };
      } finally {
        client.close();
      }
    },
  });

  // Field picker of the read node: the fields of a model, through a deployed config node.
  RED.httpAdmin.get('/mlc-odoo-config/:id/fields', RED.auth.needsPermission('mlc-odoo-config.read'), (req: Request, res: Response) => {
    void (async () => {
      const query = fieldsQuerySchema.safeParse(req.query);
      const configNode = RED.nodes.getNode(String(req.params['id'] ?? '')) as OdooConfigNode | null;
      if (!query.success) {
        res.status(400).json({ error: 'give ?model=<model name>, e.g. res.partner' });
        return;
      }
      if (!configNode || typeof configNode.getClient !== 'function') {
        res.status(404).json({ error: 'deploy the Odoo config node first, then pick fields' });
        return;
      }
      try {
        const fields = await configNode.getClient().fieldsGet(query.data.model, ['string', 'type', 'relation', 'required', 'readonly']);
        const list = Object.entries(fields)
          .map(([name, field]) => ({ name, label: String(field['string'] ?? name), type: String(field['type'] ?? ''), relation: field['relation'] ?? null, required: field['required'] === true }))
          .sort((a, b) => a.name.localeCompare(b.name));
        res.json({ model: query.data.model, fields: list });
      } catch (err) {
        res.status(502).json({ error: toError(err).message });
      }
    })();
  });
};
