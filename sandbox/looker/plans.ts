import { createHash } from 'node:crypto';
import { z } from 'zod';
import { postWebhook, type SandboxClock, type SandboxRequest } from '../kit';
import type { QueryEngine } from './engine';
import type { Delivery, PlanDestination, PlanRun, ScheduledPlan } from './state';
import type { LookerState } from './state';
import { notFound, validationError, type FieldError } from './wire';

const WEBHOOK_TIMEOUT_MS = 30_000;

const destinationBody = z
  .object({
    type: z.string().nullish(),
    format: z.string().nullish(),
    address: z.string().nullish(),
    parameters: z.string().nullish(),
    message: z.string().nullish(),
    apply_formatting: z.boolean().nullish(),
    apply_vis: z.boolean().nullish(),
  })
  .passthrough();

/** `WriteScheduledPlan`: everything optional here, the rules of C.3 are checked by `validatePlan`. */
export const planBody = z
  .object({
    name: z.string().nullish(),
    look_id: z.union([z.string(), z.number()]).nullish(),
    query_id: z.union([z.string(), z.number()]).nullish(),
    dashboard_id: z.union([z.string(), z.number()]).nullish(),
    lookml_dashboard_id: z.string().nullish(),
    crontab: z.string().nullish(),
    datagroup: z.string().nullish(),
    enabled: z.boolean().nullish(),
    require_results: z.boolean().nullish(),
    require_no_results: z.boolean().nullish(),
    require_change: z.boolean().nullish(),
    run_as_recipient: z.boolean().nullish(),
    timezone: z.string().nullish(),
    filters_string: z.string().nullish(),
    scheduled_plan_destination: z.array(destinationBody).nullish(),
  })
  .passthrough();

export type PlanBody = z.infer<typeof planBody>;

const DESTINATION_TYPES = ['email', 'webhook', 's3', 'sftp'];
const DESTINATION_FORMATS = ['txt', 'csv', 'inline_json', 'json', 'json_detail', 'xlsx', 'html', 'wysiwyg_pdf', 'assembled_pdf', 'wysiwyg_png'];

const idString = (value: string | number | null | undefined): string | null => (value === null || value === undefined ? null : String(value));

/** Looker's 422 for a plan: every missing or wrong field at once (C.3). `forRun`: run_once needs no schedule. */
export function validatePlan(body: PlanBody, state: LookerState, forRun: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const missing = (field: string): void => void errors.push({ field, code: 'missing', message: 'This field is required.' });
  if (!body.name) missing('name');
  const lookId = idString(body.look_id);
  const queryId = idString(body.query_id);
  if (!lookId && !queryId && !idString(body.dashboard_id) && !body.lookml_dashboard_id) missing('look_id');
  if (lookId && !state.looks.some((look) => look.id === lookId)) errors.push({ field: 'look_id', code: 'invalid', message: `Look ${lookId} does not exist` });
  if (queryId && !state.query(queryId)) errors.push({ field: 'query_id', code: 'invalid', message: `Query ${queryId} does not exist` });
  if (idString(body.dashboard_id) || body.lookml_dashboard_id) errors.push({ field: 'dashboard_id', code: 'invalid', message: 'The sandbox has no dashboards' });
  if (!forRun && !body.crontab && !body.datagroup) missing('crontab');
  if (lookId) {
    for (const field of ['require_results', 'require_no_results', 'require_change'] as const) if (body[field] === undefined || body[field] === null) missing(field);
  }
  const destinations = body.scheduled_plan_destination ?? [];
  if (destinations.length === 0) missing('scheduled_plan_destination');
  destinations.forEach((destination, index) => {
    const at = `scheduled_plan_destination[${index}]`;
    if (!destination.type) missing(`${at}.type`);
    else if (!DESTINATION_TYPES.includes(destination.type)) errors.push({ field: `${at}.type`, code: 'invalid', message: `type must be one of ${DESTINATION_TYPES.join(', ')}` });
    if (!destination.format) missing(`${at}.format`);
    else if (!DESTINATION_FORMATS.includes(destination.format)) errors.push({ field: `${at}.format`, code: 'invalid', message: `format must be one of ${DESTINATION_FORMATS.join(', ')}` });
    if (!destination.address) missing(`${at}.address`);
  });
  return errors;
}

export function planFromBody(body: PlanBody, state: LookerState, userId: string, nowIso: string, id: string): ScheduledPlan {
  return {
    id,
    name: body.name ?? '',
    user_id: userId,
    look_id: idString(body.look_id),
    query_id: idString(body.query_id),
    dashboard_id: null,
    lookml_dashboard_id: null,
    crontab: body.crontab ?? null,
    datagroup: body.datagroup ?? null,
    enabled: body.enabled ?? true,
    require_results: body.require_results ?? false,
    require_no_results: body.require_no_results ?? false,
    require_change: body.require_change ?? false,
    run_as_recipient: body.run_as_recipient ?? false,
    timezone: body.timezone ?? null,
    filters_string: body.filters_string ?? null,
    created_at: nowIso,
    updated_at: nowIso,
    last_run_at: null,
    scheduled_plan_destination: (body.scheduled_plan_destination ?? []).map(
      (destination): PlanDestination => ({
        id: state.nextId('destination'),
        scheduled_plan_id: id,
        type: destination.type ?? '',
        format: destination.format ?? '',
        address: destination.address ?? null,
        parameters: destination.parameters ?? null,
        message: destination.message ?? null,
        apply_formatting: destination.apply_formatting ?? false,
        apply_vis: destination.apply_vis ?? false,
      }),
    ),
  };
}

/** `run_once` by id: the stored plan with the body's fields laid over it (destinations replaced when given). */
export function overridePlan(plan: ScheduledPlan, body: PlanBody, state: LookerState): ScheduledPlan {
  const defined = Object.fromEntries(Object.entries(body).filter(([key, value]) => value !== undefined && value !== null && key !== 'scheduled_plan_destination'));
  const merged: ScheduledPlan = { ...structuredClone(plan), ...(defined as Partial<ScheduledPlan>) };
  if (body.scheduled_plan_destination && body.scheduled_plan_destination.length > 0) merged.scheduled_plan_destination = planFromBody(body, state, plan.user_id, plan.updated_at, plan.id).scheduled_plan_destination;
  merged.look_id = idString(merged.look_id);
  merged.query_id = idString(merged.query_id);
  return merged;
}

/**
 * Runs plans once, off the request that asked (Looker answers run_once at once and delivers later):
 * the Look's or query's rows go to each destination; webhooks are POSTed `{"data":[rows]}`, other
 * types only recorded. Every run and delivery is kept for the control API.
 */
export class PlanRunner {
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly state: LookerState,
    private readonly engine: QueryEngine,
    private readonly clock: () => SandboxClock,
  ) {}

  start(plan: ScheduledPlan, storedPlanId: string | null, request?: SandboxRequest): PlanRun {
    const definition = this.definitionOf(plan, request);
    const run: PlanRun = { id: this.state.nextId('run'), planId: storedPlanId, planName: plan.name, startedAt: this.clock().nowIso(), finishedAt: null, status: 'running', error: null, deliveries: [], rowsDigest: null };
    this.state.runs.push(run);
    const stored = storedPlanId === null ? undefined : this.state.plans.find((candidate) => candidate.id === storedPlanId);
    if (stored) stored.last_run_at = run.startedAt;
    this.state.changed();
    const work = this.execute(plan, definition, run).finally(() => this.inFlight.delete(work));
    this.inFlight.add(work);
    return run;
  }

  /** Resolves once every run started so far has delivered (or failed). */
  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.all([...this.inFlight]);
  }

  private definitionOf(plan: ScheduledPlan, request?: SandboxRequest) {
    const look = plan.look_id ? this.state.looks.find((candidate) => candidate.id === plan.look_id) : undefined;
    const queryId = look?.queryId ?? plan.query_id;
    const query = queryId ? this.state.query(queryId) : undefined;
    if (!query) throw notFound(request);
    return query.definition;
  }

  private async execute(plan: ScheduledPlan, definition: ReturnType<PlanRunner['definitionOf']>, run: PlanRun): Promise<void> {
    try {
      // Scheduled deliveries run the query fresh, as Looker's schedules do unless told to use the cache.
      const outcome = await this.engine.execute(definition, { cache: false, limit: null });
      run.rowsDigest = createHash('sha256').update(JSON.stringify(outcome.rows)).digest('hex');
      const held = this.heldBack(plan, run, outcome.rows.length);
      if (held) {
        run.status = 'skipped';
        run.error = held;
        return;
      }
      for (const destination of plan.scheduled_plan_destination) run.deliveries.push(await this.deliver(destination, outcome.rows));
      run.status = run.deliveries.every((delivery) => delivery.status !== 'failure') ? 'success' : 'failure';
    } catch (error) {
      run.status = 'failure';
      run.error = error instanceof Error ? error.message : String(error);
    } finally {
      run.finishedAt = this.clock().nowIso();
      this.state.changed();
    }
  }

  /** Why the plan's conditions hold this run's delivery back, if they do. */
  private heldBack(plan: ScheduledPlan, run: PlanRun, rowCount: number): string | undefined {
    if (plan.require_results && rowCount === 0) return 'require_results: the query returned no rows';
    if (plan.require_no_results && rowCount > 0) return 'require_no_results: the query returned rows';
    if (plan.require_change && run.planId !== null) {
      const previous = this.state.runs.filter((candidate) => candidate.planId === run.planId && candidate !== run && candidate.rowsDigest !== null).at(-1);
      if (previous?.rowsDigest === run.rowsDigest) return 'require_change: the results are the same as the last run\'s';
    }
    return undefined;
  }

  private async deliver(destination: PlanDestination, rows: Record<string, unknown>[]): Promise<Delivery> {
    const base = { destinationId: destination.id, type: destination.type, format: destination.format, address: destination.address, rows: rows.length };
    if (destination.type !== 'webhook') return { ...base, status: 'recorded', httpStatus: null, error: null };
    if (!destination.address) return { ...base, status: 'failure', httpStatus: null, error: 'no address' };
    const body = destination.format === 'inline_json' ? JSON.stringify({ data: JSON.stringify(rows), type: 'inline_json' }) : JSON.stringify({ data: rows });
    try {
      const status = await postWebhook(destination.address, { body, headers: { 'content-type': 'application/json', 'user-agent': 'Looker' }, timeoutMs: WEBHOOK_TIMEOUT_MS });
      return { ...base, status: status >= 200 && status < 300 ? 'success' : 'failure', httpStatus: status, error: status >= 200 && status < 300 ? null : `HTTP ${status}` };
    } catch (error) {
      return { ...base, status: 'failure', httpStatus: null, error: error instanceof Error ? error.message : String(error) };
    }
  }
}

export function validatePlanOrThrow(body: PlanBody, state: LookerState, forRun: boolean, request: SandboxRequest): void {
  const errors = validatePlan(body, state, forRun);
  if (errors.length > 0) throw validationError(errors, request);
}

/** The same checks for a stored plan with a body laid over it. */
export function validateMergedPlanOrThrow(plan: ScheduledPlan, state: LookerState, forRun: boolean, request: SandboxRequest): void {
  validatePlanOrThrow({ ...plan, scheduled_plan_destination: plan.scheduled_plan_destination.map((destination) => ({ ...destination })) }, state, forRun, request);
}
