// mlc-procore-write, purchase orders: a confirmed Odoo purchase order becomes a purchase order contract
// on PRJ-1001 with two line items, on the project's cost codes (03-300 and 06-100, type M). Protocol:
// GET purchase_order_contracts?filters[origin_id] (the look-up), POST purchase_order_contracts, then
// POST .../{id}/line_items per line (one order: two would double the cells and add nothing a cell can
// tell, each order's calls being its own). The count per key is the number of
// live contracts with the order's origin_id; verify adds that each holds its two lines once, on the
// right cost codes, with the right amounts (a line sent twice would show as a third).
import type { RequestLogEntry } from '../../../sandbox/kit';
import { mapNode, type ProfileContext, type SourceRecord, type WriteNodeProfile } from '../kit';
import { preparedIds, procore, procoreConfigNode, procoreCredentials, PROCORE_CONFIG, seededIds, stepBy } from './procore-shared';

const CONTRACTS = /^\/rest\/v1\.0\/purchase_order_contracts$/;
const CONTRACT = /^\/rest\/v1\.0\/purchase_order_contracts\/\d+$/;
const LINES = /^\/rest\/v1\.0\/purchase_order_contracts\/\d+\/line_items$/;
const LINE = /^\/rest\/v1\.0\/purchase_order_contracts\/\d+\/line_items\/\d+$/;
const VENDORS = /^\/rest\/v1\.0\/vendors$/;
const PATHS = [
  ['purchase_order_contracts', CONTRACTS],
  ['purchase_order_contracts/:id', CONTRACT],
  ['purchase_order_contracts/:id/line_items', LINES],
  ['purchase_order_contracts/:id/line_items/:id', LINE],
  ['vendors', VENDORS],
] as const;

interface OrderLine {
  lineId: number;
  costCodeId: number;
  typeId: number;
  amount: string;
  description: string;
}

const ids = preparedIds;

function originOf(record: Record<string, unknown>): string {
  return `odoo-po-${String(record['tag'])}-${String(record['poId'])}`;
}

function contractsOf(ctx: ProfileContext, record: Record<string, unknown>) {
  const origin = originOf(record);
  return procore(ctx).state.purchaseOrders.filter((po) => po.origin_id === origin && po.deleted_at === null);
}

export const procoreCommitmentsProfile: WriteNodeProfile = {
  id: 'procore-commitments',
  title: 'mlc-procore-write, purchase orders (look-up by origin_id, POST contract, POST each line)',
  system: 'procore',

  async prepare(ctx) {
    ctx.state['procore'] = seededIds(ctx);
  },

  nodes(ctx, mapIds) {
    return [
      procoreConfigNode(ctx),
      mapNode(mapIds, 'Odoo purchase order → Procore purchase order contract', [
        { op: 'copy', target: 'project_id', from: 'projectId' },
        { op: 'jsonata', target: 'origin_id', expression: '"odoo-po-" & tag & "-" & $string(poId)' },
        { op: 'copy', target: 'vendor_id', from: 'vendorId' },
        { op: 'copy', target: 'title', from: 'name', type: 'string' },
        { op: 'constant', target: 'status', value: 'Approved' },
        {
          op: 'jsonata',
          target: 'line_items',
          expression: '$map(lines, function($l) { { "origin_id": "odoo-pol-" & $string($l.lineId), "cost_code_id": $l.costCodeId, "line_item_type_id": $l.typeId, "amount": $l.amount, "description": $l.description } })',
        },
      ]),
      { id: mapIds.write, type: 'mlc-procore-write', name: 'purchase orders to Procore', procore: PROCORE_CONFIG, operation: 'commitment', wires: [[mapIds.audit], [mapIds.audit]] },
    ];
  },

  credentials: procoreCredentials,

  records(ctx, tag): SourceRecord[] {
    const { projectId, costCodes, lineItemTypes, vendorId } = ids(ctx);
    const line = (lineId: number, code: string, amount: string, description: string): OrderLine => ({ lineId, costCodeId: costCodes[code] as number, typeId: lineItemTypes['M'] as number, amount, description });
    return [1].map((n) => ({
      key: `fm:procore-commitments:${tag}:${n}`,
      record: {
        poId: n,
        tag,
        name: `FM ${tag} P0000${n}`,
        projectId,
        vendorId,
        lines: [line(n * 10 + 1, '03-300', `${1000 * n}.50`, 'ready-mix 4000 psi'), line(n * 10 + 2, '06-100', `${200 * n}.25`, 'lumber 2x4x8')],
      },
    }));
  },

  isProtocolCall: (entry: RequestLogEntry) => PATHS.some(([, path]) => path.test(entry.path)),

  step: (entry) => stepBy(entry, PATHS),

  async targetCounts(ctx, records) {
    const counts: Record<string, number> = {};
    for (const { key, record } of records) counts[key] = contractsOf(ctx, record).length;
    return counts;
  },

  async verify(ctx, records) {
    const wrong: string[] = [];
    for (const { record } of records) {
      const lines = record['lines'] as OrderLine[];
      for (const po of contractsOf(ctx, record)) {
        const held = po.line_items.map((l) => `${l.origin_id}@${l.cost_code_id}=${(l.amount_cents / 100).toFixed(2)}`).sort();
        const want = lines.map((l) => `odoo-pol-${l.lineId}@${l.costCodeId}=${Number(l.amount).toFixed(2)}`).sort();
        if (JSON.stringify(held) !== JSON.stringify(want)) wrong.push(`${originOf(record)} holds [${held.join(', ')}], sent [${want.join(', ')}]`);
        if (po.title !== record['name'] || po.vendor_id !== record['vendorId']) wrong.push(`${originOf(record)} title=${po.title} vendor=${po.vendor_id}`);
      }
    }
    return wrong.length > 0 ? [`contracts not as sent: ${wrong.join('; ')}`] : [];
  },
};
