// The mlc-map node's "controls": each record's share of its run's control totals, kept in the store
// as the record is mapped (mapped or rejected alike: a rejected record still belongs to the run, and
// the run is off until it is replayed and posted).
import type { LookupTables } from '../../lib/mapping/lookup-tables';
import type { Envelope } from '../../lib/mapping';
import type { CompiledControls } from '../../lib/reconcile/source-controls';
import type { RecordControls } from '../../lib/reconcile/spec';
import type { Store } from '../../lib/store/types';

interface Outcome {
  record: unknown;
  mlc: Envelope | undefined;
}

/** Figures of every outcome that belongs to a run and has a key; records outside a run have no controls. */
export function controlsOf(controls: CompiledControls, outcomes: readonly Outcome[], tables: LookupTables): RecordControls[] {
  const entries: RecordControls[] = [];
  for (const { record, mlc } of outcomes) {
    const runId = mlc?.['runId'];
    const key = mlc?.['key'];
    if (typeof runId !== 'string' || runId === '' || typeof key !== 'string' || key === '') continue;
    entries.push({ runId, key, spec: controls.spec, figures: controls.figuresOf(record, key, tables) });
  }
  return entries;
}

export async function keepControls(store: Store, entries: readonly RecordControls[]): Promise<void> {
  if (entries.length) await store.recordControls(entries);
}
