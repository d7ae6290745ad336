/**
 * Dates on the wire. WebLink's output date format is unconfirmed (notes F.2), so it is an option:
 * - `datetime` (default): `2026-11-13T00:00:00`, what .NET serialises a date as, with no offset;
 * - `date`: `2026-11-13`;
 * - `us`: `11/13/2026`, which one third party reports.
 * Inputs accept `CCYY-MM-DD` and `MM-DD-CCYY` (documented), with or without a midnight time part,
 * so a client can send back what it read.
 */
export type DateOutputFormat = 'datetime' | 'date' | 'us';

export function formatDate(date: string | null, format: DateOutputFormat): string | null {
  if (date === null) return null;
  switch (format) {
    case 'datetime':
      return `${date}T00:00:00`;
    case 'date':
      return date;
    case 'us':
      return `${date.slice(5, 7)}/${date.slice(8, 10)}/${date.slice(0, 4)}`;
  }
}

/** A date-time without offset, fractions only when not zero (as .NET writes them). */
export function formatDateTime(ms: number): string {
  const iso = new Date(ms).toISOString();
  const fraction = iso.slice(19, 23);
  return iso.slice(0, 19) + (fraction === '.000' ? '' : fraction.replace(/0+$/, ''));
}

/** `YYYY-MM-DD` or `MM-DD-YYYY` (optionally `T00:00:00...`) to `YYYY-MM-DD`; undefined when not a real date. */
export function parseInputDate(value: string): string | undefined {
  const trimmed = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+Z?)?$/.exec(trimmed);
  const us = /^(\d{2})[-/](\d{2})[-/](\d{4})$/.exec(trimmed);
  const date = iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : us ? `${us[3]}-${us[1]}-${us[2]}` : undefined;
  return date !== undefined && isRealDate(date) ? date : undefined;
}

export function isRealDate(date: string): boolean {
  const ms = Date.parse(`${date}T00:00:00Z`);
  return Number.isFinite(ms) && new Date(ms).toISOString().slice(0, 10) === date;
}

export function dateToMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function msToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return msToDate(dateToMs(date) + days * 86_400_000);
}
