// What the Odoo writer takes (one record to write) and gives back (what became of it).
import { z } from 'zod';

export const WRITE_OPERATIONS = ['create', 'update', 'upsert', 'archive'] as const;
export type WriteOperation = (typeof WRITE_OPERATIONS)[number];

export const writeOperationSchema = z.enum(WRITE_OPERATIONS);
export const modelNameSchema = z.string().regex(/^[a-z_][a-z0-9_]*(\.[a-z0-9_]+)+$/, 'an Odoo model name such as account.move');
/** A field to match on: a stored char/integer field of the model such as ref, barcode, identification_id. */
export const matchFieldSchema = z.string().regex(/^[a-z_][a-z0-9_]*$/, 'a field name such as ref');

export type MatchBy = { kind: 'external-id' } | { kind: 'field'; field: string };

export interface WriteRequest {
  model: string;
  operation: WriteOperation;
  /** Odoo field values; x2many fields as command lists. */
  values: Record<string, unknown>;
  /** msg.mlc.key: the external id's source. */
  key?: string;
  /** A known record id (payload.id or msg.odooId): no lookup needed. */
  id?: number;
  match: MatchBy;
  /** account.move: action_post after the create (and for drafts an upsert finds). */
  post: boolean;
  /**
   * dedup's first claim of the key in the store (`msg.mlc.attempt` 1, no target yet): nothing was
   * ever sent for it, so an upsert by external id goes straight to load() without a lookup first.
   */
  firstClaim?: true;
}

export interface WriteSuccess {
  ok: true;
  id: number;
  created: boolean;
  posted?: boolean;
  /** An upsert found a posted entry and left it as it is (Odoo refuses changes to posted entries). */
  unchanged?: boolean;
}

export interface WriteFailure {
  ok: false;
  error: { message: string; code: string; odooMessage?: string };
  /** Set when the record exists although the write as a whole failed (created, but not posted). */
  id?: number;
  created?: boolean;
}

export type WriteOutcome = WriteSuccess | WriteFailure;
