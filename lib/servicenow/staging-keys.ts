// Finding the target record a staged row coalesces onto, by the transform map's coalesce key
// (transform-maps.ts). After an unknown outcome the write node looks the target up before it stages the
// row again, and checks that the new transform result names the same record; plan-only mode finds
// each row's record the same way, for a whole batch of rows at once.
import { isHttpError } from '../http/errors';
import type { ServiceNowClient } from './client';
import type { Condition } from './encoded-query';
import { fieldValue, type ServiceNowRow } from './records';
import { coalesceColumnsOf, coalesceKeyOf, stagingMapOf } from './transform-maps';

/** What the coalesce finds for one row: no key to find it by (unknown staging table, or a key column empty), no record, one, or several. */
export type CoalesceFind = { kind: 'unkeyed' } | { kind: 'none' } | { kind: 'found'; row: ServiceNowRow } | { kind: 'ambiguous'; count: number };

/** Rows per query: each row adds its own group (`^NQ`), and the URL must stay short. */
const ROWS_PER_QUERY = 40;

const norm = (value: string): string => value.trim().toLowerCase();

/**
 * The target record of each row, found by its coalesce key: one Table API GET per chunk of rows, each
 * row's key a group of its own, with `fields` of the records found. Matched case-blind, as
 * ServiceNow's string comparisons in queries are on most instances.
 */
export async function findCoalesced(client: ServiceNowClient, staging: string, rows: ReadonlyArray<Readonly<Record<string, unknown>>>, fields: readonly string[], signal?: AbortSignal): Promise<CoalesceFind[]> {
  const map = stagingMapOf(staging);
  const keys = rows.map((values) => (map ? coalesceKeyOf(map, values) : undefined));
  const out: CoalesceFind[] = keys.map((key) => (key ? { kind: 'none' } : { kind: 'unkeyed' }));
  if (!map) return out;
  const keyed = keys.flatMap((key, i) => (key ? [{ i, key }] : []));
  const keyFields = coalesceColumnsOf(map).map((c) => c.lookup);
  for (let start = 0; start < keyed.length; start += ROWS_PER_QUERY) {
    const chunk = keyed.slice(start, start + ROWS_PER_QUERY);
    const groups = chunk.map(({ key }): Condition[] => key.map(({ field, value }) => ({ field, op: '=', value })));
    const found = await client.list(map.target, {
      query: { where: groups[0] ?? [], orGroups: groups.slice(1) },
      fields: [...new Set(['sys_id', ...keyFields, ...fields])],
      excludeReferenceLink: true,
      pageSize: Math.max(2, chunk.length * 2),
      ...(signal ? { signal } : {}),
    });
    const byKey = new Map<string, ServiceNowRow[]>();
    for (const row of found) {
      const text = keyFields.map((field) => norm(fieldValue(row, field) ?? '')).join('\u0000');
      byKey.set(text, [...(byKey.get(text) ?? []), row]);
    }
    for (const { i, key } of chunk) {
      const matches = byKey.get(key.map(({ value }) => norm(value)).join('\u0000')) ?? [];
      if (matches.length === 1) out[i] = { kind: 'found', row: matches[0] as ServiceNowRow };
      else if (matches.length > 1) out[i] = { kind: 'ambiguous', count: matches.length };
    }
  }
  return out;
}

/**
 * The sys_id of the one target record the row coalesces onto, when the staging table is known, the row
 * holds every key and the user may read the target; undefined when nothing can be verified or no record
 * has the key yet.
 */
export async function coalesceLookup(client: ServiceNowClient, staging: string, values: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<string | undefined> {
  try {
    const [found] = await findCoalesced(client, staging, [values], [], signal);
    return found?.kind === 'found' ? fieldValue(found.row, 'sys_id') : undefined;
  } catch (err) {
    // A user that may import but not read the target (or an ACL on it): nothing to verify with.
    if (isHttpError(err) && (err.status === 403 || err.status === 404)) return undefined;
    throw err;
  }
}
