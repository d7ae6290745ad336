// What mlc-procore-write takes in msg.payload, per operation, checked with zod. Ids may be numbers or
// decimal strings (Procore ids can exceed 32 bits); `origin_id` is the source's id (the Odoo id) as text.
import { z } from 'zod';

export const PROCORE_WRITE_OPERATIONS = ['vendor', 'commitment', 'direct-cost', 'cost-code'] as const;
export type ProcoreWriteOperation = (typeof PROCORE_WRITE_OPERATIONS)[number];

const id = z.union([z.number().int().nonnegative().refine(Number.isSafeInteger, 'an id beyond 2^53 must be given as a string'), z.string().trim().regex(/^\d{1,20}$/, 'a Procore id is a whole number')]).transform(String);
const originId = z.union([z.string().trim().min(1), z.number()]).transform(String);
const money = z.union([z.number(), z.string().trim().regex(/^-?\d+(\.\d+)?$/, 'an amount is a number')]);

const vendorSchema = z.object({ origin_id: originId, name: z.string().trim().min(1, 'a vendor needs a name') }).passthrough();

const vendorRef = {
  vendor_id: id.optional(),
  /** The vendor's origin_id (the Odoo partner id): looked up to its Procore id. */
  vendor_origin_id: originId.optional(),
};

const commitmentLineSchema = z
  .object({
    origin_id: originId.optional(),
    cost_code_id: id.optional(),
    line_item_type_id: id.optional(),
    amount: money.optional(),
    description: z.string().optional(),
    quantity: money.optional(),
    unit_cost: money.optional(),
    uom: z.string().optional(),
  })
  .passthrough();

const commitmentSchema = z
  .object({ project_id: id, origin_id: originId, ...vendorRef, line_items: z.array(commitmentLineSchema).default([]) })
  .passthrough();

const directCostLineSchema = z.object({ origin_id: originId.optional() }).passthrough();
const directCostSchema = z
  .object({ project_id: id, origin_id: originId, ...vendorRef, invoice_number: z.string().trim().min(1, 'a direct cost of type invoice needs its invoice_number'), line_items: z.array(directCostLineSchema).default([]) })
  .passthrough();

/** `code` is the full code (`01-540`): the part after the last `-` is the segment, the rest names the parent. */
const costCodeSchema = z
  .object({
    project_id: id,
    origin_id: originId,
    code: z.string().trim().min(1, 'a cost code needs its code').regex(/^[^-\s](.*[^-\s])?$/, 'a cost code neither starts nor ends with "-"'),
    name: z.string().trim().min(1, 'a cost code needs a name'),
  })
  .passthrough();

export type CostCodeWrite = {
  operation: 'cost-code';
  originId: string;
  projectId: string;
  /** The full code, e.g. `01-540`. */
  fullCode: string;
  /** What the cost code should hold besides its place in the tree: name, origin_data, ... */
  fields: Record<string, unknown>;
};

export type VendorWrite = { operation: 'vendor'; originId: string; body: Record<string, unknown> };
export type CommitmentWrite = {
  operation: 'commitment';
  originId: string;
  projectId: string;
  vendorId?: string;
  vendorOriginId?: string;
  header: Record<string, unknown>;
  lines: Array<Record<string, unknown> & { origin_id: string }>;
};
export type DirectCostWrite = {
  operation: 'direct-cost';
  originId: string;
  projectId: string;
  vendorId?: string;
  vendorOriginId?: string;
  header: Record<string, unknown>;
  lines: Array<Record<string, unknown> & { origin_id: string }>;
};
export type ProcoreWriteRequest = VendorWrite | CommitmentWrite | DirectCostWrite | CostCodeWrite;

export class ProcoreInputError extends Error {
  readonly code = 'MLC_PROCORE_INPUT';
  constructor(message: string) {
    super(message);
    this.name = 'ProcoreInputError';
  }
}

export function parseProcoreOperation(value: unknown, fallback: ProcoreWriteOperation): ProcoreWriteOperation {
  if (value === undefined || value === null || value === '') return fallback;
  if (typeof value === 'string' && (PROCORE_WRITE_OPERATIONS as readonly string[]).includes(value)) return value as ProcoreWriteOperation;
  throw new ProcoreInputError(`mlc-procore-write: unknown operation "${String(value)}" (${PROCORE_WRITE_OPERATIONS.join(', ')})`);
}

function problem(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || 'payload'}: ${issue.message}` : 'invalid payload';
}

function parse<S extends z.ZodType>(schema: S, payload: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new ProcoreInputError(`mlc-procore-write: the ${what} in msg.payload is not usable: ${problem(parsed.error)}`);
  return parsed.data;
}

/** The line's origin_id, or `<record origin_id>:<n>` (1-based position) when the map gave none. */
function withLineOrigins<T extends { origin_id?: string | undefined }>(origin: string, lines: T[]): Array<T & { origin_id: string }> {
  const out = lines.map((line, i) => ({ ...line, origin_id: line.origin_id ?? `${origin}:${i + 1}` }));
  const seen = new Set<string>();
  for (const line of out) {
    if (seen.has(line.origin_id)) throw new ProcoreInputError(`mlc-procore-write: two lines of ${origin} have origin_id ${line.origin_id}`);
    seen.add(line.origin_id);
  }
  return out;
}

export function procoreRequestFrom(payload: unknown, operation: ProcoreWriteOperation): ProcoreWriteRequest {
  if (operation === 'vendor') {
    const v = parse(vendorSchema, payload, 'vendor');
    return { operation, originId: v.origin_id, body: { ...v, origin_id: v.origin_id } };
  }
  if (operation === 'cost-code') {
    const { project_id, origin_id, code, ...fields } = parse(costCodeSchema, payload, 'cost code');
    return { operation, originId: origin_id, projectId: project_id, fullCode: code, fields };
  }
  const schema = operation === 'commitment' ? commitmentSchema : directCostSchema;
  const parsed = parse(schema, payload, operation === 'commitment' ? 'purchase order' : 'vendor bill');
  const { project_id, origin_id, vendor_id, vendor_origin_id, line_items, ...rest } = parsed as z.output<typeof commitmentSchema>;
  const header: Record<string, unknown> = { ...rest, origin_id };
  return {
    operation,
    originId: origin_id,
    projectId: project_id,
    ...(vendor_id !== undefined ? { vendorId: vendor_id } : {}),
    ...(vendor_origin_id !== undefined ? { vendorOriginId: vendor_origin_id } : {}),
    header,
    lines: withLineOrigins(origin_id, line_items as Array<Record<string, unknown> & { origin_id?: string }>),
  } as CommitmentWrite | DirectCostWrite;
}
