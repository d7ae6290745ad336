import { HttpError, json, type SandboxRequest, type SandboxResponse } from '../kit';

/**
 * Procore's wire conventions: error bodies (C.8), money as decimal strings, timestamps without
 * fractions, `page`/`per_page` paging with `Total`, `Per-Page` and `Link` (C.5), and `filters[...]`
 * with `a...b` ranges and `[]` arrays (C.6).
 */

/** 400/422: Rails-style `{"errors": {"field": ["message"]}}` (or a string). */
export function validationError(status: 400 | 409 | 422, errors: Record<string, string[]> | string): HttpError {
  return new HttpError(status, { errors });
}

export function unauthorized(): HttpError {
  return new HttpError(401, { error: 'invalid_token', message: 'The access token is invalid' }, {
    headers: { 'www-authenticate': 'Bearer realm="Doorkeeper", error="invalid_token", error_description="The access token is invalid"' },
  });
}

export function forbidden(message: string): HttpError {
  return new HttpError(403, { error: 'forbidden', message });
}

/** Procore answers 404, not 403, for a resource the caller cannot see at all. */
export function notFound(what = 'Resource'): HttpError {
  return new HttpError(404, { error: 'not_found', message: `${what} not found` });
}

export function money(cents: number): string {
  return (cents / 100).toFixed(2);
}

export function toCents(value: number): number {
  return Math.round(value * 100);
}

/** `2026-10-01T15:30:00Z`: Procore's timestamps carry no fractions. */
export function stamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

// ---------------------------------------------------------------------------------------------- paging

export interface PagingOptions {
  defaultPerPage: number;
  maxPerPage: number | null;
}

/** One page of `items` as a bare JSON array with `Total`, `Per-Page` and (when there are other pages) `Link`. */
export function paged(request: SandboxRequest, items: readonly unknown[], options: PagingOptions, extraHeaders: Record<string, string> = {}): SandboxResponse {
  const page = positiveInt(request, 'page') ?? 1;
  let perPage = positiveInt(request, 'per_page') ?? options.defaultPerPage;
  if (options.maxPerPage !== null) perPage = Math.min(perPage, options.maxPerPage);
  const total = items.length;
  const lastPage = Math.max(1, Math.ceil(total / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const headers: Record<string, string> = { Total: String(total), 'Per-Page': String(perPage), ...extraHeaders };
  const link = (target: number): string => {
    const query = new URLSearchParams(request.query);
    query.set('page', String(target));
    query.set('per_page', String(perPage));
    return `${request.origin}${request.path}?${query.toString()}`;
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${link(1)}>; rel="first"`, `<${link(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) links.push(`<${link(lastPage)}>; rel="last"`, `<${link(page + 1)}>; rel="next"`);
  if (links.length > 0) headers.Link = links.join(', ');
  return json(slice, { headers });
}

function positiveInt(request: SandboxRequest, name: string): number | undefined {
  const raw = request.query.get(name);
  if (raw === null || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw validationError(400, { [name]: ['must be a positive integer'] });
  return value;
}

// --------------------------------------------------------------------------------------------- filters

export type FilterValue = { kind: 'values'; values: string[] } | { kind: 'range'; from: string; to: string };

/** `filters[x]=v`, `filters[x][]=a&filters[x][]=b`, `filters[x]=a...b` (also `filters[x]=a,b` for ids). */
export function parseFilters(query: URLSearchParams): Map<string, FilterValue> {
  const filters = new Map<string, FilterValue>();
  for (const [key, value] of query) {
    const match = /^filters\[([^\]]+)\](\[\])?$/.exec(key);
    if (!match) continue;
    const name = match[1]!;
    if (match[2]) {
      const existing = filters.get(name);
      filters.set(name, { kind: 'values', values: [...(existing?.kind === 'values' ? existing.values : []), value] });
      continue;
    }
    const range = value.split('...');
    if (range.length === 2) filters.set(name, { kind: 'range', from: range[0]!, to: range[1]! });
    else filters.set(name, { kind: 'values', values: [value] });
  }
  return filters;
}

export type FilterKind = 'id' | 'string' | 'time' | 'date' | 'bool';

export type FilterSpec<T> = Record<string, { kind: FilterKind; get: (item: T) => string | number | boolean | null }>;

/**
 * Keeps the items every known filter accepts; unknown filters are ignored (as Rails ignores unpermitted
 * parameters). Time ranges are inclusive at both ends; a single time means "at or after".
 */
export function applyFilters<T>(items: readonly T[], filters: Map<string, FilterValue>, spec: FilterSpec<T>): T[] {
  let result = [...items];
  for (const [name, filter] of filters) {
    const field = spec[name];
    if (!field) continue;
    if (field.kind === 'time' || field.kind === 'date') {
      const parse = (raw: string, end: boolean): number => {
        const ms = Date.parse(field.kind === 'date' && /^\d{4}-\d{2}-\d{2}$/.test(raw) ? `${raw}T${end ? '23:59:59' : '00:00:00'}Z` : raw);
        if (!Number.isFinite(ms)) throw validationError(400, { [`filters[${name}]`]: [`is not a valid date range: ${raw}`] });
        return ms;
      };
      const [from, to] = filter.kind === 'range' ? [parse(filter.from, false), parse(filter.to, true)] : [parse(filter.values[0] ?? '', false), Number.POSITIVE_INFINITY];
      result = result.filter((item) => {
        const value = field.get(item);
        if (value === null || typeof value === 'boolean') return false;
        const ms = typeof value === 'number' ? value : Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00Z` : value);
        return ms >= from && ms <= to;
      });
      continue;
    }
    const values = filter.kind === 'values' ? filter.values.flatMap((value) => (field.kind === 'id' ? value.split(',') : [value])) : [filter.from, filter.to];
    result = result.filter((item) => {
      const value = field.get(item);
      if (field.kind === 'bool') return values.includes(String(value));
      if (field.kind === 'id' && filter.kind === 'range') return typeof value === 'number' && value >= Number(filter.from) && value <= Number(filter.to);
      return value !== null && values.includes(String(value));
    });
  }
  return result;
}

/** `filters[include_deleted]=only|with`; without it deleted records are hidden. */
export function deletedFilter<T extends { deleted_at: string | null }>(items: readonly T[], filters: Map<string, FilterValue>): T[] {
  const mode = filters.get('include_deleted');
  const value = mode?.kind === 'values' ? mode.values[0] : undefined;
  if (value === 'only') return items.filter((item) => item.deleted_at !== null);
  if (value === 'with' || value === 'true') return [...items];
  return items.filter((item) => item.deleted_at === null);
}

/** `sort=name` or `sort=-updated_at`; by id otherwise. */
export function sorted<T extends { id: number }>(request: SandboxRequest, items: T[]): T[] {
  const sort = request.query.get('sort');
  if (!sort) return items.sort((a, b) => a.id - b.id);
  const descending = sort.startsWith('-');
  const key = (descending ? sort.slice(1) : sort) as keyof T;
  return items.sort((a, b) => {
    const left = a[key] as unknown;
    const right = b[key] as unknown;
    const order = left === right ? a.id - b.id : left === null || left === undefined ? -1 : right === null || right === undefined ? 1 : String(left) < String(right) ? -1 : 1;
    return descending ? -order : order;
  });
}
