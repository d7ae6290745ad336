// Reconciling a run: its control totals (taken from the source as read) against what the target has
// now for the records the run wrote, per dimension value and measure, to the cent. The target is read
// page by page, one adapter call per page of written records.
import type { Store } from '../store/types';
import { formatCents, shareOf } from './cents';
import type { ReadBackAdapter, WrittenRecord } from './read-back';
import { FigureTotals, figureId } from './figures';
import { COUNT_MEASURE, RECORD_DIMENSION, RUN_DIMENSION, type ControlFigure, type ControlSpec } from './spec';

export const DEFAULT_READ_BACK_PAGE = 200;
/** A run off everywhere would list thousands of lines; the result keeps the largest this many. */
export const MAX_LISTED_DIFFERENCES = 200;

export interface Difference {
  dimension: string;
  value: string;
  label: string | null;
  measure: string;
  /** From the source, as read. */
  expected: number;
  /** In the target, now. */
  found: number;
  /** found - expected, in cents (or records for the count). */
  off: number;
}

export interface ReconcileResult {
  runId: string;
  status: 'tied' | 'off';
  checkedAt: string;
  /** Records the run counted, and how many of them the target has. */
  records: { expected: number; found: number };
  /** Amount totals of the whole run, expected and found, in cents. */
  totals: Array<{ measure: string; expected: number; found: number }>;
  differences: Difference[];
  /** How many differences there were in all (the list keeps the largest MAX_LISTED_DIFFERENCES). */
  differenceCount: number;
  /** One line an alert can carry. */
  summary: string;
  pages: number;
  readCalls: number;
}

export class ReconcileError extends Error {
  constructor(
    message: string,
    readonly code: 'MLC_RECONCILE_NO_CONTROLS' | 'MLC_RECONCILE_BAD_INPUT',
  ) {
    super(message);
    this.name = 'ReconcileError';
  }
}

export async function reconcileRun(
  store: Store,
  runId: string,
  adapter: ReadBackAdapter,
  options: { pageSize?: number; now?: () => Date } = {},
): Promise<ReconcileResult> {
  const pageSize = options.pageSize ?? DEFAULT_READ_BACK_PAGE;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new ReconcileError(`reconcile: page size must be a whole number >= 1, got ${String(pageSize)}`, 'MLC_RECONCILE_BAD_INPUT');
  const controls = await store.runControls(runId);
  if (controls.figures.length === 0) {
    throw new ReconcileError(`reconcile: run "${runId}" has no control totals (give its mlc-map node "controls", and run it again)`, 'MLC_RECONCILE_NO_CONTROLS');
  }
  const expected = new FigureTotals();
  for (const figure of controls.figures) expected.add(figure.dimension, figure.value, figure.label, figure.measure, figure.quantity);
  const keys = controls.figures.filter((f) => f.dimension === RECORD_DIMENSION && f.measure === COUNT_MEASURE).map((f) => f.value);

  const found = new FigureTotals();
  let pages = 0;
  let readCalls = 0;
  for (let at = 0; at < keys.length; at += pageSize) {
    const page = keys.slice(at, at + pageSize);
    pages++;
    const written = (await store.list({ keys: page, status: 'posted', limit: page.length })).flatMap((r): WrittenRecord[] =>
      r.target && r.target.system === adapter.system ? [{ key: r.key, target: r.target }] : [],
    );
    if (written.length === 0) continue;
    readCalls += adapter.callsPerRecord ? written.length : 1;
    const lines = await adapter.readPage(written, controls.spec);
    addReadBack(found, written, lines, controls.spec);
  }
  return compare(runId, expected, found, { pages, readCalls, checkedAt: (options.now?.() ?? new Date()).toISOString() });
}

function addReadBack(totals: FigureTotals, written: readonly WrittenRecord[], lines: Awaited<ReturnType<ReadBackAdapter['readPage']>>, spec: ControlSpec | null): void {
  const keyOf = new Map(written.map((w) => [w.target.id, w.key]));
  const present = new Set<string>();
  for (const line of lines) {
    const key = keyOf.get(line.targetId);
    if (key === undefined) continue;
    present.add(key);
    for (const amount of spec?.amounts ?? []) {
      const cents = line.amounts[amount.name] ?? 0;
      totals.add(RUN_DIMENSION, '', null, amount.name, cents);
      totals.add(RECORD_DIMENSION, key, null, amount.name, cents);
      for (const dimension of spec?.dimensions ?? []) {
        const shares = line.dimensions[dimension.name] ?? [];
        for (const share of shares.length ? shares : [{ value: '', label: null, percent: 100 }]) {
          totals.add(dimension.name, share.value, share.label, amount.name, shareOf(cents, share.percent));
        }
      }
    }
  }
  for (const key of present) {
    totals.add(RUN_DIMENSION, '', null, COUNT_MEASURE, 1);
    totals.add(RECORD_DIMENSION, key, null, COUNT_MEASURE, 1);
  }
}

function compare(runId: string, expected: FigureTotals, found: FigureTotals, facts: { pages: number; readCalls: number; checkedAt: string }): ReconcileResult {
  const differences: Difference[] = [];
  for (const id of new Set([...expected.ids(), ...found.ids()])) {
    const e = expected.get(id);
    const f = found.get(id);
    const base = (e ?? f) as ControlFigure;
    const off = (f?.quantity ?? 0) - (e?.quantity ?? 0);
    if (off === 0) continue;
    differences.push({
      dimension: base.dimension,
      value: base.value,
      label: e?.label ?? f?.label ?? null,
      measure: base.measure,
      expected: e?.quantity ?? 0,
      found: f?.quantity ?? 0,
      off,
    });
  }
  // The run's own line first, then each record, then the other dimensions; the largest first within each.
  const rank = (d: Difference) => (d.dimension === RUN_DIMENSION ? 0 : d.dimension === RECORD_DIMENSION ? 1 : 2);
  differences.sort((a, b) => rank(a) - rank(b) || a.dimension.localeCompare(b.dimension) || Math.abs(b.off) - Math.abs(a.off) || a.value.localeCompare(b.value));
  const runFigure = (set: FigureTotals, measure: string) => set.get(figureId(RUN_DIMENSION, '', measure))?.quantity ?? 0;
  const measures = [...new Set([...expected.all(), ...found.all()].filter((f) => f.dimension === RUN_DIMENSION && f.measure !== COUNT_MEASURE).map((f) => f.measure))].sort();
  const status = differences.length === 0 ? 'tied' : 'off';
  const result: ReconcileResult = {
    runId,
    status,
    checkedAt: facts.checkedAt,
    records: { expected: runFigure(expected, COUNT_MEASURE), found: runFigure(found, COUNT_MEASURE) },
    totals: measures.map((measure) => ({ measure, expected: runFigure(expected, measure), found: runFigure(found, measure) })),
    differences: differences.slice(0, MAX_LISTED_DIFFERENCES),
    differenceCount: differences.length,
    summary: '',
    pages: facts.pages,
    readCalls: facts.readCalls,
  };
  result.summary = summarize(result);
  return result;
}

/** "tied out: 3 records, debit 778,256.17, credit 778,256.17" or "off: record X debit off by 10.00; ..." */
export function summarize(result: Pick<ReconcileResult, 'status' | 'records' | 'totals' | 'differences' | 'differenceCount'>): string {
  if (result.status === 'tied') {
    return `tied out: ${result.records.found} record(s)${result.totals.map((t) => `, ${t.measure} ${formatCents(t.found)}`).join('')}`;
  }
  const shown = result.differences.filter((d) => d.dimension !== RUN_DIMENSION).slice(0, 6);
  const parts = (shown.length ? shown : result.differences.slice(0, 3)).map(describeDifference);
  const more = result.differenceCount - parts.length;
  return `off: ${parts.join('; ')}${more > 0 ? `; and ${more} more` : ''}`;
}

/**
 * "off by 10.00 debit": the run's first amount that does not tie, else the largest difference of a
 * record, else the records missing. Short enough for a node status and a table cell.
 */
export function offByText(result: Pick<ReconcileResult, 'status' | 'totals' | 'differences' | 'records'>): string {
  if (result.status === 'tied') return 'tied out';
  const total = result.totals.find((t) => t.found !== t.expected);
  if (total) return `off by ${signed(total.found - total.expected)} ${total.measure}`;
  const amount = result.differences.find((d) => d.measure !== COUNT_MEASURE);
  if (amount) return `off by ${signed(amount.off)} ${amount.measure}`;
  const missing = result.records.expected - result.records.found;
  return missing > 0 ? `off: ${missing} record(s) missing` : `off: ${-missing} record(s) more`;
}

function signed(cents: number): string {
  return `${cents > 0 ? '+' : ''}${formatCents(cents)}`;
}

export function describeDifference(d: Difference): string {
  const what = d.dimension === RUN_DIMENSION ? 'the run' : `${d.dimension} ${d.label && d.label !== d.value ? `${d.label} (${d.value})` : d.value || '(none)'}`;
  if (d.measure === COUNT_MEASURE) {
    return `${what}: ${d.off < 0 ? `${-d.off} record(s) missing in the target` : `${d.off} record(s) more in the target`}`;
  }
  return `${what}: ${d.measure} off by ${signed(d.off)} (expected ${formatCents(d.expected)}, found ${formatCents(d.found)})`;
}
