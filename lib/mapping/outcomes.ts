// How a message's map results become outgoing records: which envelope (msg.mlc) each one carries and
// what a rejection says. Kept apart from the node so the rules for keys can be tested without Node-RED.
import { unkeyedKey } from '../envelope';
import type { MapResult, RejectionReason } from './reasons';
import { summarize } from './reasons';

export const REJECTED_CODE = 'MLC_MAP_REJECTED';

export type Envelope = Record<string, unknown>;

export interface MappedRecord {
  value: Record<string, unknown>;
  mlc: Envelope | undefined;
  /** The source record as it came in (the run's control totals are taken from it). */
  record: unknown;
}

export interface RejectedRecord {
  /** The source record as it came in: what a replay re-sends once the cause is fixed. */
  record: unknown;
  mlc: Envelope | undefined;
  error: { message: string; code: typeof REJECTED_CODE; reasons: RejectionReason[] };
}

export interface Outcomes {
  mapped: MappedRecord[];
  rejected: RejectedRecord[];
}

export interface OutcomeOptions {
  /** msg.payload was an array: msg.mlc then describes the batch, and its key is no record's key. */
  batch: boolean;
  /** The incoming msg.mlc, if any. */
  mlc: Envelope | undefined;
  /** A store records rejections: a rejection with no key of its own gets one derived from its content. */
  keyUnkeyedRejections: boolean;
  /** The mapping node, named in derived keys so two nodes rejecting one payload keep apart. */
  nodeId?: string;
  /**
   * Each record's envelope carries the record as it came in (`input`), which the store keeps so a
   * replay can map it again. Off for a batch sent on as one message (no per-record envelope).
   */
  keepInput?: boolean;
}

export function sortOutcomes(records: readonly unknown[], results: readonly MapResult[], options: OutcomeOptions): Outcomes {
  const mapped: MappedRecord[] = [];
  const rejected: RejectedRecord[] = [];
  const readKey = readKeyOf(options, records.length);
  // A single record goes on under its message's key; a record of a page under the page's key for it.
  const inherited: (i: number) => string | undefined = options.batch ? readKey : () => keyOf(options.mlc);
  results.forEach((result, i) => {
    const record = records[i];
    const inheritedKey = inherited(i);
    if (result.ok) {
      const mlc = envelope(options, result.key ?? inheritedKey, readKey(i));
      // An input already there came from an earlier mapping: that one is the record as read.
      if (options.keepInput && mlc && mlc['input'] === undefined && record !== undefined) mlc['input'] = record;
      mapped.push({ value: result.value, mlc, record });
      return;
    }
    let key = result.key ?? inheritedKey;
    if (key === undefined && options.keyUnkeyedRejections) key = unkeyedKey(record, options.nodeId);
    rejected.push({
      record,
      mlc: envelope(options, key, readKey(i)),
      error: { message: `record rejected: ${summarize(result.reasons)}`, code: REJECTED_CODE, reasons: result.reasons },
    });
  });
  return { mapped, rejected };
}

/**
 * The key the read gave record i: an earlier re-keying's readKey, the message's own key, or for a
 * page of records (a read's page message) the page's keys by position. A record leaving under
 * another key keeps it as msg.mlc.readKey, so the read waiting for its audit can follow it.
 */
function readKeyOf(options: OutcomeOptions, count: number): (i: number) => string | undefined {
  const mlc = options.mlc;
  const earlier = typeof mlc?.['readKey'] === 'string' ? mlc['readKey'] : undefined;
  if (!options.batch) return () => earlier ?? keyOf(mlc);
  const keys = mlc?.['keys'];
  if (!Array.isArray(keys) || keys.length !== count) return () => undefined;
  return (i) => (typeof keys[i] === 'string' && keys[i] !== '' ? (keys[i] as string) : undefined);
}

function keyOf(mlc: Envelope | undefined): string | undefined {
  return typeof mlc?.key === 'string' && mlc.key !== '' ? mlc.key : undefined;
}

function envelope(options: OutcomeOptions, key: string | undefined, readKey: string | undefined): Envelope | undefined {
  // A page's keys by position belong to the page message, not to each record's.
  const { key: _incomingKey, keys: _pageKeys, readKeys: _pageReadKeys, ...rest } = options.mlc ?? {};
  const result: Envelope = key === undefined ? rest : { ...rest, key };
  if (readKey !== undefined && key !== undefined && key !== readKey) result['readKey'] = readKey;
  else delete result['readKey'];
  return Object.keys(result).length ? result : undefined;
}
