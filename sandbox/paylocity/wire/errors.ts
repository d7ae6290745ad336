import { HttpError } from '../../kit';
import type { CompanyCode } from '../model';

/**
 * WebLink's error body: an array of `{field, message, path, options}`, for 400, 404 and 500 alike
 * (`options` lists the valid values of an enumerated field). 401, 403 and 429 have empty bodies.
 */
export interface WebLinkError {
  field: string;
  message: string;
  path: string;
  options: CompanyCode[];
}

export function fieldError(field: string, message: string, path = `$.${field}`, options: readonly CompanyCode[] = []): WebLinkError {
  return { field, message, path, options: options.map(({ code, description }) => ({ code, description })) };
}

export function badRequest(errors: WebLinkError[]): HttpError {
  return new HttpError(400, errors);
}

export function notFound(field: string, message: string): HttpError {
  return new HttpError(404, [fieldError(field, message, `$.${field}`)]);
}

/** An empty body, as the spec has it; `WWW-Authenticate` as any bearer-protected .NET API sends it. */
export function unauthorized(): HttpError {
  return new HttpError(401, '', { headers: { 'www-authenticate': 'Bearer' } });
}

export function forbidden(): HttpError {
  return new HttpError(403, '');
}
