import { dirname } from 'node:path';
import { ClientCredentials, ResourceOwnerPassword, type AccessToken, type ModuleOptions } from 'simple-oauth2';
import { z } from 'zod';
import { maskSecrets } from '../util/mask-secrets';
import { AuthError } from './errors';
import { TokenCache, type IssuedToken } from './token-cache';

/** The OAuth2 grants the systems of this pack use: client credentials everywhere, password for ServiceNow. */
export type OAuth2Grant = { type: 'client_credentials' } | { type: 'password'; username: string; password: string };

export interface OAuth2Settings {
  /** Name of the config node, for errors. */
  configName: string;
  /** Full token URL, e.g. https://api.paylocity.com/IdentityServer/connect/token. */
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  grant?: OAuth2Grant;
  scope?: string | ReadonlyArray<string>;
  /** 'body' sends client_id/client_secret as form fields; 'header' as HTTP Basic. Default 'body'. */
  clientAuth?: 'body' | 'header';
  /** Extra token request parameters some systems need (e.g. `audience`). */
  extraParams?: Readonly<Record<string, string>>;
  timeoutMs?: number;
  refreshMarginMs?: number;
  /**
   * Renew with the refresh token the endpoint gave, when it gave one (ServiceNow's password grant);
   * when that is refused (revoked, expired), the grant itself is asked again.
   */
  useRefreshToken?: boolean;
  now?: () => number;
}

/**
 * simple-oauth2 prints its request options, the client secret in a Basic header included, through the
 * `debug` module whenever DEBUG enables `simple-oauth2*` (or `*`). Secrets never go to logs here, so
 * its namespaces are switched off once, keeping whatever else the user asked `debug` to print.
 */
function silenceTokenLibraryDebug(): void {
  let debug: { disable(): string; enable(namespaces: string): void };
  try {
    // The copy simple-oauth2 itself loads, wherever npm put it.
    const path = require.resolve('debug', { paths: [dirname(require.resolve('simple-oauth2'))] });
    debug = require(path) as typeof debug;
  } catch {
    return; // no debug module: nothing can print
  }
  const enabled = debug.disable();
  if (enabled) debug.enable(`${enabled},-simple-oauth2*`);
}
silenceTokenLibraryDebug();

const tokenResponseSchema = z.object({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  // Some endpoints send it as a string ("3600").
  expires_in: z.union([z.number(), z.string().regex(/^\d+$/)]).optional(),
});

/** A token cache whose tokens come from an OAuth2 token endpoint through simple-oauth2. */
export function oauth2TokenCache(settings: OAuth2Settings): TokenCache {
  const held: HeldRefresh = {};
  const secrets = (): string[] =>
    [settings.clientSecret, settings.grant?.type === 'password' ? settings.grant.password : undefined, held.token?.token['refresh_token'] as string | undefined].filter(
      (value): value is string => typeof value === 'string' && value !== '',
    );
  const fetchToken = oauth2Fetcher(settings, secrets, held);
  return new TokenCache({
    configName: settings.configName,
    fetchToken,
    secrets,
    ...(settings.refreshMarginMs !== undefined ? { refreshMarginMs: settings.refreshMarginMs } : {}),
    ...(settings.now ? { now: settings.now } : {}),
  });
}

/** The last token the endpoint issued, kept for its refresh token. */
interface HeldRefresh {
  token?: AccessToken;
}

function oauth2Fetcher(settings: OAuth2Settings, secrets: () => string[], held: HeldRefresh): () => Promise<IssuedToken> {
  const { configName } = settings;
  let url: URL;
  try {
    url = new URL(settings.tokenUrl);
  } catch {
    throw new AuthError('MLC_AUTH_CONFIG', `config node "${configName}": token URL "${settings.tokenUrl}" is not a URL`, { configName });
  }
  if (!settings.clientId) throw new AuthError('MLC_AUTH_CONFIG', `config node "${configName}": no OAuth2 client id`, { configName });
  const config: ModuleOptions = {
    client: { id: settings.clientId, secret: settings.clientSecret },
    auth: { tokenHost: url.origin, tokenPath: `${url.pathname}${url.search}` },
    options: { authorizationMethod: settings.clientAuth ?? 'body', bodyFormat: 'form' },
    http: { timeout: settings.timeoutMs ?? 30_000 },
  };
  const where = `${url.origin}${url.pathname}`;
  const grant = settings.grant ?? { type: 'client_credentials' };
  const client = grant.type === 'password' ? new ResourceOwnerPassword(config) : new ClientCredentials(config);

  return async () => {
    const params: Record<string, unknown> = { ...settings.extraParams };
    if (settings.scope !== undefined) params['scope'] = typeof settings.scope === 'string' ? settings.scope : [...settings.scope];
    let raw: unknown;
    const previous = settings.useRefreshToken ? held.token : undefined;
    if (previous && typeof previous.token['refresh_token'] === 'string' && previous.token['refresh_token'] !== '') {
      try {
        held.token = await previous.refresh(params);
        raw = held.token.token;
      } catch (err) {
        const failure = tokenEndpointError(err, configName, where, secrets());
        // A refused refresh token (revoked, expired) is not a refused client: the grant is asked again.
        if (failure.code !== 'MLC_AUTH_REJECTED') throw failure;
        held.token = undefined;
      }
    }
    if (raw === undefined) {
      try {
        const token =
          grant.type === 'password'
            ? await (client as ResourceOwnerPassword).getToken({ ...params, username: grant.username, password: grant.password })
            : await (client as ClientCredentials).getToken(params);
        if (settings.useRefreshToken) held.token = token;
        raw = token.token;
      } catch (err) {
        throw tokenEndpointError(err, configName, where, secrets());
      }
    }
    const parsed = tokenResponseSchema.safeParse(raw);
    if (!parsed.success) {
      throw new AuthError('MLC_AUTH_BAD_RESPONSE', `config node "${configName}": the token endpoint ${where} answered without an access_token`, { configName });
    }
    const { access_token, expires_in } = parsed.data;
    return { accessToken: access_token, ...(expires_in !== undefined ? { expiresInSeconds: Number(expires_in) } : {}) };
  };
}

const oauthErrorSchema = z.object({ error: z.string().optional(), error_description: z.string().optional() }).passthrough();

/**
 * simple-oauth2 rejects with Boom errors whose `data` holds the raw response and request, Authorization
 * header included: only the status and the OAuth error fields are taken from it, never the object itself.
 */
function tokenEndpointError(err: unknown, configName: string, where: string, secrets: string[]): AuthError {
  const boom = err as { isBoom?: boolean; output?: { statusCode?: number }; data?: { payload?: unknown; isResponseError?: boolean }; message?: string; code?: string };
  const status = boom.data?.isResponseError ? boom.output?.statusCode : undefined;
  const prefix = `config node "${configName}": token request to ${where}`;
  if (status !== undefined) {
    let payload = boom.data?.payload;
    if (Buffer.isBuffer(payload)) payload = payload.toString('utf8');
    if (typeof payload === 'string') {
      try {
        payload = JSON.parse(payload);
      } catch {
        // not JSON: no OAuth error fields
      }
    }
    const fields = oauthErrorSchema.safeParse(payload);
    const said = fields.success && fields.data.error ? `: ${fields.data.error}${fields.data.error_description ? ` (${fields.data.error_description})` : ''}` : '';
    const refused = status === 400 || status === 401 || status === 403;
    const message = maskSecrets(
      refused ? `${prefix} was refused (${status})${said}: check the client id and secret` : `${prefix} failed (${status})${said}`,
      secrets,
    );
    return new AuthError(refused ? 'MLC_AUTH_REJECTED' : 'MLC_AUTH_UNAVAILABLE', message, { configName, status });
  }
  const reason = boom.isBoom && boom.output?.statusCode === 504 ? 'timed out' : `failed: ${boom.code ?? boom.message ?? String(err)}`;
  return new AuthError('MLC_AUTH_UNAVAILABLE', maskSecrets(`${prefix} ${reason}`, secrets), { configName });
}
