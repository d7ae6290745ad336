// mlc-procore-write, vendors: an Odoo vendor upserted through PATCH /vendors/sync keyed by origin_id
// (the Odoo partner id). One vendor per run: /sync takes a batch, and how many records one batch holds
// depends on when dedup lets them through (one call or two), so one record keeps the protocol fixed
// (the batch answer split per record is in test/nodes/procore-write.test.ts). The count per key is the
// number of vendors with that origin_id, or with that name (a create without origin_id would show).
import type { RequestLogEntry } from '../../../sandbox/kit';
import { mapNode, type ProfileContext, type SourceRecord, type WriteNodeProfile } from '../kit';
import { procore, procoreConfigNode, procoreCredentials, PROCORE_CONFIG } from './procore-shared';

const SYNC = /^\/rest\/v1\.0\/vendors\/sync$/;

function originOf(record: Record<string, unknown>): string {
  return `odoo-${String(record['tag'])}-${String(record['partnerId'])}`;
}

function vendorsOf(ctx: ProfileContext, record: Record<string, unknown>) {
  const origin = originOf(record);
  return procore(ctx).state.vendors.filter((v) => v.origin_id === origin || v.name === record['name']);
}

export const procoreVendorsProfile: WriteNodeProfile = {
  id: 'procore-vendors',
  title: 'mlc-procore-write, vendors (PATCH /vendors/sync, upsert by origin_id)',
  system: 'procore',

  nodes(ctx, ids) {
    return [
      procoreConfigNode(ctx),
      mapNode(ids, 'Odoo vendor → Procore vendor', [
        { op: 'jsonata', target: 'origin_id', expression: '"odoo-" & tag & "-" & $string(partnerId)' },
        { op: 'copy', target: 'name', from: 'name', type: 'string' },
        { op: 'copy', target: 'city', from: 'city', type: 'string' },
        { op: 'copy', target: 'origin_code', from: 'ref', type: 'string' },
      ]),
      { id: ids.write, type: 'mlc-procore-write', name: 'vendors to Procore', procore: PROCORE_CONFIG, operation: 'vendor', wires: [[ids.audit], [ids.audit]] },
    ];
  },

  credentials: procoreCredentials,

  records(_ctx, tag): SourceRecord[] {
    return [{ key: `fm:procore-vendors:${tag}:1`, record: { partnerId: 501, tag, name: `FM ${tag} Supply Co`, city: 'Denver', ref: `V-${tag}` } }];
  },

  isProtocolCall: (entry: RequestLogEntry) => SYNC.test(entry.path),

  step: (entry) => ({ label: `${entry.method} vendors/sync`, method: entry.method, path: SYNC }),

  async targetCounts(ctx, records) {
    const counts: Record<string, number> = {};
    for (const { key, record } of records) counts[key] = vendorsOf(ctx, record).length;
    return counts;
  },

  async verify(ctx, records) {
    const wrong: string[] = [];
    for (const { record } of records) {
      for (const v of vendorsOf(ctx, record)) {
        if (v.origin_id !== originOf(record) || v.name !== record['name'] || v.city !== record['city'] || v.origin_code !== record['ref']) wrong.push(`${v.id} ${v.name} origin_id=${v.origin_id} city=${v.city}`);
      }
    }
    return wrong.length > 0 ? [`vendors not as synced: ${wrong.join(', ')}`] : [];
  },
};
