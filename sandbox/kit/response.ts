import { STATUS_CODES } from 'node:http';

/**
 * What a route handler returns. Handlers build a value instead of writing to the socket so the server can
 * still decorate it (rate-limit headers) or cut it short (the reset-mid-body fault) before it goes out.
 */
export interface SandboxResponse {
  status: number;
  headers: Record<string, string | string[]>;
  body: Buffer | string;
}

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

export interface ResponseInit {
  status?: number;
  headers?: Record<string, string | string[]>;
}

/** `value` is `unknown` so simulators can pass their typed records straight through `JSON.stringify`. */
export function json(value: unknown, init: ResponseInit = {}): SandboxResponse {
  return withBody('application/json; charset=utf-8', JSON.stringify(value), init);
}

export function text(value: string, init: ResponseInit = {}): SandboxResponse {
  return withBody('text/plain; charset=utf-8', value, init);
}

/** XML-RPC clients expect `text/xml`; pass another content type in `init.headers` when a system differs. */
export function xml(value: string, init: ResponseInit = {}): SandboxResponse {
  return withBody('text/xml; charset=utf-8', value, init);
}

export function empty(status = 204, headers: Record<string, string | string[]> = {}): SandboxResponse {
  return { status, headers: { ...headers }, body: '' };
}

/** A string body goes out as text, anything else as JSON; `undefined` gives the status's reason phrase. */
export function bodyResponse(
  status: number,
  body: unknown,
  options: { contentType?: string; headers?: Record<string, string | string[]> } = {},
): SandboxResponse {
  const init = { status, headers: options.headers };
  const response =
    body === undefined
      ? text(STATUS_CODES[status] ?? `HTTP ${status}`, init)
      : typeof body === 'string'
        ? text(body, init)
        : json(body, init);
  if (options.contentType) setHeader(response, 'content-type', options.contentType);
  return response;
}

/** Sets a header, replacing one of the same name in any letter case. */
export function setHeader(response: SandboxResponse, name: string, value: string | string[]): void {
  for (const existing of Object.keys(response.headers)) {
    if (existing.toLowerCase() === name.toLowerCase()) delete response.headers[existing];
  }
  response.headers[name] = value;
}

export function hasHeader(response: SandboxResponse, name: string): boolean {
  return Object.keys(response.headers).some((key) => key.toLowerCase() === name.toLowerCase());
}

/**
 * Throw from a handler (or a body reader) to answer with this response; the server catches it.
 * Handy deep inside validation code where returning a response would be awkward.
 */
export class HttpError extends Error {
  readonly response: SandboxResponse;

  constructor(status: number, body?: unknown, options: { contentType?: string; headers?: Record<string, string> } = {}) {
    super(`HTTP ${status}${typeof body === 'string' ? `: ${body}` : ''}`);
    this.name = 'HttpError';
    this.response = bodyResponse(status, body, options);
  }
}

function withBody(contentType: string, body: string, init: ResponseInit): SandboxResponse {
  const response: SandboxResponse = { status: init.status ?? 200, headers: { ...init.headers }, body };
  if (!hasHeader(response, 'content-type')) response.headers['content-type'] = contentType;
  return response;
}
