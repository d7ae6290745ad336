// A page through a write node: msg.payload an array of records (a read node's page output, a map in
// batch mode). Its records join the same batches as single records, and the page leaves as one
// message: Node-RED's own cost per message, and the write path's, is paid once a page instead of
// once a record, which is what a load of hundreds of thousands of rows needs. A failed record still
// leaves alone, under its own key, so the audit keeps it and replay can take it again.
import type { Node } from 'node-red';
import { pageKeysOf, type RecordRef } from '../../lib/envelope';
import type { BatchedWrites, TargetOutcome, WriteFailureDetails } from './write-node';
import { TargetWriteError } from './write-node';
import type { DoneFn, MlcMessage, SendFn } from './types';

/** What a write node that takes pages says of each written record. */
export interface PageWrites<R, O extends TargetOutcome> {
  /** The write one record of the page asks for; throws an input error (the record then fails alone). */
  request(record: unknown, page: MlcMessage): R;
  /** The written record's msg.mlc.targets entry, and whether it was created (or 'unchanged'). */
  target(outcome: Extract<O, { ok: true }>): { target: RecordRef; created: boolean | 'unchanged' };
  /** Sets the system's own part of the page message (e.g. msg.warehouse) from the records written. */
  summarize?(written: ReadonlyArray<Extract<O, { ok: true }>>, msg: MlcMessage): void;
}

interface PageSpec<R, O extends TargetOutcome> {
  nodeType: string;
  errorName: string;
  pages: PageWrites<R, O>;
  failed(request: R | undefined, err: unknown): O;
}

function failureOf(outcome: TargetOutcome): WriteFailureDetails {
  const { message, code, status, transient } = (outcome as Extract<TargetOutcome, { ok: false }>).error;
  return { message, code, ...(status !== undefined ? { status } : {}), ...(transient ? { transient } : {}) };
}

/**
 * Writes the page's records and sends, once all are done: output 1 the page of written records
 * (msg.payload, msg.mlc.keys and msg.mlc.targets by position), output 2 one message per failed record
 * (msg.payload the record, msg.mlc.key its key, msg.error). With output 2 unwired each failed record
 * goes to Catch nodes as its own message (node.error), so an audit behind a Catch keeps each one.
 */
export function writePage<R, O extends TargetOutcome>(node: Node, writes: BatchedWrites<R, O>, spec: PageSpec<R, O>, msg: MlcMessage, send: SendFn, done: DoneFn): void {
  const records = msg.payload as unknown[];
  if (records.length === 0) {
    send([msg, null]);
    done();
    return;
  }
  const keys = pageKeysOf(msg.mlc, records.length);
  const outcomes: O[] = new Array<O>(records.length);
  let left = records.length;
  const settle = (i: number, outcome: O): void => {
    outcomes[i] = outcome;
    if (--left === 0) finishPage(node, writes, spec, msg, records, keys, outcomes, send, done);
  };
  for (let i = 0; i < records.length; i++) {
    let request: R;
    try {
      request = spec.pages.request(records[i], msg);
    } catch (err) {
      settle(i, spec.failed(undefined, err));
      continue;
    }
    writes.enqueue(request, (outcome) => settle(i, outcome));
  }
}

/** A page's msg.mlc split: what every record's envelope shares, and the per-record arrays by position. */
export interface PageParts {
  envelope: Record<string, unknown>;
  keys: string[] | null;
  readKeys: unknown[] | null;
  inputs: unknown[] | null;
}

export function pagePartsOf(msg: MlcMessage, count: number, keys: string[] | null = pageKeysOf(msg.mlc, count)): PageParts {
  const { keys: _keys, targets: _targets, inputs: pageInputs, readKeys: pageReadKeys, ...envelope } = (msg.mlc ?? {}) as Record<string, unknown>;
  const inputs = Array.isArray(pageInputs) && pageInputs.length === count ? pageInputs : null;
  const readKeys = Array.isArray(pageReadKeys) && pageReadKeys.length === count ? (pageReadKeys as unknown[]) : null;
  return { envelope, keys, readKeys, inputs };
}

/** One record of a page as a single record's message has it: its key, the read's key, the record as read. */
export function recordEnvelopeOf(parts: PageParts, i: number): NonNullable<MlcMessage['mlc']> {
  const key = parts.keys?.[i];
  const readKey = parts.readKeys?.[i];
  // Keyless only when the page had no keys, which a single record's message may be too.
  return { ...parts.envelope, ...(key ? { key } : {}), ...(typeof readKey === 'string' && readKey !== key ? { readKey } : {}), ...(parts.inputs ? { input: parts.inputs[i] } : {}) } as NonNullable<MlcMessage['mlc']>;
}

function finishPage<R, O extends TargetOutcome>(
  node: Node,
  writes: BatchedWrites<R, O>,
  spec: PageSpec<R, O>,
  msg: MlcMessage,
  records: unknown[],
  keys: string[] | null,
  outcomes: O[],
  send: SendFn,
  done: DoneFn,
): void {
  const parts = pagePartsOf(msg, records.length, keys);
  const { envelope, readKeys } = parts;
  const writtenReadKeys: unknown[] = [];
  const writtenRecords: unknown[] = [];
  const writtenKeys: string[] = [];
  const targets: RecordRef[] = [];
  const written: Array<Extract<O, { ok: true }>> = [];
  const failures: MlcMessage[] = [];
  for (let i = 0; i < outcomes.length; i++) {
    const outcome = outcomes[i] as O;
    if (outcome.ok) {
      const ok = outcome as Extract<O, { ok: true }>;
      const { target, created } = spec.pages.target(ok);
      writes.tally(created);
      written.push(ok);
      writtenRecords.push(records[i]);
      targets.push(target);
      if (keys) writtenKeys.push(keys[i] as string);
      if (readKeys) writtenReadKeys.push(readKeys[i]);
      continue;
    }
    writes.tally('failed');
    failures.push({ payload: records[i], mlc: recordEnvelopeOf(parts, i), error: writes.errorFor(failureOf(outcome)) } as MlcMessage);
  }
  let first: MlcMessage | null = null;
  if (written.length > 0) {
    msg.payload = writtenRecords;
    // The written page keeps the read keys its audit links by; the inputs (kept for replay of a failure) are not needed now.
    (msg as Record<string, unknown>)['mlc'] = { ...envelope, ...(keys ? { keys: writtenKeys } : {}), ...(readKeys ? { readKeys: writtenReadKeys } : {}), targets };
    spec.pages.summarize?.(written, msg);
    first = msg;
  }
  if (failures.length > 0 && !writes.errorOutput) {
    for (const failure of failures) {
      const error = failure['error'] as WriteFailureDetails;
      node.error(new TargetWriteError(spec.errorName, error.message, error.code, typeof error['status'] === 'number' ? error['status'] : undefined), failure);
    }
  }
  send([first, failures.length > 0 && writes.errorOutput ? failures : null]);
  done();
}
