import { z } from 'zod';

/** The writable part of Looker's `Query` the sandbox acts on; other fields are kept and echoed back. */
export const queryBody = z
  .object({
    model: z.string().min(1).optional(),
    view: z.string().min(1).optional(),
    fields: z.array(z.string()).nullish(),
    filters: z.record(z.string(), z.string()).nullish(),
    filter_expression: z.string().nullish(),
    sorts: z.array(z.string()).nullish(),
    limit: z.union([z.string(), z.number()]).nullish(),
    pivots: z.array(z.string()).nullish(),
    fill_fields: z.array(z.string()).nullish(),
    total: z.boolean().nullish(),
    row_total: z.string().nullish(),
    column_limit: z.string().nullish(),
    query_timezone: z.string().nullish(),
    dynamic_fields: z.string().nullish(),
    vis_config: z.record(z.string(), z.unknown()).nullish(),
    filter_config: z.record(z.string(), z.unknown()).nullish(),
    client_id: z.string().nullish(),
  })
  .passthrough();

export type QueryBody = z.infer<typeof queryBody>;

/** What a stored query is made of: enough to compile it again and to tell identical queries apart. */
export interface QueryDefinition {
  model: string;
  view: string;
  fields: string[];
  filters: Record<string, string>;
  sorts: string[];
  /** Looker's `limit` is a string; null: not given (500 rows). */
  limit: string | null;
  pivots: string[] | null;
  filter_expression: string | null;
  query_timezone: string | null;
  vis_config: Record<string, unknown> | null;
  filter_config: Record<string, unknown> | null;
  dynamic_fields: string | null;
  total: boolean;
  row_total: string | null;
}

export function definitionOf(body: QueryBody & { model: string; view: string }): QueryDefinition {
  return {
    model: body.model,
    view: body.view,
    fields: body.fields ?? [],
    filters: body.filters ?? {},
    sorts: body.sorts ?? [],
    limit: body.limit === undefined || body.limit === null ? null : String(body.limit),
    pivots: body.pivots ?? null,
    filter_expression: body.filter_expression ?? null,
    query_timezone: body.query_timezone ?? null,
    vis_config: body.vis_config ?? null,
    filter_config: body.filter_config ?? null,
    dynamic_fields: body.dynamic_fields ?? null,
    total: body.total ?? false,
    row_total: body.row_total ?? null,
  };
}

/** Same query, same key: filters in key order, so `{a,b}` and `{b,a}` are one query as at Looker. */
export function definitionKey(definition: QueryDefinition): string {
  const filters = Object.fromEntries(Object.entries(definition.filters).sort(([a], [b]) => a.localeCompare(b)));
  return JSON.stringify({ ...definition, filters });
}
