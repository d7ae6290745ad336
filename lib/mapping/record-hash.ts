// A key for a record that has none: the same record content always gives the same key (object keys
// sorted first), so replaying an unkeyed rejection updates its store row instead of adding another.
import { createHash } from 'node:crypto';

export const UNKEYED_PREFIX = 'unkeyed:';

export function unkeyedKey(record: unknown): string {
  return `${UNKEYED_PREFIX}${createHash('sha256').update(canonicalJson(record)).digest('hex').slice(0, 16)}`;
}

export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.keys(value)
      .sort()
      .flatMap((k) => {
        const v = (value as Record<string, unknown>)[k];
        return v === undefined ? [] : [`${JSON.stringify(k)}:${canonicalJson(v)}`];
      });
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}
