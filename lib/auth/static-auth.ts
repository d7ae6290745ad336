import type { RequestAuth } from '../http/types';

/**
 * Credentials that do not change between calls: HTTP Basic with UKG's US-Customer-Api-Key, an Odoo JSON-2
 * bearer key. A 401 cannot be cured by renewing them, so it is reported at once.
 */
export function staticAuth(configName: string, headers: Readonly<Record<string, string>>, secrets: ReadonlyArray<string | undefined>): RequestAuth {
  return {
    configName,
    headers: async () => ({ ...headers }),
    renew: () => false,
    // The header values themselves too: a Basic header is the password in Base64.
    secrets: () => [...secrets, ...Object.values(headers)],
  };
}

export function basicAuthorization(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`, 'utf8').toString('base64')}`;
}
