import { badRequest } from './errors';

/**
 * UKG writes date-times without an offset (tenant-local); the sandbox's tenant runs on UTC. Like .NET,
 * fractional seconds appear only when they are not zero.
 */
export function ukgDateTime(ms: number): string {
  const iso = new Date(ms).toISOString(); // 2026-11-15T09:30:00.000Z
  const fraction = iso.slice(19, 23);
  return iso.slice(0, 19) + (fraction === '.000' ? '' : fraction);
}

/** A calendar date (`YYYY-MM-DD`) as UKG sends date fields: midnight, no offset. */
export function ukgDate(date: string | null): string | null {
  return date === null ? null : `${date}T00:00:00`;
}

export function dateToMs(date: string): number {
  return Date.parse(`${date}T00:00:00Z`);
}

export function msToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/**
 * A date-time query parameter (employee-changes startDate/endDate, new-hire dates). Without an offset
 * it is read as the tenant's time, i.e. UTC here.
 */
export function parseDateTimeParam(name: string, value: string): number {
  // An unescaped '+' in a query string arrives as a space: `...T10:00:00 00:00`.
  const trimmed = value.trim().replace(/ (\d{2}:?\d{2})$/, '+$1');
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
  const dateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/i.exec(trimmed);
  const ms = dateOnly ? Date.parse(`${trimmed}T00:00:00Z`) : dateTime ? Date.parse(dateTime[1] ? trimmed : `${trimmed}Z`) : Number.NaN;
  if (!Number.isFinite(ms)) throw badRequest(name, `The value '${value}' is not valid for ${name}.`);
  return ms;
}

/** `MM-DD-YYYY` (the date-operator filters) or `YYYY-MM-DD` to `YYYY-MM-DD`; anything else is a 400. */
export function parseFilterDate(name: string, value: string): string {
  const us = /^(\d{2})-(\d{2})-(\d{4})$/.exec(value.trim());
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T[\d:.]+Z?)?$/.exec(value.trim());
  const date = us ? `${us[3]}-${us[1]}-${us[2]}` : iso ? `${iso[1]}-${iso[2]}-${iso[3]}` : undefined;
  if (date === undefined || !Number.isFinite(dateToMs(date)) || msToDate(dateToMs(date)) !== date) {
    throw badRequest(name, `The value '${value}' is not a valid date for ${name}; use MM-DD-YYYY.`);
  }
  return date;
}
