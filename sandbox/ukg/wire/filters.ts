import { badRequest } from './errors';
import { parseFilterDate } from './dates';

/**
 * Query filters the way UKG reads them: the comparison operator sits inside the value
 * (`dateTimeChanged=>11-01-2026`), lists are bracketed (`employeeId=[E1,E2]`), text matches ignore case.
 * Date comparisons are by calendar day; a between range `{a,b}` includes both ends.
 */
export type DatePredicate = (date: string | null) => boolean;

export function parseDateFilter(name: string, raw: string): DatePredicate {
  const value = raw.trim();
  const between = /^\{\s*([^,}]+)\s*,\s*([^}]+)\s*\}$/.exec(value);
  if (between) {
    const from = parseFilterDate(name, between[1] ?? '');
    const to = parseFilterDate(name, between[2] ?? '');
    return (date) => date !== null && date >= from && date <= to;
  }
  if (value.startsWith('>')) {
    const after = parseFilterDate(name, value.slice(1));
    return (date) => date !== null && date > after;
  }
  if (value.startsWith('<')) {
    const before = parseFilterDate(name, value.slice(1));
    return (date) => date !== null && date < before;
  }
  if (value.startsWith('{') || value.startsWith('=')) throw badRequest(name, `The value '${raw}' is not a valid date filter for ${name}.`);
  const on = parseFilterDate(name, value);
  return (date) => date === on;
}

/** `[E1,E2]`, `E1,E2` or `E1`, upper-cased for comparison. */
export function parseList(raw: string): Set<string> {
  const inner = raw.trim().replace(/^\[/, '').replace(/\]$/, '');
  return new Set(inner.split(',').map((item) => item.trim().toUpperCase()).filter((item) => item !== ''));
}

export function parseBoolean(name: string, raw: string): boolean {
  const value = raw.trim().toLowerCase();
  if (value === 'true' || value === 'y') return true;
  if (value === 'false' || value === 'n') return false;
  throw badRequest(name, `The value '${raw}' is not valid for ${name}.`);
}

/** How one query parameter of a resource filters its records. */
export type FilterSpec<T> =
  | { kind: 'list'; get: (record: T) => string | null }
  | { kind: 'text'; get: (record: T) => string | null }
  | { kind: 'date'; get: (record: T) => string | null }
  | { kind: 'boolean'; get: (record: T) => boolean };

/** Applies every filter the query names; parameters the resource does not know are ignored, as ASP.NET does. */
export function applyFilters<T>(records: readonly T[], query: URLSearchParams, specs: Readonly<Record<string, FilterSpec<T>>>): T[] {
  const predicates: Array<(record: T) => boolean> = [];
  for (const [name, spec] of Object.entries(specs)) {
    const raw = query.get(name);
    if (raw === null || raw.trim() === '') continue;
    predicates.push(predicateFor(name, raw, spec));
  }
  return records.filter((record) => predicates.every((matches) => matches(record)));
}

function predicateFor<T>(name: string, raw: string, spec: FilterSpec<T>): (record: T) => boolean {
  switch (spec.kind) {
    case 'list': {
      const wanted = parseList(raw);
      return (record) => wanted.has((spec.get(record) ?? '').toUpperCase());
    }
    case 'text': {
      const wanted = raw.trim().toLowerCase();
      return (record) => (spec.get(record) ?? '').toLowerCase() === wanted;
    }
    case 'date': {
      const matches = parseDateFilter(name, raw);
      return (record) => matches(spec.get(record));
    }
    case 'boolean': {
      const wanted = parseBoolean(name, raw);
      return (record) => spec.get(record) === wanted;
    }
  }
}
