import { z } from 'zod';
import { empty, HttpError, json, type Router, type SandboxRequest } from '../kit';
import { authorize, companyParam, projectAccess, type Caller, type RouteContext } from './access';
import { idish, jsonBody, parseOr400 } from './input';
import type { Hook, Trigger } from './model';
import { notFound, validationError } from './wire';

const V10 = '/rest/v1.0';

/** Resource names the sandbox announces (C.11; the financial ones are not confirmed by Procore). */
export const WEBHOOK_RESOURCES = ['Projects', 'Company Vendors', 'Purchase Order Contracts', 'Purchase Order Contract Line Items', 'Direct Costs', 'Direct Cost Line Items', 'Requisitions'] as const;

const hookBody = z.object({
  api_version: z.string().optional(),
  namespace: z.string().regex(/^[a-z0-9-]+$/, 'only lowercase letters, digits and -').optional(),
  destination_url: z.url().optional(),
  destination_headers: z.record(z.string(), z.string()).nullable().optional(),
});
const triggerBody = z.object({ resource_name: z.string().min(1), event_type: z.enum(['create', 'update', 'delete']) });

function renderHook(hook: Hook): Record<string, unknown> {
  const lower = Object.fromEntries(Object.entries(hook.destination_headers).map(([k, v]) => [k.toLowerCase(), v]));
  return { ...hook, destination_headers: lower };
}

/** Hooks, triggers, deliveries and resources (C.11): company-owned (`company_id`) or project-owned (`project_id`). */
export function registerWebhookApi(router: Router, ctx: RouteContext): void {
  const { state } = ctx;
  const owner = (request: SandboxRequest, caller: Caller, body?: Record<string, unknown>): { companyId: number | null; projectId: number | null } => {
    const projectId = request.query.get('project_id') ?? body?.project_id;
    if (projectId !== undefined && projectId !== null && projectId !== '') return { companyId: null, projectId: projectAccess(request, ctx, caller, projectId).id };
    return { companyId: companyParam(request, ctx, caller, body), projectId: null };
  };
  const findHook = (request: SandboxRequest, caller: Caller, id: string | undefined, body?: Record<string, unknown>): Hook => {
    const scope = owner(request, caller, body);
    const hook = state.hooks.find((h) => h.id === Number(id) && h.owned_by_company_id === scope.companyId && h.owned_by_project_id === scope.projectId);
    if (!hook) throw notFound('Hook');
    return hook;
  };
  const op = (request: SandboxRequest, operation: string): void => request.annotate({ operation });

  router.get(`${V10}/webhooks/resources`, (request) => {
    op(request, 'webhooks.resources');
    authorize(request, ctx);
    return json(WEBHOOK_RESOURCES.map((name) => ({ name, events: ['create', 'update', 'delete'] })));
  });
  router.get(`${V10}/webhooks/hooks`, (request) => {
    op(request, 'webhooks.hooks.list');
    const caller = authorize(request, ctx);
    const scope = owner(request, caller);
    return json(state.hooks.filter((h) => h.owned_by_company_id === scope.companyId && h.owned_by_project_id === scope.projectId).map(renderHook));
  });
  router.post(`${V10}/webhooks/hooks`, async (request) => {
    op(request, 'webhooks.hooks.create');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const scope = owner(request, caller, body);
    const fields = parseOr400(hookBody, body.hook ?? {});
    if (!fields.destination_url) throw validationError(422, { destination_url: ["can't be blank"] });
    const hook: Hook = {
      id: state.nextId('hook'),
      owned_by_company_id: scope.companyId,
      owned_by_project_id: scope.projectId,
      owned_by_user_id: caller.account.userId,
      namespace: fields.namespace ?? 'mlc-sandbox',
      api_version: fields.api_version ?? 'v2',
      destination_url: fields.destination_url,
      destination_headers: fields.destination_headers ?? {},
    };
    state.hooks.push(hook);
    state.touch();
    return json(renderHook(hook), { status: 201 });
  });
  router.patch(`${V10}/webhooks/hooks/:id`, async (request) => {
    op(request, 'webhooks.hooks.update');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const hook = findHook(request, caller, request.params.id, body);
    const fields = parseOr400(hookBody, body.hook ?? {});
    if (fields.api_version !== undefined) hook.api_version = fields.api_version;
    if (fields.namespace !== undefined) hook.namespace = fields.namespace;
    if (fields.destination_url !== undefined) hook.destination_url = fields.destination_url;
    if (fields.destination_headers !== undefined) hook.destination_headers = fields.destination_headers ?? {};
    state.touch();
    return json(renderHook(hook));
  });
  router.delete(`${V10}/webhooks/hooks/:id`, (request) => {
    op(request, 'webhooks.hooks.delete');
    const caller = authorize(request, ctx);
    const hook = findHook(request, caller, request.params.id);
    state.hooks = state.hooks.filter((h) => h !== hook);
    state.triggers = state.triggers.filter((t) => t.webhook_hook_id !== hook.id);
    state.touch();
    return empty(204);
  });
  router.get(`${V10}/webhooks/hooks/:id/triggers`, (request) => {
    op(request, 'webhooks.triggers.list');
    const caller = authorize(request, ctx);
    const hook = findHook(request, caller, request.params.id);
    return json(state.triggers.filter((t) => t.webhook_hook_id === hook.id));
  });
  router.post(`${V10}/webhooks/hooks/:id/triggers`, async (request) => {
    op(request, 'webhooks.triggers.create');
    const caller = authorize(request, ctx);
    const body = await jsonBody(request);
    const hook = findHook(request, caller, request.params.id, body);
    const fields = parseOr400(triggerBody, body.trigger ?? {});
    const existing = state.triggers.find((t) => t.webhook_hook_id === hook.id && t.resource_name === fields.resource_name && t.event_type === fields.event_type);
    if (existing) return json(existing, { status: 201 });
    const trigger: Trigger = { id: state.nextId('trigger'), webhook_hook_id: hook.id, resource_name: fields.resource_name, event_type: fields.event_type, company_id: hook.owned_by_company_id, project_id: hook.owned_by_project_id, user_id: caller.account.userId };
    state.triggers.push(trigger);
    state.touch();
    return json(trigger, { status: 201 });
  });
  router.delete(`${V10}/webhooks/hooks/:id/triggers/:trigger_id`, (request) => {
    op(request, 'webhooks.triggers.delete');
    const caller = authorize(request, ctx);
    const hook = findHook(request, caller, request.params.id);
    const before = state.triggers.length;
    state.triggers = state.triggers.filter((t) => !(t.webhook_hook_id === hook.id && t.id === Number(request.params.trigger_id)));
    if (state.triggers.length === before) throw notFound('Trigger');
    state.touch();
    return empty(204);
  });
  // Deliveries page by `page_size` (default 100) and `page_start` (the last id of the previous page), not page/per_page.
  router.get(`${V10}/webhooks/hooks/:id/deliveries`, (request) => {
    op(request, 'webhooks.deliveries.list');
    const caller = authorize(request, ctx);
    const hook = findHook(request, caller, request.params.id);
    const size = parseOr400(idish.optional(), request.query.get('page_size') ?? undefined) ?? 100;
    const start = parseOr400(idish.optional(), request.query.get('page_start') ?? undefined) ?? 0;
    const status = request.query.get('filters[status]') ?? 'any';
    const wanted: Record<string, string[]> = { any: [], successful: ['ok', 'retried'], failing: ['failed', 'pending'], discarded: ['discarded'] };
    if (!(status in wanted)) throw new HttpError(400, { errors: { 'filters[status]': ['is not included in the list'] } });
    const list = ctx.hooks
      .deliveries({ hookId: hook.id })
      .filter((d) => d.id > start && (status === 'any' || wanted[status]!.includes(d.outcome)))
      .slice(0, size)
      .map(({ copies: _copies, attempts: _attempts, hook_id: _hook, ...rest }) => rest);
    return json(list);
  });
}
