import { z } from 'zod';
import { HttpError, json, parseControlBody, type Router } from '../kit';
import type { PlanRun, DatagroupTrigger, ScheduledPlan } from './state';
import type { WarehouseConfig } from './warehouse';

const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a plain SQL identifier');

/** A URL, or its parts (the embedded warehouse is a PostgreSQL server on a loopback port: a URL is enough). */
export const warehouseBody = z.union([
  z.strictObject({ url: z.string().regex(/^postgres(ql)?:\/\//, 'a postgres:// URL'), schema: identifier.optional() }),
  z.strictObject({
    host: z.string().min(1),
    port: z.number().int().positive().optional(),
    database: z.string().min(1),
    user: z.string().min(1),
    password: z.string().optional(),
    schema: identifier.optional(),
  }),
]);

const destinationEdit = z.strictObject({ address: z.string().min(1), destinationId: z.string().optional() });

export interface LookerControls {
  warehouse: () => WarehouseConfig;
  setWarehouse: (config: WarehouseConfig) => void;
  setDestinationAddress: (planId: string, address: string, destinationId?: string) => ScheduledPlan;
  runs: () => PlanRun[];
  idle: () => Promise<void>;
  triggers: () => DatagroupTrigger[];
  clearCache: () => void;
}

export function urlOf(body: z.infer<typeof warehouseBody>, current: WarehouseConfig): WarehouseConfig {
  if ('url' in body) return { url: body.url, schema: body.schema ?? current.schema };
  const credentials = `${encodeURIComponent(body.user)}${body.password ? `:${encodeURIComponent(body.password)}` : ''}`;
  return { url: `postgres://${credentials}@${body.host}:${body.port ?? 5432}/${encodeURIComponent(body.database)}`, schema: body.schema ?? current.schema };
}

/** Host, port, database and schema of the warehouse; the URL's password stays out. */
function shown(config: WarehouseConfig): Record<string, string> {
  try {
    const url = new URL(config.url);
    url.password = '';
    return { url: url.toString(), schema: config.schema };
  } catch {
    return { url: '(not a URL)', schema: config.schema };
  }
}

/**
 * Looker's own `/__sandbox/` routes: where the `odoo_warehouse` connection points, a plan's webhook
 * address, the plan runs with their deliveries, the datagroup triggers, and the result cache.
 */
export function registerLookerControl(router: Router, controls: LookerControls): void {
  router.get('/__sandbox/warehouse', () => json(shown(controls.warehouse())));
  router.post('/__sandbox/warehouse', async (request) => {
    controls.setWarehouse(urlOf(await parseControlBody(request, warehouseBody), controls.warehouse()));
    return json(shown(controls.warehouse()));
  });
  router.post('/__sandbox/scheduled-plans/:id/destination', async (request) => {
    const { address, destinationId } = await parseControlBody(request, destinationEdit);
    try {
      return json(controls.setDestinationAddress(request.params.id, address, destinationId));
    } catch (error) {
      throw new HttpError(404, { error: 'not_found', message: error instanceof Error ? error.message : String(error) });
    }
  });
  router.get('/__sandbox/scheduled-plans/runs', () => json({ runs: controls.runs() }));
  router.post('/__sandbox/scheduled-plans/idle', async () => {
    await controls.idle();
    return json({ runs: controls.runs() });
  });
  router.get('/__sandbox/datagroups/triggers', () => json({ triggers: controls.triggers() }));
  router.delete('/__sandbox/cache', () => {
    controls.clearCache();
    return json({ ok: true });
  });
}
