// Lookup tables kept in Node-RED's flow or global context. A flow refreshes them from the target system
// (e.g. an Odoo search_read of accounts turned into {"6100": 19, ...} by a change node) before a sync,
// and every message — replayed ones too, which carry no msg.lookups — maps with the latest tables.
import type { Node } from 'node-red';
import { LookupTableError } from '../../lib/mapping/errors';
import { tablesFromLookups, type LookupTables } from '../../lib/mapping/lookup-tables';
import { NodeInputError } from '../shared/errors';

export interface ContextRef {
  scope: 'flow' | 'global';
  key: string;
}

/** "flow.lookups" or "global.mlc.tables"; empty means none. */
export function parseContextRef(text: string | undefined): ContextRef | null {
  const trimmed = text?.trim() ?? '';
  if (trimmed === '') return null;
  const match = /^(flow|global)\.([A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*)$/.exec(trimmed);
  if (!match?.[1] || !match[2]) throw new NodeInputError(`mlc-map: context tables: "${trimmed}" is not like flow.lookups or global.lookups`, 'MLC_MAP_BAD_SETTINGS');
  return { scope: match[1] as ContextRef['scope'], key: match[2] };
}

interface ContextGetter {
  get(key: string, callback: (err: Error | null | undefined, value: unknown) => void): void;
}

export async function contextTables(node: Node, ref: ContextRef): Promise<LookupTables> {
  const context = node.context()[ref.scope] as unknown as ContextGetter;
  // The callback form works with every context store, persistent (async) ones included.
  const value = await new Promise<unknown>((resolve, reject) => context.get(ref.key, (err, found) => (err ? reject(err) : resolve(found))));
  if (value === undefined) {
    throw new LookupTableError(`no lookup tables in ${ref.scope}.${ref.key} yet: run the part of the flow that loads them first`);
  }
  return tablesFromLookups(value, `${ref.scope}.${ref.key}`);
}
