// JSON values as they travel in flows and specs: what a constant, a default or a table value may be.
import { z } from 'zod';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export const JsonValueSchema: z.ZodType<JsonValue> = z.json();

/** A value as a user should read it in a message: JSON, shortened so one bad record cannot flood a log. */
export function showValue(value: unknown, maxLength = 60): string {
  let text: string;
  if (value === undefined) text = 'undefined';
  else if (value instanceof Date) text = Number.isNaN(value.getTime()) ? 'Invalid Date' : value.toISOString();
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length <= maxLength ? text : `${text.slice(0, maxLength - 1)}…`;
}

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
