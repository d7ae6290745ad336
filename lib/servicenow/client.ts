import type { TokenCache } from '../auth/token-cache';
import { HttpClient } from '../http/client';
import type { HttpRequest, QueryValue, RetryEvent } from '../http/types';
import { ConcurrencyGate } from '../util/concurrency-gate';
import { maskError } from '../util/mask-secrets';
import { serviceNowAuth } from './auth';
import { checkField, checkRawQuery, encodeQuery, type QuerySpec } from './encoded-query';
import { explainServiceNowError, ServiceNowImportError, ServiceNowInputError, serviceNowErrorMessage, type ServiceNowOperation } from './errors';
import { ServiceNowRateGate } from './rate-gate';
import {
  importResultSchema,
  importRowOutcome,
  insertMultipleAnswerSchema,
  listEnvelopeSchema,
  parseWith,
  recordEnvelopeSchema,
  stringValues,
  type ImportResult,
  type ImportRowOutcome,
  type InsertMultipleAnswer,
  type ServiceNowRow,
} from './records';
import { serviceNowSettingsSchema, type ServiceNowSettings, type ServiceNowSettingsInput } from './settings';

export type DisplayValue = boolean | 'all';

export interface ReadOptions {
  /** Columns to return (`sysparm_fields`); all when absent. */
  fields?: ReadonlyArray<string>;
  /** `sysparm_display_value`: false (stored values), true (display strings), 'all' (both). */
  displayValue?: DisplayValue;
  /** Drop the `link` of references (`sysparm_exclude_reference_link`). */
  excludeReferenceLink?: boolean;
  signal?: AbortSignal;
}

export interface ListOptions extends ReadOptions {
  /** An encoded query: built from parts (escaped), or as a person typed it. */
  query?: QuerySpec | string;
  /** Rows per page (`sysparm_limit`); the config node's page size when absent. */
  pageSize?: number;
  /** Where to start (`sysparm_offset`). */
  offset?: number;
  /** Told `X-Total-Count` (on the first page, and again when it changes). */
  onTotal?: (total: number) => void;
}

export interface WriteOptions {
  signal?: AbortSignal;
  /** `sysparm_input_display_value`: references given by display name, dates in the user's zone. */
  inputDisplayValue?: boolean;
  fields?: ReadonlyArray<string>;
}

export interface ServiceNowClientOptions {
  /** Told about each retry before its wait (429, 5xx, network), e.g. for a node status. */
  onRetry?: (event: RetryEvent) => void;
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

export interface ServiceNowResponse<T> {
  status: number;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  data: T;
}

/** Where a call is about, for its error. */
interface About {
  operation: ServiceNowOperation;
  table?: string;
}

const TABLE = /^[A-Za-z0-9_]+$/;
const SYS_ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Columns a staging row's transform outcome is read from. */
const IMPORT_ROW_COLUMNS = ['sys_id', 'sys_import_row', 'sys_import_state', 'sys_import_state_comment', 'sys_row_error', 'sys_target_table', 'sys_target_sys_id', 'sys_transform_map'];

function checkTable(table: string): string {
  if (!TABLE.test(table)) throw new ServiceNowInputError(`servicenow: "${table}" is not a table name (letters, digits and underscores)`);
  return table;
}

function checkSysId(sysId: string, table: string): string {
  if (!SYS_ID.test(sysId)) throw new ServiceNowInputError(`servicenow: "${sysId}" is not a sys_id of ${table}`, table);
  return sysId;
}

function withSignal(signal: AbortSignal | undefined): { signal?: AbortSignal } {
  return signal ? { signal } : {};
}

/**
 * The HTTP side of one ServiceNow instance as one user: Basic or an OAuth2 token from `/oauth_token.do`
 * (about 30 minutes: renewed ahead, with the refresh token when given, and once on a 401), at most
 * `concurrency` calls in flight, one rate-limit gate for all of them (after a 429 nothing starts before
 * its Retry-After), retries per lib/http, every value sent as a string, ServiceNow's error envelope
 * read into a ServiceNowError that names the table, and no secret in any error.
 */
export class ServiceNowClient {
  readonly settings: ServiceNowSettings;
  readonly rateGate: ServiceNowRateGate;
  private readonly http: HttpClient;
  private readonly tokens: TokenCache | undefined;
  private readonly gate: ConcurrencyGate;

  constructor(input: ServiceNowSettingsInput, options: ServiceNowClientOptions = {}) {
    this.settings = serviceNowSettingsSchema.parse(input);
    const { instanceUrl, timeoutMs, retry, concurrency } = this.settings;
    const { auth, tokens } = serviceNowAuth(this.settings, options.now);
    this.tokens = tokens;
    this.gate = new ConcurrencyGate(concurrency);
    this.rateGate = new ServiceNowRateGate({
      maxWaitMs: retry?.maxElapsedMs ?? 120_000,
      ...(options.now ? { now: options.now } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
    this.http = new HttpClient({
      system: 'servicenow',
      baseUrl: instanceUrl,
      timeoutMs,
      retry: { rateLimitWaitMs: 1000, ...retry },
      headers: { 'user-agent': 'ml-connector (Node-RED)' },
      auth,
      maxSockets: concurrency,
      errorMessage: serviceNowErrorMessage,
      beforeAttempt: (signal) => this.rateGate.pass(signal),
      onAnswer: (status, headers) => this.rateGate.observe(status, headers),
      rateLimitDelayMs: () => this.rateGate.delayAfter429(),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
      ...(options.now ? { now: options.now } : {}),
      ...(options.sleep ? { sleep: options.sleep } : {}),
    });
  }

  get configName(): string {
    return this.settings.configName;
  }

  /** Tokens fetched so far (0 with Basic). */
  get tokenFetches(): number {
    return this.tokens?.fetches ?? 0;
  }

  /** A token now (OAuth modes; nothing to do with Basic): Test connection asks for one before any API call. */
  async token(signal?: AbortSignal): Promise<void> {
    if (!this.tokens) return;
    try {
      await this.tokens.token(signal);
    } catch (err) {
      throw maskError(err, this.secrets());
    }
  }

  /** One call within the concurrency limit and the rate gate; `path` is under the instance URL. */
  async request<T>(request: HttpRequest, about: About = { operation: 'call' }): Promise<ServiceNowResponse<T>> {
    try {
      const response = await this.gate.run(() => this.http.request<T>(request));
      return { status: response.status, headers: response.headers, data: response.data };
    } catch (err) {
      throw maskError(explainServiceNowError(err, { configName: this.configName, ...about }), this.secrets());
    }
  }

  // ---- Table API (B.2) ----

  /**
   * Pages of a table, in order. The next page is the `Link` header's `next` when it gives one (its
   * offset is taken; the link itself is not followed, so nothing goes to a host other than the
   * instance), else `offset + limit` while rows come back and `X-Total-Count` is not reached. A page
   * may hold fewer rows than the limit (ACLs filter after the limit), so a short page alone ends the
   * list only when ServiceNow sends neither header.
   */
  async *pages(table: string, options: ListOptions = {}): AsyncGenerator<ServiceNowRow[]> {
    checkTable(table);
    const limit = options.pageSize ?? this.settings.pageSize;
    const base = this.readQuery(options);
    if (options.query !== undefined) base['sysparm_query'] = typeof options.query === 'string' ? checkRawQuery(options.query) : encodeQuery(options.query);
    let offset = options.offset ?? 0;
    let total: number | undefined;
    for (;;) {
      const response = await this.request<unknown>(
        { method: 'GET', path: `/api/now/table/${table}`, query: { ...base, sysparm_limit: limit, sysparm_offset: offset }, ...withSignal(options.signal) },
        { operation: 'list', table },
      );
      const rows = parseWith(listEnvelopeSchema, response.data ?? { result: [] }, `the list of ${table}`, table).result;
      const counted = wholeNumber(response.headers['x-total-count']);
      if (counted !== undefined && counted !== total) {
        total = counted;
        options.onTotal?.(counted);
      }
      if (rows.length > 0) yield rows;
      const link = response.headers['link'];
      let next: number | undefined;
      if (link !== undefined && link.trim() !== '') {
        next = nextOffset(link);
        if (next === undefined) return;
        // A link that does not move on would page forever.
        if (next <= offset) next = offset + limit;
      } else {
        if (rows.length === 0) return;
        next = offset + limit;
        if (total !== undefined ? next >= total : rows.length < limit) return;
      }
      offset = next;
    }
  }

  /** Every row of a list. */
  async list(table: string, options: ListOptions = {}): Promise<ServiceNowRow[]> {
    const out: ServiceNowRow[] = [];
    for await (const page of this.pages(table, options)) out.push(...page);
    return out;
  }

  /** One record by sys_id; undefined when ServiceNow answers 404 (missing, or hidden by an ACL). */
  async get(table: string, sysId: string, options: ReadOptions = {}): Promise<ServiceNowRow | undefined> {
    checkTable(table);
    const response = await this.request<unknown>(
      { method: 'GET', path: `/api/now/table/${table}/${encodeURIComponent(checkSysId(sysId, table))}`, query: this.readQuery(options), acceptStatuses: [404], ...withSignal(options.signal) },
      { operation: 'get', table },
    );
    if (response.status === 404) return undefined;
    return parseWith(recordEnvelopeSchema, response.data, `record ${sysId} of ${table}`, table).result;
  }

  /** POST one record (201). Not resent after a lost answer: the caller looks its correlation field up first. */
  async insert(table: string, values: Readonly<Record<string, unknown>>, options: WriteOptions = {}): Promise<ServiceNowRow> {
    checkTable(table);
    const response = await this.request<unknown>(
      { method: 'POST', path: `/api/now/table/${table}`, query: this.writeQuery(options), json: stringValues(values, table), ...withSignal(options.signal) },
      { operation: 'insert', table },
    );
    return parseWith(recordEnvelopeSchema, response.data, `the record inserted into ${table}`, table).result;
  }

  /** PATCH the given columns of one record; setting values is safe to resend. */
  async update(table: string, sysId: string, values: Readonly<Record<string, unknown>>, options: WriteOptions = {}): Promise<ServiceNowRow> {
    checkTable(table);
    const response = await this.request<unknown>(
      {
        method: 'PATCH',
        path: `/api/now/table/${table}/${encodeURIComponent(checkSysId(sysId, table))}`,
        query: this.writeQuery(options),
        json: stringValues(values, table),
        idempotent: true,
        ...withSignal(options.signal),
      },
      { operation: 'update', table },
    );
    return parseWith(recordEnvelopeSchema, response.data, `record ${sysId} of ${table}`, table).result;
  }

  /** DELETE one record: true when deleted now, false when it was already gone (404: a replay). */
  async delete(table: string, sysId: string, options: { signal?: AbortSignal } = {}): Promise<boolean> {
    checkTable(table);
    const response = await this.request<unknown>(
      {
        method: 'DELETE',
        path: `/api/now/table/${table}/${encodeURIComponent(checkSysId(sysId, table))}`,
        // B.1: Content-Type is required on DELETE too (400 without it).
        headers: { 'content-type': 'application/json' },
        acceptStatuses: [404],
        responseType: 'text',
        ...withSignal(options.signal),
      },
      { operation: 'delete', table },
    );
    return response.status !== 404;
  }

  // ---- Import Set API (B.5) ----

  /**
   * One row into a staging table, transformed at once: the result per transform map (inserted,
   * updated, ignored, skipped, error with its message). A 2xx with no result is an ImportError. Not
   * resent after a lost answer (a coalescing transform map would make it safe, but the client cannot know).
   */
  async importRow(staging: string, values: Readonly<Record<string, unknown>>, options: { signal?: AbortSignal } = {}): Promise<ImportResult> {
    checkTable(staging);
    const response = await this.request<unknown>(
      { method: 'POST', path: `/api/now/import/${staging}`, json: stringValues(values, staging), ...withSignal(options.signal) },
      { operation: 'import', table: staging },
    );
    return this.importAnswer(response.data, staging, 'import');
  }

  /** The result of an imported row read again (404 once the import set rows were cleaned up). */
  async importResult(staging: string, sysId: string, options: { signal?: AbortSignal } = {}): Promise<ImportResult> {
    checkTable(staging);
    const response = await this.request<unknown>(
      { method: 'GET', path: `/api/now/import/${staging}/${encodeURIComponent(checkSysId(sysId, staging))}`, ...withSignal(options.signal) },
      { operation: 'import result', table: staging },
    );
    return this.importAnswer(response.data, staging, 'import result');
  }

  /** Many rows into one import set; the transform runs later unless the instance made it synchronous. */
  async insertMultiple(
    staging: string,
    records: ReadonlyArray<Readonly<Record<string, unknown>>>,
    options: { multiImportSetId?: string; runAfter?: string; signal?: AbortSignal } = {},
  ): Promise<InsertMultipleAnswer> {
    checkTable(staging);
    if (records.length === 0) throw new ServiceNowInputError(`servicenow: insertMultiple into ${staging} needs at least one record`, staging);
    const query: Record<string, QueryValue> = {};
    if (options.multiImportSetId) query['multi_import_set_id'] = options.multiImportSetId;
    if (options.runAfter) query['run_after'] = options.runAfter;
    const response = await this.request<unknown>(
      { method: 'POST', path: `/api/now/import/${staging}/insertMultiple`, query, json: { records: records.map((r) => stringValues(r, staging)) }, ...withSignal(options.signal) },
      { operation: 'insertMultiple', table: staging },
    );
    if (response.data === null || response.data === undefined || response.data === '') {
      throw new ServiceNowImportError(`servicenow: insertMultiple into ${staging} answered ${response.status} with no import set id: an ACL may keep it from the user of config node "${this.configName}"`, staging);
    }
    const answer = parseWith(insertMultipleAnswerSchema, response.data, `the insertMultiple answer of ${staging}`, staging);
    return { importSetId: answer.import_set_id, ...(answer.multi_import_set_id ? { multiImportSetId: answer.multi_import_set_id } : {}) };
  }

  /** The staging rows of one import set with what their transform did so far (`pending` until it ran), in row order. */
  async importRows(staging: string, importSetId: string, options: { signal?: AbortSignal } = {}): Promise<ImportRowOutcome[]> {
    const rows = await this.list(staging, {
      query: { where: [{ field: 'sys_import_set', op: '=', value: checkSysId(importSetId, staging) }], orderBy: [{ field: 'sys_import_row' }] },
      fields: IMPORT_ROW_COLUMNS,
      excludeReferenceLink: true,
      ...withSignal(options.signal),
    });
    return rows.map(importRowOutcome);
  }

  close(): void {
    this.http.close();
  }

  private importAnswer(data: unknown, staging: string, what: string): ImportResult {
    const empty = data === null || data === undefined || data === '' || (typeof data === 'object' && Object.keys(data).length === 0);
    if (empty) {
      throw new ServiceNowImportError(
        `servicenow: ${what} into ${staging} answered with an empty body: no transform result, so nothing says the row was transformed (an ACL can cause this for the user of config node "${this.configName}")`,
        staging,
      );
    }
    const result = parseWith(importResultSchema, data, `the ${what} answer of ${staging}`, staging);
    if (result.result.length === 0) throw new ServiceNowImportError(`servicenow: ${what} into ${staging} ran no transform map (no result)`, staging);
    return result;
  }

  private readQuery(options: ReadOptions): Record<string, QueryValue> {
    const query: Record<string, QueryValue> = {};
    if (options.fields && options.fields.length > 0) query['sysparm_fields'] = options.fields.map(checkField).join(',');
    if (options.displayValue !== undefined) query['sysparm_display_value'] = String(options.displayValue);
    if (options.excludeReferenceLink) query['sysparm_exclude_reference_link'] = 'true';
    return query;
  }

  private writeQuery(options: WriteOptions): Record<string, QueryValue> {
    const query = this.readQuery(options.fields ? { fields: options.fields } : {});
    if (options.inputDisplayValue) query['sysparm_input_display_value'] = 'true';
    return query;
  }

  /** What no error may carry: the password, the client secret, the current token and refresh token. */
  private secrets(): Array<string | undefined> {
    return [this.settings.password, this.settings.clientSecret, ...(this.http.auth?.secrets() ?? [])];
  }
}

/** `sysparm_offset` of the `rel="next"` entry of a Link header, when there is one. */
export function nextOffset(link: string): number | undefined {
  for (const part of link.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>(.*)$/.exec(part);
    if (!match || !/;\s*rel="?next"?/i.test(match[2] ?? '')) continue;
    try {
      const offset = new URL(match[1] ?? '', 'http://instance').searchParams.get('sysparm_offset');
      if (offset !== null && /^\d+$/.test(offset)) return Number(offset);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function wholeNumber(header: string | undefined): number | undefined {
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header);
}
