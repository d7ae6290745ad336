// Date parsing and formatting by pattern. Dates in payroll and GL exports are calendar dates, so a
// value is kept as the date it says (no time-zone shift) unless ISO UTC output is asked for.
// Patterns are compiled once into a regex (input) or a list of parts (output).

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
  /** Minutes east of UTC when the value said so (ISO offset, epoch = 0); null when it did not. */
  offsetMinutes: number | null;
}

export type DateParser = (value: unknown) => DateParts | null;
export type DateFormatter = (date: DateParts) => string;

/** Named formats; anything else is a pattern of the tokens below. */
export const NAMED_INPUT_FORMATS = ['ISO', 'epoch-ms', 'epoch-s'] as const;
export const NAMED_OUTPUT_FORMATS = ['ISO'] as const;

type Token = 'YYYY' | 'MMM' | 'MM' | 'M' | 'DD' | 'D' | 'HH' | 'H' | 'mm' | 'ss' | 'SSS';
// Longest first, so "MM" is not read as two "M".
const TOKENS: readonly Token[] = ['YYYY', 'MMM', 'SSS', 'MM', 'DD', 'HH', 'mm', 'ss', 'M', 'D', 'H'];
const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];

type Part = { token: Token } | { literal: string };

/** Splits a pattern into tokens and literals; `[...]` quotes literal text (e.g. `[T]`). */
export function tokenize(pattern: string): Part[] {
  const parts: Part[] = [];
  let literal = '';
  let i = 0;
  while (i < pattern.length) {
    if (pattern[i] === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) throw new Error(`unclosed "[" in date format "${pattern}"`);
      literal += pattern.slice(i + 1, end);
      i = end + 1;
      continue;
    }
    const token = TOKENS.find((t) => pattern.startsWith(t, i));
    if (token) {
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ token });
      i += token.length;
    } else {
      literal += pattern[i];
      i += 1;
    }
  }
  if (literal) parts.push({ literal });
  return parts;
}

export function compileDateParser(format: string): DateParser {
  if (format === 'ISO') return parseIso;
  if (format === 'epoch-ms') return (value) => parseEpoch(value, 1);
  if (format === 'epoch-s') return (value) => parseEpoch(value, 1000);
  return compilePatternParser(format);
}

export function compileDateFormatter(format: string): DateFormatter {
  if (format === 'ISO') return formatIsoUtc;
  const parts = tokenize(format);
  return (date) => {
    let text = '';
    for (const part of parts) text += 'literal' in part ? part.literal : formatToken(part.token, date);
    return text;
  };
}

function compilePatternParser(format: string): DateParser {
  const parts = tokenize(format);
  const tokens = parts.flatMap((p) => ('token' in p ? [p.token] : []));
  const has = (...names: Token[]): boolean => names.some((n) => tokens.includes(n));
  if (!has('YYYY') || !has('MMM', 'MM', 'M') || !has('DD', 'D')) {
    throw new Error(`date format "${format}" needs a year (YYYY), a month (MM, M or MMM) and a day (DD or D)`);
  }
  if (new Set(tokens).size !== tokens.length) throw new Error(`date format "${format}" repeats a token`);
  const source = parts.map((p) => ('literal' in p ? escapeRegex(p.literal) : `(${TOKEN_REGEX[p.token]})`)).join('');
  const regex = new RegExp(`^${source}$`, 'i');
  return (value) => {
    if (value instanceof Date) return fromDate(value);
    if (typeof value !== 'string') return null;
    const match = regex.exec(value.trim());
    if (!match) return null;
    const date: DateParts = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, millisecond: 0, offsetMinutes: null };
    for (let i = 0; i < tokens.length; i++) assignToken(date, tokens[i] as Token, match[i + 1] as string);
    return isValid(date) ? date : null;
  };
}

const TOKEN_REGEX: Record<Token, string> = {
  YYYY: '\\d{4}',
  MMM: '[A-Za-z]{3}',
  MM: '\\d{1,2}',
  M: '\\d{1,2}',
  DD: '\\d{1,2}',
  D: '\\d{1,2}',
  HH: '\\d{1,2}',
  H: '\\d{1,2}',
  mm: '\\d{2}',
  ss: '\\d{2}',
  SSS: '\\d{1,3}',
};

function assignToken(date: DateParts, token: Token, text: string): void {
  switch (token) {
    case 'YYYY':
      date.year = Number(text);
      return;
    case 'MMM':
      date.month = MONTH_NAMES.indexOf(text.toLowerCase()) + 1; // 0 (invalid) when unknown
      return;
    case 'MM':
    case 'M':
      date.month = Number(text);
      return;
    case 'DD':
    case 'D':
      date.day = Number(text);
      return;
    case 'HH':
    case 'H':
      date.hour = Number(text);
      return;
    case 'mm':
      date.minute = Number(text);
      return;
    case 'ss':
      date.second = Number(text);
      return;
    case 'SSS':
      date.millisecond = Number(text.padEnd(3, '0'));
      return;
  }
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i;

function parseIso(value: unknown): DateParts | null {
  if (value instanceof Date) return fromDate(value);
  if (typeof value !== 'string') return null;
  const m = ISO.exec(value.trim());
  if (!m) return null;
  const date: DateParts = {
    year: Number(m[1]),
    month: Number(m[2]),
    day: Number(m[3]),
    hour: m[4] ? Number(m[4]) : 0,
    minute: m[5] ? Number(m[5]) : 0,
    second: m[6] ? Number(m[6]) : 0,
    millisecond: m[7] ? Number(m[7].slice(0, 3).padEnd(3, '0')) : 0,
    offsetMinutes: m[8] ? parseOffset(m[8]) : null,
  };
  return isValid(date) ? date : null;
}

function parseOffset(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text.startsWith('-') ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0'));
}

const EPOCH_TEXT = /^-?\d+(\.\d+)?$/;

function parseEpoch(value: unknown, unitMs: number): DateParts | null {
  let n: number;
  if (typeof value === 'number') n = value;
  else if (typeof value === 'string' && EPOCH_TEXT.test(value.trim())) n = Number(value.trim());
  else if (value instanceof Date) return fromDate(value);
  else return null;
  if (!Number.isFinite(n)) return null;
  return fromDate(new Date(n * unitMs));
}

function fromDate(value: Date): DateParts | null {
  if (Number.isNaN(value.getTime())) return null;
  return {
    year: value.getUTCFullYear(),
    month: value.getUTCMonth() + 1,
    day: value.getUTCDate(),
    hour: value.getUTCHours(),
    minute: value.getUTCMinutes(),
    second: value.getUTCSeconds(),
    millisecond: value.getUTCMilliseconds(),
    offsetMinutes: 0,
  };
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

function isValid(d: DateParts): boolean {
  return (
    d.month >= 1 &&
    d.month <= 12 &&
    d.day >= 1 &&
    d.day <= daysInMonth(d.year, d.month) &&
    d.hour <= 23 &&
    d.minute <= 59 &&
    d.second <= 59 &&
    (d.offsetMinutes === null || Math.abs(d.offsetMinutes) <= 18 * 60)
  );
}

function formatIsoUtc(d: DateParts): string {
  const instant = new Date(0);
  instant.setUTCFullYear(d.year, d.month - 1, d.day);
  instant.setUTCHours(d.hour, d.minute, d.second, d.millisecond);
  return new Date(instant.getTime() - (d.offsetMinutes ?? 0) * 60_000).toISOString();
}

function formatToken(token: Token, d: DateParts): string {
  switch (token) {
    case 'YYYY':
      return String(d.year).padStart(4, '0');
    case 'MMM': {
      const name = MONTH_NAMES[d.month - 1] as string;
      return name.charAt(0).toUpperCase() + name.slice(1);
    }
    case 'MM':
      return pad2(d.month);
    case 'M':
      return String(d.month);
    case 'DD':
      return pad2(d.day);
    case 'D':
      return String(d.day);
    case 'HH':
      return pad2(d.hour);
    case 'H':
      return String(d.hour);
    case 'mm':
      return pad2(d.minute);
    case 'ss':
      return pad2(d.second);
    case 'SSS':
      return String(d.millisecond).padStart(3, '0');
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
