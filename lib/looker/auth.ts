// How a Looker config node logs in (C.1): `POST /api/4.0/login` with the client id and secret as a form
// body gives a bearer token of about an hour (expires_in). The pack's token cache renews it five minutes
// ahead and once more when Looker answers 401. Bad credentials are a 404 {"message":"Not found"} on
// Looker, not an OAuth error, so the login is a plain call here and not the OAuth2 library's grant.
import { AuthError } from '../auth/errors';
import { TokenCache, type IssuedToken } from '../auth/token-cache';
import type { HttpClient } from '../http/client';
import { isHttpError } from '../http/errors';
import { maskSecrets } from '../util/mask-secrets';
import { lookerErrorBodySchema } from './errors';
import { accessTokenSchema } from './records';
import { LOOKER_API_PREFIX, type LookerSettings } from './settings';

export interface LookerLogin {
  tokens: TokenCache;
  /** The token last issued, for logout; undefined once logged out. */
  issued(): string | undefined;
  forget(): void;
}

export function lookerLogin(http: HttpClient, settings: LookerSettings, now?: () => number): LookerLogin {
  const { configName, clientId, clientSecret } = settings;
  let last: string | undefined;
  const secrets = (): string[] => [clientSecret, last].filter((s): s is string => typeof s === 'string' && s !== '');
  const fetchToken = async (signal?: AbortSignal): Promise<IssuedToken> => {
    const where = `${http.baseUrl}${LOOKER_API_PREFIX}/login`;
    let response;
    try {
      response = await http.request<unknown>({
        method: 'POST',
        path: `${LOOKER_API_PREFIX}/login`,
        form: { client_id: clientId, client_secret: clientSecret },
        // A login creates nothing: resent after a network failure like a read.
        idempotent: true,
        acceptStatuses: [400, 401, 403, 404, 422],
        ...(signal ? { signal } : {}),
      });
    } catch (err) {
      const text = maskSecrets(err instanceof Error ? err.message : String(err), secrets());
      throw new AuthError('MLC_AUTH_UNAVAILABLE', `config node "${configName}": login at ${where} failed: ${text}`, { configName, ...(isHttpError(err) && err.status !== undefined ? { status: err.status } : {}) });
    }
    if (response.status >= 400) {
      const body = lookerErrorBodySchema.safeParse(response.data);
      const said = body.success && body.data.message ? `: ${body.data.message}` : '';
      const doc = body.success && body.data.documentation_url ? ` (${body.data.documentation_url})` : '';
      throw new AuthError('MLC_AUTH_REJECTED', maskSecrets(`config node "${configName}": Looker refused the login at ${where} (${response.status})${said}${doc}: check the API client id and secret`, secrets()), {
        configName,
        status: response.status,
      });
    }
    const token = accessTokenSchema.safeParse(response.data);
    if (!token.success) throw new AuthError('MLC_AUTH_BAD_RESPONSE', `config node "${configName}": the login at ${where} answered without an access_token`, { configName });
    last = token.data.access_token;
    const { expires_in } = token.data;
    return { accessToken: last, ...(expires_in !== undefined ? { expiresInSeconds: Number(expires_in) } : {}) };
  };
  const tokens = new TokenCache({ configName, fetchToken, secrets, ...(now ? { now } : {}) });
  return {
    tokens,
    issued: () => last,
    forget: () => {
      tokens.invalidate();
      last = undefined;
    },
  };
}
