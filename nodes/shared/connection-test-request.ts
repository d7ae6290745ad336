// What a config dialog's Test connection may test with. The dialog sends what it shows: plain
// fields as typed (an example's `${MLC_SANDBOX_ODOO_URL}` included) and, for a secret left unchanged,
// Node-RED's placeholder. The rules, so the route can be used to steal nothing:
// - `${NAME}` is read from the environment only where the value is exactly what the deployed node
//   saved; a `${...}` typed into the request is refused, never expanded (or any variable could be
//   read out through a server that echoes it).
// - A stored secret is used only when every field that says where it is sent (URL, host, token URL)
//   is what the deployed node saved; to test another target the user types the secret.
import { resolveEnvValue } from './env-values';

/** Node-RED's placeholder for a password credential the editor did not change. */
export const UNCHANGED_SECRET = '__PWRD__';

export interface DeployedConfig {
  /** The node's settings as saved in the flow (before `${...}` substitution). */
  settings: Record<string, unknown>;
  /** Its credentials as saved (before `${...}` substitution). */
  credentials: Record<string, string | undefined>;
}

export interface TestRequestRules {
  /** Plain fields the route reads. */
  fields: readonly string[];
  /** Credential fields (text and password). */
  credentials: readonly string[];
  /** Fields that say where the secrets go: a change of any of them means no stored secret is sent. */
  target: readonly string[];
  /** How the dialog names a field, for messages ("URL", "API key"). */
  labels: Record<string, string>;
}

export type ResolvedTestRequest =
  | { ok: true; fields: Record<string, string | number | undefined>; credentials: Record<string, string> }
  | { ok: false; error: string };

const ENV_REFERENCE = /\$\{[^}]*\}/;

export function resolveTestRequest(body: Record<string, unknown>, deployed: DeployedConfig | null, rules: TestRequestRules): ResolvedTestRequest {
  const label = (name: string) => rules.labels[name] ?? name;
  const fields: Record<string, string | number | undefined> = {};
  for (const name of rules.fields) {
    const given = body[name];
    if (given === undefined || given === null) continue;
    if (typeof given !== 'string' && typeof given !== 'number') return { ok: false, error: `${label(name)}: expected text` };
    const saved = deployed?.settings[name];
    if (typeof given === 'string' && deployed && given === saved) {
      fields[name] = resolveEnvValue(given);
      continue;
    }
    if (typeof given === 'string' && ENV_REFERENCE.test(given)) {
      return { ok: false, error: `${label(name)}: an environment value (\${...}) is read only from the deployed node; deploy it first, or type the value` };
    }
    fields[name] = given;
  }

  const sameTarget =
    deployed !== null &&
    rules.target.every((name) => {
      const saved = deployed.settings[name];
      const savedValue = typeof saved === 'string' ? resolveEnvValue(saved) : saved === undefined ? undefined : String(saved);
      return normaliseTarget(fields[name]) === normaliseTarget(savedValue);
    });

  const credentials: Record<string, string> = {};
  for (const name of rules.credentials) {
    const given = body[name];
    const stored = deployed?.credentials[name];
    if (given === undefined || given === UNCHANGED_SECRET) {
      if (stored === undefined || stored === '') continue;
      if (!sameTarget) {
        return {
          ok: false,
          error: `${rules.target.map(label).join(' or ')} differs from the deployed node's: type the ${label(name)} to test it there (a stored secret is only sent where it was saved for)`,
        };
      }
      credentials[name] = resolveEnvValue(stored) ?? '';
      continue;
    }
    if (typeof given !== 'string') return { ok: false, error: `${label(name)}: expected text` };
    if (stored !== undefined && given === stored) {
      // A text credential shown as saved (e.g. a user name read from ${UKG_USER}).
      if (ENV_REFERENCE.test(given) && !sameTarget) {
        return { ok: false, error: `${rules.target.map(label).join(' or ')} differs from the deployed node's: type the ${label(name)} to test it there` };
      }
      credentials[name] = resolveEnvValue(given) ?? '';
      continue;
    }
    if (ENV_REFERENCE.test(given)) {
      return { ok: false, error: `${label(name)}: an environment value (\${...}) is read only from the deployed node; deploy it first, or type the value` };
    }
    credentials[name] = given;
  }
  return { ok: true, fields, credentials };
}

/** The deployed node's saved settings and credentials, or null when it is not deployed. */
export function deployedConfig(
  eachNode: (cb: (def: { id: string; type: string } & Record<string, unknown>) => void) => void,
  getCredentials: (id: string) => unknown,
  id: string | undefined,
  type: string,
): DeployedConfig | null {
  if (!id) return null;
  let settings: Record<string, unknown> | null = null;
  eachNode((def) => {
    if (def.id === id && def.type === type) settings = def;
  });
  if (!settings) return null;
  const raw = getCredentials(id);
  const credentials: Record<string, string | undefined> = {};
  if (raw && typeof raw === 'object') {
    for (const [name, value] of Object.entries(raw as Record<string, unknown>)) if (typeof value === 'string') credentials[name] = value;
  }
  return { settings, credentials };
}

function normaliseTarget(value: string | number | undefined): string {
  if (value === undefined) return '';
  const text = String(value).trim().replace(/\/+$/, '');
  try {
    const url = new URL(text);
    return `${url.protocol}//${url.host.toLowerCase()}${url.pathname.replace(/\/+$/, '')}`;
  } catch {
    return text.toLowerCase();
  }
}
