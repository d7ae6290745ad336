import { startSimulator, type RunningSimulator } from '../../../sandbox/kit';
import { PaylocitySimulator, type PaylocitySimulatorOptions } from '../../../sandbox/paylocity';
import { rawRequest, type RawResponse } from '../http-client';

export const DEMO = { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' };
export const LIMITED = { clientId: 'mlc-limited-client', clientSecret: 'mlc-limited-secret' };
export const COMPANY = 'MLC01';
export const API = `/api/v2/companies/${COMPANY}`;

export interface Paylocity {
  running: RunningSimulator;
  simulator: PaylocitySimulator;
  url: string;
}

export async function startPaylocity(options: PaylocitySimulatorOptions = {}, start: { dataFile?: string } = {}): Promise<Paylocity> {
  const simulator = new PaylocitySimulator(options);
  const running = await startSimulator(simulator, { port: 0, ...start });
  return { running, simulator, url: running.url };
}

export function basic(user: string, password: string): string {
  return `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
}

/** A WebLink token for a client (Basic header, the documented way). */
export async function token(url: string, client = DEMO): Promise<string> {
  const response = await rawRequest(`${url}/IdentityServer/connect/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic(client.clientId, client.clientSecret) },
    body: 'grant_type=client_credentials&scope=WebLinkAPI',
  });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${response.body}`);
  return (JSON.parse(response.body) as { access_token: string }).access_token;
}

export interface CallOptions {
  method?: string;
  token?: string | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Answer = RawResponse & { json: () => unknown };

export async function call(url: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await rawRequest(`${url}${path}`, { method: options.method ?? 'GET', headers, body });
  return { ...response, json: () => JSON.parse(response.body) as unknown };
}

/** GET that must answer 200 with a JSON body. */
export async function get<T = unknown>(url: string, path: string, bearer: string): Promise<T> {
  const response = await call(url, path, { token: bearer });
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.body}`);
  return response.json() as T;
}

/** Every page of a WebLink list, following X-Pcty-Total-Count. */
export async function allPages<T = Record<string, unknown>>(url: string, path: string, bearer: string, pageSize: number): Promise<T[]> {
  const out: T[] = [];
  const separator = path.includes('?') ? '&' : '?';
  for (let page = 0; ; page += 1) {
    const response = await call(url, `${path}${separator}pagesize=${pageSize}&pagenumber=${page}`, { token: bearer });
    if (response.status !== 200) throw new Error(`GET ${path} page ${page}: ${response.status} ${response.body}`);
    const rows = response.json() as T[];
    out.push(...rows);
    const total = Number(response.headers['x-pcty-total-count']);
    if (rows.length === 0 || out.length >= total) return out;
  }
}

export const cents = (value: unknown): number => Math.round(Number(value) * 100);
