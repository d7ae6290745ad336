/**
 * Replaces every occurrence of the given secrets (raw and URL-encoded) with `***`, so a driver or
 * server message that happens to quote a password, an API key or a token cannot carry it into an
 * error, a log line or a node status.
 */
export function maskSecrets(text: string, secrets: ReadonlyArray<string | undefined>): string {
  let masked = text;
  for (const secret of secrets) {
    if (!secret) continue;
    for (const form of new Set([secret, encodeURIComponent(secret)])) masked = masked.split(form).join('***');
  }
  return masked;
}

/** Own string properties of an error that may quote what a server said. */
const TEXT_FIELDS = ['message', 'stack', 'odooMessage', 'systemMessage', 'body', 'detail', 'description'] as const;

/**
 * The one path every client's errors take before they leave the client: the message and every text
 * that may quote a server's answer (Odoo's own message, a response body) have the secrets masked, in
 * place, causes included, so a log line, a node status, msg.error, the store and the sidebar all get
 * the masked text. Anything thrown that is not an Error becomes one with its text masked.
 */
export function maskError(err: unknown, secrets: ReadonlyArray<string | undefined>): Error {
  const live = secrets.filter((s): s is string => typeof s === 'string' && s.length > 0);
  if (!(err instanceof Error)) return new Error(maskSecrets(String(err), live));
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current instanceof Error && !seen.has(current) && live.length > 0) {
    seen.add(current);
    const holder = current as unknown as Record<string, unknown>;
    for (const field of TEXT_FIELDS) {
      const value = holder[field];
      if (typeof value !== 'string') continue;
      const masked = maskSecrets(value, live);
      if (masked === value) continue;
      try {
        Object.defineProperty(current, field, { value: masked, writable: true, configurable: true, enumerable: field !== 'message' && field !== 'stack' });
      } catch {
        // A frozen property: nothing to do but leave it (none of ours is frozen).
      }
    }
    current = (current as { cause?: unknown }).cause;
  }
  return err;
}
