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
