import { z } from 'zod';
import { webhookPath, windowMsFrom } from '../util/webhook-settings';
import { DEFAULT_SIGNATURE_HEADER } from './webhook-delivery';

/**
 * The webhook node's settings as the editor saves them (text fields, so numbers may come as strings).
 * The path is a plain path, no Express parameters: UKG posts to one fixed URL per subscription.
 */
const DEFAULT_WINDOW_HOURS = 24;
/** Enough for a busy day of a large tenant (the free tier is 10,000 events a month), ~10 MB at most. */
export const MAX_REMEMBERED_EVENTS = 100_000;
/** Thin events are a few hundred bytes; a batch of them far below this. */
export const MAX_BODY_BYTES = 1024 * 1024;

const numberField = z.union([z.number(), z.string()]).optional();

const fieldsSchema = z.object({
  path: z.string().optional(),
  signatureHeader: z.string().optional(),
  windowHours: numberField,
});

export interface WebhookSettings {
  path: string;
  signatureHeader: string;
  windowMs: number;
}

export function webhookSettingsFrom(def: unknown): WebhookSettings {
  const fields = fieldsSchema.parse(def);
  const path = webhookPath(fields.path, '/mlc/ukg/webhook');
  const header = (fields.signatureHeader ?? '').trim() || DEFAULT_SIGNATURE_HEADER;
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) throw new Error(`"${header}" is not a valid HTTP header name`);
  return { path, signatureHeader: header, windowMs: windowMsFrom(fields.windowHours, DEFAULT_WINDOW_HOURS) };
}
