// mlc-servicenow-write, Table API upsert by a correlation field: two Odoo vendors into sn_fin_supplier
// by erp_supplier_id (the Odoo partner id), one new, one seeded after every reset with another city.
// Protocol per record: GET sn_fin_supplier?erp_supplier_id=… (the look-up), then POST sn_fin_supplier
// (the new one) or PATCH sn_fin_supplier/{sys_id} with only the city (the seeded one). Which record's
// look-up comes first depends on timing; the cells place faults by the n-th call of each kind, so they
// do not. The count per key is the number of suppliers with its erp_supplier_id; verify adds that each
// holds what was sent and the seeded one is still the seeded record (PATCHed, not replaced).
import { mapNode, type ProfileContext, type SourceRecord, type WriteNodeProfile } from '../kit';
import { protocolOf, servicenow, serviceNowConfigNode, serviceNowCredentials, SERVICENOW_CONFIG, tablePaths } from './servicenow-shared';

const TABLE = 'sn_fin_supplier';
const FIELD = 'erp_supplier_id';

const correlationOf = (record: Record<string, unknown>) => String(record['partnerRef']);
const suppliersOf = (ctx: ProfileContext, record: Record<string, unknown>) => servicenow(ctx).state.findAllBy(TABLE, FIELD, correlationOf(record));
const seededRef = (tag: string) => `odoo-${tag}-2`;

export const serviceNowUpsertProfile: WriteNodeProfile = {
  id: 'servicenow-upsert',
  title: 'mlc-servicenow-write, Table API upsert by correlation field (GET look-up, POST new or PATCH what differs)',
  system: 'servicenow',

  nodes(ctx, ids) {
    return [
      serviceNowConfigNode(ctx),
      mapNode(ids, 'Odoo vendor → S2P supplier', [
        { op: 'copy', target: FIELD, from: 'partnerRef', type: 'string' },
        { op: 'copy', target: 'name', from: 'name', type: 'string' },
        { op: 'copy', target: 'city', from: 'city', type: 'string' },
        { op: 'constant', target: 'erp_source', value: 'odoo' },
      ]),
      { id: ids.write, type: 'mlc-servicenow-write', name: 'vendors to S2P suppliers', servicenow: SERVICENOW_CONFIG, operation: 'upsert', table: TABLE, correlationField: FIELD, wires: [[ids.audit], [ids.audit]] },
    ];
  },

  credentials: serviceNowCredentials,

  async seed(ctx, tag) {
    const seeded = servicenow(ctx).editRecord(TABLE, undefined, { [FIELD]: seededRef(tag), name: `FM ${tag} Supplier 2`, city: 'Pueblo', erp_source: 'odoo' });
    ctx.state['seededSysId'] = seeded.sys_id;
  },

  records(_ctx, tag): SourceRecord[] {
    return [1, 2].map((n) => ({ key: `fm:servicenow-upsert:${tag}:${n}`, record: { partnerRef: `odoo-${tag}-${n}`, name: `FM ${tag} Supplier ${n}`, city: 'Denver' } }));
  },

  ...protocolOf(tablePaths(TABLE)),

  async targetCounts(ctx, records) {
    return Object.fromEntries(records.map(({ key, record }) => [key, suppliersOf(ctx, record).length]));
  },

  async verify(ctx, records) {
    const wrong: string[] = [];
    for (const { record } of records) {
      for (const s of suppliersOf(ctx, record)) {
        if (s['name'] !== record['name'] || s['city'] !== record['city'] || s['erp_source'] !== 'odoo') wrong.push(`${correlationOf(record)} name=${s['name']} city=${s['city']}`);
        if (s[FIELD]?.endsWith('-2') && s.sys_id !== ctx.state['seededSysId']) wrong.push(`${correlationOf(record)} is ${s.sys_id}, not the seeded ${String(ctx.state['seededSysId'])}`);
      }
    }
    return wrong.length > 0 ? [`suppliers not as upserted: ${wrong.join('; ')}`] : [];
  },
};
