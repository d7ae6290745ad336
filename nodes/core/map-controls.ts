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

export interface CountedRecord extends RecordControls {
  /** Sent by a replay: every run that counted the key gets the new figures, not only the record's own. */
  replayed: boolean;
}

/** Figures of every outcome that belongs to a run and has a key; records outside a run have no controls. */
export function controlsOf(controls: CompiledControls, outcomes: readonly Outcome[], tables: LookupTables): CountedRecord[] {
  const entries: CountedRecord[] = [];
  for (const { record, mlc } of outcomes) {
    const runId = mlc?.['runId'];
    const key = mlc?.['key'];
    if (typeof runId !== 'string' || runId === '' || typeof key !== 'string' || key === '') continue;
    entries.push({ runId, key, spec: controls.spec, figures: controls.figuresOf(record, key, tables), replayed: mlc?.['replay'] !== undefined });
  }
  return entries;
}

/**
 * Keeps the figures. A replayed record maps with today's tables (a cost center added since), so the
 * earlier runs that counted it under a code then unknown count it as it maps now.
 */
export async function keepControls(store: Store, entries: readonly CountedRecord[]): Promise<void> {
  const all: RecordControls[] = [];
  for (const { replayed, ...entry } of entries) {
    all.push(entry);
    if (!replayed) continue;
    for (const runId of await store.runsCounting(entry.key)) if (runId !== entry.runId) all.push({ ...entry, runId });
  }
  if (all.length) await store.recordControls(all);
}
