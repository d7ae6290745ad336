import { HttpClient } from '../http/client';
import type { HttpMethod, QueryValue, RetryEvent } from '../http/types';
import { maskError, maskSecrets } from '../util/mask-secrets';
import { lookerLogin, type LookerLogin } from './auth';
import { explainLookerError, LookerInputError, lookerErrorFromAnswer, type LookerOperation } from './errors';
import { lookerQuerySchema, type LookerQueryInput } from './query';
import {
  connectionSchema,
  datagroupSchema,
  exploreSchema,
  lookmlModelSchema,
  parseWith,
  rowsSchema,
  scheduledPlanSchema,
  userSchema,
  type Datagroup,
  type Explore,
  type ExploreField,
  type LookerConnection,
  type LookerRow,
  type LookerUser,
  type LookmlModel,
  type ScheduledPlan,
} from './records';
import { LOOKER_API_PREFIX, lookerSettingsSchema, type LookerSettings, type LookerSettingsInput } from './settings';
import { codeForStatus } from '../http/errors';

export interface LookerClientOptions {
  onRetry?: (event: RetryEvent) => void;
  /** Injected in tests: the clock the token's renewal is judged by. */
  now?: () => number;
}

export interface RunOptions {
  /** false: run on the warehouse even when Looker holds a cached result (`cache=false`). */
  cache?: boolean;
  signal?: AbortSignal;
}

export interface ExploreFields {
  model: string;
  explore: string;
  label?: string;
  dimensions: ExploreField[];
  measures: ExploreField[];
}

/** A datagroup by Looker's id, or by the model that defines it and its name. */
export type DatagroupRef = { id: string } | { model: string; name: string };

/** Non-2xx answers whose body the client reads itself, for Looker's documentation link and 422 field errors. */
const READ_ERRORS = [400, 403, 404, 409, 422];
const NAME = /^[A-Za-z0-9_]+$/;
const ID = /^[A-Za-z0-9_-]+$/;

function checked(value: string, what: string, pattern = NAME): string {
  if (!pattern.test(value)) throw new LookerInputError(`looker: "${value}" is not a ${what}`);
  return value;
}

/**
 * The HTTP side of one Looker instance as one API user: a token from `/api/4.0/login` (renewed ahead
 * of its hour and once on a 401, logged out on close), retries per lib/http, Looker's error bodies
 * read into LookerErrors, every answer checked, and no secret in any error.
 */
export class LookerClient {
  readonly settings: LookerSettings;
  private readonly http: HttpClient;
  /** Login and logout: no bearer token of their own, so they must not go through the token's 401 rule. */
  private readonly plain: HttpClient;
  private readonly login: LookerLogin;

  constructor(input: LookerSettingsInput, options: LookerClientOptions = {}) {
    this.settings = lookerSettingsSchema.parse(input);
    const { instanceUrl, timeoutMs, retry } = this.settings;
    const common = {
      system: 'looker',
      baseUrl: instanceUrl,
      timeoutMs,
      ...(retry ? { retry } : {}),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      headers: { 'x-looker-appid': 'ml-connector' },
    };
    this.plain = new HttpClient(common);
    this.login = lookerLogin(this.plain, this.settings, options.now);
    this.http = new HttpClient({ ...common, auth: this.login.tokens });
  }

  /** Login counts, for tests and status. */
  get logins(): number {
    return this.login.tokens.fetches;
  }

  /** A token now (logs in if there is none or it is due): what Test connection proves first. */
  token(signal?: AbortSignal): Promise<string> {
    return this.login.tokens.token(signal);
  }

  async models(signal?: AbortSignal): Promise<LookmlModel[]> {
    const data = await this.call('models', 'GET', '/lookml_models', { signal });
    return parseWith(lookmlModelSchema.array(), data, 'the model list');
  }

  async exploreFields(model: string, explore: string, signal?: AbortSignal): Promise<ExploreFields> {
    const path = `/lookml_models/${checked(model, 'model name')}/explores/${checked(explore, 'explore name')}`;
    const found: Explore = parseWith(exploreSchema, await this.call('explore fields', 'GET', path, { signal }), `explore ${model}.${explore}`);
    return { model, explore, ...(found.label ? { label: found.label } : {}), dimensions: found.fields.dimensions, measures: found.fields.measures };
  }

  /** Runs a query without saving it (`POST /queries/run/json`) and returns its rows. */
  async runInlineQuery(query: LookerQueryInput, options: RunOptions = {}): Promise<LookerRow[]> {
    const parsed = lookerQuerySchema.safeParse(query);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LookerInputError(`looker: the query ${issue?.path.join('.') || ''}: ${issue?.message ?? 'is not valid'}`.replace(' : ', ': '));
    }
    const data = await this.call('inline query', 'POST', '/queries/run/json', { json: parsed.data, query: runQuery(options), signal: options.signal, idempotent: true });
    return parseWith(rowsSchema, data, 'the query result');
  }

  /** Runs a saved Look (`GET /looks/{id}/run/json`) and returns its rows. */
  async runLook(lookId: string, options: RunOptions & { limit?: number } = {}): Promise<LookerRow[]> {
    const data = await this.call('run look', 'GET', `/looks/${checked(lookId, 'Look id', ID)}/run/json`, {
      query: { ...runQuery(options), ...(options.limit !== undefined ? { limit: options.limit } : {}) },
      signal: options.signal,
    });
    return parseWith(rowsSchema, data, 'the Look result');
  }

  /** Runs a scheduled plan now, to its own destinations (`POST /scheduled_plans/{id}/run_once`). Sent once: a resend would deliver twice. */
  async runScheduledPlanOnce(planId: string, signal?: AbortSignal): Promise<ScheduledPlan> {
    const data = await this.call('run scheduled plan', 'POST', `/scheduled_plans/${checked(planId, 'scheduled plan id', ID)}/run_once`, { json: {}, signal });
    return parseWith(scheduledPlanSchema, data, 'the scheduled plan');
  }

  async datagroups(signal?: AbortSignal): Promise<Datagroup[]> {
    return parseWith(datagroupSchema.array(), await this.call('datagroups', 'GET', '/datagroups', { signal }), 'the datagroup list');
  }

  /**
   * Marks a datagroup triggered now (`PATCH /datagroups/{id}` with `triggered_at`), so Looker drops the
   * cached results and rebuilds the PDTs that depend on it. A name is looked up through GET /datagroups.
   */
  async triggerDatagroup(ref: DatagroupRef, options: { at?: Date; signal?: AbortSignal } = {}): Promise<Datagroup> {
    let id: string;
    if ('id' in ref) id = checked(ref.id, 'datagroup id', ID);
    else {
      const all = await this.datagroups(options.signal);
      const found = all.find((d) => d.model_name === ref.model && d.name === ref.name);
      if (!found) {
        const known = all.map((d) => `${d.model_name ?? '?'}::${d.name ?? d.id}`).join(', ') || 'none';
        throw new LookerInputError(`looker: no datagroup ${ref.name} in model ${ref.model} (the API user sees: ${known})`, 'MLC_LOOKER_NOT_FOUND');
      }
      id = found.id;
    }
    const triggeredAt = Math.floor((options.at ?? new Date()).getTime() / 1000);
    // Setting the same timestamp twice is harmless: resent like a PUT.
    const data = await this.call('trigger datagroup', 'PATCH', `/datagroups/${encodeURIComponent(id)}`, { json: { triggered_at: triggeredAt }, signal: options.signal, idempotent: true });
    return parseWith(datagroupSchema, data, 'the datagroup');
  }

  async me(signal?: AbortSignal): Promise<LookerUser> {
    return parseWith(userSchema, await this.call('user', 'GET', '/user', { signal }), 'the API user');
  }

  /** The warehouse connections Looker has; a password never comes back (write-only in Looker), and none is kept here. */
  async connections(signal?: AbortSignal): Promise<LookerConnection[]> {
    const list = parseWith(connectionSchema.array(), await this.call('connections', 'GET', '/connections', { signal }), 'the connection list');
    return list.map(({ password: _password, ...rest }) => rest as LookerConnection);
  }

  /** Ends the session (`DELETE /logout`) if there is one, then closes the connection pools. */
  async close(): Promise<void> {
    const token = this.login.issued();
    this.login.forget();
    try {
      if (token) {
        await this.plain.request({ method: 'DELETE', path: `${LOOKER_API_PREFIX}/logout`, headers: { authorization: `Bearer ${token}` }, acceptStatuses: [401, 404], responseType: 'text', timeoutMs: 5000, idempotent: false });
      }
    } catch {
      // The token expires within the hour anyway; a logout that fails must not hold up a redeploy.
    } finally {
      this.http.close();
      this.plain.close();
    }
  }

  private secrets(): Array<string | undefined> {
    return [this.settings.clientSecret, this.login.issued()];
  }

  private async call(
    operation: LookerOperation,
    method: HttpMethod,
    path: string,
    extra: { json?: unknown; query?: Record<string, QueryValue>; signal?: AbortSignal | undefined; idempotent?: boolean },
  ): Promise<unknown> {
    const fullPath = `${LOOKER_API_PREFIX}${path}`;
    let response;
    try {
      response = await this.http.request<string>({
        method,
        path: fullPath,
        ...(extra.json !== undefined ? { json: extra.json } : {}),
        ...(extra.query ? { query: extra.query } : {}),
        ...(extra.signal ? { signal: extra.signal } : {}),
        ...(extra.idempotent !== undefined ? { idempotent: extra.idempotent } : {}),
        acceptStatuses: READ_ERRORS,
        responseType: 'text',
      });
    } catch (err) {
      throw maskError(explainLookerError(err, operation, this.settings.configName), this.secrets());
    }
    let body: unknown;
    try {
      body = response.data === '' ? undefined : JSON.parse(response.data);
    } catch {
      body = undefined;
      if (response.status < 300) throw new LookerInputError(`looker ${operation}: ${method} ${fullPath} answered ${response.status} with a body that is not JSON`, 'MLC_LOOKER_BAD_DATA');
    }
    if (response.status >= 300) {
      const error = lookerErrorFromAnswer(response.status, body, { operation, method, path: fullPath, attempts: response.attempts, configName: this.settings.configName }, codeForStatus(response.status), (text) =>
        maskSecrets(text, this.secrets()),
      );
      throw error;
    }
    return body;
  }
}

function runQuery(options: RunOptions): Record<string, QueryValue> {
  return options.cache !== undefined ? { cache: options.cache } : {};
}

