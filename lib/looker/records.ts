// The answers the bridge reads (C.3), checked with zod. Objects pass through what they do not name, so
// a flow still sees every field Looker sent; only the fields the nodes rely on are required.
import { z } from 'zod';
import { LookerInputError } from './errors';

const id = z.union([z.string(), z.number()]).transform((v) => String(v));

export const accessTokenSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/)]).optional(),
});

export const lookmlModelSchema = z
  .object({
    name: z.string(),
    label: z.string().nullish(),
    project_name: z.string().nullish(),
    allowed_db_connection_names: z.array(z.string()).nullish(),
    explores: z.array(z.object({ name: z.string(), label: z.string().nullish(), description: z.string().nullish(), hidden: z.boolean().nullish(), group_label: z.string().nullish() }).passthrough()).nullish(),
  })
  .passthrough();
export type LookmlModel = z.output<typeof lookmlModelSchema>;

export const exploreFieldSchema = z
  .object({ name: z.string(), type: z.string().nullish(), label: z.string().nullish(), label_short: z.string().nullish(), view: z.string().nullish(), category: z.string().nullish(), is_numeric: z.boolean().nullish(), hidden: z.boolean().nullish() })
  .passthrough();
export type ExploreField = z.output<typeof exploreFieldSchema>;

export const exploreSchema = z
  .object({
    name: z.string(),
    label: z.string().nullish(),
    model_name: z.string().nullish(),
    view_name: z.string().nullish(),
    connection_name: z.string().nullish(),
    fields: z.object({ dimensions: z.array(exploreFieldSchema).default([]), measures: z.array(exploreFieldSchema).default([]) }).passthrough(),
  })
  .passthrough();
export type Explore = z.output<typeof exploreSchema>;

/** `json` result format: one object per row keyed by fully scoped field name. */
export const rowsSchema = z.array(z.record(z.string(), z.unknown()));
export type LookerRow = Record<string, unknown>;

export const scheduledPlanSchema = z.object({ id: id.nullish(), name: z.string().nullish() }).passthrough();
export type ScheduledPlan = z.output<typeof scheduledPlanSchema>;

export const datagroupSchema = z
  .object({ id: id, model_name: z.string().nullish(), name: z.string().nullish(), triggered_at: z.number().nullish(), stale_before: z.number().nullish(), trigger_check_at: z.number().nullish() })
  .passthrough();
export type Datagroup = z.output<typeof datagroupSchema>;

export const userSchema = z.object({ id: id, display_name: z.string().nullish(), email: z.string().nullish(), first_name: z.string().nullish(), last_name: z.string().nullish() }).passthrough();
export type LookerUser = z.output<typeof userSchema>;

export const connectionSchema = z
  .object({ name: z.string(), dialect_name: z.string().nullish(), host: z.string().nullish(), port: z.union([z.string(), z.number()]).nullish(), database: z.string().nullish(), schema: z.string().nullish(), username: z.string().nullish() })
  .passthrough();
export type LookerConnection = z.output<typeof connectionSchema>;

export function parseWith<T extends z.ZodTypeAny>(schema: T, value: unknown, what: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
  throw new LookerInputError(`looker: ${what} does not have the documented shape${where}: ${issue?.message ?? 'invalid'}`, 'MLC_LOOKER_BAD_DATA');
}
