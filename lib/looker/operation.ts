// What one mlc-looker message asks for: the node's settings, each overridable by a msg property of the
// same name, checked into one request; and running it on a client. Kept free of Node-RED so the rules
// of which property wins are the same wherever they are read.
import { z } from 'zod';
import type { DatagroupRef, LookerClient } from './client';
import { listOf, lookerQuerySchema, type LookerQuery } from './query';

export const LOOKER_OPERATIONS = ['models', 'explore-fields', 'inline-query', 'run-look', 'run-plan', 'trigger-datagroup'] as const;
export type LookerOperationName = (typeof LOOKER_OPERATIONS)[number];

/** The node's settings as the editor saved them (all text). */
export interface LookerOperationSettings {
  operation?: string;
  model?: string;
  explore?: string;
  fields?: string;
  /** JSON object of Looker filter expressions by field. */
  filters?: string;
  sorts?: string;
  limit?: string;
  lookId?: string;
  planId?: string;
  /** A datagroup id, or its name within `model`. */
  datagroup?: string;
  /** 'false': bypass Looker's result cache. */
  cache?: string | boolean;
}

export type LookerRequest =
  | { operation: 'models' }
  | { operation: 'explore-fields'; model: string; explore: string }
  | { operation: 'inline-query'; query: LookerQuery; cache?: boolean }
  | { operation: 'run-look'; lookId: string; limit?: number; cache?: boolean }
  | { operation: 'run-plan'; planId: string }
  | { operation: 'trigger-datagroup'; datagroup: DatagroupRef; label: string };

export type Resolved<T> = { ok: true; value: T } | { ok: false; problem: string };

const text = (value: unknown): string | undefined => {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
};

const flag = (value: unknown): boolean | undefined => {
  if (typeof value === 'boolean') return value;
  if (value === 'true') return true;
  if (value === 'false') return false;
  return undefined;
};

const filtersSchema = z.record(z.string(), z.union([z.string(), z.number(), z.boolean()]));

/** The node's Filters setting (JSON text) read once at deploy. */
export function parseFilters(value: string | undefined): Resolved<Record<string, string> | undefined> {
  if (value === undefined || value.trim() === '') return { ok: true, value: undefined };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { ok: false, problem: 'Filters: not JSON (e.g. {"journal_lines.date": "2026-01-01 to 2026-02-01"})' };
  }
  const checked = filtersSchema.safeParse(parsed);
  if (!checked.success) return { ok: false, problem: 'Filters: a JSON object of field → Looker filter expression' };
  return { ok: true, value: Object.fromEntries(Object.entries(checked.data).map(([k, v]) => [k, String(v)])) };
}

/** The request for one message: msg properties first, then the node's settings. */
export function lookerRequestOf(settings: LookerOperationSettings, msg: Record<string, unknown>): Resolved<LookerRequest> {
  const pick = (name: keyof LookerOperationSettings): string | undefined => text(msg[name]) ?? text(settings[name]);
  const operation = pick('operation') ?? 'models';
  if (!(LOOKER_OPERATIONS as readonly string[]).includes(operation)) return { ok: false, problem: `unknown operation "${operation}" (one of ${LOOKER_OPERATIONS.join(', ')})` };
  const cache = flag(msg['cache']) ?? flag(settings.cache);
  const withCache = cache !== undefined ? { cache } : {};
  switch (operation as LookerOperationName) {
    case 'models':
      return { ok: true, value: { operation: 'models' } };
    case 'explore-fields': {
      const model = pick('model');
      const explore = pick('explore');
      if (!model || !explore) return { ok: false, problem: 'explore fields needs a model and an explore (msg.model, msg.explore)' };
      return { ok: true, value: { operation: 'explore-fields', model, explore } };
    }
    case 'inline-query': {
      const given = msg['query'];
      let filters: Record<string, unknown> | undefined;
      if (msg['filters'] !== undefined) {
        const checked = filtersSchema.safeParse(msg['filters']);
        if (!checked.success) return { ok: false, problem: 'msg.filters must be an object of field → Looker filter expression' };
        filters = checked.data;
      } else {
        const parsed = parseFilters(settings.filters);
        if (!parsed.ok) return parsed;
        filters = parsed.value;
      }
      const fields = listOf(msg['fields']) ?? listOf(settings.fields);
      const sorts = listOf(msg['sorts']) ?? listOf(settings.sorts);
      const limit = pick('limit');
      const base = {
        model: pick('model'),
        view: pick('explore'),
        ...(fields ? { fields } : {}),
        ...(filters ? { filters } : {}),
        ...(sorts ? { sorts } : {}),
        ...(limit ? { limit } : {}),
      };
      // msg.query is a whole Looker Query body: what it names wins over the settings.
      const body = given !== undefined && given !== null && typeof given === 'object' && !Array.isArray(given) ? { ...base, ...(given as Record<string, unknown>) } : base;
      const parsed = lookerQuerySchema.safeParse(body);
      if (!parsed.success) {
        const issue = parsed.error.issues[0];
        const where = issue?.path.join('.') ?? '';
        const problem = issue?.code === 'invalid_type' && (where === 'model' || where === 'view' || where === 'fields') ? `the query needs ${where === 'view' ? 'an explore' : `a ${where.replace(/s$/, '')}`}` : `the query's ${where}: ${issue?.message ?? 'invalid'}`;
        return { ok: false, problem };
      }
      return { ok: true, value: { operation: 'inline-query', query: parsed.data, ...withCache } };
    }
    case 'run-look': {
      const lookId = pick('lookId');
      if (!lookId) return { ok: false, problem: 'run Look needs a Look id (msg.lookId)' };
      const limit = pick('limit');
      if (limit !== undefined && !/^-?\d+$/.test(limit)) return { ok: false, problem: `the limit "${limit}" is not a whole number` };
      return { ok: true, value: { operation: 'run-look', lookId, ...(limit !== undefined ? { limit: Number(limit) } : {}), ...withCache } };
    }
    case 'run-plan': {
      const planId = pick('planId');
      if (!planId) return { ok: false, problem: 'run scheduled plan needs a plan id (msg.planId)' };
      return { ok: true, value: { operation: 'run-plan', planId } };
    }
    case 'trigger-datagroup': {
      const datagroup = pick('datagroup');
      if (!datagroup) return { ok: false, problem: 'trigger datagroup needs a datagroup id or name (msg.datagroup)' };
      if (/^\d+$/.test(datagroup)) return { ok: true, value: { operation: 'trigger-datagroup', datagroup: { id: datagroup }, label: datagroup } };
      const model = pick('model');
      if (!model) return { ok: false, problem: `datagroup "${datagroup}" is a name: give its model too (msg.model), or the datagroup's id` };
      return { ok: true, value: { operation: 'trigger-datagroup', datagroup: { model, name: datagroup }, label: datagroup } };
    }
  }
}

export interface LookerOutcome {
  payload: unknown;
  topic: string;
  /** What the status says when it is done ("12 rows", "datagroup odoo_finance_load triggered"). */
  done: string;
  /** A shorter form, when `done` and the time would not fit the status. */
  short?: string;
}

/** What the status says while the request runs. */
export function workingText(request: LookerRequest): string {
  switch (request.operation) {
    case 'models':
      return 'listing models';
    case 'explore-fields':
      return `reading ${request.explore} fields`;
    case 'inline-query':
      return 'running query';
    case 'run-look':
      return `running Look ${request.lookId}`;
    case 'run-plan':
      return `running plan ${request.planId}`;
    case 'trigger-datagroup':
      return `triggering ${request.label}`;
  }
}

const rows = (n: number): string => `${n} ${n === 1 ? 'row' : 'rows'}`;

export async function runLookerRequest(client: LookerClient, request: LookerRequest, signal?: AbortSignal, now: () => Date = () => new Date()): Promise<LookerOutcome> {
  const on = signal ? { signal } : {};
  switch (request.operation) {
    case 'models': {
      const models = await client.models(signal);
      return { payload: models, topic: 'looker/models', done: `${models.length} ${models.length === 1 ? 'model' : 'models'}` };
    }
    case 'explore-fields': {
      const fields = await client.exploreFields(request.model, request.explore, signal);
      return { payload: fields, topic: `looker/${request.model}/${request.explore}`, done: `${fields.dimensions.length} dimensions, ${fields.measures.length} measures` };
    }
    case 'inline-query': {
      const result = await client.runInlineQuery(request.query, { ...on, ...(request.cache !== undefined ? { cache: request.cache } : {}) });
      return { payload: result, topic: `looker/${request.query.model}/${request.query.view}`, done: rows(result.length) };
    }
    case 'run-look': {
      const result = await client.runLook(request.lookId, { ...on, ...(request.limit !== undefined ? { limit: request.limit } : {}), ...(request.cache !== undefined ? { cache: request.cache } : {}) });
      return { payload: result, topic: `looker/look/${request.lookId}`, done: `Look ${request.lookId}: ${rows(result.length)}` };
    }
    case 'run-plan': {
      const plan = await client.runScheduledPlanOnce(request.planId, signal);
      return { payload: plan, topic: `looker/scheduled_plan/${request.planId}`, done: `plan ${plan.name ?? request.planId} run` };
    }
    case 'trigger-datagroup': {
      const at = now();
      const datagroup = await client.triggerDatagroup(request.datagroup, { at, ...on });
      return { payload: datagroup, topic: `looker/datagroup/${datagroup.name ?? datagroup.id}`, done: `datagroup ${datagroup.name ?? request.label} triggered`, short: `${datagroup.name ?? request.label} triggered` };
    }
  }
}
