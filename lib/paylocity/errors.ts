// Paylocity answers 400, 404 and 500 with an array of field errors,
// `[{field, message, path, options:[{code, description}]}]` (options: the valid values of an enumerated
// field). They become one readable line per field, naming the field by its path in the body and the
// valid values, so a flow author sees "departmentPosition.costCenter1: ... (valid: CC-100 Finance, ...)".
import { z } from 'zod';
import { defaultErrorMessage } from '../http/error-message';
import { HttpError, isHttpError } from '../http/errors';

const text = z.string().nullish();

const fieldErrorSchema = z
  .object({
    field: text,
    message: text,
    path: text,
    options: z.array(z.object({ code: z.union([z.string(), z.number()]).nullish(), description: text }).passthrough()).nullish(),
  })
  .passthrough();

export interface PaylocityFieldError {
  /** Where in the body: the path without `$.` (`departmentPosition.costCenter1`), else the field name. */
  field?: string;
  message: string;
  /** Valid values, when Paylocity listed them: `CC-100 Finance`. */
  options: string[];
}

/** Options shown per field; the rest are counted. */
const MAX_OPTIONS = 12;
const MAX_MESSAGE = 1500;

/** The field errors of a Paylocity error body, or undefined when it is not that shape. */
export function paylocityFieldErrors(body: unknown): PaylocityFieldError[] | undefined {
  const items = Array.isArray(body) ? body : body && typeof body === 'object' && !Array.isArray(body) && ('field' in body || 'path' in body) ? [body] : undefined;
  if (!items || items.length === 0) return undefined;
  const out: PaylocityFieldError[] = [];
  for (const item of items) {
    const parsed = fieldErrorSchema.safeParse(item);
    if (!parsed.success) return undefined;
    const { field, message, path, options } = parsed.data;
    const where = path ? path.replace(/^\$\.?/, '') : '';
    const name = where !== '' ? where : field ?? undefined;
    const said = message?.trim() || (name ? 'is not valid' : '');
    if (!said && !name) continue;
    const valid = (options ?? [])
      .map((o) => [o.code === null || o.code === undefined ? '' : String(o.code), o.description ?? ''].filter((part) => part !== '').join(' '))
      .filter((o) => o !== '');
    out.push({ ...(name ? { field: name } : {}), message: said, options: valid });
  }
  return out.length > 0 ? out : undefined;
}

export function describeFieldErrors(errors: readonly PaylocityFieldError[]): string {
  const line = errors
    .map((e) => {
      const shown = e.options.slice(0, MAX_OPTIONS);
      const more = e.options.length > shown.length ? `, and ${e.options.length - shown.length} more` : '';
      const valid = shown.length > 0 ? ` (valid: ${shown.join(', ')}${more})` : '';
      return `${e.field ? `${e.field}: ` : ''}${e.message}${valid}`;
    })
    .join('; ');
  return line.length <= MAX_MESSAGE ? line : `${line.slice(0, MAX_MESSAGE - 1)}…`;
}

/** The HTTP client's error-message extractor for Paylocity: field errors first, the common shapes otherwise. */
export function paylocityErrorMessage(body: unknown): string | undefined {
  const fields = paylocityFieldErrors(body);
  return fields ? describeFieldErrors(fields) : defaultErrorMessage(body);
}

/**
 * 401 and 403 come with empty bodies: the error says what they mean for this config node. A 403 is
 * the client's provisioning (the companies and resources Paylocity granted it), not the token.
 */
export function explainPaylocityError(err: unknown, configName: string, companyId: string): unknown {
  if (!isHttpError(err)) return err;
  if (err.code === 'MLC_HTTP_FORBIDDEN') {
    const message = `${err.message}. The Paylocity API client of config node "${configName}" is not provisioned for company ${companyId} or for this resource (Paylocity fixes a client's companies and resources when it issues it: ask your Paylocity account manager)`;
    return new HttpError(err.code, message, err);
  }
  if (err.code === 'MLC_HTTP_UNAUTHORIZED') {
    const message = `${err.message}. Paylocity refused a fresh token too: the client id and secret of config node "${configName}" belong to another environment (production or testing), or the secret expired (they last 365 days)`;
    return new HttpError(err.code, message, err);
  }
  return err;
}

/** What Paylocity sent does not have the documented shape. */
export class PaylocityDataError extends Error {
  readonly code = 'MLC_PAYLOCITY_BAD_DATA';
  constructor(message: string) {
    super(message);
    this.name = 'PaylocityDataError';
  }
}
