import type { SandboxRequest } from '../../kit';
import { badRequest, noRecords } from './errors';

/** UKG's default and maximum page size since 2022 for the big personnel resources. */
export const DEFAULT_MAX_PER_PAGE = 10_000;

export interface Paging {
  page: number;
  perPage: number;
}

/**
 * `page` (1-based) and `per_Page`. Both spellings of the page size are accepted everywhere because
 * a few resources (employee-changes) document `per_page`; an oversized page is cut to the maximum,
 * as "the default/max is applied".
 */
export function readPaging(query: URLSearchParams, maxPerPage = DEFAULT_MAX_PER_PAGE): Paging {
  const page = wholeNumber(query, 'page', 1);
  const sizeName = query.has('per_Page') ? 'per_Page' : 'per_page';
  const perPage = wholeNumber(query, sizeName, maxPerPage);
  return { page, perPage: Math.min(perPage, maxPerPage) };
}

export function pagingFromBody(page: number | undefined, perPage: number | undefined, maxPerPage = DEFAULT_MAX_PER_PAGE): Paging {
  return { page: page ?? 1, perPage: Math.min(perPage ?? maxPerPage, maxPerPage) };
}

/** One page of a bare JSON array; an empty page (nothing matched, or past the end) is UKG's 404. */
export function pageOf<T>(items: readonly T[], paging: Paging): T[] {
  const start = (paging.page - 1) * paging.perPage;
  const slice = items.slice(start, start + paging.perPage);
  if (slice.length === 0) throw noRecords();
  return slice;
}

export function pageFromRequest<T>(request: SandboxRequest, items: readonly T[], maxPerPage?: number): T[] {
  return pageOf(items, readPaging(request.query, maxPerPage));
}

function wholeNumber(query: URLSearchParams, name: string, fallback: number): number {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw badRequest(name, `The value '${raw}' is not valid for ${name}; it must be a whole number of at least 1.`);
  return value;
}
