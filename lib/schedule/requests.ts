// Requests that reach a schedule from outside: a message asking for a run (maybe for a given pay
// date), and the editor asking for a preview of the next runs. Validated here so the node glue only
// passes them on.
import { z } from 'zod';
import { PayDateError } from './errors';
import { specFromFormFields } from './form-fields';
import { safeParseScheduleSpec } from './spec';
import { previewSchedule, type SchedulePreview } from './trigger';

const PREVIEW_COUNT = 5;
const MAX_PREVIEW_COUNT = 50;

/** msg.payload.payDate of a trigger message; any other payload (an inject timestamp, a string) asks for no date. */
export function payDateOf(payload: unknown): string | undefined {
  if (!payload || typeof payload !== 'object' || !('payDate' in payload)) return undefined;
  const payDate: unknown = payload.payDate;
  if (payDate === undefined || payDate === null || payDate === '') return undefined;
  if (typeof payDate !== 'string') throw new PayDateError(`payload.payDate: expected a date as YYYY-MM-DD, got ${JSON.stringify(payDate)}`);
  return payDate.trim();
}

const PreviewRequestSchema = z
  .object({
    /** The editor's form fields, as the node stores them. */
    fields: z.record(z.string(), z.unknown()).optional(),
    /** Or a spec as JSON (lib/schedule spec format). */
    spec: z.unknown().optional(),
    count: z.coerce.number().int().min(1).max(MAX_PREVIEW_COUNT).default(PREVIEW_COUNT),
    /** Preview from this instant instead of now (ISO). */
    from: z.iso.datetime({ offset: true }).optional(),
  })
  .refine((request) => request.fields !== undefined || request.spec !== undefined, 'send "fields" or "spec"');

export type PreviewAnswer =
  | { status: 200; body: { ok: true } & SchedulePreview }
  | { status: 400; body: { ok: false; error: string; problems: readonly string[] } };

/** A preview request as JSON body ({fields} or {spec}, count, from) or as query (?spec=<JSON>&count=). */
export function answerPreview(request: unknown, now: Date): PreviewAnswer {
  const decoded = fromQueryForm(request);
  if ('problem' in decoded) return rejected('invalid preview request', [decoded.problem]);
  const parsed = PreviewRequestSchema.safeParse(decoded.request);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
    return rejected('invalid preview request', problems);
  }
  const { fields, spec, count, from } = parsed.data;
  const candidate = fields ? specFromFormFields(fields) : spec;
  const result = safeParseScheduleSpec(candidate);
  if (!result.ok) return rejected('invalid schedule', result.error.problems);
  return { status: 200, body: { ok: true, ...previewSchedule(result.spec, from ? new Date(from) : now, count) } };
}

function rejected(what: string, problems: readonly string[]): PreviewAnswer {
  return { status: 400, body: { ok: false, error: `${what}: ${problems.join('; ')}`, problems } };
}

/** A query string carries the spec as JSON text; a body carries it as an object. */
function fromQueryForm(request: unknown): { request: unknown } | { problem: string } {
  if (!request || typeof request !== 'object' || !('spec' in request) || typeof request.spec !== 'string') return { request };
  try {
    return { request: { ...request, spec: JSON.parse(request.spec) as unknown } };
  } catch {
    return { problem: 'spec: not valid JSON' };
  }
}
