import { faults } from './faults';
import { pyRepr } from './py-repr';

/**
 * Odoo's Date/Datetime parsing (`fields.Date.to_date`, `fields.Datetime.to_datetime`): strict
 * 'YYYY-MM-DD' and 'YYYY-MM-DD HH:MM:SS' strings. ISO 'T' separators and time zones are refused
 * with the strptime message, as a real server refuses them.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATETIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

export function parseDateValue(value: unknown): string {
  // to_date keeps the first 10 characters, so a datetime string is accepted for a date field.
  const text = typeof value === 'string' ? value.slice(0, 10) : undefined;
  if (text === undefined || !isValidDate(text)) {
    throw faults.value(`time data ${pyRepr(value)} does not match format '%Y-%m-%d'`);
  }
  return text;
}

export function parseDatetimeValue(value: unknown): string {
  if (typeof value === 'string') {
    const text = value.slice(0, 19);
    if (text.length === 10 && isValidDate(text)) return `${text} 00:00:00`;
    const match = DATETIME.exec(text);
    if (match && isValidDate(text.slice(0, 10)) && Number(match[4]) < 24 && Number(match[5]) < 60 && Number(match[6]) < 60) {
      return text;
    }
  }
  throw faults.value(`time data ${pyRepr(value)} does not match format '%Y-%m-%d %H:%M:%S'`);
}

export function isValidDate(text: string): boolean {
  const match = DATE.exec(text);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,]\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

/**
 * A datetime in a domain, read like Odoo 19 reads it (`datetime.fromisoformat`): ISO 'T' separators
 * and UTC offsets are accepted and brought to naive UTC, fractions of a second are dropped.
 * `isDay` tells a bare date, which stands for a whole day.
 */
export function parseDomainDatetime(value: unknown): { text: string; isDay: boolean } {
  const match = typeof value === 'string' ? ISO.exec(value) : null;
  if (!match || !isValidDate(`${match[1]}-${match[2]}-${match[3]}`)) throw invalidIsoformat(value);
  const [, year, month, day, hour = '00', minute = '00', second = '00', zone] = match;
  let ms = Date.UTC(Number(year), Number(month) - 1, Number(day), Number(hour), Number(minute), Number(second));
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) throw invalidIsoformat(value);
  if (zone && zone !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    ms -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4))) * 60_000;
  }
  return { text: new Date(ms).toISOString().slice(0, 19).replace('T', ' '), isDay: match[4] === undefined };
}

/** A date in a domain (`date.fromisoformat`, or the date part of a datetime). */
export function parseDomainDate(value: unknown): string {
  if (typeof value === 'string' && value.length === 10 && isValidDate(value)) return value;
  const match = typeof value === 'string' ? ISO.exec(value) : null;
  if (!match || !isValidDate(`${match[1]}-${match[2]}-${match[3]}`)) throw invalidIsoformat(value);
  return `${match[1]}-${match[2]}-${match[3]}`;
}

function invalidIsoformat(value: unknown): Error {
  return faults.value(`Invalid isoformat string: ${pyRepr(value)}`);
}
