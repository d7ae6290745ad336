import { z } from 'zod';

/**
 * UKG's bulk POSTs (org levels, employee-ids) answer 207 with one status per item in request order
 * (`sequenceId`), sometimes wrapped in an array. Split into per-item outcomes for the flow.
 */
const itemSchema = z
  .object({
    sequenceId: z.number().int().optional(),
    status: z.union([z.string(), z.number()]).transform((v) => Number(v)),
    modelstate: z.record(z.string(), z.array(z.object({ message: z.string().optional() }).passthrough())).nullish(),
    body: z.unknown().optional(),
  })
  .passthrough();

const envelopeSchema = z.object({ multistatus: z.array(itemSchema) }).passthrough();

export type ItemOutcome = { index: number; ok: true; status: number; body: unknown } | { index: number; ok: false; status: number; message: string };

export function splitMultiStatus(data: unknown, itemCount: number): ItemOutcome[] {
  const envelope = envelopeSchema.safeParse(Array.isArray(data) ? data[0] : data);
  if (!envelope.success) {
    return Array.from({ length: itemCount }, (_, index) => ({ index, ok: false as const, status: 0, message: 'ukg: the 207 answer has no multistatus list' }));
  }
  const outcomes = new Map<number, ItemOutcome>();
  envelope.data.multistatus.forEach((item, position) => {
    const index = item.sequenceId !== undefined ? item.sequenceId : position;
    if (item.status >= 200 && item.status < 300) {
      outcomes.set(index, { index, ok: true, status: item.status, body: item.body });
      return;
    }
    const messages = Object.entries(item.modelstate ?? {}).flatMap(([field, problems]) => problems.map((p) => `${field}: ${p.message ?? 'invalid'}`));
    outcomes.set(index, { index, ok: false, status: item.status, message: messages.length > 0 ? messages.join('; ') : `status ${item.status}` });
  });
  return Array.from({ length: itemCount }, (_, index) => outcomes.get(index) ?? { index, ok: false as const, status: 0, message: 'ukg: no status for this item in the 207 answer' });
}
