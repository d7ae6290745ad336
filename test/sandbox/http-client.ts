import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/**
 * A bare node:http client for the kit's tests: one fresh connection per call (no agent), so a fault
 * that kills a socket affects exactly the request under test. Socket errors reject with their code.
 */
export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
  /** Abort with an ETIMEDOUT error when the socket is idle this long. */
  timeoutMs?: number;
}

export function rawRequest(url: string, options: RawRequestOptions = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('close', () => {
        if (!response.complete) {
          const partialBody = Buffer.concat(chunks).toString('utf8');
          reject(Object.assign(new Error('response cut off mid-body'), { code: 'ECONNRESET', status: response.statusCode, partialBody }));
          return;
        }
        resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks).toString('utf8') });
      });
      response.on('error', () => undefined); // reported through 'close' with the partial body
    });
    if (options.timeoutMs !== undefined) {
      request.setTimeout(options.timeoutMs, () => request.destroy(Object.assign(new Error('client timeout'), { code: 'ETIMEDOUT' })));
    }
    request.on('error', reject);
    request.end(options.body);
  });
}

/** Calls a simulator's /__sandbox/ control API with a JSON body. */
export async function control(baseUrl: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await rawRequest(`${baseUrl}/__sandbox/${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: response.body === '' ? undefined : (JSON.parse(response.body) as unknown) };
}

/** Gets a bearer token from the demo simulator. */
export async function demoToken(baseUrl: string): Promise<string> {
  const response = await rawRequest(`${baseUrl}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: 'grant_type=client_credentials&client_id=demo-client&client_secret=demo-secret',
  });
  if (response.status !== 200) throw new Error(`token request failed: ${response.status} ${response.body}`);
  return (JSON.parse(response.body) as { access_token: string }).access_token;
}
