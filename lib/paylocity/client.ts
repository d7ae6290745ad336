import { oauth2TokenCache } from '../auth/oauth2';
import type { TokenCache } from '../auth/token-cache';
import { HttpClient } from '../http/client';
import type { HttpRequest, QueryValue, RetryEvent } from '../http/types';
import { ConcurrencyGate } from '../util/concurrency-gate';
import { maskError } from '../util/mask-secrets';
import { Pacer } from '../util/pacer';
import { explainPaylocityError, paylocityErrorMessage, PaylocityDataError } from './errors';
import {
  companyCodeSchema,
  employeeListItemSchema,
  employeeSchema,
  newHireAnswerSchema,
  parseRecord,
  parseRecords,
  payStatementDetailSchema,
  payStatementSummarySchema,
  type CompanyCode,
  type PayStatementDetail,
  type PayStatementSummary,
  type PaylocityEmployee,
  type PaylocityEmployeeListItem,
} from './records';
import { paylocitySettingsSchema, type PaylocitySettings, type PaylocitySettingsInput } from './settings';

export type Query = Readonly<Record<string, QueryValue>>;

export interface PaylocityPageOptions {
  /** Records per page (`pagesize`); the config node's page size when absent. */
  pageSize?: number;
  signal?: AbortSignal;
  /** Told the `X-Pcty-Total-Count` Paylocity sends (on the first page, and again if it changes). */
  onTotal?: (total: number) => void;
  /** A 404 means "nothing here" (pay statements of a year with none), not an error. */
  notFoundIsEmpty?: boolean;
}

export interface PaylocityClientOptions {
  /** Told about each retry before its wait (429, 5xx, network), e.g. for a node status. */
  onRetry?: (event: RetryEvent) => void;
}

export interface PaylocityResponse<T> {
  status: number;
  /** Lower-case header names. */
  headers: Readonly<Record<string, string>>;
  data: T;
}

/** The codes resources WebLink documents (B.3), plus department and location that integrations use. */
export const PAYLOCITY_CODE_RESOURCES = ['costcenter1', 'costcenter2', 'costcenter3', 'deductions', 'earnings', 'taxes', 'paygrade', 'positions', 'department', 'location'] as const;

/** Paylocity publishes no Retry-After; after a 429 wait at least a second (its limit is per second). */
export const PAYLOCITY_RATE_LIMIT_WAIT_MS = 1000;

const TOTAL_HEADER = 'x-pcty-total-count';

/**
 * The HTTP side of one Paylocity WebLink client and company: an OAuth2 client-credentials token (scope
 * WebLinkAPI, one hour, no refresh token: a new one five minutes ahead of expiry and once more on a
 * 401), every call paced to `requestsPerSecond` and spread evenly (WebLink answers 429 beyond 25/s and
 * asks for no bursts), at most `concurrency` calls in flight, retries per lib/http (429, 5xx and
 * network errors where resending is safe), Paylocity's array errors as one line per field, and no
 * secret in any error.
 */
export class PaylocityClient {
  readonly settings: PaylocitySettings;
  private readonly http: HttpClient;
  private readonly tokens: TokenCache;
  private readonly gate: ConcurrencyGate;
  readonly pacer: Pacer;

  constructor(input: PaylocitySettingsInput, options: PaylocityClientOptions = {}) {
    this.settings = paylocitySettingsSchema.parse(input);
    const { configName, apiBase, tokenUrl, clientId, clientSecret, scope, timeoutMs, retry, concurrency, requestsPerSecond } = this.settings;
    this.tokens = oauth2TokenCache({ configName, tokenUrl, clientId, clientSecret, scope, clientAuth: 'header', timeoutMs });
    this.pacer = new Pacer(requestsPerSecond);
    this.gate = new ConcurrencyGate(concurrency);
    this.http = new HttpClient({
      system: 'paylocity',
      baseUrl: apiBase,
      timeoutMs,
      retry: { rateLimitWaitMs: PAYLOCITY_RATE_LIMIT_WAIT_MS, ...retry },
      headers: { 'user-agent': 'ml-connector (Node-RED)' },
      auth: this.tokens,
      maxSockets: concurrency,
      errorMessage: paylocityErrorMessage,
      beforeAttempt: (signal) => this.pacer.slot(signal),
      ...(options.onRetry ? { onRetry: options.onRetry } : {}),
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

  /** `/v2/companies/{companyId}` + `rest`, ids encoded: the root of every resource the pack uses. */
  companyPath(rest = ''): string {
    const tail = rest === '' ? '' : rest.startsWith('/') ? rest : `/${rest}`;
    return `/v2/companies/${encodeURIComponent(this.companyId)}${tail}`;
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
   * One call, paced and bounded like every other; `path` is relative to the API base
   * (`/v2/companies/C01/employees`; see companyPath). Errors name the field errors Paylocity sent and
   * carry no secret.
   */
  async request<T>(request: HttpRequest): Promise<PaylocityResponse<T>> {
    try {
      const response = await this.gate.run(() => this.http.request<T>(request));
      return { status: response.status, headers: response.headers, data: response.data };
    } catch (err) {
      throw maskError(explainPaylocityError(err, this.configName, this.companyId), this.secrets());
    }
  }

  /**
   * Pages of a list under the company (`path` relative to `/v2/companies/{companyId}`), one at a time:
   * 0-based `pagenumber`, `pagesize`, `includetotalcount=true`. Stops on an empty page, when the
   * `X-Pcty-Total-Count` is reached, or, without a count, on a short page. With a count a short page does
   * not end the list: Paylocity publishes no maximum page size and may serve fewer rows than asked.
   */
  async *pages<T>(path: string, query: Query = {}, options: PaylocityPageOptions = {}): AsyncGenerator<T[]> {
    const pageSize = options.pageSize ?? this.settings.pageSize;
    const full = this.companyPath(path);
    let total: number | undefined;
    let seen = 0;
    for (let page = 0; ; page++) {
      const response = await this.request<unknown>({
        method: 'GET',
        path: full,
        query: { ...query, pagesize: pageSize, pagenumber: page, includetotalcount: true },
        ...(options.notFoundIsEmpty ? { acceptStatuses: [404] } : {}),
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (response.status === 404) return;
      const counted = totalOf(response.headers[TOTAL_HEADER]);
      if (counted !== undefined && counted !== total) {
        total = counted;
        options.onTotal?.(counted);
      }
      if (response.data !== null && !Array.isArray(response.data)) {
        throw new PaylocityDataError(`paylocity: ${full} answered ${typeof response.data} where a list was expected`);
      }
      const rows = (response.data ?? []) as T[];
      seen += rows.length;
      if (rows.length > 0) yield rows;
      if (rows.length === 0) return;
      if (total !== undefined ? seen >= total : rows.length < pageSize) return;
    }
  }

  /** Pages of the employee list: ids and status only (the details are one GET per employee). */
  async *listEmployees(options: Omit<PaylocityPageOptions, 'notFoundIsEmpty'> & { query?: Query } = {}): AsyncGenerator<PaylocityEmployeeListItem[]> {
    const { query, ...paging } = options;
    for await (const page of this.pages<unknown>('/employees', query ?? {}, paging)) {
      yield parseRecords(employeeListItemSchema, page, 'employee list entry');
    }
  }

  /**
   * One employee, all of it; undefined when Paylocity does not know the id (404). WebLink types the
   * answer as an array while one object may be what it sends (F.2, unconfirmed): both are taken.
   */
  async getEmployee(employeeId: string, signal?: AbortSignal): Promise<PaylocityEmployee | undefined> {
    const response = await this.request<unknown>({
      method: 'GET',
      path: this.companyPath(`/employees/${encodeURIComponent(employeeId)}`),
      acceptStatuses: [404],
      ...(signal ? { signal } : {}),
    });
    if (response.status === 404) return undefined;
    const data = Array.isArray(response.data) ? response.data[0] : response.data;
    if (data === undefined || data === null) return undefined;
    return parseRecord(employeeSchema, data, `employee ${employeeId}`);
  }

  /** Pay statement summaries of one employee for a year, or one check date (`YYYY-MM-DD`); [] when there are none (404). */
  async payStatementSummaries(employeeId: string, year: number | string, checkDate?: string, signal?: AbortSignal): Promise<PayStatementSummary[]> {
    return this.payStatements('summary', payStatementSummarySchema, employeeId, year, checkDate, signal);
  }

  /** Pay statement lines (earnings, deductions, taxes) of one employee for a year or a check date, all pages; [] on 404. */
  async payStatementDetails(employeeId: string, year: number | string, checkDate?: string, signal?: AbortSignal): Promise<PayStatementDetail[]> {
    return this.payStatements('details', payStatementDetailSchema, employeeId, year, checkDate, signal);
  }

  /** A company code list (`costcenter1`, `positions`, ...): [{code, description}]. */
  async companyCodes(resource: string, signal?: AbortSignal): Promise<CompanyCode[]> {
    const response = await this.request<unknown>({
      method: 'GET',
      path: this.companyPath(`/codes/${encodeURIComponent(resource)}`),
      ...(signal ? { signal } : {}),
    });
    return parseRecords(companyCodeSchema, response.data, `${resource} code`);
  }

  /**
   * A new hire (POST employees): the employee id Paylocity answers (201 `[{"employeeId"}]`). Never
   * resent after an unknown outcome (timeout, cut answer, 5xx): the caller looks the employee up first.
   */
  async createEmployee(body: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<string> {
    const response = await this.request<unknown>({ method: 'POST', path: this.companyPath('/employees'), json: body, ...(signal ? { signal } : {}) });
    const parsed = newHireAnswerSchema.safeParse(response.data);
    if (!parsed.success) throw new PaylocityDataError(`paylocity: the new hire was answered ${response.status} without an employee id`);
    return parsed.data[0]!.employeeId;
  }

  /**
   * Changes only the fields given (PATCH, 200 with no body). It sets values, so sending it twice leaves
   * the employee as once: it is retried after a timeout or a 5xx like a GET.
   */
  async updateEmployee(employeeId: string, patch: Readonly<Record<string, unknown>>, signal?: AbortSignal): Promise<void> {
    await this.request<unknown>({
      method: 'PATCH',
      path: this.companyPath(`/employees/${encodeURIComponent(employeeId)}`),
      json: patch,
      idempotent: true,
      responseType: 'text',
      ...(signal ? { signal } : {}),
    });
  }

  close(): void {
    this.http.close();
  }

  private async payStatements<T>(
    kind: 'summary' | 'details',
    schema: Parameters<typeof parseRecords<T>>[0],
    employeeId: string,
    year: number | string,
    checkDate: string | undefined,
    signal: AbortSignal | undefined,
  ): Promise<T[]> {
    const path = `/employees/${encodeURIComponent(employeeId)}/paystatement/${kind}/${encodeURIComponent(String(year))}${checkDate ? `/${encodeURIComponent(checkDate)}` : ''}`;
    const out: T[] = [];
    for await (const page of this.pages<unknown>(path, {}, { notFoundIsEmpty: true, ...(signal ? { signal } : {}) })) {
      out.push(...parseRecords(schema, page, `pay statement ${kind === 'summary' ? 'summary' : 'line'} of employee ${employeeId}`));
    }
    return out;
  }

  /** What no error may carry: the client secret, the Basic header made of it, the current token. */
  private secrets(): Array<string | undefined> {
    const { clientId, clientSecret } = this.settings;
    return [clientSecret, Buffer.from(`${clientId}:${clientSecret}`, 'utf8').toString('base64'), ...this.tokens.secrets()];
  }
}

function totalOf(header: string | undefined): number | undefined {
  if (header === undefined || !/^\s*\d+\s*$/.test(header)) return undefined;
  return Number(header);
}
