import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Router, SandboxClock, SandboxRequest } from '../kit';
import { HttpError, json } from '../kit';
import { API_CLIENTS, type ApiClient } from './accounts';
import { forbidden, unauthorized } from './wire/errors';

export const TOKEN_LIFETIME_SECONDS = 3600;
export const WEBLINK_SCOPE = 'WebLinkAPI';

interface IssuedToken {
  client: ApiClient;
  expiresAtMs: number;
}

/**
 * Client-credentials tokens for both token endpoints: WebLink's IdentityServer and the NextGen
 * gateway's. The gateway's credentials are separate at Paylocity; here the same demo clients work on
 * both, and either token opens the WebLink routes, so a client can be pointed at either endpoint.
 * Tokens are opaque (IdentityServer reference-token style) and live 3600 s on the sandbox clock.
 * There is no refresh token: a client asks again.
 */
export class TokenStore {
  private tokens = new Map<string, IssuedToken>();

  constructor(private readonly clock: () => SandboxClock) {}

  issue(client: ApiClient): { access_token: string; expires_in: number; token_type: 'Bearer' } {
    const token = randomBytes(32).toString('hex').toUpperCase();
    this.tokens.set(token, { client, expiresAtMs: this.clock().nowMs() + TOKEN_LIFETIME_SECONDS * 1000 });
    return { access_token: token, expires_in: TOKEN_LIFETIME_SECONDS, token_type: 'Bearer' };
  }

  /** The bearer gate of every WebLink route: 401 (empty) without a live token, 403 (empty) outside the client's companies. */
  require(request: SandboxRequest, companyId: string): ApiClient {
    const token = request.bearerToken();
    const issued = token === undefined ? undefined : this.tokens.get(token);
    if (!issued || issued.expiresAtMs <= this.clock().nowMs()) throw unauthorized();
    request.annotate({ client: issued.client.clientId, companyId });
    if (!issued.client.companies.some((company) => company.toLowerCase() === companyId.toLowerCase())) throw forbidden();
    return issued.client;
  }

  clear(): void {
    this.tokens.clear();
  }
}

function findClient(clientId: string | null | undefined, clientSecret: string | null | undefined): ApiClient | undefined {
  if (!clientId || !clientSecret) return undefined;
  return API_CLIENTS.find((client) => sameText(client.clientId, clientId) && sameText(client.clientSecret, clientSecret));
}

function sameText(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** IdentityServer's OAuth error body. */
function oauthError(status: number, error: string): HttpError {
  return new HttpError(status, { error }, { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } });
}

export function registerTokenEndpoints(router: Router, tokens: TokenStore): void {
  // WebLink (IdentityServer): client credentials in a Basic header (documented) or the form (also works).
  router.post('/IdentityServer/connect/token', async (request) => {
    request.annotate({ oauth: 'weblink' });
    if (request.contentType !== 'application/x-www-form-urlencoded') throw oauthError(400, 'invalid_request');
    const form = await request.form();
    const basic = request.basicAuth();
    const client = findClient(basic?.user ?? form.get('client_id'), basic?.password ?? form.get('client_secret'));
    // IdentityServer answers a failed client authentication with 400 invalid_client.
    if (!client) throw oauthError(400, 'invalid_client');
    const grantType = form.get('grant_type');
    if (!grantType) throw oauthError(400, 'invalid_request');
    if (grantType !== 'client_credentials') throw oauthError(400, 'unsupported_grant_type');
    const scope = form.get('scope')?.trim();
    // No scope means every scope the client is allowed, which for these clients is WebLinkAPI.
    if (scope && scope.split(/\s+/).some((requested) => requested !== WEBLINK_SCOPE)) throw oauthError(400, 'invalid_scope');
    return json(tokens.issue(client), { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } });
  });

  // NextGen gateway: credentials in the form body; bad credentials are a 403, as third parties observe.
  router.post('/public/security/v1/token', async (request) => {
    request.annotate({ oauth: 'nextgen' });
    const form = request.contentType === 'application/json' ? jsonForm(await request.json()) : await request.form();
    const client = findClient(form.get('client_id'), form.get('client_secret'));
    if (!client) throw forbidden();
    const grantType = form.get('grant_type');
    if (grantType !== null && grantType !== 'client_credentials') throw oauthError(400, 'unsupported_grant_type');
    return json(tokens.issue(client), { headers: { 'cache-control': 'no-store' } });
  });
}

function jsonForm(body: unknown): URLSearchParams {
  const form = new URLSearchParams();
  if (body && typeof body === 'object') {
    for (const [key, value] of Object.entries(body)) if (typeof value === 'string') form.set(key, value);
  }
  return form;
}
