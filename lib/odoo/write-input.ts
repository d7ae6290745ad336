// The write node's settings and one message → a WriteRequest. Everything here comes from the editor
// or from a message (possibly a hand-written function node), so it is all checked.
import { z } from 'zod';
import { OdooWriteError } from './write-errors';
import { matchFieldSchema, modelNameSchema, writeOperationSchema, type MatchBy, type WriteOperation, type WriteRequest } from './write-request';

export const DEFAULT_BATCH_SIZE = 100;
const MAX_BATCH_SIZE = 1000;

export interface WriteSettings {
  /** Empty: the model comes from msg.model. */
  model?: string;
  operation: WriteOperation;
  match: MatchBy;
  post: boolean;
  batchSize: number;
}

/** The node's fields as the editor saves them (strings, mostly). */
export interface WriteSettingFields {
  model?: string;
  operation?: string;
  matchBy?: string;
  matchField?: string;
  post?: boolean | string;
  batchSize?: string | number;
}

/** Parses the editor's fields; throws with a message for the status and the log when unusable. */
export function writeSettingsFrom(fields: WriteSettingFields): WriteSettings {
  const model = fields.model?.trim() ?? '';
  if (model && !modelNameSchema.safeParse(model).success) throw new OdooWriteError(`model "${model}" is not an Odoo model name such as account.move`, 'MLC_ODOO_WRITE_BAD_INPUT');
  const operation = writeOperationSchema.safeParse(fields.operation || 'upsert');
  if (!operation.success) throw new OdooWriteError(`operation "${String(fields.operation)}" is not one of create, update, upsert, archive`, 'MLC_ODOO_WRITE_BAD_INPUT');
  let match: MatchBy = { kind: 'external-id' };
  if (fields.matchBy === 'field') {
    const field = matchFieldSchema.safeParse(fields.matchField?.trim() ?? '');
    if (!field.success) throw new OdooWriteError('match by field: give the field name, e.g. ref, barcode or identification_id', 'MLC_ODOO_WRITE_BAD_INPUT');
    match = { kind: 'field', field: field.data };
  }
  const size = Number(fields.batchSize);
  const batchSize = Number.isInteger(size) && size > 0 ? Math.min(size, MAX_BATCH_SIZE) : DEFAULT_BATCH_SIZE;
  return { ...(model ? { model } : {}), operation: operation.data, match, post: fields.post === true || fields.post === 'true', batchSize };
}

const messageSchema = z.object({
  // Checked, not copied: a record's values go on as the flow gave them (a copy per message was most of this parse).
  payload: z.custom<Record<string, unknown>>(isPlainRecord, { error: 'msg.payload must be one record: an object of Odoo field values' }),
  model: modelNameSchema.optional(),
  operation: writeOperationSchema.optional(),
  odooId: z.number().int().positive().optional(),
  key: z.string().min(1).optional(),
});

export interface WriteMessage {
  payload?: unknown;
  model?: unknown;
  operation?: unknown;
  odooId?: unknown;
  /** msg.mlc.key, already taken out of the envelope. */
  key?: string | undefined;
  /** msg.mlc.attempt and whether msg.mlc.target is set (see WriteRequest.firstClaim). */
  attempt?: unknown;
  hasTarget?: boolean;
}

/** One message → the request, or an error naming what is wrong with the message. */
export function writeRequestFrom(message: WriteMessage, settings: WriteSettings): WriteRequest {
  const parsed = messageSchema.safeParse(message);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? `msg.${issue.path.join('.')}` : 'msg';
    throw new OdooWriteError(`${where}: ${issue?.message ?? 'invalid'}`, 'MLC_ODOO_WRITE_BAD_INPUT');
  }
  const { payload, odooId, key } = parsed.data;
  const model = parsed.data.model ?? settings.model;
  if (!model) throw new OdooWriteError('no model: set one in the node or send msg.model (e.g. account.move)', 'MLC_ODOO_WRITE_BAD_INPUT');
  const payloadId = payload['id'];
  if (payloadId !== undefined && payloadId !== null && !(typeof payloadId === 'number' && Number.isInteger(payloadId) && payloadId > 0)) {
    throw new OdooWriteError('msg.payload.id must be a record id (a positive integer) when given', 'MLC_ODOO_WRITE_BAD_INPUT');
  }
  const id = odooId ?? (typeof payloadId === 'number' ? payloadId : undefined);
  // Optional fields set only when present (absent, not undefined), without a spread object each.
  const request: WriteRequest = { model, operation: parsed.data.operation ?? settings.operation, values: payload, match: settings.match, post: settings.post };
  if (key !== undefined) request.key = key;
  if (id !== undefined) request.id = id;
  if (message.attempt === 1 && message.hasTarget !== true) request.firstClaim = true;
  return request;
}

/** A plain object (not an array, a Date, a Buffer...), as zod's record accepted. */
function isPlainRecord(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const prototype: unknown = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}
