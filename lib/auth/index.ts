export { AuthError, isAuthError, type AuthErrorCode } from './errors';
export { oauth2TokenCache, type OAuth2Grant, type OAuth2Settings } from './oauth2';
export { basicAuthorization, staticAuth } from './static-auth';
export { DEFAULT_REFRESH_MARGIN_MS, TokenCache, type IssuedToken, type TokenCacheOptions, type TokenFetcher } from './token-cache';
