import { oauth2TokenCache } from '../auth/oauth2';
import { basicAuthorization, staticAuth } from '../auth/static-auth';
import { HttpClient } from '../http/client';
import { maskError } from '../util/mask-secrets';
import type { HttpRequest, QueryValue } from '../http/types';
import { explainUkgError } from './errors';
import { UKG_RATE_LIMIT_WAIT_MS, ukgSettingsSchema, type UkgSettings, type UkgSettingsInput } from './settings';

export type Query = Readonly<Record<string, QueryValue>>;

export interface PageOptions {
  /** UKG spells it per_Page on most resources, per_page on employee-changes and pto-plans. */
  pageSizeParam?: 'per_Page' | 'per_page';
  pageSize?: number;
  signal?: AbortSignal;
}

/**
 * The HTTP side of one UKG Pro tenant: the core APIs with Basic + customer key, the token APIs with
 * OAuth2, paging the way UKG pages (bare arrays; a short page or a 404 ends the list), and 403s that
 * name the missing web-service role.
 */
export class UkgClient {
  readonly settings: UkgSettings;
  private readonly core: HttpClient;
  private readonly tokenApis: HttpClient | null;

  constructor(input: UkgSettingsInput) {
    this.settings = ukgSettingsSchema.parse(input);
    const { configName, host, username, password, customerApiKey, userApiKey, oauth, timeoutMs, retry } = this.settings;
    const limits = { timeoutMs, retry: { rateLimitWaitMs: UKG_RATE_LIMIT_WAIT_MS, ...retry } };
    const headers: Record<string, string> = { authorization: basicAuthorization(username, password), 'us-customer-api-key': customerApiKey };
    if (userApiKey) headers['x-api-key'] = userApiKey;
    this.core = new HttpClient({
      system: 'ukg',
      baseUrl: host,
      ...limits,
      headers: { 'user-agent': 'ml-connector (Node-RED)' },
      auth: staticAuth(configName, headers, [password, customerApiKey, userApiKey]),
    });
    this.tokenApis = oauth
      ? new HttpClient({
          system: 'ukg',
          baseUrl: host,
          ...limits,
          auth: oauth2TokenCache({ configName, tokenUrl: oauth.tokenUrl, clientId: oauth.clientId, clientSecret: oauth.clientSecret, ...(oauth.scope ? { scope: oauth.scope } : {}) }),
        })
      : null;
  }

  get configName(): string {
    return this.settings.configName;
  }

  /** One call of the core APIs (Basic + US-Customer-Api-Key). */
  async request<T>(request: HttpRequest): Promise<{ status: number; data: T }> {
    try {
      const response = await this.core.request<T>(request);
      return { status: response.status, data: response.data };
    } catch (err) {
      throw maskError(explainUkgError(err, this.configName), this.secrets());
    }
  }

  /** What no error may carry: the password, the API keys, the OAuth client secret. */
  private secrets(): Array<string | undefined> {
    const { password, customerApiKey, userApiKey, oauth } = this.settings;
    return [password, customerApiKey, userApiKey, oauth?.clientSecret, basicAuthorization(this.settings.username, password).slice('Basic '.length)];
  }

  /** One call of the OAuth2-protected APIs (onboarding, recruiting). */
  async tokenRequest<T>(request: HttpRequest): Promise<{ status: number; data: T }> {
    if (!this.tokenApis) throw new Error(`ukg: config node "${this.configName}" has no OAuth2 client configured for ${request.path}`);
    try {
      const response = await this.tokenApis.request<T>(request);
      return { status: response.status, data: response.data };
    } catch (err) {
      throw maskError(err, this.secrets());
    }
  }

  async get<T>(path: string, query?: Query, signal?: AbortSignal): Promise<T> {
    return (await this.request<T>({ method: 'GET', path, ...(query ? { query } : {}), ...(signal ? { signal } : {}) })).data;
  }

  /**
   * Pages of a list resource, one at a time. A 404 is UKG's "no records": the end of the list, not an
   * error. Stops at the first page shorter than asked for.
   */
  async *pages<T>(path: string, query: Query = {}, options: PageOptions = {}): AsyncGenerator<T[]> {
    const pageSize = options.pageSize ?? this.settings.pageSize;
    const param = options.pageSizeParam ?? 'per_Page';
    for (let page = 1; ; page++) {
      const response = await this.request<unknown>({
        method: 'GET',
        path,
        query: { ...query, page, [param]: pageSize },
        acceptStatuses: [404],
        ...(options.signal ? { signal: options.signal } : {}),
      });
      if (response.status === 404) return;
      const rows = asArray<T>(response.data, path);
      if (rows.length > 0) yield rows;
      if (rows.length < pageSize) return;
    }
  }

  close(): void {
    this.core.close();
    this.tokenApis?.close();
  }
}

function asArray<T>(data: unknown, path: string): T[] {
  if (Array.isArray(data)) return data as T[];
  if (data === null) return [];
  throw new Error(`ukg: ${path} answered ${typeof data} where a list was expected`);
}
