import { z } from 'zod';
import { HttpError, json, parseControlBody, type Router } from '../kit';
import { wireOptionsPatch, type WireOptions, type WireOptionsPatch } from './options';
import { rateLimitRules, type RateLimitRule } from './rate-limits';
import type { Row } from './state';

const recordEdit = z.strictObject({ table: z.string().min(1), sysId: z.string().optional(), values: z.record(z.string(), z.string()) });

export interface ControlDeps {
  options: () => WireOptions;
  setOptions: (patch: WireOptionsPatch) => WireOptions;
  rateLimits: () => RateLimitRule[];
  setRateLimits: (rules: RateLimitRule[]) => RateLimitRule[];
  runImports: () => number;
  editRecord: (table: string, sysId: string | undefined, values: Record<string, string>) => Row;
}

/**
 * ServiceNow's own `/__sandbox/` routes: the wire options, the per-user rate-limit rules
 * (`sys_rate_limit_rules`), running pending `insertMultiple` transforms now, and a record edited "in
 * the ServiceNow UI" (as admin, outside the API's rate limits and log).
 */
export function registerControlRoutes(router: Router, deps: ControlDeps): void {
  router.get('/__sandbox/options', () => json(deps.options()));
  router.post('/__sandbox/options', async (request) => json(deps.setOptions(await parseControlBody(request, wireOptionsPatch))));
  router.get('/__sandbox/rate-limits', () => json({ rules: deps.rateLimits() }));
  router.post('/__sandbox/rate-limits', async (request) => json({ rules: deps.setRateLimits((await parseControlBody(request, rateLimitRules)).rules) }));
  router.delete('/__sandbox/rate-limits', () => json({ rules: deps.setRateLimits([]) }));
  router.post('/__sandbox/imports/run', () => json({ importSets: deps.runImports() }));
  router.post('/__sandbox/records', async (request) => {
    const { table, sysId, values } = await parseControlBody(request, recordEdit);
    try {
      return json(deps.editRecord(table, sysId, values));
    } catch (error) {
      throw new HttpError(409, { error: 'refused', message: error instanceof Error ? error.message : String(error) });
    }
  });
}
