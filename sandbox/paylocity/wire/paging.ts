import { setHeader, type SandboxRequest, type SandboxResponse } from '../../kit';
import { json } from '../../kit';
import { badRequest, fieldError } from './errors';

export const DEFAULT_PAGE_SIZE = 25;

/**
 * WebLink paging: `pagesize` (default 25), `pagenumber` (0-based) and `includetotalcount` (default
 * true), whose total goes out in `X-Pcty-Total-Count`; the body is the bare array of the page. Past the
 * last page is an empty array, not an error.
 */
export function pagedJson<T>(request: SandboxRequest, items: readonly T[], maxPageSize: number | null): SandboxResponse {
  const size = wholeNumber(request.query, 'pagesize', DEFAULT_PAGE_SIZE, 1);
  const number = wholeNumber(request.query, 'pagenumber', 0, 0);
  const pageSize = maxPageSize === null ? size : Math.min(size, maxPageSize);
  const page = items.slice(number * pageSize, number * pageSize + pageSize);
  const response = json(page);
  if (includeTotal(request.query)) setHeader(response, 'X-Pcty-Total-Count', String(items.length));
  return response;
}

function includeTotal(query: URLSearchParams): boolean {
  const raw = query.get('includetotalcount');
  if (raw === null || raw.trim() === '') return true;
  const value = raw.trim().toLowerCase();
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw badRequest([fieldError('includetotalcount', `The value '${raw}' is not valid for includetotalcount.`)]);
}

function wholeNumber(query: URLSearchParams, name: string, fallback: number, min: number): number {
  const raw = query.get(name);
  if (raw === null || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw badRequest([fieldError(name, `The value '${raw}' is not valid for ${name}.`)]);
  return value;
}
