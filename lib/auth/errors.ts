// What a token endpoint's failure becomes. The message names the config node, so a user with ten
// config nodes knows which one to fix, and never holds the client secret, a password or a token.

export type AuthErrorCode =
  /** The token endpoint refused the client id/secret or the grant (invalid_client, invalid_grant, 401). */
  | 'MLC_AUTH_REJECTED'
  /** The token endpoint could not be reached or failed (network, timeout, 5xx): may work later. */
  | 'MLC_AUTH_UNAVAILABLE'
  /** The token endpoint answered, but not with a usable token. */
  | 'MLC_AUTH_BAD_RESPONSE'
  /** The settings cannot work (no client id, a token URL that is not a URL). */
  | 'MLC_AUTH_CONFIG';

export class AuthError extends Error {
  readonly code: AuthErrorCode;
  readonly configName: string;
  readonly status?: number;
  /** True when the same request may succeed later: lib/http retries those like a refused connection. */
  readonly transient: boolean;

  constructor(code: AuthErrorCode, message: string, details: { configName: string; status?: number }) {
    super(message);
    this.name = 'AuthError';
    this.code = code;
    this.configName = details.configName;
    this.transient = code === 'MLC_AUTH_UNAVAILABLE';
    if (details.status !== undefined) this.status = details.status;
  }
}

export function isAuthError(value: unknown): value is AuthError {
  return value instanceof AuthError;
}
