// What the ServiceNow profiles share: the config node (the kit's short limits, the sandbox's integration
// user through MLC_SANDBOX_SERVICENOW_*, OAuth password grant), its credentials, the protocol calls of
// mlc-servicenow-write told apart by path (`/api/now/table/{table}[/{sys_id}]`,
// `/api/now/import/{staging}[/insertMultiple]`; the encoded query is not part of the path), and the
// purchase order with two lines the import profiles stage.
import type { RequestLogEntry } from '../../../sandbox/kit';
import type { ServiceNowSimulator } from '../../../sandbox/servicenow';
import type { Row } from '../../../sandbox/servicenow/state';
import type { FlowNode } from '../../support/e2e';
import { mapNode, type ProfileContext, type ProtocolStep, type SourceRecord, type WriteNodeProfile } from '../kit';
import { stepBy } from './procore-shared';

export const SERVICENOW_CONFIG = 'fm-servicenow';
export const ORDER_STAGING = 'sn_fcms_intg_imp_order';
export const LINE_STAGING = 'sn_fcms_intg_imp_order_line';

export function serviceNowConfigNode(ctx: ProfileContext): FlowNode {
  return {
    id: SERVICENOW_CONFIG,
    type: 'mlc-servicenow-config',
    name: 'ServiceNow sandbox (fault matrix)',
    instanceUrl: '${MLC_SANDBOX_SERVICENOW_INSTANCE_URL}',
    authMode: 'oauth-password',
    concurrency: 2,
    timeoutSeconds: ctx.limits.timeoutSeconds,
    maxAttempts: ctx.limits.maxAttempts,
    maxRetrySeconds: ctx.limits.maxRetrySeconds,
  };
}

export const serviceNowCredentials = (): Record<string, Record<string, string>> => ({
  [SERVICENOW_CONFIG]: {
    user: '${MLC_SANDBOX_SERVICENOW_USERNAME}',
    password: '${MLC_SANDBOX_SERVICENOW_PASSWORD}',
    clientId: '${MLC_SANDBOX_SERVICENOW_CLIENT_ID}',
    clientSecret: '${MLC_SANDBOX_SERVICENOW_CLIENT_SECRET}',
  },
});

export function servicenow(ctx: ProfileContext): ServiceNowSimulator {
  return ctx.target.simulator as ServiceNowSimulator;
}

const escaped = (name: string) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `[label, pattern]` for the Table API calls on `table`: the collection (look-up, insert) and one record (PATCH). */
export function tablePaths(table: string): Array<readonly [string, RegExp]> {
  return [
    [table, new RegExp(`^/api/now/table/${escaped(table)}$`)],
    [`${table}/:sys_id`, new RegExp(`^/api/now/table/${escaped(table)}/[0-9a-f]{32}$`)],
  ];
}

/** `[label, pattern]` for the Import Set API calls on `staging`: one row, or insertMultiple. */
export function importPaths(staging: string): Array<readonly [string, RegExp]> {
  return [
    [`import/${staging}`, new RegExp(`^/api/now/import/${escaped(staging)}$`)],
    [`import/${staging}/insertMultiple`, new RegExp(`^/api/now/import/${escaped(staging)}/insertMultiple$`)],
  ];
}

/** The protocol as a profile sees it: the calls its paths match, each named by the first that does. */
export function protocolOf(paths: ReadonlyArray<readonly [string, RegExp]>): { isProtocolCall(entry: RequestLogEntry): boolean; step(entry: RequestLogEntry): ProtocolStep } {
  return { isProtocolCall: (entry) => paths.some(([, path]) => path.test(entry.path)), step: (entry) => stepBy(entry, paths) };
}

// ---- the purchase order the import profiles stage: a header and two lines ----

interface OrderLine {
  line: number;
  product: string;
  quantity: number;
  unitPrice: string;
  total: string;
}

/** One Odoo purchase order per run (how many records an insertMultiple batch holds depends on when dedup lets them through). */
function purchaseOrders(profileId: string, tag: string): SourceRecord[] {
  const lines: OrderLine[] = [
    { line: 1, product: 'Lumber 2x4x8 SPF', quantity: 800, unitPrice: '4.25', total: '3400.00' },
    { line: 2, product: 'Nails 16d (50 lb)', quantity: 3, unitPrice: '80.17', total: '240.50' },
  ];
  return [{ key: `fm:${profileId}:${tag}:1`, record: { name: `FM-${tag}-P00001`, supplier: 'V-1001', costCenter: 'CC-200', glAccount: '5000', amount: '3640.50', lines } }];
}

/** Odoo purchase order → `{header, lines}` rows of the ERP integration's order staging tables. */
function purchaseOrderMapRules(): unknown[] {
  return [
    {
      op: 'jsonata',
      target: 'header',
      expression: '{ "erp_po_number": name, "erp_source": "odoo", "supplier": supplier, "legal_entity": "MLC-US", "cost_center": costCenter, "po_amount": amount, "currency": "USD", "po_status": "ordered" }',
    },
    {
      op: 'jsonata',
      target: 'lines',
      expression:
        '($po := $; $map(lines, function($l) { { "erp_po_number": $po.name, "erp_line_number": $l.line, "product_name": $l.product, "purchase_quantity": $l.quantity, "unit_price": $l.unitPrice, "total_line_amount": $l.total, "gl_account": $po.glAccount, "cost_center": $po.costCenter } }))',
    },
  ];
}

function ordersOf(ctx: ProfileContext, record: Record<string, unknown>): Row[] {
  return servicenow(ctx).state.findAllBy('sn_shop_purchase_order', 'erp_po_number', String(record['name']));
}

/** S2P purchase orders per key, by the Odoo order name the import coalesces on. */
async function purchaseOrderCounts(ctx: ProfileContext, records: SourceRecord[]): Promise<Record<string, number>> {
  return Object.fromEntries(records.map(({ key, record }) => [key, ordersOf(ctx, record).length]));
}

/** Each order holds its two lines once, with the amounts, supplier and total sent (a line staged twice without coalescing would show as a third). */
async function purchaseOrderProblems(ctx: ProfileContext, records: SourceRecord[]): Promise<string[]> {
  const state = servicenow(ctx).state;
  const wrong: string[] = [];
  for (const { record } of records) {
    const supplier = state.findBy('sn_fin_supplier', 'erp_supplier_id', String(record['supplier']));
    for (const order of ordersOf(ctx, record)) {
      const held = state
        .findAllBy('sn_shop_purchase_order_line', 'purchase_order', order.sys_id ?? '')
        .map((l) => `${l['erp_line_number']}=${l['total_line_amount']}`)
        .sort();
      const want = (record['lines'] as OrderLine[]).map((l) => `${l.line}=${l.total}`).sort();
      if (JSON.stringify(held) !== JSON.stringify(want)) wrong.push(`${String(record['name'])} holds lines [${held.join(', ')}], sent [${want.join(', ')}]`);
      if (order['supplier'] !== supplier?.sys_id || Number(order['total_amount']) !== Number(record['amount'])) wrong.push(`${String(record['name'])} supplier=${order['supplier']} total=${order['total_amount']}`);
    }
  }
  return wrong.length > 0 ? [`purchase orders not as staged: ${wrong.join('; ')}`] : [];
}

/**
 * A profile staging the purchase order through `operation`: the one-row Import Set API or insertMultiple.
 * The count per key is the number of S2P orders with the Odoo order name; verify adds the lines, once each.
 */
export function purchaseOrderImportProfile(options: {
  id: string;
  title: string;
  operation: 'import' | 'import-bulk';
  paths: ReadonlyArray<readonly [string, RegExp]>;
  seed?: WriteNodeProfile['seed'];
}): WriteNodeProfile {
  const { id, title, operation, paths, seed } = options;
  return {
    id,
    title,
    system: 'servicenow',
    nodes: (ctx, ids) => [
      serviceNowConfigNode(ctx),
      mapNode(ids, 'Odoo purchase order → S2P order staging rows', purchaseOrderMapRules()),
      { id: ids.write, type: 'mlc-servicenow-write', name: `purchase orders to S2P (${operation})`, servicenow: SERVICENOW_CONFIG, operation, table: ORDER_STAGING, lineTable: LINE_STAGING, ignored: 'unchanged', followSeconds: 30, wires: [[ids.audit], [ids.audit]] },
    ],
    credentials: serviceNowCredentials,
    ...(seed ? { seed } : {}),
    records: (_ctx, tag) => purchaseOrders(id, tag),
    ...protocolOf(paths),
    targetCounts: purchaseOrderCounts,
    verify: purchaseOrderProblems,
  };
}
