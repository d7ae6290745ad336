// What the sidebar's runs table shows of each run's last reconciliation: tied out, or off by how
// much, with the lines that say where. Texts are made here, from the stored result, so the editor
// only puts them on the page.
import { z } from 'zod';
import { describeDifference, offByText, type ReconcileResult } from '../../lib/reconcile';
import type { Store } from '../../lib/store/types';

/** The detail lists this many differences; the summary says how many there were in all. */
const DETAIL_LINES = 20;

export interface ReconciliationView {
  status: 'tied' | 'off';
  checkedAt: string;
  /** "tied out" or "off by +10.00 debit". */
  headline: string;
  summary: string;
  /** One line per difference, the run's own first. */
  lines: string[];
  records: { expected: number; found: number };
}

const DifferenceSchema = z.object({
  dimension: z.string(),
  value: z.string(),
  label: z.string().nullable(),
  measure: z.string(),
  expected: z.number(),
  found: z.number(),
  off: z.number(),
});

/** The stored result as mlc-reconcile wrote it; a result that does not parse is shown by its status only. */
const StoredResultSchema = z.object({
  summary: z.string(),
  records: z.object({ expected: z.number(), found: z.number() }),
  totals: z.array(z.object({ measure: z.string(), expected: z.number(), found: z.number() })),
  differences: z.array(DifferenceSchema),
  differenceCount: z.number(),
});

export async function reconciliationsByRun(store: Store, runIds: readonly string[]): Promise<Map<string, ReconciliationView>> {
  const views = new Map<string, ReconciliationView>();
  for (const r of await store.listReconciliations(runIds)) {
    const parsed = StoredResultSchema.safeParse(r.result);
    if (!parsed.success) {
      views.set(r.runId, { status: r.status, checkedAt: r.checkedAt, headline: r.status === 'tied' ? 'tied out' : 'off', summary: '', lines: [], records: { expected: 0, found: 0 } });
      continue;
    }
    const result = { ...parsed.data, status: r.status } as Pick<ReconcileResult, 'status' | 'totals' | 'differences' | 'records' | 'summary' | 'differenceCount'>;
    const lines = result.differences.slice(0, DETAIL_LINES).map(describeDifference);
    if (result.differenceCount > lines.length) lines.push(`and ${result.differenceCount - lines.length} more`);
    views.set(r.runId, { status: r.status, checkedAt: r.checkedAt, headline: offByText(result), summary: result.summary, lines, records: result.records });
  }
  return views;
}
