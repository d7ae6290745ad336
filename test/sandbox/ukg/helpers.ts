import { startSimulator, type RunningSimulator } from '../../../sandbox/kit';
import { UkgSimulator, type UkgSimulatorOptions } from '../../../sandbox/ukg';
import { rawRequest, type RawResponse } from '../http-client';

export const DEMO = { username: 'mlc-demo', password: 'mlc-demo-password' };
export const LIMITED = { username: 'mlc-limited', password: 'mlc-limited-password' };
export const CUSTOMER_KEY = 'MLCDM';
export const COID = 'MLCO1';
export const TENANT = 'mlcdemo';

export interface Ukg {
  running: RunningSimulator;
  simulator: UkgSimulator;
  url: string;
}

export async function startUkg(options: UkgSimulatorOptions = {}): Promise<Ukg> {
  const simulator = new UkgSimulator(options);
  const running = await startSimulator(simulator, { port: 0 });
  return { running, simulator, url: running.url };
}

export function basic(account: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${account.username}:${account.password}`).toString('base64')}`;
}

export interface CallOptions {
  method?: string;
  account?: { username: string; password: string } | null;
  key?: string | null;
  headers?: Record<string, string>;
  body?: unknown;
}

/** One core-API call with Basic + US-Customer-Api-Key (each can be left out or replaced). */
export async function call(url: string, path: string, options: CallOptions = {}): Promise<RawResponse & { json: () => unknown }> {
  const account = options.account === undefined ? DEMO : options.account;
  const key = options.key === undefined ? CUSTOMER_KEY : options.key;
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (account) headers.authorization = basic(account);
  if (key !== null) headers['us-customer-api-key'] = key;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await rawRequest(`${url}${path}`, { method: options.method ?? 'GET', headers, body });
  return { ...response, json: () => JSON.parse(response.body) as unknown };
}

/** GET a list endpoint and return its rows; fails on anything but 200. */
export async function rows(url: string, path: string, options: CallOptions = {}): Promise<Array<Record<string, unknown>>> {
  const response = await call(url, path, options);
  if (response.status !== 200) throw new Error(`GET ${path}: ${response.status} ${response.body}`);
  const parsed = response.json();
  if (!Array.isArray(parsed)) throw new Error(`GET ${path}: not a bare array`);
  return parsed as Array<Record<string, unknown>>;
}

/** Every page of a list endpoint, looping until a short page or UKG's 404. */
export async function allPages(url: string, path: string, perPage: number, options: CallOptions = {}): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  const separator = path.includes('?') ? '&' : '?';
  for (let page = 1; ; page += 1) {
    const response = await call(url, `${path}${separator}page=${page}&per_Page=${perPage}`, options);
    if (response.status === 404) return out;
    if (response.status !== 200) throw new Error(`GET ${path} page ${page}: ${response.status} ${response.body}`);
    const batch = response.json() as Array<Record<string, unknown>>;
    out.push(...batch);
    if (batch.length < perPage) return out;
  }
}

export const cents = (value: unknown): number => Math.round(Number(value) * 100);
