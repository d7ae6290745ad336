// External ids (ir.model.data) of the records the write node creates: `mlc.<name>`, the name derived
// from msg.mlc.key. The writer creates them with their records in one load() call (writer.ts); looking
// them up before creating is what makes a replay find the record it made.
import { hash } from 'node:crypto';
import type { OdooClient } from './client';

export const EXTERNAL_ID_MODULE = 'mlc';

/** Long enough for any key a read node makes; Odoo's column is unbounded, but ids are read by people. */
const MAX_NAME = 120;
const HASH_CHARS = 16;

/**
 * The ir.model.data name for a key: letters, digits and `_` only (what Odoo's own data files use; a
 * space is refused, a dot would be read as the module separator by env.ref). Replacing characters can
 * make two keys equal (`a:b`, `a/b`), so any name that is not the key itself gets a hash of the key.
 */
export function externalIdName(key: string): string {
  const safe = key.replace(/[^A-Za-z0-9_]/g, '_');
  if (safe === key && key.length <= MAX_NAME) return key;
  // One-shot hash: no Hash object per record (the same digest as createHash().update().digest()).
  return `${safe.slice(0, MAX_NAME - HASH_CHARS - 1)}_${hash('sha256', key, 'hex').slice(0, HASH_CHARS)}`;
}

export interface ExternalIdRow {
  /** The ir.model.data row itself. */
  rowId: number;
  name: string;
  resId: number;
}

/** One search_read for the whole batch: name → its row. */
export async function lookupExternalIds(client: OdooClient, model: string, names: string[], module = EXTERNAL_ID_MODULE): Promise<Map<string, ExternalIdRow>> {
  const found = new Map<string, ExternalIdRow>();
  if (names.length === 0) return found;
  const rows = await client.searchRead('ir.model.data', {
    domain: [
      ['module', '=', module],
      ['model', '=', model],
      ['name', 'in', [...new Set(names)]],
    ],
    fields: ['name', 'res_id'],
    raw: true,
  });
  for (const row of rows) {
    const { id, name, res_id: resId } = row;
    if (typeof id === 'number' && typeof name === 'string' && typeof resId === 'number') found.set(name, { rowId: id, name, resId });
  }
  return found;
}
