import { z } from 'zod';
import type { FaultSpec } from './faults';
import type { LatencySpec } from './latency';
import type { QuotaRule } from './quota';
import type { RequestMatch } from './request-match';

/*
 * Bodies of the /__sandbox/ control API. Objects are strict so a typo (`retry_after`) is a 400, not a
 * fault that silently behaves differently. Over JSON a path pattern is `path` (prefix) or `pathRegex`.
 */

const match = {
  method: z.string().min(1).optional(),
  path: z.string().startsWith('/').optional(),
  pathRegex: z.string().min(1).optional(),
};

const faultCommon = {
  ...match,
  times: z.number().int().positive().optional(),
  delayMs: z.number().nonnegative().optional(),
  skip: z.number().int().nonnegative().optional(),
};
const afterCommit = { afterCommit: z.boolean().optional() };

const faultSchema = z.discriminatedUnion('kind', [
  z.strictObject({
    kind: z.literal('status'),
    status: z.number().int().min(100).max(599),
    body: z.unknown().optional(),
    contentType: z.string().optional(),
    headers: z.record(z.string(), z.string()).optional(),
    retryAfter: z.union([z.number().nonnegative(), z.string()]).optional(),
    ...afterCommit,
    ...faultCommon,
  }),
  z.strictObject({ kind: z.literal('delay'), ms: z.number().nonnegative(), ...faultCommon }),
  z.strictObject({ kind: z.literal('hang'), closeAfterMs: z.number().positive().optional(), ...afterCommit, ...faultCommon }),
  z.strictObject({ kind: z.literal('drop'), ...afterCommit, ...faultCommon }),
  z.strictObject({ kind: z.literal('reset-mid-body'), afterBytes: z.number().int().nonnegative().optional(), ...faultCommon }),
]);

export const addFaultsBody = z
  .union([z.strictObject({ faults: z.array(faultSchema).min(1) }), faultSchema])
  .transform((body): FaultSpec[] => ('faults' in body ? body.faults : [body]).map(({ pathRegex, ...fault }) => ({ ...fault, ...pathOf(fault.path, pathRegex) })));

export const resetBody = z.strictObject({ keepSessions: z.boolean().optional() });

export const clockBody = z.union([
  z.strictObject({ set: z.iso.datetime({ offset: true }), running: z.boolean().optional() }),
  z.strictObject({ advanceMs: z.number().finite() }),
  z.strictObject({ real: z.literal(true) }),
]);

export const latencyBody = z.union([
  z.strictObject({ ms: z.number().nonnegative() }),
  z.strictObject({ minMs: z.number().nonnegative(), maxMs: z.number().nonnegative() }).refine((spec) => spec.maxMs >= spec.minMs, {
    message: 'maxMs must be >= minMs',
  }),
]) satisfies z.ZodType<LatencySpec>;

const quotaRuleSchema = z
  .strictObject({
    ...match,
    limit: z.number().int().nonnegative(),
    windowSeconds: z.number().positive(),
    sliding: z.boolean().optional(),
    status: z.number().int().min(100).max(599).optional(),
    body: z.unknown().optional(),
    contentType: z.string().optional(),
    retryAfter: z.union([z.literal('none'), z.literal('until-reset'), z.number().nonnegative()]).optional(),
    headers: z.enum(['none', 'x-rate-limit', 'x-ratelimit']).optional(),
    ruleId: z.string().optional(),
  })
  .transform(({ pathRegex, ...rule }): QuotaRule => ({ ...rule, ...pathOf(rule.path, pathRegex) }));

export const quotaBody = z.strictObject({ rules: z.array(quotaRuleSchema) });

function pathOf(prefix: string | undefined, regex: string | undefined): Pick<RequestMatch, 'path'> {
  if (regex === undefined) return prefix === undefined ? {} : { path: prefix };
  if (prefix !== undefined) throw new ControlRequestError('give either path (a prefix) or pathRegex, not both');
  try {
    return { path: new RegExp(regex) };
  } catch (error) {
    throw new ControlRequestError(`pathRegex is not a valid regular expression: ${(error as Error).message}`);
  }
}

/** A control body that parses but cannot be acted on. */
export class ControlRequestError extends Error {}
