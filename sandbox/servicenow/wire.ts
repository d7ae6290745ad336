import { createHash } from 'node:crypto';
import { HttpError } from '../kit';

/** ServiceNow's error envelope (B.2): the status is only on the status line. */
export function snError(status: number, message: string, detail: string | null, headers: Record<string, string> = {}): HttpError {
  return new HttpError(status, { error: { message, detail }, status: 'failure' }, { headers });
}

export const notAuthenticated = (): HttpError => snError(401, 'User Not Authenticated', 'Required to provide Auth information');
export const notAuthorized = (): HttpError => snError(403, 'User Not Authorized', 'Failed API level ACL Validation');
export const noRecord = (): HttpError => snError(404, 'No Record found', "Record doesn't exist or ACL restricts the record retrieval");

/** `YYYY-MM-DD HH:MM:SS` in GMT, the way every date-time field comes back with display values off. */
export function glideDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * 32 lower-case hex digits, derived from a counter so two runs of the same calls get the same ids
 * (the fault matrix compares runs) without any randomness kept in the state file.
 */
export function sysIdFor(seed: string): string {
  return createHash('md5').update(seed).digest('hex');
}

/** Every field value is a string at ServiceNow; JSON numbers and booleans sent in become strings. */
export function asFieldString(value: unknown): string | undefined {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') return JSON.stringify(value);
  return undefined;
}
