// When is a read record done? Either its own key carries an outcome, or it went on under other keys
// (a map with its own key, a split) and each of those does. One statement for a whole page, shared
// by both dialects; `wanted` is the dialect's way of turning one parameter into a column of keys.
import { RECORD_STATUSES, type RecordStatus } from './types';
import { StoreError } from './errors';

export function doneReadsSql(tables: { records: string; readLinks: string }, wanted: string, statuses: readonly RecordStatus[]): string {
  const done = statusList(statuses);
  return `WITH wanted(k) AS (${wanted})
    SELECT count(*) AS n FROM wanted w WHERE
      EXISTS (SELECT 1 FROM ${tables.records} r WHERE r.key = w.k AND r.status IN (${done}))
      OR (EXISTS (SELECT 1 FROM ${tables.readLinks} l WHERE l.read_key = w.k)
        AND NOT EXISTS (SELECT 1 FROM ${tables.readLinks} l LEFT JOIN ${tables.records} r ON r.key = l.key
          WHERE l.read_key = w.k AND (r.status IS NULL OR r.status NOT IN (${done}))))`;
}

/** SQLite: how many of the keys (a JSON array parameter) themselves hold one of the statuses; a key given twice counts once. */
export function doneOwnKeysSql(statuses: readonly RecordStatus[]): string {
  return `SELECT count(*) AS n FROM mlc_records WHERE key IN (SELECT value FROM json_each(?)) AND status IN (${statusList(statuses)})`;
}

/** Statuses are written in, not bound: checked against the known ones, they cannot carry SQL. */
function statusList(statuses: readonly RecordStatus[]): string {
  for (const s of statuses) if (!RECORD_STATUSES.includes(s)) throw new StoreError('MLC_STORE_QUERY', `store: unknown record status "${s}"`);
  return statuses.map((s) => `'${s}'`).join(', ');
}
