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
}

export function sortOutcomes(records: readonly unknown[], results: readonly MapResult[], options: OutcomeOptions): Outcomes {
  const mapped: MappedRecord[] = [];
  const rejected: RejectedRecord[] = [];
  const inheritedKey = options.batch ? undefined : keyOf(options.mlc);
  results.forEach((result, i) => {
    if (result.ok) {
      mapped.push({ value: result.value, mlc: envelope(options, result.key ?? inheritedKey) });
      return;
    }
    const record = records[i];
    let key = result.key ?? inheritedKey;
    if (key === undefined && options.keyUnkeyedRejections) key = unkeyedKey(record);
    rejected.push({
      record,
      mlc: envelope(options, key),
      error: { message: `record rejected: ${summarize(result.reasons)}`, code: REJECTED_CODE, reasons: result.reasons },
    });
  });
  return { mapped, rejected };
}

function keyOf(mlc: Envelope | undefined): string | undefined {
  return typeof mlc?.key === 'string' && mlc.key !== '' ? mlc.key : undefined;
}

function envelope(options: OutcomeOptions, key: string | undefined): Envelope | undefined {
  const { key: _batchKey, ...rest } = options.mlc ?? {};
  const result: Envelope = key === undefined ? rest : { ...rest, key };
  return Object.keys(result).length ? result : undefined;
}
