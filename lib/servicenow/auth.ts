// How one ServiceNow config node proves who it is (B.1). OAuth2 tokens come from the instance's own
// `/oauth_token.do` (form-encoded, client id and secret in the body) and live about 30 minutes
// (expires_in 1799): renewed five minutes ahead, with the refresh token when the password grant gave
// one, and once more when the instance answers 401. Basic sends the same header every time, so a 401
// there is final at once.
import { oauth2TokenCache } from '../auth/oauth2';
import { basicAuthorization, staticAuth } from '../auth/static-auth';
import type { TokenCache } from '../auth/token-cache';
import type { RequestAuth } from '../http/types';
import type { ServiceNowSettings } from './settings';

export const TOKEN_PATH = '/oauth_token.do';

export interface ServiceNowAuth {
  auth: RequestAuth;
  /** The token cache in the OAuth modes (fetch counts, a token on demand for Test connection). */
  tokens?: TokenCache;
}

export function serviceNowAuth(settings: ServiceNowSettings, now?: () => number): ServiceNowAuth {
  const { configName, instanceUrl, authMode, user, password, clientId, clientSecret, timeoutMs } = settings;
  if (authMode === 'basic') {
    return { auth: staticAuth(configName, { authorization: basicAuthorization(user, password) }, [password]) };
  }
  const tokens = oauth2TokenCache({
    configName,
    tokenUrl: `${instanceUrl}${TOKEN_PATH}`,
    clientId,
    clientSecret,
    clientAuth: 'body',
    grant: authMode === 'oauth-password' ? { type: 'password', username: user, password } : { type: 'client_credentials' },
    useRefreshToken: true,
    timeoutMs,
    ...(now ? { now } : {}),
  });
  return { auth: tokens, tokens };
}
