import type { QueryValue } from './types';

/** Joins a base URL that may carry a path prefix ('https://host/api') with a request path; absolute paths pass through. */
export function joinUrl(baseUrl: string, path: string, query?: Readonly<Record<string, QueryValue>>): string {
  const url = /^https?:\/\//i.test(path) ? path : `${baseUrl.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
  const search = queryString(query);
  if (search === '') return url;
  return `${url}${url.includes('?') ? '&' : '?'}${search}`;
}

function queryString(query: Readonly<Record<string, QueryValue>> | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  return params.toString();
}

/** The path part only: query strings can carry identifiers or keys, and errors must not. */
export function pathOf(url: string): string {
  try {
    return new URL(url).pathname;
  } catch {
    return url.split('?')[0] ?? url;
  }
}

export function parseBaseUrl(system: string, baseUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(baseUrl);
  } catch {
    throw new TypeError(`${system}: "${baseUrl}" is not a URL (expected e.g. https://host.example.com)`);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new TypeError(`${system}: base URL must start with http:// or https://, not ${parsed.protocol}`);
  }
  if (parsed.username || parsed.password) {
    // A password in the URL would end up in every error and log line that prints the URL.
    throw new TypeError(`${system}: put credentials in the config node's credential fields, not in the URL`);
  }
  return baseUrl.replace(/\/+$/, '');
}
