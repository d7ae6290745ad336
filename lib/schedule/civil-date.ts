// Calendar dates with no time or zone, held as whole days since 1970-01-01. A pay calendar is about
// dates in the payroll's own zone; integers make "N days later", weekdays and month ends exact, with
// no local-time or DST surprises. Only conversions to and from text touch Date, and only in UTC.

/** Days since 1970-01-01 (negative before). */
export type DayNumber = number;

export const MS_PER_DAY = 86_400_000;

/** Day names in the order Date#getUTCDay numbers them (0 = Sunday). */
export const WEEKDAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function dayOf(year: number, month: number, dayOfMonth: number): DayNumber {
  return Math.round(Date.UTC(year, month - 1, dayOfMonth) / MS_PER_DAY);
}

/** True for a real calendar date written YYYY-MM-DD (2026-02-30 is not one). */
export function isIsoDate(text: string): boolean {
  const match = ISO_DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseIsoDate(text: string): DayNumber {
  if (!isIsoDate(text)) throw new RangeError(`not a date as YYYY-MM-DD: "${text}"`);
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return dayOf(year, month, day);
}

export function formatIsoDate(day: DayNumber): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function yearMonthDay(day: DayNumber): { year: number; month: number; day: number } {
  const date = new Date(day * MS_PER_DAY);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekdayIndex(day: DayNumber): number {
  return (((day + 4) % 7) + 7) % 7;
}

export function weekdayOf(day: DayNumber): Weekday {
  return WEEKDAYS[weekdayIndex(day)] as Weekday;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** The year and month `delta` months from the given one (month 1–12). */
export function addMonths(year: number, month: number, delta: number): { year: number; month: number } {
  const index = year * 12 + (month - 1) + delta;
  return { year: Math.floor(index / 12), month: (index % 12) + 1 };
}

/** Floor division that rounds towards minus infinity, so cycles extend backwards correctly. */
export function floorDiv(a: number, b: number): number {
  return Math.floor(a / b);
}
