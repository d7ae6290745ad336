// What Procore sends, checked on the way in (zod). Ids may exceed 32 bits (C.1): they are taken as
// numbers that are safe integers or as decimal strings, and kept as strings. Unknown fields pass through.
import { z } from 'zod';
import { ProcoreDataError } from './errors';

export const procoreId = z.union([
  z.number().refine((n) => Number.isSafeInteger(n) && n >= 0, 'an id beyond 2^53 cannot be read exactly: Procore must send it as a string'),
  z.string().regex(/^\d{1,20}$/),
]).transform((v) => String(v));

const optText = z.string().nullish();

export const projectSchema = z
  .object({ id: procoreId, name: optText, display_name: optText, project_number: optText, active: z.boolean().nullish(), origin_id: optText, company: z.object({ id: procoreId, name: optText }).passthrough().nullish() })
  .passthrough();
export type ProcoreProject = z.output<typeof projectSchema>;

export const vendorSchema = z.object({ id: procoreId, name: optText, origin_id: optText, origin_code: optText, is_active: z.boolean().nullish() }).passthrough();
export type ProcoreVendor = z.output<typeof vendorSchema>;

export const lineItemSchema = z
  .object({
    id: procoreId,
    origin_id: optText,
    amount: z.union([z.string(), z.number()]).nullish(),
    description: optText,
    cost_code: z.object({ id: procoreId }).passthrough().nullish(),
    cost_code_id: procoreId.nullish(),
    line_item_type: z.object({ id: procoreId }).passthrough().nullish(),
    line_item_type_id: procoreId.nullish(),
  })
  .passthrough();
export type ProcoreLineItem = z.output<typeof lineItemSchema>;

export const commitmentSchema = z
  .object({ id: procoreId, origin_id: optText, number: optText, title: optText, status: optText, line_items: z.array(lineItemSchema).nullish() })
  .passthrough();
export type ProcoreCommitment = z.output<typeof commitmentSchema>;

export const directCostSchema = z
  .object({ id: procoreId, origin_id: optText, direct_cost_type: optText, invoice_number: optText, line_items: z.array(z.object({ id: procoreId, origin_id: optText }).passthrough()).nullish() })
  .passthrough();
export type ProcoreDirectCost = z.output<typeof directCostSchema>;

export const costCodeSchema = z
  .object({ id: procoreId, code: optText, full_code: optText, name: optText, origin_id: optText, parent: z.object({ id: procoreId.nullish() }).passthrough().nullish(), deleted_at: optText })
  .passthrough();
export type ProcoreCostCodeRecord = z.output<typeof costCodeSchema>;

/** A `/sync` answer: always 200, `{entities, errors}`; each error echoes the caller's attributes with `errors`. */
export const syncAnswerSchema = z.object({
  entities: z.array(z.object({ id: procoreId, origin_id: optText }).passthrough()).default([]),
  errors: z.array(z.object({ origin_id: optText, id: z.unknown().optional(), errors: z.unknown().optional() }).passthrough()).default([]),
});
export type ProcoreSyncAnswer = z.output<typeof syncAnswerSchema>;

export function parseRecord<S extends z.ZodType>(schema: S, value: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw new ProcoreDataError(`procore: a ${what} is not shaped as Procore documents it (${issue ? `${issue.path.join('.') || 'record'}: ${issue.message}` : 'invalid'})`);
}

export function parseRecords<S extends z.ZodType>(schema: S, value: unknown, what: string): Array<z.output<S>> {
  if (!Array.isArray(value)) throw new ProcoreDataError(`procore: expected a list of ${what}s, got ${value === null ? 'null' : typeof value}`);
  return value.map((item) => parseRecord(schema, item, what));
}
