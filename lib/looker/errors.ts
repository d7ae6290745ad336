// Looker's error bodies (C.2): `Error` {message, documentation_url} for 400/403/404/409/429, and for 422
// `ValidationError` {message: "Validation Failed", errors[{field, code, message, documentation_url}]}.
// A failed call becomes a LookerError: still an HttpError (flows branch on the same codes) that keeps
// Looker's own message, its documentation link and the field errors, and names the operation.
import { z } from 'zod';
import { HttpError, isHttpError, type HttpErrorDetails } from '../http/errors';

export const lookerErrorBodySchema = z
  .object({
    message: z.string().nullish(),
    documentation_url: z.string().nullish(),
    errors: z
      .array(z.object({ field: z.string().nullish(), code: z.string().nullish(), message: z.string().nullish(), documentation_url: z.string().nullish() }).passthrough())
      .nullish(),
  })
  .passthrough();

export interface LookerFieldError {
  field?: string;
  code?: string;
  message?: string;
}

export type LookerOperation =
  | 'login'
  | 'logout'
  | 'models'
  | 'explore fields'
  | 'inline query'
  | 'run look'
  | 'run scheduled plan'
  | 'datagroups'
  | 'trigger datagroup'
  | 'user'
  | 'connections';

export class LookerError extends HttpError {
  readonly operation: LookerOperation;
  /** Looker's own `message`, when its body had one. */
  readonly lookerMessage?: string;
  readonly documentationUrl?: string;
  /** A 422's field errors. */
  readonly validationErrors?: LookerFieldError[];

  constructor(code: HttpError['code'], message: string, details: HttpErrorDetails & { operation: LookerOperation; lookerMessage?: string; documentationUrl?: string; validationErrors?: LookerFieldError[] }) {
    super(code, message, details);
    this.name = 'LookerError';
    this.operation = details.operation;
    if (details.lookerMessage !== undefined) this.lookerMessage = details.lookerMessage;
    if (details.documentationUrl !== undefined) this.documentationUrl = details.documentationUrl;
    if (details.validationErrors !== undefined) this.validationErrors = details.validationErrors;
  }
}

/** Looker's own error as a flow reads it (msg.error.cause at a Catch node): its status, message, documentation link and field errors. */
export function lookerErrorBody(err: LookerError): { status?: number; message?: string; documentation_url?: string; errors?: LookerFieldError[] } {
  return {
    ...(err.status !== undefined ? { status: err.status } : {}),
    ...(err.lookerMessage !== undefined ? { message: err.lookerMessage } : {}),
    ...(err.documentationUrl !== undefined ? { documentation_url: err.documentationUrl } : {}),
    ...(err.validationErrors !== undefined ? { errors: err.validationErrors } : {}),
  };
}

export function isLookerError(value: unknown): value is LookerError {
  return value instanceof LookerError;
}

const HINTS: Partial<Record<HttpError['code'], string>> = {
  MLC_HTTP_UNAUTHORIZED: 'Looker refused the token also after a fresh login: check the API client id and secret and that the user is not disabled',
  MLC_HTTP_FORBIDDEN: 'the API user lacks the permission for this (e.g. see_schedules, update datagroups, or access to the model)',
};

function fieldErrors(errors: z.output<typeof lookerErrorBodySchema>['errors']): LookerFieldError[] | undefined {
  if (!errors || errors.length === 0) return undefined;
  return errors.map((e) => ({ ...(e.field ? { field: e.field } : {}), ...(e.code ? { code: e.code } : {}), ...(e.message ? { message: e.message } : {}) }));
}

/** The error for a non-2xx answer whose body the client read itself (so Looker's link and field errors are kept). */
export function lookerErrorFromAnswer(
  status: number,
  body: unknown,
  call: { operation: LookerOperation; method: string; path: string; attempts: number; configName: string },
  code: HttpError['code'],
  mask: (text: string) => string,
): LookerError {
  const parsed = lookerErrorBodySchema.safeParse(body);
  const said = parsed.success ? parsed.data : undefined;
  const validationErrors = fieldErrors(said?.errors)?.map((e) => ({ ...e, ...(e.message !== undefined ? { message: mask(e.message) } : {}) }));
  const lookerMessage = said?.message ? mask(said.message) : undefined;
  const documentationUrl = said?.documentation_url ? mask(said.documentation_url) : undefined;
  const fields = validationErrors?.map((e) => `${e.field ?? '?'}: ${e.message ?? e.code ?? 'invalid'}`).join('; ');
  const hint = HINTS[code];
  const text = [lookerMessage, fields].filter((p) => p).join(': ');
  const doc = documentationUrl ? ` (see ${documentationUrl})` : '';
  const message = mask(`looker ${call.operation} failed (HTTP ${status}): ${call.method} ${call.path}${text ? `: ${text}` : ''}${doc}${hint ? `. ${hint}` : ''}`);
  return new LookerError(code, message, {
    system: 'looker',
    method: call.method,
    path: call.path,
    attempts: call.attempts,
    transient: false,
    status,
    configName: call.configName,
    operation: call.operation,
    ...(lookerMessage ? { systemMessage: lookerMessage, lookerMessage } : {}),
    ...(documentationUrl ? { documentationUrl } : {}),
    ...(validationErrors ? { validationErrors } : {}),
  });
}

/** Any other failure of a call (timeout, network, 401, 429, 5xx) named by its operation; other errors pass through. */
export function explainLookerError(err: unknown, operation: LookerOperation, configName: string): unknown {
  if (!isHttpError(err) || err instanceof LookerError) return err;
  const hint = HINTS[err.code];
  const status = err.status !== undefined ? ` (HTTP ${err.status})` : '';
  return new LookerError(err.code, `looker ${operation} failed${status}: ${err.message.replace(/^looker: /, '')}${hint ? `. ${hint}` : ''}`, {
    system: err.system,
    method: err.method,
    path: err.path,
    attempts: err.attempts,
    transient: err.transient,
    configName: err.configName ?? configName,
    operation,
    ...(err.status !== undefined ? { status: err.status } : {}),
    ...(err.systemMessage !== undefined ? { systemMessage: err.systemMessage, lookerMessage: err.systemMessage } : {}),
    ...(err.retryAfterMs !== undefined ? { retryAfterMs: err.retryAfterMs } : {}),
  });
}

/** What Looker sent does not have the documented shape, or a setting cannot name anything in Looker. */
export class LookerInputError extends Error {
  readonly code: 'MLC_LOOKER_INPUT' | 'MLC_LOOKER_BAD_DATA' | 'MLC_LOOKER_NOT_FOUND';
  constructor(message: string, code: LookerInputError['code'] = 'MLC_LOOKER_INPUT') {
    super(message);
    this.name = 'LookerInputError';
    this.code = code;
  }
}
