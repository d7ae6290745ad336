// Errors the store throws. Each carries a stable `code` so nodes and flows can branch on it without
// parsing messages, and no message ever carries a database password.

export type StoreErrorCode =
  /** The database cannot be reached, refused the login, or the file cannot be opened. */
  | 'MLC_STORE_UNAVAILABLE'
  /** SQLite stayed locked by another process longer than the busy timeout. */
  | 'MLC_STORE_BUSY'
  /** The store configuration is unusable (bad schema name, connection string that is not a URL...). */
  | 'MLC_STORE_CONFIG'
  /** A caller passed something the store cannot take (empty key, negative limit...). */
  | 'MLC_STORE_BAD_INPUT'
  /** A row read back does not have the shape this code wrote: edited by hand or corrupted. */
  | 'MLC_STORE_BAD_ROW'
  /** The store was closed (a redeploy) while something still used it. */
  | 'MLC_STORE_CLOSED'
  /** The schema could not be brought to this version, or was written by a newer version. */
  | 'MLC_STORE_MIGRATION'
  /** Any other database error. */
  | 'MLC_STORE_QUERY';

export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

export function isStoreError(value: unknown): value is StoreError {
  return value instanceof StoreError;
}

/** The message of anything thrown, for wrapping it in a StoreError. */
export function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}

export { maskSecrets } from '../util/mask-secrets';
