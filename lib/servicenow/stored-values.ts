// Whether a record already holds the values a write would send, judged the way ServiceNow stores them:
// every column is a string, so "1500.00" and "1500" are the same amount, and a reference is its sys_id
// (read with `sysparm_exclude_reference_link`). The upsert sends only the fields that differ; the plan
// shows the same fields as its changes.
import { fieldValue, type ServiceNowRow } from './records';

const NUMBER = /^-?\d+(\.\d+)?$/;

export function sameStored(want: string, have: string): boolean {
  if (want === have) return true;
  return NUMBER.test(want.trim()) && NUMBER.test(have.trim()) && Number(want) === Number(have);
}

export interface StoredChange {
  field: string;
  /** As the Table API returns it ('' for empty). */
  old: string;
  new: string;
}

/** The fields of `want` whose value `found` does not hold already. */
export function storedChanges(want: Readonly<Record<string, string>>, found: ServiceNowRow): StoredChange[] {
  return Object.entries(want).flatMap(([field, value]) => {
    const old = fieldValue(found, field) ?? '';
    return sameStored(value, old) ? [] : [{ field, old, new: value }];
  });
}
