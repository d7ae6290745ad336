import { HttpError, type SandboxRequest } from '../kit';

/** Looker's `documentation_url`s point at the error's page for the method and route. */
export function docUrl(status: number, request?: Pick<SandboxRequest, 'method' | 'path'>): string {
  const route = request ? `${request.method.toLowerCase()}${request.path.replace(/^\/api\/4\.0/, '')}` : '';
  return `https://cloud.google.com/looker/docs/r/err/4.0/${status}/${route}`;
}

/** The `Error` shape (C.2) for 400, 401, 403, 404, 409, 429. */
export function lookerError(status: number, message: string, request?: Pick<SandboxRequest, 'method' | 'path'>): HttpError {
  return new HttpError(status, { message, documentation_url: docUrl(status, request) });
}

export interface FieldError {
  field: string;
  code: 'missing' | 'invalid' | 'already_exists';
  message: string;
}

/** The `ValidationError` shape (C.2): 422 "Validation Failed" with one entry per problem. */
export function validationError(errors: FieldError[], request?: Pick<SandboxRequest, 'method' | 'path'>): HttpError {
  const documentation_url = docUrl(422, request);
  return new HttpError(422, { message: 'Validation Failed', errors: errors.map((error) => ({ ...error, documentation_url })), documentation_url });
}

export const notFound = (request?: Pick<SandboxRequest, 'method' | 'path'>): HttpError => lookerError(404, 'Not found', request);
export const requiresAuthentication = (request?: Pick<SandboxRequest, 'method' | 'path'>): HttpError => lookerError(401, 'Requires authentication', request);
