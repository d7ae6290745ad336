// mlc-procore-write, vendor bills: an Odoo vendor bill becomes a direct cost of type invoice on PRJ-1001
// (project-scoped, v1.1) with two lines on the project's cost codes, sent inline with the create.
// Protocol: GET projects/{id}/direct_costs?filters[origin_id] (the look-up), then POST
// projects/{id}/direct_costs. The count per key is the number of live direct costs with the bill's
// origin_id; verify adds that the one found is an invoice holding its two lines once.
import type { RequestLogEntry } from '../../../sandbox/kit';
import { mapNode, type ProfileContext, type SourceRecord, type WriteNodeProfile } from '../kit';
import { preparedIds, procore, procoreConfigNode, procoreCredentials, PROCORE_CONFIG, seededIds, stepBy } from './procore-shared';

const COSTS = /^\/rest\/v1\.[01]\/projects\/\d+\/direct_costs$/;
const COST = /^\/rest\/v1\.[01]\/projects\/\d+\/direct_costs\/\d+$/;
const PATHS = [
  ['projects/:id/direct_costs', COSTS],
  ['projects/:id/direct_costs/:id', COST],
] as const;

interface BillLine {
  lineId: number;
  costCodeId: number;
  typeId: number;
  amount: string;
}

const ids = preparedIds;

function originOf(record: Record<string, unknown>): string {
  return `odoo-bill-${String(record['tag'])}-${String(record['moveId'])}`;
}

function costsOf(ctx: ProfileContext, record: Record<string, unknown>) {
  const origin = originOf(record);
  return procore(ctx).state.directCosts.filter((dc) => dc.origin_id === origin && dc.deleted_at === null);
}

export const procoreDirectCostsProfile: WriteNodeProfile = {
  id: 'procore-direct-costs',
  title: 'mlc-procore-write, vendor bills (look-up by origin_id, POST the direct cost with its lines)',
  system: 'procore',

  async prepare(ctx) {
    ctx.state['procore'] = seededIds(ctx);
  },

  nodes(ctx, mapIds) {
    return [
      procoreConfigNode(ctx),
      mapNode(mapIds, 'Odoo vendor bill → Procore direct cost', [
        { op: 'copy', target: 'project_id', from: 'projectId' },
        { op: 'jsonata', target: 'origin_id', expression: '"odoo-bill-" & tag & "-" & $string(moveId)' },
        { op: 'copy', target: 'vendor_id', from: 'vendorId' },
        { op: 'copy', target: 'invoice_number', from: 'ref', type: 'string' },
        { op: 'copy', target: 'direct_cost_date', from: 'date', type: 'string' },
        {
          op: 'jsonata',
          target: 'line_items',
          expression: '$map(lines, function($l) { { "origin_id": "odoo-aml-" & $string($l.lineId), "cost_code_id": $l.costCodeId, "line_item_type_id": $l.typeId, "quantity": 1, "unit_cost": $l.amount } })',
        },
      ]),
      { id: mapIds.write, type: 'mlc-procore-write', name: 'vendor bills to Procore', procore: PROCORE_CONFIG, operation: 'direct-cost', wires: [[mapIds.audit], [mapIds.audit]] },
    ];
  },

  credentials: procoreCredentials,

  records(ctx, tag): SourceRecord[] {
    const { projectId, costCodes, lineItemTypes, vendorId } = ids(ctx);
    const line = (lineId: number, code: string, amount: string): BillLine => ({ lineId, costCodeId: costCodes[code] as number, typeId: lineItemTypes['M'] as number, amount });
    return [
      {
        key: `fm:procore-direct-costs:${tag}:1`,
        record: { moveId: 1, tag, ref: `INV-${tag}-1`, date: '2026-11-30', projectId, vendorId, lines: [line(11, '03-300', '812.40'), line(12, '06-100', '95.10')] },
      },
    ];
  },

  isProtocolCall: (entry: RequestLogEntry) => PATHS.some(([, path]) => path.test(entry.path)),

  step: (entry) => stepBy(entry, PATHS),

  async targetCounts(ctx, records) {
    const counts: Record<string, number> = {};
    for (const { key, record } of records) counts[key] = costsOf(ctx, record).length;
    return counts;
  },

  async verify(ctx, records) {
    const wrong: string[] = [];
    for (const { record } of records) {
      const lines = record['lines'] as BillLine[];
      for (const dc of costsOf(ctx, record)) {
        const held = dc.line_items.map((l) => `${l.origin_id}@${l.cost_code_id}=${(l.amount_cents / 100).toFixed(2)}`).sort();
        const want = lines.map((l) => `odoo-aml-${l.lineId}@${l.costCodeId}=${Number(l.amount).toFixed(2)}`).sort();
        if (JSON.stringify(held) !== JSON.stringify(want)) wrong.push(`${originOf(record)} holds [${held.join(', ')}], sent [${want.join(', ')}]`);
        if (dc.direct_cost_type !== 'invoice' || dc.invoice_number !== record['ref'] || dc.vendor_id !== record['vendorId']) wrong.push(`${originOf(record)} type=${dc.direct_cost_type} invoice=${dc.invoice_number} vendor=${dc.vendor_id}`);
      }
    }
    return wrong.length > 0 ? [`direct costs not as sent: ${wrong.join('; ')}`] : [];
  },
};
