// Node-RED reads a property whose whole value is `${NAME}` from the environment when a flow starts.
// Admin routes (Test connection) see the dialog's raw text, so they resolve it the same way.
const ENV_REFERENCE = /^\$\{(\S+)\}$/;

export function resolveEnvValue(value: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (value === undefined) return undefined;
  const match = ENV_REFERENCE.exec(value);
  if (!match?.[1]) return value;
  return env[match[1]] ?? value;
}

export function resolveEnvValues<T extends object>(values: T, env: NodeJS.ProcessEnv = process.env): T {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) out[key] = typeof value === 'string' ? resolveEnvValue(value, env) : value;
  return out as T;
}
