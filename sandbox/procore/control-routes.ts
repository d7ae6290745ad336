import { z } from 'zod';
import { HttpError, json, type Router, type SandboxRequest } from '../kit';
import type { HookDispatcher } from './webhooks';
import { wireOptionsPatch, type WireOptions, type WireOptionsPatch } from './options';
import type { ProcoreState } from './state';

const emitOptions = { drop: z.boolean().optional(), duplicate: z.boolean().optional(), delayMs: z.number().int().nonnegative().optional() };
const emitBody = z.strictObject({
  resourceName: z.string().min(1),
  resourceId: z.number().int(),
  eventType: z.enum(['create', 'update', 'delete']),
  companyId: z.number().int().optional(),
  projectId: z.number().int().nullable().optional(),
  /** Only this hook, trigger or not. */
  hookId: z.number().int().optional(),
  ...emitOptions,
});
const vendorEdit = z.strictObject({ id: z.number().int(), changes: z.record(z.string(), z.union([z.string(), z.boolean(), z.null()])) });

/**
 * Procore's own `/__sandbox/` routes: the F.3 wire options, webhook deliveries and emission, and a
 * vendor edit "in the Procore UI" (announced with `source_application_id: null`).
 */
export function registerControlRoutes(router: Router, deps: { state: ProcoreState; hooks: HookDispatcher; companyId: number; options: () => WireOptions; setOptions: (patch: WireOptionsPatch) => WireOptions; editVendor: (id: number, changes: Record<string, string | boolean | null>) => unknown }): void {
  const { hooks } = deps;
  router.get('/__sandbox/options', () => json(deps.options()));
  router.post('/__sandbox/options', async (request) => json(deps.setOptions(await parse(request, wireOptionsPatch))));

  router.get('/__sandbox/webhooks', () => json({ hooks: deps.state.hooks, triggers: deps.state.triggers, defaults: hooks.defaults(), deliveries: hooks.deliveries() }));
  router.post('/__sandbox/webhooks/defaults', async (request) => json(hooks.setDefaults(await parse(request, z.strictObject(emitOptions)))));
  router.post('/__sandbox/webhooks/emit', async (request) => {
    const body = await parse(request, emitBody);
    const deliveries = await hooks.changed(
      { resourceName: body.resourceName, resourceId: body.resourceId, eventType: body.eventType, companyId: body.companyId ?? deps.companyId, projectId: body.projectId ?? null, userId: null, applicationId: null },
      { drop: body.drop, duplicate: body.duplicate, delayMs: body.delayMs },
      body.hookId,
    );
    return json({ deliveries });
  });
  router.post('/__sandbox/webhooks/idle', async () => {
    await hooks.idle();
    return json({ ok: true });
  });
  router.post('/__sandbox/vendors/edit', async (request) => {
    const { id, changes } = await parse(request, vendorEdit);
    try {
      return json(deps.editVendor(id, changes));
    } catch (error) {
      throw new HttpError(409, { error: 'refused', message: error instanceof Error ? error.message : String(error) });
    }
  });
}

async function parse<T>(request: SandboxRequest, schema: z.ZodType<T>): Promise<T> {
  if (request.contentType !== 'application/json') throw new HttpError(415, { error: 'unsupported_media_type', message: 'control requests take application/json' });
  const parsed = schema.safeParse(await request.json());
  if (!parsed.success) throw new HttpError(400, { error: 'invalid_control_request', issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })) });
  return parsed.data;
}
