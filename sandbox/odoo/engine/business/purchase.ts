import type { Env, Vals } from '../env';
import { faults } from '../faults';
import type { Row } from '../fields';
import { roundHalfUp } from '../orm/coerce';

export const PURCHASE_STATES = [
  ['draft', 'RFQ'],
  ['sent', 'RFQ Sent'],
  ['to approve', 'To Approve'],
  ['purchase', 'Purchase Order'],
  ['done', 'Locked'],
  ['cancel', 'Cancelled'],
] as const;

/** New orders take the next `purchase.order` sequence number: P00001, P00002... */
export function numberNewOrder(env: Env, vals: Vals): Vals {
  if (typeof vals['name'] === 'string' && vals['name'] !== '' && vals['name'] !== 'New') return vals;
  return { ...vals, name: `P${String(env.db.nextSequence('purchase.order')).padStart(5, '0')}` };
}

export function orderLines(env: Env, orderId: number): Row[] {
  const lines = env.db.table('purchase.order.line');
  return [...lines.lookup('order_id', orderId)].map((id) => lines.get(id)!);
}

export function lineSubtotal(line: Row): number {
  if (line['display_type']) return 0;
  const quantity = typeof line['product_qty'] === 'number' ? line['product_qty'] : 0;
  const price = typeof line['price_unit'] === 'number' ? line['price_unit'] : 0;
  return roundHalfUp(quantity * price, 2);
}

export function orderTotal(row: Row, env: Env): number {
  return roundHalfUp(orderLines(env, row.id).reduce((sum, line) => sum + lineSubtotal(line), 0), 2);
}

/**
 * Values Odoo computes on a new line when the caller leaves them out: the description from the product,
 * the planned date from the order.
 */
export function completeNewLines(env: Env, ids: readonly number[]): void {
  const lines = env.db.table('purchase.order.line');
  const orders = env.db.table('purchase.order');
  for (const id of ids) {
    const line = lines.get(id)!;
    if ((typeof line['name'] !== 'string' || line['name'] === '') && typeof line['product_id'] === 'number') {
      const name = env.orm.displayName(env, 'product.product', line['product_id']);
      if (name) lines.set(line, 'name', name);
    }
    if (typeof line['date_planned'] !== 'string' && !line['display_type']) {
      const order = typeof line['order_id'] === 'number' ? orders.get(line['order_id']) : undefined;
      const planned = order?.['date_planned'] ?? order?.['date_order'];
      if (typeof planned === 'string') lines.set(line, 'date_planned', planned);
    }
  }
}

export function confirmOrders(env: Env, ids: readonly number[]): true {
  const orders = env.db.table('purchase.order');
  const confirmable = ids.filter((id) => ['draft', 'sent'].includes(String(orders.get(id)!['state'])));
  if (confirmable.length > 0) env.orm.write(env, 'purchase.order', confirmable, { state: 'purchase', date_approve: env.now });
  return true;
}

export function cancelOrders(env: Env, ids: readonly number[]): true {
  const orders = env.db.table('purchase.order');
  for (const id of ids) {
    if (orders.get(id)!['state'] === 'done') {
      throw faults.user(`Unable to cancel purchase order ${String(orders.get(id)!['name'])} as some receptions have already been done.`);
    }
  }
  env.orm.write(env, 'purchase.order', ids, { state: 'cancel' });
  return true;
}

/** `button_draft` returns `{}` in Odoo. */
export function resetOrdersToDraft(env: Env, ids: readonly number[]): Record<string, never> {
  env.orm.write(env, 'purchase.order', ids, { state: 'draft' });
  return {};
}

export function refuseUnlinkOfConfirmedOrders(env: Env, ids: readonly number[]): void {
  const orders = env.db.table('purchase.order');
  if (ids.some((id) => !['draft', 'cancel'].includes(String(orders.get(id)?.['state'])))) {
    throw faults.user('In order to delete a purchase order, you must cancel it first.');
  }
}

export function refuseUnlinkOfConfirmedLines(env: Env, ids: readonly number[]): void {
  const lines = env.db.table('purchase.order.line');
  const orders = env.db.table('purchase.order');
  for (const id of ids) {
    const orderId = lines.get(id)?.['order_id'];
    const state = typeof orderId === 'number' ? orders.get(orderId)?.['state'] : undefined;
    if (state === 'purchase' || state === 'done') {
      const label = PURCHASE_STATES.find(([key]) => key === state)![1];
      throw faults.user(`Cannot delete a purchase order line which is in state “${label}”.`);
    }
  }
}

/** A changed line changes its order's total, so the order's write_date moves too. */
export function touchOrders(env: Env, orderIds: readonly number[]): void {
  const orders = env.db.table('purchase.order');
  for (const id of orderIds) {
    const order = orders.get(id);
    if (!order) continue;
    orders.set(order, 'write_date', env.now);
    orders.set(order, 'write_uid', env.uid);
  }
}

export function orderIdsOf(env: Env, lineIds: readonly number[]): number[] {
  const lines = env.db.table('purchase.order.line');
  const ids = new Set<number>();
  for (const id of lineIds) {
    const orderId = lines.get(id)?.['order_id'];
    if (typeof orderId === 'number') ids.add(orderId);
  }
  return [...ids];
}
