/**
 * The part of Looker's filter expression language the sandbox understands, compiled to a SQL condition
 * whose values are all bind parameters. Anything else returns undefined and the query answers 422, so a
 * client never gets rows filtered differently from what it asked for.
 */

export type FilterKind = 'string' | 'number' | 'date' | 'yesno';

/** Collects bind values; `add` gives the placeholder. */
export class SqlParams {
  readonly values: unknown[] = [];

  add(value: unknown, cast = ''): string {
    this.values.push(value);
    return `$${this.values.length}${cast}`;
  }
}

export function compileFilter(expression: string, kind: FilterKind, sql: string, params: SqlParams): string | undefined {
  const terms = splitTopLevel(expression);
  if (terms.length === 0 || terms.some((term) => term === '')) return undefined;
  const compileTerm = { string: stringTerm, number: numberTerm, date: dateTerm, yesno: yesnoTerm }[kind];
  const positive: string[] = [];
  const negative: string[] = [];
  for (const term of terms) {
    const compiled = compileTerm(term, sql, params);
    if (!compiled) return undefined;
    (compiled.negated ? negative : positive).push(compiled.sql);
  }
  const parts = [...(positive.length > 0 ? [positive.length === 1 ? positive[0] : `(${positive.join(' OR ')})`] : []), ...negative];
  return parts.length === 1 ? parts[0] : `(${parts.join(' AND ')})`;
}

interface Term {
  sql: string;
  /** Excluding terms (`-x`, `NOT 5`, `NOT NULL`) are ANDed; the rest are ORed. */
  negated: boolean;
}

/** Commas separate alternatives, except inside `[a,b]` ranges; `^,` is a literal comma. */
function splitTopLevel(expression: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (let index = 0; index < expression.length; index += 1) {
    const char = expression[index] ?? '';
    if (char === '^' && index + 1 < expression.length) {
      current += expression[index + 1];
      index += 1;
      continue;
    }
    if (char === '[' || char === '(') depth += 1;
    if (char === ']' || char === ')') depth -= 1;
    if (char === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
      continue;
    }
    current += char;
  }
  terms.push(current.trim());
  return terms;
}

function nullTerm(term: string, sql: string): Term | undefined {
  const upper = term.toUpperCase();
  if (upper === 'NULL') return { sql: `${sql} IS NULL`, negated: false };
  if (upper === '-NULL' || upper === 'NOT NULL') return { sql: `${sql} IS NOT NULL`, negated: true };
  return undefined;
}

function stringTerm(term: string, sql: string, params: SqlParams): Term | undefined {
  const special = nullTerm(term, sql);
  if (special) return special;
  const upper = term.toUpperCase();
  if (upper === 'EMPTY') return { sql: `(${sql} IS NULL OR ${sql} = '')`, negated: false };
  if (upper === '-EMPTY') return { sql: `(${sql} IS NOT NULL AND ${sql} <> '')`, negated: true };
  const negated = term.startsWith('-');
  const value = negated ? term.slice(1) : term;
  if (value === '') return undefined;
  if (value.includes('%') || value.includes('_')) {
    // Looker's wildcards are SQL LIKE's; a NULL never matches a negated pattern either.
    return negated ? { sql: `(${sql} IS NULL OR ${sql} NOT LIKE ${params.add(value)})`, negated } : { sql: `${sql} LIKE ${params.add(value)}`, negated };
  }
  return negated ? { sql: `(${sql} IS NULL OR ${sql} <> ${params.add(value)})`, negated } : { sql: `${sql} = ${params.add(value)}`, negated };
}

const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)$/;

function numberTerm(term: string, sql: string, params: SqlParams): Term | undefined {
  const special = nullTerm(term, sql);
  if (special) return special;
  const range = /^([[(])\s*(\S+?)\s*,\s*(\S+?)\s*([\])])$/.exec(term);
  if (range) {
    const [, open, low, high, close] = range;
    if (!low || !high || !NUMBER.test(low) || !NUMBER.test(high)) return undefined;
    return { sql: `(${sql} ${open === '[' ? '>=' : '>'} ${params.add(low, '::numeric')} AND ${sql} ${close === ']' ? '<=' : '<'} ${params.add(high, '::numeric')})`, negated: false };
  }
  const conjunction = term.split(/\s+AND\s+/i);
  if (conjunction.length > 1) {
    const parts = conjunction.map((part) => comparison(part.trim(), sql, params));
    if (parts.some((part) => part === undefined || part.negated)) return undefined;
    return { sql: `(${parts.map((part) => part?.sql).join(' AND ')})`, negated: false };
  }
  return comparison(term, sql, params);
}

function comparison(term: string, sql: string, params: SqlParams): Term | undefined {
  const match = /^(>=|<=|<>|!=|>|<|=|NOT\s+)?\s*(\S+)$/i.exec(term);
  if (!match?.[2] || !NUMBER.test(match[2])) return undefined;
  const operator = (match[1] ?? '=').trim().toUpperCase();
  const value = params.add(match[2], '::numeric');
  if (operator === 'NOT' || operator === '!=' || operator === '<>') return { sql: `(${sql} IS NULL OR ${sql} <> ${value})`, negated: true };
  return { sql: `${sql} ${operator} ${value}`, negated: false };
}

/** `[start, end)` of a day `YYYY-MM-DD`, a month `YYYY-MM` or a year `YYYY` (slashes work too), as ISO dates. */
function period(text: string): { start: string; end: string } | undefined {
  const match = /^(\d{4})(?:[-/](\d{1,2})(?:[-/](\d{1,2}))?)?$/.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const dayOfMonth = match[3] === undefined ? undefined : Number(match[3]);
  const start = new Date(Date.UTC(year, (month ?? 1) - 1, dayOfMonth ?? 1));
  // A date that rolled over (2026-02-30) is not a date.
  if (start.getUTCFullYear() !== year || start.getUTCMonth() + 1 !== (month ?? 1) || start.getUTCDate() !== (dayOfMonth ?? 1)) return undefined;
  const end = new Date(start);
  if (dayOfMonth !== undefined) end.setUTCDate(end.getUTCDate() + 1);
  else if (month !== undefined) end.setUTCMonth(end.getUTCMonth() + 1);
  else end.setUTCFullYear(end.getUTCFullYear() + 1);
  return { start: isoDate(start), end: isoDate(end) };
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function dateTerm(term: string, sql: string, params: SqlParams): Term | undefined {
  const special = nullTerm(term, sql);
  if (special) return special;
  const between = /^(.+?)\s+to\s+(.+)$/i.exec(term);
  if (between?.[1] && between[2]) {
    // Looker's "A to B" stops before B.
    const from = period(between[1]);
    const to = period(between[2]);
    if (!from || !to) return undefined;
    return { sql: `(${sql} >= ${params.add(from.start, '::date')} AND ${sql} < ${params.add(to.start, '::date')})`, negated: false };
  }
  const relative = /^(before|after)\s+(.+)$/i.exec(term);
  if (relative?.[1] && relative[2]) {
    const at = period(relative[2]);
    if (!at) return undefined;
    // "after" includes the date itself, "before" does not (Looker's reading of both).
    return { sql: `${sql} ${relative[1].toLowerCase() === 'before' ? '<' : '>='} ${params.add(at.start, '::date')}`, negated: false };
  }
  const at = period(term);
  if (!at) return undefined;
  return { sql: `(${sql} >= ${params.add(at.start, '::date')} AND ${sql} < ${params.add(at.end, '::date')})`, negated: false };
}

function yesnoTerm(term: string, sql: string): Term | undefined {
  const upper = term.toUpperCase();
  if (upper === 'YES') return { sql: `${sql} IS TRUE`, negated: false };
  if (upper === 'NO') return { sql: `${sql} IS NOT TRUE`, negated: false };
  return undefined;
}
