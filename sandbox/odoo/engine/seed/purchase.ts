import type { Seeder } from './seeder';

interface OrderSeed {
  vendor: number;
  state: 'draft' | 'sent' | 'purchase' | 'done' | 'cancel';
  dateOrder: string;
  partnerRef?: string;
  lines: ReadonlyArray<readonly [product: string, quantity: number, price: number, costCenter: string, project?: string]>;
}

/** Ten orders P00001..P00010 in every state, lines split over cost centers and projects. */
const ORDERS: readonly OrderSeed[] = [
  { vendor: 0, state: 'purchase', dateOrder: '2026-10-01 15:30:00', partnerRef: 'AL-Q-4410', lines: [['LUM-2X4-8', 800, 4.25, 'CC-200', 'PRJ-1001'], ['DRY-58', 220, 16.75, 'CC-200', 'PRJ-1001']] },
  { vendor: 1, state: 'purchase', dateOrder: '2026-10-02 14:05:00', lines: [['CONC-3000', 64, 145, 'CC-300', 'PRJ-1002']] },
  { vendor: 2, state: 'done', dateOrder: '2026-10-03 16:45:00', partnerRef: 'SSF-77812', lines: [['REBAR-5', 150, 18.5, 'CC-300', 'PRJ-1002']] },
  { vendor: 5, state: 'purchase', dateOrder: '2026-10-06 13:00:00', lines: [['RENT-EXC', 12, 650, 'CC-400', 'PRJ-1003']] },
  { vendor: 12, state: 'sent', dateOrder: '2026-10-08 17:20:00', lines: [['SVC-SURVEY', 2, 1200, 'CC-400', 'PRJ-1003']] },
  { vendor: 11, state: 'draft', dateOrder: '2026-10-12 15:10:00', lines: [['PPE-KIT', 40, 85, 'CC-100']] },
  { vendor: 4, state: 'draft', dateOrder: '2026-10-14 18:35:00', lines: [['ELEC-12-2', 30, 112, 'CC-200', 'PRJ-1001'], ['ELEC-12-2', 18, 112, 'CC-400', 'PRJ-1003']] },
  { vendor: 0, state: 'cancel', dateOrder: '2026-10-15 14:00:00', lines: [['LUM-2X4-8', 100, 4.1, 'CC-300']] },
  { vendor: 9, state: 'purchase', dateOrder: '2026-10-19 16:00:00', lines: [['DRY-58', 480, 16.25, 'CC-400', 'PRJ-1003'], ['PPE-KIT', 12, 85, 'CC-400'], ['LUM-2X4-8', 300, 4.25, 'CC-400', 'PRJ-1003']] },
  { vendor: 1, state: 'draft', dateOrder: '2026-10-22 15:45:00', lines: [['CONC-3000', 120, 142.5, 'CC-200', 'PRJ-1001']] },
];

export function seedPurchaseOrders(
  seed: Seeder,
  vendors: readonly number[],
  products: ReadonlyMap<string, number>,
  costCenters: ReadonlyMap<string, number>,
  projects: ReadonlyMap<string, number>,
): number[] {
  return ORDERS.map((order, index) => {
    const planned = `${order.dateOrder.slice(0, 8)}${String(Number(order.dateOrder.slice(8, 10)) + 7).padStart(2, '0')} 14:00:00`;
    return seed.create(
      'purchase.order',
      {
        partner_id: vendors[order.vendor],
        partner_ref: order.partnerRef ?? false,
        date_order: order.dateOrder,
        date_planned: planned,
        date_approve: order.state === 'purchase' || order.state === 'done' ? order.dateOrder : false,
        state: order.state,
        origin: `MR-${2026100 + index}`,
        order_line: order.lines.map(([product, quantity, price, costCenter, project]) => [
          0,
          0,
          {
            product_id: products.get(product),
            product_qty: quantity,
            price_unit: price,
            // 17+ joins the accounts of different plans in one key: {"<cost center>,<project>": 100}.
            analytic_distribution: project
              ? { [`${costCenters.get(costCenter)},${projects.get(project)}`]: 100 }
              : { [String(costCenters.get(costCenter))]: 100 },
          },
        ]),
      },
      `mlc_demo.purchase_order_${index + 1}`,
    );
  });
}
