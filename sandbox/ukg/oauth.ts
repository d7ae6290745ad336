import { createHmac, randomBytes } from 'node:crypto';
import type { Router, SandboxClock, SandboxRequest } from '../kit';
import { HttpError, json } from '../kit';
import { DEMO_CLIENT, DEMO_TENANT } from './accounts';

export const TOKEN_LIFETIME_SECONDS = 3600;

interface IssuedToken {
  tenant: string;
  scope: string;
  expiresAtMs: number;
}

/**
 * The identity service's client-credentials tokens, for the newer (onboarding) APIs only. Tokens
 * look like JWTs because UKG's are; nothing reads their claims but the sandbox keeps its own record.
 */
export class TokenStore {
  private tokens = new Map<string, IssuedToken>();
  private readonly signingKey = randomBytes(32);

  constructor(private readonly clock: () => SandboxClock) {}

  issue(tenant: string, scope: string): { token: string; expiresIn: number } {
    const nowSeconds = this.clock().nowSeconds();
    const header = base64url({ alg: 'HS256', typ: 'JWT' });
    const payload = base64url({ iss: 'mlc-sandbox-ukg', sub: DEMO_CLIENT.clientId, tenant, scope, iat: nowSeconds, exp: nowSeconds + TOKEN_LIFETIME_SECONDS, jti: randomBytes(8).toString('hex') });
    const signature = createHmac('sha256', this.signingKey).update(`${header}.${payload}`).digest('base64url');
    const token = `${header}.${payload}.${signature}`;
    this.tokens.set(token, { tenant, scope, expiresAtMs: this.clock().nowMs() + TOKEN_LIFETIME_SECONDS * 1000 });
    return { token, expiresIn: TOKEN_LIFETIME_SECONDS };
  }

  /** The bearer gate for the OAuth APIs; a Basic header (the core APIs' auth) is refused here. */
  require(request: SandboxRequest, tenant: string): void {
    const token = request.bearerToken();
    if (token === undefined) throw new HttpError(401, { title: 'Unauthorized', status: 401, detail: 'Bearer token required' }, { headers: { 'www-authenticate': 'Bearer' } });
    const issued = this.tokens.get(token);
    if (!issued) throw new HttpError(401, { title: 'Unauthorized', status: 401, detail: 'invalid token' }, { headers: { 'www-authenticate': 'Bearer error="invalid_token"' } });
    if (issued.expiresAtMs <= this.clock().nowMs()) {
      throw new HttpError(401, { title: 'Unauthorized', status: 401, detail: 'token expired' }, { headers: { 'www-authenticate': 'Bearer error="invalid_token", error_description="expired"' } });
    }
    if (issued.tenant.toLowerCase() !== tenant.toLowerCase()) throw new HttpError(403, { title: 'Forbidden', status: 403, detail: `token is not valid for tenant '${tenant}'` });
  }

  clear(): void {
    this.tokens.clear();
  }
}

export function registerTokenEndpoint(router: Router, tokens: TokenStore): void {
  router.post('/signin/oauth2/t/:tenant/access_token', async (request) => {
    if (request.params.tenant.toLowerCase() !== DEMO_TENANT) throw oauthError(400, 'invalid_request', `unknown tenant '${request.params.tenant}'`);
    if (request.contentType !== 'application/x-www-form-urlencoded') throw oauthError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
    const form = await request.form();
    const grantType = form.get('grant_type');
    // Client credentials in the form (UKG's documented way) or in a Basic header (RFC 6749's other way).
    const basic = request.basicAuth();
    const clientId = form.get('client_id') ?? basic?.user;
    const clientSecret = form.get('client_secret') ?? basic?.password;
    if (!grantType) throw oauthError(400, 'invalid_request', 'grant_type is required');
    if (grantType !== 'client_credentials') throw oauthError(400, 'unsupported_grant_type', `grant_type '${grantType}' is not supported`);
    if (clientId !== DEMO_CLIENT.clientId || clientSecret !== DEMO_CLIENT.clientSecret) throw oauthError(401, 'invalid_client', 'client authentication failed');
    const scope = form.get('scope')?.trim() || 'profile';
    const issued = tokens.issue(request.params.tenant, scope);
    request.annotate({ oauth: 'token' });
    return json({ access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn, scope }, { headers: { 'cache-control': 'no-store' } });
  });
}

function oauthError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, { error, error_description: description });
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
