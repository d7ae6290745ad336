import { HttpError } from '../../kit';

/**
 * UKG's error bodies. Only the 400 shape is in the spec (the generic `Error` with a modelstate); the
 * 401, 403 and 404 bodies are the sandbox's choice, kept small and JSON except 401 (plain text).
 */

export function badRequest(field: string, message: string): HttpError {
  return new HttpError(400, {
    type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1',
    title: 'One or more validation errors occurred.',
    status: 400,
    errors: { [field]: [message] },
  });
}

export function unauthorized(reason: string): HttpError {
  return new HttpError(401, `Unauthorized: ${reason}`, { headers: { 'www-authenticate': 'Basic realm="UKG Pro"' } });
}

export function forbidden(user: string, webService: string, role: string): HttpError {
  return new HttpError(403, {
    title: 'Forbidden',
    status: 403,
    detail: `Service account '${user}' does not have the "${role}" role for the "${webService}" web service.`,
    webService,
    role,
  });
}

/** List endpoints answer 404 rather than `[]` when nothing matches. */
export function noRecords(): HttpError {
  return new HttpError(404, { title: 'Not Found', status: 404, detail: 'No records found.' });
}

export function notFound(detail: string): HttpError {
  return new HttpError(404, { title: 'Not Found', status: 404, detail });
}
