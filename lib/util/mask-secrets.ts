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
