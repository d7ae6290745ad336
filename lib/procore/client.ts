import { oauth2TokenCache } from '../auth/oauth2';
import type { TokenCache } from '../auth/token-cache';
import { HttpClient } from '../http/client';
import type { HttpRequest, QueryValue, RetryEvent } from '../http/types';
import { ConcurrencyGate } from '../util/concurrency-gate';
import { maskError } from '../util/mask-secrets';
import { explainProcoreError, ProcoreDataError, procoreErrorMessage } from './errors';
import { ProcoreRateLimiter } from './rate-limit';
import {
  commitmentSchema,
  costCodeSchema,
  directCostSchema,
  lineItemSchema,
  parseRecord,
  parseRecords,
  projectSchema,
  syncAnswerSchema,
  vendorSchema,
  type ProcoreCommitment,
  type ProcoreCostCodeRecord,
  type ProcoreDirectCost,
  type ProcoreLineItem,
  type ProcoreProject,
  type ProcoreSyncAnswer,
  type ProcoreVendor,
} from './records';
import { procoreSettingsSchema, type ProcoreSettings, type ProcoreSettingsInput } from './settings';

export type Query = Readonly<Record<string, QueryValue>>;
export type Body = Readonly<Record<string, unknown>>;

export interface ProcorePageOptions {
  /** Records per page (`per_page`); the config node's page size when absent. */
  perPage?: number;
  signal?: AbortSignal;
  /** Told the `Total` header (on the first page, and again if it changes). */
  onTotal?: (total: number) => void;
}

export interface ProcoreClientOptions {
  /** Told about each retry before its wait (429, 5xx, network), e.g. for a node status. */
  onRetry?: (event: RetryEvent) => void;
  /** Injected in tests. */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ProcoreResponse<T> {
  status: number;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  data: T;
}

/** Most items one `/sync` call takes (C.9). */
export const PROCORE_SYNC_MAX = 1000;

const enc = encodeURIComponent;

/**
 * The HTTP side of one Procore company through a service account (DMSA): an OAuth2 client-credentials
 * token (5400 s, no refresh token: a new one ahead of expiry and once more on a 401), the company id as
 * `Procore-Company-Id` on every call (C.3: with client credentials even `/companies` needs it), at most
 * `concurrency` calls in flight, Procore's rate-limit window kept from the `X-Rate-Limit-*` headers of
 * every answer (paced before it is spent; after a 429 nothing starts before `X-Rate-Limit-Reset`),
 * retries per lib/http (429, 5xx and network errors where resending is safe), Procore's error bodies as
 * one readable line, ids as strings, and no secret in any error.
 */
export class ProcoreClient {
  readonly settings: ProcoreSettings;
  readonly rateLimiter: ProcoreRateLimiter;
  private readonly http: HttpClient;
  private readonly tokens: TokenCache;
  private readonly gate: ConcurrencyGate;

  constructor(input: ProcoreSettingsInput, options: ProcoreClientOptions = {}) {
    this.settings = procoreSettingsSchema.parse(input);
    const { configName, apiBase, tokenUrl, clientId, clientSecret, timeoutMs, retry, concurrency, paceBelow } = this.settings;
    this.tokens = oauth2TokenCache({ configName, tokenUrl, clientId, clientSecret, clientAuth: 'body', timeoutMs, ...(options.now ? { now: options.now } : {}) });
    this.gate = new ConcurrencyGate(concurrency);
    const maxWaitMs = retry?.maxElapsedMs ?? 120_000;
    this.rateLimiter = new ProcoreRateLimiter({
      paceBelow,
      maxWaitMs,
      ...(options.now ? { now: options.now } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    this.http = new HttpClient({
      system: 'procore',
      baseUrl: apiBase,
      timeoutMs,
      // A 429 without X-Rate-Limit-Reset or Retry-After waits a second at least.
      retry: { rateLimitWaitMs: 1000, ...retry },
      headers: { 'user-agent': 'ml-connector (Node-RED)', 'procore-company-id': this.settings.companyId },
      auth: this.tokens,
      maxSockets: concurrency,
      errorMessage: procoreErrorMessage,
      beforeAttempt: (signal) => this.rateLimiter.slot(signal),
      afterAttempt: () => this.rateLimiter.settled(),
      onAnswer: (status, headers) => this.rateLimiter.observe(status, headers),
      rateLimitDelayMs: (headers) => this.rateLimiter.delayAfter429(headers),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  }

  get configName(): string {
    return this.settings.configName;
  }

  get companyId(): string {
    return this.settings.companyId;
  }

  /** Tokens fetched so far (the first, renewals ahead of expiry, renewals after a 401). */
  get tokenFetches(): number {
    return this.tokens.fetches;
  }

  /** A token now (fetched or cached): Test connection asks for one before any API call. */
  async token(signal?: AbortSignal): Promise<void> {
    try {
      await this.tokens.token(signal);
    } catch (err) {
      throw maskError(err, this.secrets());
    }
  }

  /**
   * One call, within the client's concurrency and rate-limit window; `path` is relative to the API
   * base (`/rest/v1.0/projects`). `Procore-Company-Id` goes with it. Errors carry Procore's own words
   * and no secret.
   */
  async request<T>(request: HttpRequest): Promise<ProcoreResponse<T>> {
    try {
      const response = await this.gate.run(() => this.http.request<T>(request));
      return { status: response.status, headers: response.headers, data: response.data };
    } catch (err) {
      throw maskError(explainProcoreError(err, this.configName, this.companyId), this.secrets());
    }
  }

  /**
   * Pages of a list, one at a time: 1-based `page`, `per_page`. Ends when the `Link` header has no
   * `next`, when `Total` is reached, on an empty page, or (with neither header) on a short page.
   */
  async *pages<T>(path: string, query: Query = {}, options: ProcorePageOptions = {}): AsyncGenerator<T[]> {
    const perPage = options.perPage ?? this.settings.perPage;
    let total: number | undefined;
    let seen = 0;
    for (let page = 1; ; page++) {
      const response = await this.request<unknown>({ method: 'GET', path, query: { ...query, page, per_page: perPage }, ...(options.signal ? { signal: options.signal } : {}) });
      const counted = wholeNumber(response.headers['total']);
      if (counted !== undefined && counted !== total) {
        total = counted;
        options.onTotal?.(counted);
      }
      if (response.data !== null && !Array.isArray(response.data)) throw new ProcoreDataError(`procore: ${path} answered ${typeof response.data} where a list was expected`);
      const rows = (response.data ?? []) as T[];
      seen += rows.length;
      if (rows.length > 0) yield rows;
      if (rows.length === 0) return;
      const link = response.headers['link'];
      if (link !== undefined && link.trim() !== '') {
        if (!/rel="?next"?/.test(link)) return;
        continue;
      }
      if (total !== undefined ? seen >= total : rows.length < perPage) return;
    }
  }

  /** Every page of a list, checked with `schema`. */
  async all<T>(path: string, query: Query, parse: (rows: unknown[]) => T[], options: ProcorePageOptions = {}): Promise<T[]> {
    const out: T[] = [];
    for await (const page of this.pages<unknown>(path, query, options)) out.push(...parse(page));
    return out;
  }

  /** The company's projects the service account may see (`filters[by_status]=All`: active and inactive). */
  async projects(options: ProcorePageOptions & { status?: 'Active' | 'Inactive' | 'All' } = {}): Promise<ProcoreProject[]> {
    const { status, ...paging } = options;
    return this.all('/rest/v1.0/projects', { company_id: this.companyId, ...(status ? { 'filters[by_status]': status } : {}) }, (rows) => parseRecords(projectSchema, rows, 'project'), paging);
  }

  // ---- vendors (company directory) ----

  async findVendor(originId: string, signal?: AbortSignal): Promise<ProcoreVendor | undefined> {
    const rows = await this.all('/rest/v1.0/vendors', { company_id: this.companyId, 'filters[origin_id]': originId }, (r) => parseRecords(vendorSchema, r, 'vendor'), withSignal(signal));
    return rows.find((v) => v.origin_id === originId);
  }

  /** Every vendor of the company's directory (Procore has no filter on origin_code). */
  async vendors(signal?: AbortSignal): Promise<ProcoreVendor[]> {
    return this.all('/rest/v1.0/vendors', { company_id: this.companyId }, (r) => parseRecords(vendorSchema, r, 'vendor'), withSignal(signal));
  }

  /**
   * Vendors upserted by `origin_id` (PATCH /vendors/sync, at most 1,000): always 200 with
   * `{entities, errors}`. An upsert keyed by origin_id cannot duplicate, so it is retried like a GET.
   */
  async syncVendors(updates: ReadonlyArray<Body>, signal?: AbortSignal): Promise<ProcoreSyncAnswer> {
    if (updates.length > PROCORE_SYNC_MAX) throw new RangeError(`procore: at most ${PROCORE_SYNC_MAX} vendors per sync call, not ${updates.length}`);
    const response = await this.request<unknown>({
      method: 'PATCH',
      path: '/rest/v1.0/vendors/sync',
      json: { company_id: idValue(this.companyId), updates },
      idempotent: true,
      ...(signal ? { signal } : {}),
    });
    return parseRecord(syncAnswerSchema, response.data, 'vendor sync answer');
  }

  // ---- cost codes (project-scoped; C.9, C.10) ----

  /** Every live cost code of a project: Procore documents no filter by code, so a look-up by full code reads the list. */
  async costCodes(projectId: string, signal?: AbortSignal): Promise<ProcoreCostCodeRecord[]> {
    const rows = await this.all('/rest/v1.0/cost_codes', { project_id: projectId }, (r) => parseRecords(costCodeSchema, r, 'cost code'), withSignal(signal));
    return rows.filter((c) => !c.deleted_at);
  }

  /** Not resent after an unknown outcome: the caller looks the origin_id and the code up first. */
  async createCostCode(projectId: string, code: Body, signal?: AbortSignal): Promise<ProcoreCostCodeRecord> {
    const response = await this.request<unknown>({ method: 'POST', path: '/rest/v1.0/cost_codes', json: { project_id: idValue(projectId), cost_code: code }, ...(signal ? { signal } : {}) });
    return parseRecord(costCodeSchema, response.data, 'cost code');
  }

  /** Sets values: safe to send twice, retried like a GET. */
  async updateCostCode(projectId: string, id: string, code: Body, signal?: AbortSignal): Promise<ProcoreCostCodeRecord> {
    const response = await this.request<unknown>({
      method: 'PATCH',
      path: `/rest/v1.0/cost_codes/${enc(id)}`,
      query: { project_id: projectId },
      json: { project_id: idValue(projectId), cost_code: code },
      idempotent: true,
      ...(signal ? { signal } : {}),
    });
    return parseRecord(costCodeSchema, response.data, 'cost code');
  }

  // ---- purchase order contracts (commitments) ----

  async findCommitment(projectId: string, originId: string, signal?: AbortSignal): Promise<ProcoreCommitment | undefined> {
    const rows = await this.all('/rest/v1.0/purchase_order_contracts', { project_id: projectId, 'filters[origin_id]': originId }, (r) => parseRecords(commitmentSchema, r, 'purchase order contract'), withSignal(signal));
    return rows.find((c) => c.origin_id === originId);
  }

  /** Not resent after an unknown outcome: the caller looks the origin_id up first. */
  async createCommitment(projectId: string, contract: Body, signal?: AbortSignal): Promise<ProcoreCommitment> {
    const response = await this.request<unknown>({ method: 'POST', path: '/rest/v1.0/purchase_order_contracts', json: { project_id: idValue(projectId), purchase_order_contract: contract }, ...(signal ? { signal } : {}) });
    return parseRecord(commitmentSchema, response.data, 'purchase order contract');
  }

  /** Sets values: safe to send twice, retried like a GET. */
  async updateCommitment(projectId: string, id: string, contract: Body, signal?: AbortSignal): Promise<ProcoreCommitment> {
    const response = await this.request<unknown>({
      method: 'PATCH',
      path: `/rest/v1.0/purchase_order_contracts/${enc(id)}`,
      query: { project_id: projectId },
      json: { project_id: idValue(projectId), purchase_order_contract: contract },
      idempotent: true,
      ...(signal ? { signal } : {}),
    });
    return parseRecord(commitmentSchema, response.data, 'purchase order contract');
  }

  async commitmentLineItems(projectId: string, contractId: string, signal?: AbortSignal): Promise<ProcoreLineItem[]> {
    return this.all(`/rest/v1.0/purchase_order_contracts/${enc(contractId)}/line_items`, { project_id: projectId }, (r) => parseRecords(lineItemSchema, r, 'contract line item'), withSignal(signal));
  }

  async createCommitmentLineItem(projectId: string, contractId: string, item: Body, signal?: AbortSignal): Promise<ProcoreLineItem> {
    const response = await this.request<unknown>({
      method: 'POST',
      path: `/rest/v1.0/purchase_order_contracts/${enc(contractId)}/line_items`,
      query: { project_id: projectId },
      json: { project_id: idValue(projectId), line_item: item },
      ...(signal ? { signal } : {}),
    });
    return parseRecord(lineItemSchema, response.data, 'contract line item');
  }

  async updateCommitmentLineItem(projectId: string, contractId: string, id: string, item: Body, signal?: AbortSignal): Promise<void> {
    await this.request<unknown>({
      method: 'PATCH',
      path: `/rest/v1.0/purchase_order_contracts/${enc(contractId)}/line_items/${enc(id)}`,
      query: { project_id: projectId },
      json: { project_id: idValue(projectId), line_item: item },
      idempotent: true,
      ...(signal ? { signal } : {}),
    });
  }

  /** A line the source no longer has; a 404 (already gone: a replay) is fine. */
  async deleteCommitmentLineItem(projectId: string, contractId: string, id: string, signal?: AbortSignal): Promise<void> {
    await this.request<unknown>({
      method: 'DELETE',
      path: `/rest/v1.0/purchase_order_contracts/${enc(contractId)}/line_items/${enc(id)}`,
      query: { project_id: projectId },
      acceptStatuses: [404],
      responseType: 'text',
      ...(signal ? { signal } : {}),
    });
  }

  // ---- direct costs (project-scoped, v1.1; C.9) ----

  async findDirectCost(projectId: string, originId: string, signal?: AbortSignal): Promise<ProcoreDirectCost | undefined> {
    const rows = await this.all(`/rest/v1.1/projects/${enc(projectId)}/direct_costs`, { 'filters[origin_id]': originId }, (r) => parseRecords(directCostSchema, r, 'direct cost'), withSignal(signal));
    return rows.find((c) => c.origin_id === originId);
  }

  async getDirectCost(projectId: string, id: string, signal?: AbortSignal): Promise<ProcoreDirectCost> {
    const response = await this.request<unknown>({ method: 'GET', path: `/rest/v1.1/projects/${enc(projectId)}/direct_costs/${enc(id)}`, ...(signal ? { signal } : {}) });
    return parseRecord(directCostSchema, response.data, 'direct cost');
  }

  /** Not resent after an unknown outcome: the caller looks the origin_id up first. */
  async createDirectCost(projectId: string, cost: Body, signal?: AbortSignal): Promise<ProcoreDirectCost> {
    const response = await this.request<unknown>({ method: 'POST', path: `/rest/v1.1/projects/${enc(projectId)}/direct_costs`, json: { direct_cost: cost }, ...(signal ? { signal } : {}) });
    return parseRecord(directCostSchema, response.data, 'direct cost');
  }

  async updateDirectCost(projectId: string, id: string, cost: Body, signal?: AbortSignal): Promise<ProcoreDirectCost> {
    const response = await this.request<unknown>({ method: 'PATCH', path: `/rest/v1.1/projects/${enc(projectId)}/direct_costs/${enc(id)}`, json: { direct_cost: cost }, idempotent: true, ...(signal ? { signal } : {}) });
    return parseRecord(directCostSchema, response.data, 'direct cost');
  }

  close(): void {
    this.http.close();
  }

  /** What no error may carry: the client secret and the current token. */
  private secrets(): Array<string | undefined> {
    return [this.settings.clientSecret, ...this.tokens.secrets()];
  }
}

function withSignal(signal: AbortSignal | undefined): ProcorePageOptions {
  return signal ? { signal } : {};
}

/** An id in a JSON body: a number when it is exactly one, else the decimal string. */
export function idValue(id: string): number | string {
  const n = Number(id);
  return /^\d+$/.test(id) && Number.isSafeInteger(n) ? n : id;
}

function wholeNumber(header: string | undefined): number | undefined {
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header);
}
