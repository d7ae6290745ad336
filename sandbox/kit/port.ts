/** A port from an environment variable; unset or blank gives `fallback`, anything not a port is an error. */
export function portFromEnv(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new RangeError(`${name} must be a port number (0-65535), got ${JSON.stringify(raw)}`);
  }
  return port;
}
