import {
  cancelOrders,
  completeNewLines,
  confirmOrders,
  lineSubtotal,
  numberNewOrder,
  orderIdsOf,
  orderTotal,
  PURCHASE_STATES,
  refuseUnlinkOfConfirmedLines,
  refuseUnlinkOfConfirmedOrders,
  resetOrdersToDraft,
  touchOrders,
} from '../business/purchase';
import type { Env } from '../env';
import { fields, type Row, type StoredValue } from '../fields';
import { recordAction } from '../methods/record-action';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';
import { companyCurrency } from './analytic';

function fromOrder(field: string): (row: Row, env: Env) => StoredValue {
  return (row, env) => {
    const orderId = row['order_id'];
    const order = typeof orderId === 'number' ? env.db.table('purchase.order').get(orderId) : undefined;
    return order?.[field] ?? false;
  };
}

export const purchaseOrder = defineModel({
  name: 'purchase.order',
  description: 'Purchase Order',
  order: 'priority desc, id desc',
  recNamesSearch: ['name', 'partner_ref'],
  displayName: (row) => {
    const name = String(row['name'] ?? '');
    return typeof row['partner_ref'] === 'string' && row['partner_ref'] ? `${name} (${row['partner_ref']})` : name;
  },
  fields: {
    name: fields.char('Order Reference', { required: true, default: 'New', indexed: true }),
    priority: fields.selection(
      [
        ['0', 'Normal'],
        ['1', 'Urgent'],
      ],
      'Priority',
      { default: '0' },
    ),
    partner_id: fields.many2one('res.partner', 'Vendor', { required: true, ondelete: 'restrict' }),
    partner_ref: fields.char('Vendor Reference', { indexed: true }),
    origin: fields.char('Source Document'),
    date_order: fields.datetime('Order Deadline', { required: true, default: (env) => env.now }),
    date_approve: fields.datetime('Confirmation Date', { readonly: true }),
    date_planned: fields.datetime('Expected Arrival'),
    state: fields.selection(PURCHASE_STATES, 'Status', { readonly: true, default: 'draft' }),
    order_line: fields.one2many('purchase.order.line', 'order_id', 'Order Lines'),
    currency_id: fields.many2one('res.currency', 'Currency', { required: true, default: (env) => companyCurrency(env, 1) }),
    company_id: fields.many2one('res.company', 'Company', { required: true, ondelete: 'restrict', default: 1 }),
    user_id: fields.many2one('res.users', 'Buyer', { default: (env) => env.uid }),
    notes: fields.text('Terms and Conditions'),
    invoice_status: fields.selection(
      [
        ['no', 'Nothing to Bill'],
        ['to invoice', 'Waiting Bills'],
        ['invoiced', 'Fully Billed'],
      ],
      'Billing Status',
      { readonly: true, default: 'no' },
    ),
    amount_untaxed: fields.monetary('Untaxed Amount', { readonly: true, compute: orderTotal }),
    amount_tax: fields.monetary('Taxes', { readonly: true, compute: () => 0 }),
    amount_total: fields.monetary('Total', { readonly: true, compute: orderTotal }),
  },
  hooks: {
    prepareCreate: numberNewOrder,
    beforeUnlink: refuseUnlinkOfConfirmedOrders,
    flush: touchOrders,
  },
  methods: [
    recordAction('button_confirm', 'write', confirmOrders),
    recordAction('button_cancel', 'write', cancelOrders),
    recordAction('button_draft', 'write', resetOrdersToDraft),
  ],
  access: ACCESS.purchase,
});

export const purchaseOrderLine = defineModel({
  name: 'purchase.order.line',
  description: 'Purchase Order Line',
  order: 'order_id, sequence, id',
  fields: {
    order_id: fields.many2one('purchase.order', 'Order Reference', { required: true, ondelete: 'cascade' }),
    sequence: fields.integer('Sequence', { default: 10 }),
    product_id: fields.many2one('product.product', 'Product', { ondelete: 'restrict' }),
    name: fields.text('Description', { required: true }),
    product_qty: fields.float('Quantity', { digits: 2, required: true, default: 1 }),
    price_unit: fields.float('Unit Price', { digits: 2, required: true, default: 0 }),
    price_subtotal: fields.monetary('Subtotal', { readonly: true, compute: lineSubtotal }),
    price_tax: fields.float('Tax', { readonly: true, compute: () => 0 }),
    price_total: fields.monetary('Total', { readonly: true, compute: lineSubtotal }),
    qty_received: fields.float('Received Qty', { digits: 2, default: 0 }),
    qty_invoiced: fields.float('Billed Qty', { digits: 2, readonly: true, default: 0 }),
    date_planned: fields.datetime('Expected Arrival'),
    analytic_distribution: fields.json('Analytic Distribution'),
    display_type: fields.selection(
      [
        ['line_section', 'Section'],
        ['line_note', 'Note'],
      ],
      'Display Type',
    ),
    partner_id: fields.many2one('res.partner', 'Partner', { readonly: true, compute: fromOrder('partner_id') }),
    currency_id: fields.many2one('res.currency', 'Currency', { readonly: true, compute: fromOrder('currency_id') }),
    company_id: fields.many2one('res.company', 'Company', { readonly: true, compute: fromOrder('company_id') }),
    state: fields.selection(PURCHASE_STATES, 'Status', { readonly: true, compute: fromOrder('state') }),
  },
  hooks: {
    afterCreate: (env, ids) => {
      completeNewLines(env, ids);
      env.deferred.mark('purchase.order', orderIdsOf(env, ids));
    },
    afterWrite: (env, ids) => env.deferred.mark('purchase.order', orderIdsOf(env, ids)),
    beforeUnlink: (env, ids) => {
      refuseUnlinkOfConfirmedLines(env, ids);
      env.deferred.mark('purchase.order', orderIdsOf(env, ids));
    },
  },
  access: ACCESS.purchase,
  checks: [
    {
      // `accountable_required_fields`: a product line needs a product and a planned date.
      holds: (row) => Boolean(row['display_type']) || (typeof row['product_id'] === 'number' && typeof row['date_planned'] === 'string'),
      message: 'Missing required fields on accountable purchase order line.',
    },
  ],
});
