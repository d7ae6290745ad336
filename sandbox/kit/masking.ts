import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';

/**
 * The request log must never hold a usable credential, yet tests need to tell which credential was
 * sent. So a secret becomes `*** #<first 8 hex of its SHA-256>`: a test compares it with
 * `maskSecret(expected)`, nobody can replay it.
 */
export function maskSecret(secret: string): string {
  return `*** #${createHash('sha256').update(secret).digest('hex').slice(0, 8)}`;
}

/** Keeps the scheme (`Bearer`, `Basic`) visible: "which kind of auth was sent" is a fair thing to assert. */
export function maskAuthorization(value: string): string {
  const match = /^(\S+)\s+(.+)$/.exec(value);
  return match ? `${match[1]} ${maskSecret(match[2] ?? '')}` : maskSecret(value);
}

const SECRET_HEADERS = new Set(['authorization', 'proxy-authorization', 'cookie', 'set-cookie']);
// UKG's US-Customer-Api-Key, X-Api-Key, X-Auth-Token, client_secret, apiKey, password...
const KEY_LIKE = /(^|[-_.\s])(key|apikey|secret|password|passwd|pwd|token|session|sessionid|signature|credentials?)$/i;
// ...but a paging cursor named like a token (Paylocity's nextToken) is not a secret, and tests assert on it.
const CURSOR_LIKE = /^(next|page|continuation|sync|delta|cursor)[-_]?token$/i;

export function isSecretName(name: string): boolean {
  if (CURSOR_LIKE.test(name)) return false;
  const separated = name.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
  return KEY_LIKE.test(separated);
}

export function maskHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [name, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    masked[name] = name.endsWith('authorization')
      ? maskAuthorization(value)
      : SECRET_HEADERS.has(name) || isSecretName(name)
        ? maskSecret(value)
        : value;
  }
  return masked;
}

export function maskQuery(query: URLSearchParams): Record<string, string | string[]> {
  const masked: Record<string, string | string[]> = {};
  for (const name of new Set(query.keys())) {
    const values = query.getAll(name).map((value) => (isSecretName(name) ? maskSecret(value) : value));
    masked[name] = values.length === 1 ? (values[0] ?? '') : values;
  }
  return masked;
}

/** Masks values under secret-looking keys anywhere in a parsed JSON or form body. */
export function maskBody(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskBody);
  if (value === null || typeof value !== 'object') return value;
  const masked: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) {
    masked[key] = isSecretName(key) && (typeof inner === 'string' || typeof inner === 'number') ? maskSecret(String(inner)) : maskBody(inner);
  }
  return masked;
}
