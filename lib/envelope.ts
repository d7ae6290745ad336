// msg.mlc: the record's journey between nodes. Dedup, audit and replay read and write only this,
// so it is validated where it enters a node (it may come from a hand-written function node).
import { createHash } from 'node:crypto';
import { z } from 'zod';

/** What a write did to the target record, when the writer knows it: "unchanged" (already so) is not a change. */
export const WRITE_ACTIONS = ['inserted', 'updated', 'unchanged'] as const;

export const RecordRefSchema = z.object({
  system: z.string().min(1),
  entity: z.string().min(1),
  id: z.union([z.string(), z.number()]).transform((v) => String(v)),
  /** Where the id is unique when not in the whole system (a Procore project), so the record can be read back. */
  scope: z.string().min(1).optional(),
  // Kept with the posted record in the store (inside its target JSON, so no migration).
  action: z.enum(WRITE_ACTIONS).optional(),
});
export type RecordRef = { system: string; entity: string; id: string; scope?: string; action?: (typeof WRITE_ACTIONS)[number] };

export const MlcEnvelopeSchema = z
  .object({
    key: z.string().min(1, 'msg.mlc.key must be a non-empty string'),
    source: RecordRefSchema.optional(),
    runId: z.string().min(1).optional(),
    target: RecordRefSchema.optional(),
    /** Set by replay: how many times this key was claimed before. */
    replayOf: z.number().int().optional(),
    /** Set by dedup: the owner of the claim this message carries, so only its outcome releases the claim. */
    claimedBy: z.string().min(1).optional(),
    /** Set by map: the record as it entered the mapping, which the store keeps for replay. */
    input: z.unknown().optional(),
    /**
     * Set by a node that gives the record a key of its own (map's Key template, a split): the key the
     * read gave it, so the read's audit wait can follow it to the keys it went on as.
     */
    readKey: z.string().min(1).optional(),
  })
  .passthrough();
export type MlcEnvelope = z.infer<typeof MlcEnvelopeSchema>;

/**
 * The links the store keeps for records that went on under a key other than their read's
 * (msg.mlc.readKey), so the read's audit wait can follow them.
 */
export function readLinksOf(reports: ReadonlyArray<{ mlc?: MlcEnvelope | null | undefined }>): Array<{ readKey: string; key: string }> {
  const links: Array<{ readKey: string; key: string }> = [];
  for (const { mlc } of reports) {
    if (typeof mlc?.readKey === 'string' && mlc.readKey !== '' && mlc.readKey !== mlc.key) links.push({ readKey: mlc.readKey, key: mlc.key });
  }
  return links;
}

/**
 * A page's keys: msg.mlc.keys, one non-empty key per record by position (a read node's page, a write
 * node's written page), or null when the message carries none that fit its `count` records.
 */
export function pageKeysOf(mlc: unknown, count: number): string[] | null {
  const keys = typeof mlc === 'object' && mlc !== null ? (mlc as { keys?: unknown }).keys : undefined;
  return Array.isArray(keys) && keys.length === count && keys.every((k) => typeof k === 'string' && k !== '') ? (keys as string[]) : null;
}

export function parseEnvelope(value: unknown): MlcEnvelope {
  const parsed = MlcEnvelopeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue && issue.path.length ? `msg.mlc.${issue.path.join('.')}` : 'msg.mlc';
    throw new EnvelopeError(`${where}: ${issue ? issue.message : 'invalid'}`);
  }
  return parsed.data;
}

export class EnvelopeError extends Error {
  readonly code = 'MLC_BAD_ENVELOPE';
  constructor(message: string) {
    super(message);
    this.name = 'EnvelopeError';
  }
}

/**
 * A key for a record that arrived with none, so it can still be audited and replayed: the node that
 * rejected it plus a hash of the payload, so the same bad record reported twice by one node lands on
 * one audit row, while different nodes rejecting the same payload keep their own rows and errors.
 */
export function unkeyedKey(payload: unknown, nodeId?: string): string {
  const hash = createHash('sha256').update(stableJson(payload)).digest('hex').slice(0, 24);
  return nodeId ? `unkeyed:${nodeId}:${hash}` : `unkeyed:${hash}`;
}

/** JSON with object keys sorted, so equal records hash equally whatever their key order. */
export function stableJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    }
    return v;
  }) ?? 'undefined';
}
