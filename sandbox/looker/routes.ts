import { z } from 'zod';
import { empty, json, type Router, type SandboxClock, type SandboxRequest } from '../kit';
import type { LookerApiUser } from './accounts';
import { authenticate, type LookerTokens } from './auth';
import type { QueryEngine } from './engine';
import { MODELS } from './models';
import { overridePlan, planBody, planFromBody, validateMergedPlanOrThrow, validatePlanOrThrow, type PlanBody, type PlanRunner } from './plans';
import { definitionOf, queryBody, type QueryDefinition } from './query-body';
import { queryTaskBody, registerQueryTaskRoutes, type QueryTasks } from './query-tasks';
import { isResultFormat, RESULT_FORMATS, type ResultFormat } from './render';
import { connectionJson, datagroupJson, exploreJson, lookJson, modelJson, planJson, queryJson } from './serialize';
import type { LookerState } from './state';
import { lookerError, notFound, validationError } from './wire';
import { describeWarehouse, runOnWarehouse, WarehouseError, type WarehouseConfig } from './warehouse';

export const CONNECTION_NAME = 'odoo_warehouse';
const CONNECTION_CREATED_AT = '2026-12-01T00:00:00.000+00:00';
const LOOKER_RELEASE = '26.12.0';

export interface LookerApi {
  state: LookerState;
  tokens: LookerTokens;
  engine: QueryEngine;
  plans: PlanRunner;
  queryTasks: QueryTasks;
  clock: () => SandboxClock;
  warehouse: () => WarehouseConfig;
}

const API = '/api/4.0';

/** A JSON body through a zod schema; a body that is no JSON object answers 400, a wrong field 422. */
async function bodyOf<T>(request: SandboxRequest, schema: z.ZodType<T>): Promise<T> {
  const raw = (await request.text()).trim();
  let value: unknown;
  try {
    value = raw === '' ? {} : JSON.parse(raw);
  } catch {
    throw lookerError(400, 'Looker could not parse the JSON body of the request', request);
  }
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationError(parsed.error.issues.map((issue) => ({ field: issue.path.join('.') || 'body', code: 'invalid', message: issue.message })), request);
  return parsed.data;
}

function resultFormat(request: SandboxRequest, format: string): ResultFormat {
  if (!isResultFormat(format)) throw validationError([{ field: 'result_format', code: 'invalid', message: `result_format must be one of ${RESULT_FORMATS.join(', ')} in the sandbox` }], request);
  return format;
}

/** `cache` defaults to true; `limit` as a query parameter beats the query's own. */
function runOptions(request: SandboxRequest, format: ResultFormat): { format: ResultFormat; cache: boolean; limit: string | null } {
  return { format, cache: request.query.get('cache') !== 'false', limit: request.query.get('limit') };
}

async function queryDefinitionFrom(request: SandboxRequest): Promise<{ definition: QueryDefinition; extra: Record<string, unknown> }> {
  const body = await bodyOf(request, queryBody);
  request.annotate({ model: body.model ?? '', view: body.view ?? '' });
  const missing = (['model', 'view'] as const).filter((field) => !body[field]);
  if (missing.length > 0) throw validationError(missing.map((field) => ({ field, code: 'missing', message: 'This field is required.' })), request);
  const definition = definitionOf({ ...body, model: body.model ?? '', view: body.view ?? '' });
  const known = new Set<string>([...Object.keys(definition), 'client_id']);
  const extra = Object.fromEntries(Object.entries(body).filter(([key]) => !known.has(key)));
  return { definition, extra };
}

function requireRight(request: SandboxRequest, user: LookerApiUser, allowed: boolean): void {
  if (!allowed) throw lookerError(403, `User "${user.displayName}" does not have permission for this operation`, request);
}

export function registerLookerApi(router: Router, api: LookerApi): void {
  const user = (request: SandboxRequest): LookerApiUser => authenticate(request, api.tokens);

  router.get(`${API}/versions`, (request) =>
    json({
      looker_release_version: LOOKER_RELEASE,
      current_version: { version: '4.0', full_version: `4.0.${LOOKER_RELEASE}`, status: 'current', swagger_url: `${request.origin}/api/4.0/swagger.json` },
      supported_versions: [{ version: '4.0', full_version: `4.0.${LOOKER_RELEASE}`, status: 'current', swagger_url: `${request.origin}/api/4.0/swagger.json` }],
      api_server_url: request.origin,
      web_server_url: request.origin,
    }),
  );

  router.get(`${API}/user`, (request) => {
    const me = user(request);
    const [first, ...rest] = me.displayName.split(' ');
    return json({ id: me.id, display_name: me.displayName, first_name: first ?? '', last_name: rest.join(' '), email: me.email, is_disabled: false, role_ids: [me.canRunScheduledPlans ? '2' : '3'] });
  });

  // Connections: the one warehouse the models run on; never a password.
  router.get(`${API}/connections`, (request) => {
    user(request);
    return json([connectionJson(CONNECTION_NAME, api.warehouse(), CONNECTION_CREATED_AT)]);
  });
  router.get(`${API}/connections/:name`, (request) => {
    user(request);
    if (request.params.name !== CONNECTION_NAME) throw notFound(request);
    return json(connectionJson(CONNECTION_NAME, api.warehouse(), CONNECTION_CREATED_AT));
  });
  router.put(`${API}/connections/:name/test`, async (request) => {
    user(request);
    if (request.params.name !== CONNECTION_NAME) throw notFound(request);
    const config = api.warehouse();
    const { host, port, database } = describeWarehouse(config);
    const connectionString = `jdbc:postgresql://${host}:${port}/${database}`;
    try {
      await runOnWarehouse(config, 'select 1', []);
      return json([{ name: 'connect', status: 'success', message: 'Can connect', connection_string: connectionString }, { name: 'query', status: 'success', message: 'Can use database', connection_string: connectionString }]);
    } catch (error) {
      const message = error instanceof WarehouseError ? error.message : String(error);
      return json([{ name: 'connect', status: 'error', message: `Cannot connect: ${message}`, connection_string: connectionString }]);
    }
  });

  // LookML models and explores.
  router.get(`${API}/lookml_models`, (request) => {
    user(request);
    return json(MODELS.map(modelJson));
  });
  router.get(`${API}/lookml_models/:model`, (request) => {
    user(request);
    const model = api.engine.model(request.params.model);
    if (!model) throw notFound(request);
    return json(modelJson(model));
  });
  router.get(`${API}/lookml_models/:model/explores/:explore`, (request) => {
    user(request);
    const model = api.engine.model(request.params.model);
    const explore = model ? api.engine.explore(model, request.params.explore) : undefined;
    if (!model || !explore) throw notFound(request);
    return json(exploreJson(model, explore, api.warehouse().schema));
  });

  // Queries: saved (identical body, same id and slug) and run; inline runs save nothing.
  router.post(`${API}/queries`, async (request) => {
    user(request);
    const { definition, extra } = await queryDefinitionFrom(request);
    api.engine.target(definition, request);
    return json(queryJson(api.state.internQuery(definition, extra), request.origin));
  });
  router.post(`${API}/queries/run/:format`, async (request) => {
    user(request);
    const format = resultFormat(request, request.params.format);
    const { definition } = await queryDefinitionFrom(request);
    return api.engine.run(definition, runOptions(request, format), request);
  });
  router.get(`${API}/queries/slug/:slug`, (request) => {
    user(request);
    const query = api.state.queries.find((candidate) => candidate.slug === request.params.slug);
    if (!query) throw notFound(request);
    return json(queryJson(query, request.origin));
  });
  router.get(`${API}/queries/:id`, (request) => {
    user(request);
    const query = api.state.query(request.params.id);
    if (!query) throw notFound(request);
    return json(queryJson(query, request.origin));
  });
  router.get(`${API}/queries/:id/run/:format`, async (request) => {
    user(request);
    const query = api.state.query(request.params.id);
    if (!query) throw notFound(request);
    request.annotate({ queryId: query.id });
    return api.engine.run(query.definition, runOptions(request, resultFormat(request, request.params.format)), request);
  });

  // Looks.
  router.get(`${API}/looks`, (request) => {
    user(request);
    return json(api.state.looks.map((look) => lookJson(look, api.state.query(look.queryId), request.origin)));
  });
  router.get(`${API}/looks/:id`, (request) => {
    user(request);
    const look = api.state.looks.find((candidate) => candidate.id === request.params.id);
    if (!look) throw notFound(request);
    return json(lookJson(look, api.state.query(look.queryId), request.origin));
  });
  router.get(`${API}/looks/:id/run/:format`, async (request) => {
    user(request);
    const look = api.state.looks.find((candidate) => candidate.id === request.params.id);
    const query = look ? api.state.query(look.queryId) : undefined;
    if (!query) throw notFound(request);
    request.annotate({ lookId: request.params.id });
    return api.engine.run(query.definition, runOptions(request, resultFormat(request, request.params.format)), request);
  });

  // Datagroups: triggering one makes every cached result of its model stale.
  router.get(`${API}/datagroups`, (request) => {
    user(request);
    return json(api.state.datagroups.map(datagroupJson));
  });
  router.get(`${API}/datagroups/:id`, (request) => {
    user(request);
    const datagroup = api.state.datagroups.find((candidate) => candidate.id === request.params.id);
    if (!datagroup) throw notFound(request);
    return json(datagroupJson(datagroup));
  });
  router.patch(`${API}/datagroups/:id`, async (request) => {
    const me = user(request);
    const datagroup = api.state.datagroups.find((candidate) => candidate.id === request.params.id);
    if (!datagroup) throw notFound(request);
    requireRight(request, me, me.canUpdateDatagroups);
    const body = await bodyOf(request, z.object({ triggered_at: z.unknown().optional(), stale_before: z.unknown().optional() }).passthrough());
    const nowSeconds = api.clock().nowSeconds();
    const errors = (['triggered_at', 'stale_before'] as const).flatMap((field) => {
      const value = body[field];
      if (value === undefined || value === null) return [];
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) return [{ field, code: 'invalid' as const, message: `${field} must be a UNIX timestamp in whole seconds` }];
      if (value > nowSeconds) return [{ field, code: 'invalid' as const, message: `${field} cannot be in the future` }];
      return [];
    });
    if (errors.length > 0) throw validationError(errors, request);
    const nowMs = api.clock().nowMs();
    for (const field of ['triggered_at', 'stale_before'] as const) {
      const value = body[field];
      if (typeof value !== 'number') continue;
      datagroup[field] = value;
      // A timestamp names a whole second: results cached in it (up to now) are stale too.
      datagroup.staleUntilMs = Math.max(datagroup.staleUntilMs, Math.min(nowMs, value * 1000 + 999));
    }
    api.state.triggers.push({ datagroupId: datagroup.id, at: api.clock().nowIso(), triggered_at: typeof body.triggered_at === 'number' ? body.triggered_at : null, stale_before: typeof body.stale_before === 'number' ? body.stale_before : null, user: me.displayName });
    api.state.changed();
    request.annotate({ datagroup: datagroup.name });
    return json(datagroupJson(datagroup));
  });

  // Scheduled plans.
  router.get(`${API}/scheduled_plans`, (request) => {
    user(request);
    return json(api.state.plans.map(planJson));
  });
  router.post(`${API}/scheduled_plans/run_once`, async (request) => {
    const me = user(request);
    requireRight(request, me, me.canRunScheduledPlans);
    const body: PlanBody = await bodyOf(request, planBody);
    validatePlanOrThrow(body, api.state, true, request);
    const plan = planFromBody(body, api.state, me.id, api.clock().nowIso(), api.state.nextId('plan'));
    api.plans.start(plan, null, request);
    return json(planJson({ ...plan }));
  });
  router.post(`${API}/scheduled_plans`, async (request) => {
    const me = user(request);
    const body = await bodyOf(request, planBody);
    validatePlanOrThrow(body, api.state, false, request);
    const plan = planFromBody(body, api.state, me.id, api.clock().nowIso(), api.state.nextId('plan'));
    api.state.plans.push(plan);
    api.state.changed();
    return json(planJson(plan));
  });
  router.get(`${API}/scheduled_plans/:id`, (request) => {
    user(request);
    const plan = api.state.plans.find((candidate) => candidate.id === request.params.id);
    if (!plan) throw notFound(request);
    return json(planJson(plan));
  });
  router.patch(`${API}/scheduled_plans/:id`, async (request) => {
    user(request);
    const stored = api.state.plans.find((candidate) => candidate.id === request.params.id);
    if (!stored) throw notFound(request);
    const updated = overridePlan(stored, await bodyOf(request, planBody), api.state);
    validateMergedPlanOrThrow(updated, api.state, false, request);
    Object.assign(stored, updated, { updated_at: api.clock().nowIso() });
    api.state.changed();
    return json(planJson(stored));
  });
  router.delete(`${API}/scheduled_plans/:id`, (request) => {
    user(request);
    const index = api.state.plans.findIndex((candidate) => candidate.id === request.params.id);
    if (index === -1) throw notFound(request);
    api.state.plans.splice(index, 1);
    api.state.changed();
    return empty(204);
  });
  router.post(`${API}/scheduled_plans/:id/run_once`, async (request) => {
    const me = user(request);
    const stored = api.state.plans.find((candidate) => candidate.id === request.params.id);
    if (!stored) throw notFound(request);
    requireRight(request, me, me.canRunScheduledPlans);
    const plan = overridePlan(stored, await bodyOf(request, planBody), api.state);
    validateMergedPlanOrThrow(plan, api.state, true, request);
    request.annotate({ planId: stored.id });
    api.plans.start(plan, stored.id, request);
    return json(planJson(plan));
  });

  registerQueryTaskRoutes(router, api.queryTasks, user, (request) => bodyOf(request, queryTaskBody));

  router.fallback((request) => {
    throw notFound(request);
  });
}
