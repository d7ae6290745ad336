import { z } from 'zod';
import type { SandboxRequest } from '../kit';
import { validationError } from './wire';

/** Request bodies (zod; unknown keys are dropped, as Rails drops unpermitted parameters). Ids and amounts may come as numbers or numeric strings. */
export const idish = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);
export const numish = z.union([z.number(), z.string().regex(/^-?\d+(\.\d+)?$/).transform(Number)]);
const text = z.string().nullable().optional();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date (YYYY-MM-DD)').nullable().optional();

export const vendorFields = z.object({
  name: z.string().optional(),
  abbreviated_name: text,
  trade_name: text,
  legal_name: text,
  address: text,
  city: text,
  state_code: text,
  country_code: text,
  zip: text,
  business_phone: text,
  mobile_phone: text,
  fax_number: text,
  email_address: text,
  website: text,
  license_number: text,
  notes: text,
  is_active: z.boolean().optional(),
  prequalified: z.boolean().optional(),
  origin_id: z.union([z.string(), z.number().transform(String)]).nullable().optional(),
  origin_code: text,
  origin_data: text,
});

export const costCodeFields = z.object({
  code: z.string().optional(),
  name: z.string().optional(),
  parent_id: idish.nullable().optional(),
  position: z.number().int().optional(),
  standard_cost_code_id: idish.nullable().optional(),
  origin_id: z.union([z.string(), z.number().transform(String)]).nullable().optional(),
  origin_data: text,
});

export const lineItemTypeFields = z.object({
  name: z.string().optional(),
  code: z.string().optional(),
  base_type: z.string().optional(),
  origin_id: z.union([z.string(), z.number().transform(String)]).nullable().optional(),
  origin_data: text,
});

export const purchaseOrderFields = z.object({
  number: z.string().optional(),
  title: text,
  status: z.enum(['Draft', 'Processing', 'Submitted', 'Partially Received', 'Received', 'Approved', 'Closed']).optional(),
  description: text,
  executed: z.boolean().optional(),
  private: z.boolean().optional(),
  vendor_id: idish.nullable().optional(),
  accounting_method: z.enum(['amount', 'unit']).optional(),
  contract_date: date,
  delivery_date: date,
  issued_on_date: date,
  execution_date: date,
  payment_terms: text,
  ship_to_address: text,
  ship_via: text,
  bill_to_address: text,
  retainage_percent: z.union([z.string(), z.number().transform(String)]).nullable().optional(),
  origin_id: z.union([z.string(), z.number().transform(String)]).nullable().optional(),
  origin_code: text,
  origin_data: text,
});

export const lineFields = z.object({
  amount: numish.optional(),
  manual_amount: numish.optional(),
  description: text,
  quantity: numish.optional(),
  unit_cost: numish.optional(),
  uom: text,
  cost_code_id: idish.nullable().optional(),
  line_item_type_id: idish.nullable().optional(),
  tax_code_id: idish.nullable().optional(),
  wbs_code_id: idish.nullable().optional(),
  position: z.number().int().optional(),
  origin_id: z.union([z.string(), z.number().transform(String)]).nullable().optional(),
  origin_data: text,
});

export const directCostFields = z.object({
  direct_cost_type: z.enum(['invoice', 'expense', 'payroll']).optional(),
  direct_cost_date: date,
  invoice_number: text,
  status: z.enum(['draft', 'pending', 'revise_and_resubmit', 'approved']).optional(),
  vendor_id: idish.nullable().optional(),
  employee_id: idish.nullable().optional(),
  payment_date: date,
  received_date: date,
  terms: text,
  description: text,
  origin_id: z.union([z.string(), z.number().transform(String)]).nullable().optional(),
  origin_data: text,
  line_items: z.array(lineFields).optional(),
});

export type VendorFields = z.infer<typeof vendorFields>;
export type CostCodeFields = z.infer<typeof costCodeFields>;
export type LineItemTypeFields = z.infer<typeof lineItemTypeFields>;
export type PurchaseOrderFields = z.infer<typeof purchaseOrderFields>;
export type LineFields = z.infer<typeof lineFields>;
export type DirectCostFields = z.infer<typeof directCostFields>;

/** zod issues as Rails-style `{field: [messages]}`. */
export function issuesToErrors(error: z.ZodError): Record<string, string[]> {
  const errors: Record<string, string[]> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || 'base';
    (errors[key] ??= []).push(issue.message);
  }
  return errors;
}

export function parseOr400<T>(schema: z.ZodType<T>, value: unknown): T {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(400, issuesToErrors(parsed.error));
  return parsed.data;
}

/** The JSON body as an object; a non-JSON body is a 400 like Procore's. */
export async function jsonBody(request: SandboxRequest): Promise<Record<string, unknown>> {
  if (request.contentType !== 'application/json') throw validationError(400, 'Content-Type must be application/json');
  const body = await request.json();
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw validationError(400, 'The request body must be a JSON object');
  return body as Record<string, unknown>;
}

/** The resource wrapper object (`{"vendor": {...}}`): missing → 400 `param is missing`. */
export function wrapper<T>(body: Record<string, unknown>, key: string, schema: z.ZodType<T>): T {
  const inner = body[key];
  if (!inner || typeof inner !== 'object' || Array.isArray(inner)) throw validationError(400, { [key]: ['param is missing or the value is empty'] });
  return parseOr400(schema, inner);
}

/** Copies the defined fields onto the record; true when something changed. */
export function assign<T extends object>(record: T, patch: Partial<T>): boolean {
  let changed = false;
  for (const [key, value] of Object.entries(patch)) {
    if (value === undefined) continue;
    if ((record as Record<string, unknown>)[key] !== value) {
      (record as Record<string, unknown>)[key] = value;
      changed = true;
    }
  }
  return changed;
}
