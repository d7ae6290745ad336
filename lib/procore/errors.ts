// Procore's error bodies (C.8) come in several shapes: Rails field errors `{"errors":{"name":["can't be
// blank"]}}`, `{"errors":"..."}`, `{"error":{"code","message","details"}}`, `{"error":"..."}`,
// `{"message":"...","error":"..."}`. They become one readable line; 401 and 403 say what they mean for
// this config node (a DMSA sees only the projects the company admin permitted).
import { defaultErrorMessage } from '../http/error-message';
import { HttpError, isHttpError } from '../http/errors';

const MAX_MESSAGE = 1500;

function text(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value.trim();
  if (Array.isArray(value)) {
    const parts = value.map(text).filter((p): p is string => p !== undefined);
    return parts.length > 0 ? parts.join(', ') : undefined;
  }
  return undefined;
}

/** `{"name":["can't be blank"], "vendor_id":["is invalid"]}` → `name: can't be blank; vendor_id: is invalid`. */
export function describeFieldErrors(errors: unknown): string | undefined {
  if (errors === null || typeof errors !== 'object' || Array.isArray(errors)) return text(errors);
  const lines = Object.entries(errors as Record<string, unknown>)
    .map(([field, said]) => {
      const message = text(said) ?? (said && typeof said === 'object' ? describeFieldErrors(said) : undefined);
      return message ? `${field}: ${message}` : undefined;
    })
    .filter((l): l is string => l !== undefined);
  return lines.length > 0 ? lines.join('; ') : undefined;
}

function clip(line: string): string {
  const one = line.replace(/\s+/g, ' ').trim();
  return one.length <= MAX_MESSAGE ? one : `${one.slice(0, MAX_MESSAGE - 1)}…`;
}

/** The HTTP client's error-message extractor for Procore. */
export function procoreErrorMessage(body: unknown): string | undefined {
  if (body && typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    const parts: string[] = [];
    const message = text(record['message']);
    if (message) parts.push(message);
    const errors = describeFieldErrors(record['errors']);
    if (errors) parts.push(errors);
    const error = record['error'];
    if (error && typeof error === 'object' && !Array.isArray(error)) {
      const e = error as Record<string, unknown>;
      const inner = [text(e['message']), describeFieldErrors(e['details'])].filter((p): p is string => p !== undefined && p !== message);
      parts.push(...inner);
    } else {
      const said = text(error);
      if (said && said !== message) parts.push(said);
    }
    const reason = text(record['reason']);
    if (reason && !parts.includes(reason)) parts.push(reason);
    if (parts.length > 0) return clip(parts.join(': '));
  }
  return defaultErrorMessage(body);
}

/** 401 and 403 explained for this config node and company. */
export function explainProcoreError(err: unknown, configName: string, companyId: string): unknown {
  if (!isHttpError(err)) return err;
  if (err.code === 'MLC_HTTP_FORBIDDEN') {
    return new HttpError(
      err.code,
      `${err.message}. The service account of config node "${configName}" may not do this in company ${companyId}: the app is not installed in the company, the tool is off in the project, or the project is not among the ones the company admin permitted for it`,
      err,
    );
  }
  if (err.code === 'MLC_HTTP_UNAUTHORIZED') {
    return new HttpError(err.code, `${err.message}. Procore refused a fresh token too: the client id and secret of config node "${configName}" are for another environment, or the app was uninstalled`, err);
  }
  return err;
}

/** What Procore sent does not have the documented shape. */
export class ProcoreDataError extends Error {
  readonly code = 'MLC_PROCORE_BAD_DATA';
  constructor(message: string) {
    super(message);
    this.name = 'ProcoreDataError';
  }
}
