// ServiceNow's error envelope (B.2) is `{"error":{"message","detail"},"status":"failure"}` on every
// platform API; the status code is only on the status line. A failed call becomes a ServiceNowError:
// still an HttpError (flows branch on the same codes, the fault matrix treats it alike) that also names
// the table or staging table and says what a 401, an ACL 403, a 404 or a 429 means for this config node.
import { z } from 'zod';
import { defaultErrorMessage } from '../http/error-message';
import { HttpError, isHttpError, type HttpErrorCode } from '../http/errors';

const MAX_PART = 700;

const envelopeSchema = z.object({
  error: z.object({ message: z.string().nullish(), detail: z.string().nullish() }).passthrough(),
  status: z.string().optional(),
});

export interface ServiceNowSaid {
  message?: string;
  detail?: string;
}

function clip(text: string | null | undefined): string | undefined {
  if (typeof text !== 'string') return undefined;
  const one = text.replace(/\s+/g, ' ').trim();
  if (one === '') return undefined;
  return one.length <= MAX_PART ? one : `${one.slice(0, MAX_PART - 1)}…`;
}

/** ServiceNow's message and detail, when the body is its envelope. */
export function serviceNowSaid(body: unknown): ServiceNowSaid | undefined {
  const parsed = envelopeSchema.safeParse(body);
  if (!parsed.success) return undefined;
  const message = clip(parsed.data.error.message);
  const detail = clip(parsed.data.error.detail);
  if (message === undefined && detail === undefined) return undefined;
  return { ...(message !== undefined ? { message } : {}), ...(detail !== undefined && detail !== message ? { detail } : {}) };
}

/** The HTTP client's error-message extractor: `message: detail`, or what the default finds in another shape (a proxy's page, an OAuth error). */
export function serviceNowErrorMessage(body: unknown): string | undefined {
  const said = serviceNowSaid(body);
  if (said) return [said.message, said.detail].filter((p) => p !== undefined).join(': ');
  return defaultErrorMessage(body);
}

export type ServiceNowOperation = 'list' | 'get' | 'insert' | 'update' | 'delete' | 'import' | 'import result' | 'insertMultiple' | 'call';

export interface ServiceNowErrorContext {
  configName: string;
  /** The table (or the staging table of an import) the call was about, when it was about one. */
  table?: string;
  operation: ServiceNowOperation;
}

/**
 * A failed ServiceNow call. `table` and `operation` say what it was about; `acl` is true for a 403,
 * which ServiceNow gives for an ACL, a business rule or a data policy refusing it.
 */
export class ServiceNowError extends HttpError {
  readonly table?: string;
  readonly operation: ServiceNowOperation;
  readonly acl: boolean;

  constructor(cause: HttpError, message: string, context: ServiceNowErrorContext) {
    super(cause.code, message, {
      system: cause.system,
      method: cause.method,
      path: cause.path,
      attempts: cause.attempts,
      transient: cause.transient,
      configName: cause.configName ?? context.configName,
      ...(cause.status !== undefined ? { status: cause.status } : {}),
      ...(cause.systemMessage !== undefined ? { systemMessage: cause.systemMessage } : {}),
      ...(cause.retryAfterMs !== undefined ? { retryAfterMs: cause.retryAfterMs } : {}),
    });
    this.name = 'ServiceNowError';
    this.operation = context.operation;
    this.acl = cause.status === 403;
    if (context.table !== undefined) this.table = context.table;
  }
}

export function isServiceNowError(value: unknown): value is ServiceNowError {
  return value instanceof ServiceNowError;
}

const HINTS: Partial<Record<HttpErrorCode, (c: ServiceNowErrorContext) => string>> = {
  MLC_HTTP_UNAUTHORIZED: (c) => `ServiceNow refused the credentials of config node "${c.configName}", also after a fresh token: check the user, password or OAuth client, and that the account is active`,
  MLC_HTTP_FORBIDDEN: (c) => `the user of config node "${c.configName}" lacks a role or an ACL refuses this${c.table ? ` on table ${c.table}` : ''} (or a business rule or data policy stopped it)`,
  MLC_HTTP_NOT_FOUND: (c) => `${c.table ? `table ${c.table}: ` : ''}no such record, or an ACL hides it from the user of config node "${c.configName}"`,
};

/** Any failure of a call, explained for its table and operation; other errors pass through. */
export function explainServiceNowError(err: unknown, context: ServiceNowErrorContext): unknown {
  if (!isHttpError(err) || err instanceof ServiceNowError) return err;
  const about = `${context.operation}${context.table ? ` on ${context.table}` : ''}`;
  const status = err.status !== undefined ? ` (HTTP ${err.status})` : '';
  const hint = HINTS[err.code]?.(context);
  const said = err.message.replace(/^servicenow: /, '');
  return new ServiceNowError(err, `servicenow ${about} failed${status}: ${said}${hint ? `. ${hint}` : ''}`, context);
}

/** What ServiceNow sent does not have the documented shape. */
export class ServiceNowDataError extends Error {
  readonly code = 'MLC_SERVICENOW_BAD_DATA';
  constructor(
    message: string,
    readonly table?: string,
  ) {
    super(message);
    this.name = 'ServiceNowDataError';
  }
}

/** What a flow asked for cannot be sent: a table name that is not one, a value ServiceNow cannot store. */
export class ServiceNowInputError extends Error {
  readonly code = 'MLC_SERVICENOW_INPUT';
  constructor(
    message: string,
    readonly table?: string,
  ) {
    super(message);
    this.name = 'ServiceNowInputError';
  }
}

/**
 * An import answered 2xx without a transform result: ServiceNow does that when an ACL keeps the result
 * from the user (KB3047115), so nothing says the row was transformed. Never a success.
 */
export class ServiceNowImportError extends Error {
  readonly code = 'MLC_SERVICENOW_IMPORT_EMPTY';
  constructor(
    message: string,
    readonly table: string,
  ) {
    super(message);
    this.name = 'ServiceNowImportError';
  }
}
