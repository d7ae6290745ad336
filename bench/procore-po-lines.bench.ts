// 2,000 purchase order lines (200 confirmed Odoo purchase orders of 10 lines) through mlc-procore-write
// as purchase order contracts on one project, under a spike window set in the sandbox, against the
// Procore sandbox in a worker thread. Per order the node looks the contract up by origin_id, creates it,
// then posts each line: 12 calls. The client paces itself from the X-Rate-Limit-* headers of every
// answer and, after a 429, waits for its reset (lib/procore/rate-limit.ts).
//
// The window keeps Procore's length (10 s, fixed, opened by its first call) with the limit raised so
// the run takes about 20 s instead of Procore's 25 a window; the hourly window is set out of reach, so
// the spike window is the one the headers show and the bound. The floor is what the limit allows for the
// calls the sandbox let through (its request log): with C calls and a fixed window of N calls per W s,
// the first ⌈C/N⌉ − 1 windows must be waited out whole, and the last window's calls the limit lets go
// at once. calls ÷ (N / W) would overstate it when the last window is only partly used, as here (2,400
// calls, 1,000 a window). Above the floor: the last window's calls at the client's own pace, the wait
// past each reset (Procore names it in whole seconds) and the pacing's slack (target wall / floor ≤ 1.2).
// The same orders with the limit off, after, show the client's own pace: what the last window's calls
// take at it is the part of the gap no limiter could close (on a loaded machine, most of it).
import { join } from 'node:path';
import helper from 'node-red-node-test-helper';
import type { RateLimits } from '../sandbox/procore';
import type { ProcoreSeedIds, ProcoreSimWorkerAnswer, ProcoreSimWorkerRequest } from './procore-sim-worker';
import { writeThroughNode } from './procore-write-flow';
import { SimWorker } from './sim-worker';
import type { BenchLine, BenchSuite } from './types';

const ORDERS = 200;
const LINES_PER_ORDER = 10;
const WINDOW_SECONDS = 10;
const RATE_LIMITS: RateLimits = { hourly: 1_000_000, spike: 1000, spikeWindowSeconds: WINDOW_SECONDS };
const NO_LIMIT: RateLimits = { hourly: 1_000_000_000, spike: 1_000_000_000, spikeWindowSeconds: WINDOW_SECONDS };
const TARGET_RATIO = 1.2;
const UNITS = ['ea', 'm3', 'ton', 'hr', 'day', 'ls'];

/** A confirmed Odoo purchase order as the project and cost-code map hands it over: the same list for every run. */
function order(ids: ProcoreSeedIds, i: number): Record<string, unknown> {
  const n = 5000 + i;
  return {
    project_id: String(ids.projectId),
    origin_id: `odoo-purchase.order-${n}`,
    vendor_id: ids.vendorId,
    title: `P${String(n).padStart(5, '0')} site materials`,
    status: 'Approved',
    line_items: Array.from({ length: LINES_PER_ORDER }, (_, j) => {
      const k = i * LINES_PER_ORDER + j;
      const quantity = 1 + (k % 40);
      const unitCost = 12.5 + (k % 17) * 3.25;
      return {
        origin_id: `odoo-purchase.order.line-${n * 100 + j}`,
        cost_code_id: ids.costCodeIds[k % ids.costCodeIds.length],
        line_item_type_id: ids.lineItemTypeIds[k % ids.lineItemTypeIds.length],
        description: `line ${j + 1} of P${n}`,
        quantity,
        unit_cost: unitCost,
        uom: UNITS[k % UNITS.length],
        amount: (quantity * unitCost).toFixed(2),
      };
    }),
  };
}

export const procorePoLinesBench: BenchSuite = {
  name: 'procore-po-lines',
  async run(): Promise<BenchLine[]> {
    const sim = new SimWorker<ProcoreSimWorkerAnswer, ProcoreSimWorkerRequest>(join(__dirname, 'procore-sim-worker.js'), { logCapacity: 4 * ORDERS * (LINES_PER_ORDER + 2) }, { kind: 'close' });
    const { url, ids } = await sim.next('ready');
    helper.init(require.resolve('node-red'));
    await helper.startServer();
    try {
      const orders = Array.from({ length: ORDERS }, (_, i) => order(ids, i));
      const lines = ORDERS * LINES_PER_ORDER;
      const run = async (rateLimits: RateLimits) => {
        await sim.next('reset-done', { kind: 'reset', rateLimits });
        const { seconds } = await writeThroughNode('procore-po-lines', url, 'commitment', orders);
        const { kind: _kind, ...log } = await sim.next('log', { kind: 'log' });
        const posted = log.byOperation['POST /rest/v1.0/purchase_order_contracts/:id/line_items'] ?? 0;
        if (posted !== lines) throw new Error(`procore-po-lines bench: ${posted} line items posted, expected ${lines}`);
        return { seconds, log };
      };
      const limited = await run(RATE_LIMITS);
      const free = await run(NO_LIMIT);
      const { log } = limited;
      const perWindow = RATE_LIMITS.spike;
      const windowsWaited = Math.ceil(log.admitted / perWindow) - 1;
      const floor = windowsWaited * WINDOW_SECONDS;
      const lastCalls = log.admitted - windowsWaited * perWindow;
      const lastAtOwnPace = (lastCalls / free.log.admitted) * free.seconds;
      const calls = Object.entries(log.byOperation).map(([operation, n]) => `${operation} ${n}`).join(', ');
      const limit = `${perWindow} per ${WINDOW_SECONDS} s`;
      return [
        { name: `procore PO lines: ${ORDERS} orders × ${LINES_PER_ORDER} lines, ${limit}: wall`, value: limited.seconds, unit: 's', note: `${(lines / limited.seconds).toFixed(1)} lines/s; ${log.admitted} calls: ${calls}` },
        {
          name: 'procore PO lines: floor the limit allows',
          value: floor,
          unit: 's',
          note: `${windowsWaited} windows of ${WINDOW_SECONDS} s waited out, then ${lastCalls} calls at once; calls ÷ rate would say ${((log.admitted * WINDOW_SECONDS) / perWindow).toFixed(1)} s`,
        },
        { name: 'procore PO lines: wall / floor', value: limited.seconds / floor, unit: 'x', target: TARGET_RATIO, higherIsBetter: false, note: `client waited ${log.rejected === 0 ? 'without a 429' : `after ${log.rejected} 429s`}` },
        { name: 'procore PO lines: 429 answers', value: log.rejected, unit: 'calls', target: 0, higherIsBetter: false },
        { name: '  same orders with no limit: wall', value: free.seconds, unit: 's', note: `${(lines / free.seconds).toFixed(1)} lines/s, ${free.log.admitted} calls` },
        { name: `  wall / (floor + the last ${lastCalls} calls at that pace)`, value: limited.seconds / (floor + lastAtOwnPace), unit: 'x', note: `${lastAtOwnPace.toFixed(2)} s; the rest is the wait past each whole-second reset and the pacing` },
      ];
    } finally {
      await helper.stopServer();
      await sim.close();
    }
  },
};
