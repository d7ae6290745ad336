import { z } from 'zod';
import type { SandboxClock } from './clock';
import type { ResetOptions } from './simulator';
import { addFaultsBody, clockBody, latencyBody, quotaBody, resetBody } from './control-schemas';
import type { FaultQueue } from './faults';
import type { Latency } from './latency';
import type { Quota, QuotaRule } from './quota';
import type { SandboxRequest } from './request';
import type { RequestLog, RequestLogFilter, RequestOutcome } from './request-log';
import { HttpError, json } from './response';
import { Router } from './router';

export const CONTROL_PREFIX = '/__sandbox/';

/** The knobs of one running simulator: the control API and the in-process object both drive these. */
export interface SandboxControls {
  readonly name: string;
  readonly clock: SandboxClock;
  readonly faults: FaultQueue;
  readonly latency: Latency;
  readonly quota: Quota;
  readonly log: RequestLog;
  reset(options?: ResetOptions): void;
}

/**
 * Routes under /__sandbox/. These requests bypass faults, latency and quotas and stay out of the
 * request log, so a test's own setup never shows up in its API-call counts.
 */
export function createControlRouter(controls: SandboxControls): Router {
  const router = new Router();
  const ok = (extra: Record<string, unknown> = {}) => json({ ok: true, ...extra });

  router.get('/__sandbox/health', () => ok({ name: controls.name, clock: controls.clock.state() }));

  router.post('/__sandbox/reset', async (request) => {
    controls.reset(await parseBody(request, resetBody));
    return ok();
  });

  router.get('/__sandbox/clock', () => json(controls.clock.state()));
  router.post('/__sandbox/clock', async (request) => {
    const body = await parseBody(request, clockBody);
    if ('set' in body) controls.clock.set(body.set, { running: body.running });
    else if ('advanceMs' in body) controls.clock.advance(body.advanceMs);
    else controls.clock.useRealTime();
    return json(controls.clock.state());
  });

  router.get('/__sandbox/faults', () => json({ pending: controls.faults.pending().map(describeFault) }));
  router.post('/__sandbox/faults', async (request) => {
    controls.faults.add(await parseBody(request, addFaultsBody));
    return ok({ pending: controls.faults.pending().length });
  });
  router.delete('/__sandbox/faults', () => {
    controls.faults.clear();
    return ok();
  });

  router.get('/__sandbox/latency', () => json(controls.latency.get()));
  router.post('/__sandbox/latency', async (request) => {
    controls.latency.set(await parseBody(request, latencyBody));
    return json(controls.latency.get());
  });
  router.delete('/__sandbox/latency', () => {
    controls.latency.clear();
    return ok();
  });

  router.get('/__sandbox/quota', () => json({ rules: controls.quota.rules().map(describeRule) }));
  router.post('/__sandbox/quota', async (request) => {
    controls.quota.set((await parseBody(request, quotaBody)).rules);
    return json({ rules: controls.quota.rules().map(describeRule) });
  });
  router.delete('/__sandbox/quota', () => {
    controls.quota.clear();
    return ok();
  });

  router.get('/__sandbox/requests', (request) => {
    const filter = logFilterFrom(request.query);
    return json({ count: controls.log.count({ ...filter, limit: undefined }), lastSeq: controls.log.lastSeq, requests: controls.log.entries(filter) });
  });
  router.delete('/__sandbox/requests', () => {
    controls.log.clear();
    return ok();
  });

  return router;
}

/** A control request's JSON body checked against `schema` (an empty body is `{}`); 400 with the issues otherwise. Simulators' own control routes use it too. */
export async function parseBody<Output>(request: SandboxRequest, schema: z.ZodType<Output>): Promise<Output> {
  const raw = (await request.text()).trim();
  let parsed: z.ZodSafeParseResult<Output>;
  try {
    parsed = schema.safeParse(raw === '' ? {} : JSON.parse(raw));
  } catch (error) {
    throw new HttpError(400, { error: 'invalid_control_request', message: (error as Error).message });
  }
  if (!parsed.success) {
    throw new HttpError(400, {
      error: 'invalid_control_request',
      issues: parsed.error.issues.map((issue) => ({ path: issue.path.join('.'), message: issue.message })),
    });
  }
  return parsed.data;
}

function logFilterFrom(query: URLSearchParams): RequestLogFilter {
  const filter: RequestLogFilter = {};
  const method = query.get('method');
  if (method) filter.method = method;
  const path = query.get('path');
  const pathRegex = query.get('pathRegex');
  if (pathRegex) filter.path = regexOrBadRequest(pathRegex);
  else if (path) filter.path = path;
  const status = query.get('status');
  if (status) filter.status = wholeNumber('status', status);
  const outcome = query.get('outcome');
  if (outcome) filter.outcome = outcome as RequestOutcome;
  const since = query.get('since');
  if (since) filter.sinceSeq = wholeNumber('since', since);
  const limit = query.get('limit');
  if (limit) filter.limit = wholeNumber('limit', limit);
  for (const [key, value] of query) {
    if (key.startsWith('tag.')) filter.tag = { ...filter.tag, [key.slice(4)]: value };
  }
  return filter;
}

function wholeNumber(name: string, value: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 0) throw new HttpError(400, { error: 'invalid_control_request', message: `${name} must be a whole number` });
  return number;
}

function regexOrBadRequest(source: string): RegExp {
  try {
    return new RegExp(source);
  } catch (error) {
    throw new HttpError(400, { error: 'invalid_control_request', message: (error as Error).message });
  }
}

/** RegExps do not survive JSON.stringify; show them as `pathRegex` like the request that made them. */
function describeFault(pending: { spec: { path?: string | RegExp }; remaining: number }): Record<string, unknown> {
  const { path, ...rest } = pending.spec;
  return { ...rest, ...describePath(path), remaining: pending.remaining };
}

function describeRule(rule: QuotaRule): Record<string, unknown> {
  const { path, ...rest } = rule;
  return { ...rest, ...describePath(path) };
}

function describePath(path: string | RegExp | undefined): Record<string, string> {
  if (path === undefined) return {};
  return typeof path === 'string' ? { path } : { pathRegex: path.source };
}
