/**
 * Which requests a fault, a quota rule or a log query applies to. A string path is a prefix
 * (`/api/v1` matches `/api/v1/items`); a RegExp is tested against the path without the query.
 */
export interface RequestMatch {
  method?: string;
  path?: string | RegExp;
}

export function requestMatches(match: RequestMatch, method: string, path: string): boolean {
  if (match.method !== undefined && match.method.toUpperCase() !== method) return false;
  return match.path === undefined || pathMatches(match.path, path);
}

export function pathMatches(pattern: string | RegExp, path: string): boolean {
  if (typeof pattern === 'string') return path.startsWith(pattern);
  pattern.lastIndex = 0; // a /g or /y pattern would otherwise remember where it last stopped
  return pattern.test(path);
}
