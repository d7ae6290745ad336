// The Test connection admin route every system config node serves: the dialog's request checked and
// resolved by the rules of connection-test-request.ts (stored secrets only for the hosts they were
// saved with), the settings built as the runtime node builds them, one test with one attempt per call,
// and an answer with every secret masked. Each system gives only what differs.
import type { Request, Response } from 'express';
import type { NodeAPI } from 'node-red';
import type { z } from 'zod';
import { maskSecrets } from '../../lib/util/mask-secrets';
import { jsonOnly } from './admin-route';
import { deployedConfig, resolveTestRequest, type DeployedConfig, type TestRequestRules } from './connection-test-request';
import { toError } from './errors';

export interface ConnectionTestRoute<Fields, Credentials, Settings> {
  /** The config node's type; the route is `/<type>/test`, guarded by `<type>.write`. */
  type: string;
  /** The system's name as the refusal of a malformed request says it ("Paylocity"). */
  system: string;
  schema: z.ZodType<Record<string, unknown> & { id?: string | undefined }>;
  rules: TestRequestRules;
  /** Credential fields whose values are masked in every answer. */
  secretFields: readonly (keyof Credentials & string)[];
  /** Where secrets go as the node means it (e.g. a named environment's fixed hosts), for the request and the deployed node alike. */
  effectiveTargets?: <T extends Record<string, unknown>>(fields: T) => T;
  settingsFrom(id: string, fields: Fields, credentials: Credentials): Settings;
  problem(settings: Settings): string | undefined;
  /** Runs the test on a client of its own (one attempt: the editor waits, and a wrong secret is not tried five times) and closes it. */
  test(settings: Settings): Promise<unknown>;
}

export function registerConnectionTestRoute<Fields, Credentials, Settings>(
  RED: NodeAPI,
  route: ConnectionTestRoute<Fields, Credentials, Settings>,
): void {
  const targets = route.effectiveTargets ?? (<T>(fields: T): T => fields);
  RED.httpAdmin.post(`/${route.type}/test`, RED.auth.needsPermission(`${route.type}.write`), jsonOnly, (req: Request, res: Response) => {
    void (async () => {
      const parsed = route.schema.safeParse(req.body);
      if (!parsed.success) {
        res.status(400).json({ ok: false, error: `the request does not look like a ${route.system} config dialog` });
        return;
      }
      const found = deployedConfig((cb) => RED.nodes.eachNode(cb as never), (id) => RED.nodes.getCredentials(id), parsed.data.id, route.type);
      const deployed: DeployedConfig | null = found ? { ...found, settings: targets(found.settings) } : null;
      const resolved = resolveTestRequest(targets(parsed.data), deployed, route.rules);
      if (!resolved.ok) {
        res.status(400).json({ ok: false, error: resolved.error });
        return;
      }
      const secrets = route.secretFields.map((name) => resolved.credentials[name]);
      const settings = route.settingsFrom(parsed.data.id ?? 'test', resolved.fields as Fields, resolved.credentials as Credentials);
      const problem = route.problem(settings);
      if (problem) {
        res.json({ ok: false, error: maskSecrets(problem, secrets) });
        return;
      }
      try {
        const report = await route.test(settings);
        res.json(JSON.parse(maskSecrets(JSON.stringify(report), secrets)));
      } catch (err) {
        res.json({ ok: false, error: maskSecrets(toError(err).message, secrets) });
      }
    })();
  });
}
