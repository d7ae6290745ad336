// A run written to a warehouse table as the pack writes one, for the reconciliation tests: control
// totals from the source lines (as mlc-map counts them), the rows written by the pack's own writer,
// and each key posted with its target (as mlc-audit keeps it).
import assert from 'node:assert/strict';
import { compileControls, type ControlSpec } from '../../lib/reconcile';
import type { Store } from '../../lib/store';
import { WarehouseWriter, type TableSpec, type Warehouse } from '../../lib/warehouse';

export const WAREHOUSE_CONTROLS: ControlSpec = {
  amounts: [{ name: 'amount', from: 'amount', target: 'amount_total' }],
  dimensions: [
    { name: 'account', from: 'account', target: 'account_code' },
    { name: 'cost center', from: 'costCenter', target: 'tags.cost_center' },
  ],
};

export const WAREHOUSE_COLUMNS = [
  { name: 'id', type: 'text', source: 'ref', primaryKey: true },
  { name: 'account_code', type: 'text', source: 'account' },
  { name: 'amount_total', type: 'numeric', source: 'amount' },
  { name: 'tags', type: 'jsonb', source: 'tags' },
];

export interface SourceLine {
  ref: string;
  account: string;
  amount: number;
  costCenter: string;
  tags: { cost_center: string };
}

export function sourceLines(prefix: string, count: number): SourceLine[] {
  return Array.from({ length: count }, (_, i) => {
    const costCenter = i % 2 === 0 ? 'CC-200' : 'CC-300';
    return { ref: `${prefix}-${i + 1}`, account: i < 3 ? '6100' : '2100', amount: [1234.56, 0.07, 10.1, 99.99, 5][i % 5] as number, costCenter, tags: { cost_center: costCenter } };
  });
}

/** As map, write and audit do it: the source counted, the rows written by the pack's writer, the keys posted with their targets. */
export async function writeRun(store: Store, warehouse: Warehouse, spec: TableSpec, runId: string, lines: SourceLine[]): Promise<void> {
  const controls = compileControls(WAREHOUSE_CONTROLS);
  await store.startRun({ runId });
  await store.recordControls(lines.map((l) => ({ runId, key: `wh:${l.ref}`, spec: WAREHOUSE_CONTROLS, figures: controls.figuresOf(l, `wh:${l.ref}`, new Map()) })));
  const outcomes = await new WarehouseWriter(() => Promise.resolve(warehouse), spec).writeBatch(lines);
  for (const [i, outcome] of outcomes.entries()) {
    assert.ok(outcome.ok, 'written');
    await store.markPosted({ key: `wh:${lines[i]?.ref}`, runId, target: { system: 'warehouse', entity: outcome.table, id: outcome.id, action: outcome.action } });
  }
}
