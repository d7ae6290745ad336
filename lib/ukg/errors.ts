import { HttpError, isHttpError } from '../http/errors';
import { roleFor } from './roles';

/**
 * A 403 from UKG means the service account lacks a web-service role: the error says which one, so
 * the fix is one request to the UKG administrator rather than a support ticket.
 */
export function explainUkgError(err: unknown, configName: string): unknown {
  if (!isHttpError(err) || err.code !== 'MLC_HTTP_FORBIDDEN') return err;
  const role = roleFor(err.method, err.path);
  if (!role) return err;
  const message = `${err.message}. The service account of config node "${configName}" needs the ${role} role (UKG Pro: Service Account Administration).`;
  return new HttpError(err.code, message, err);
}
