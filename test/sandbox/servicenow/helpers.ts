import { startSimulator, type RunningSimulator } from '../../../sandbox/kit';
import { INTEGRATION_USER, ServiceNowSimulator, type SandboxUser, type ServiceNowSimulatorOptions } from '../../../sandbox/servicenow';
import { rawRequest, type RawResponse } from '../http-client';

export interface ServiceNow {
  running: RunningSimulator;
  simulator: ServiceNowSimulator;
  url: string;
}

export async function startServiceNow(options: ServiceNowSimulatorOptions = {}, start: { dataFile?: string } = {}): Promise<ServiceNow> {
  const simulator = new ServiceNowSimulator(options);
  const running = await startSimulator(simulator, { port: 0, ...start });
  return { running, simulator, url: running.url };
}

export interface CallOptions {
  method?: string;
  /** Basic auth as this user (default the integration user); null: no Authorization header. */
  user?: Pick<SandboxUser, 'userName' | 'password'> | null;
  token?: string;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Answer = RawResponse & { json: <T = any>() => T };

export async function call(url: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
  const user = options.user === undefined ? INTEGRATION_USER : options.user;
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  else if (user) headers.authorization = `Basic ${Buffer.from(`${user.userName}:${user.password}`).toString('base64')}`;
  let body: string | undefined;
  if (options.body !== undefined) {
    headers['content-type'] ??= 'application/json';
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body);
  }
  const response = await rawRequest(`${url}${path}`, { method: options.method ?? 'GET', headers, body });
  return { ...response, json: <T,>() => JSON.parse(response.body) as T };
}

export async function tokenRequest(url: string, form: Record<string, string>): Promise<Answer> {
  return call(url, '/oauth_token.do', { method: 'POST', user: null, body: new URLSearchParams(form).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } });
}

export const q = (value: string): string => encodeURIComponent(value);
