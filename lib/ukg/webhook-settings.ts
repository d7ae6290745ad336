import { z } from 'zod';
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
  const rawPath = (fields.path ?? '').trim();
  if (rawPath === '') throw new Error('give the path UKG posts to, e.g. /mlc/ukg/webhook');
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  if (!/^\/[A-Za-z0-9._~\-/]*$/.test(path)) throw new Error(`the path ${path} may only hold letters, digits and . _ ~ - /`);
  const header = (fields.signatureHeader ?? '').trim() || DEFAULT_SIGNATURE_HEADER;
  if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(header)) throw new Error(`"${header}" is not a valid HTTP header name`);
  const hours = fields.windowHours === undefined || fields.windowHours === '' ? DEFAULT_WINDOW_HOURS : Number(fields.windowHours);
  if (!Number.isFinite(hours) || hours < 0 || hours > 24 * 30) throw new Error('the duplicate window must be between 0 and 720 hours');
  return { path, signatureHeader: header, windowMs: Math.round(hours * 3_600_000) };
}
