import { startSimulator, type RunningSimulator } from '../../../sandbox/kit';
import { COMPANY_ID, ProcoreSimulator, type ProcoreSimulatorOptions } from '../../../sandbox/procore';
import { rawRequest, type RawResponse } from '../http-client';

export const DEMO = { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' };
export const LIMITED = { clientId: 'mlc-limited-client', clientSecret: 'mlc-limited-secret' };
export const COMPANY = COMPANY_ID;

export interface Procore {
  running: RunningSimulator;
  simulator: ProcoreSimulator;
  url: string;
}

export async function startProcore(options: ProcoreSimulatorOptions = {}, start: { dataFile?: string } = {}): Promise<Procore> {
  const simulator = new ProcoreSimulator(options);
  const running = await startSimulator(simulator, { port: 0, ...start });
  return { running, simulator, url: running.url };
}

export async function token(url: string, client = DEMO): Promise<string> {
  const response = await rawRequest(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ grant_type: 'client_credentials', client_id: client.clientId, client_secret: client.clientSecret }),
  });
  if (response.status !== 200) throw new Error(`token: ${response.status} ${response.body}`);
  return (JSON.parse(response.body) as { access_token: string }).access_token;
}

export interface CallOptions {
  method?: string;
  token?: string | null;
  company?: number | null;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Answer = RawResponse & { json: <T = any>() => T };

export async function call(url: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.company !== null) headers['procore-company-id'] = String(options.company ?? COMPANY);
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(options.body);
  }
  const response = await rawRequest(`${url}${path}`, { method: options.method ?? 'GET', headers, body });
  return { ...response, json: <T,>() => JSON.parse(response.body) as T };
}
