// An inline query as the bridge sends it (C.3 `Query`): model and view (the explore) are required,
// `limit` travels as a string ("-1" for no limit), filters are Looker filter expressions by field.
import { z } from 'zod';

const fieldName = z.string().trim().regex(/^[A-Za-z0-9_]+\.[A-Za-z0-9_]+$/, 'a field is view.field, e.g. journal_lines.total_debit');

export const lookerQuerySchema = z
  .object({
    model: z.string().trim().min(1, 'the model is required'),
    view: z.string().trim().min(1, 'the explore (view) is required'),
    fields: z.array(fieldName).min(1, 'at least one field is required'),
    filters: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]).transform((v) => String(v))).optional(),
    sorts: z.array(z.string().trim().min(1)).optional(),
    limit: z
      .union([z.string().trim().regex(/^-?\d+$/, 'the limit is a whole number (-1 for no limit)'), z.number().int()])
      .transform((v) => String(v))
      .optional(),
    query_timezone: z.string().optional(),
    total: z.boolean().optional(),
  })
  .passthrough();

export type LookerQuery = z.output<typeof lookerQuerySchema>;
export type LookerQueryInput = z.input<typeof lookerQuerySchema>;

/** A comma (or newline) separated list typed in the editor, or an array from msg. */
export function listOf(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter((v) => v !== '');
  if (typeof value === 'string') {
    const items = value.split(/[\n,]+/).map((v) => v.trim()).filter((v) => v !== '');
    return items.length > 0 ? items : undefined;
  }
  return undefined;
}
