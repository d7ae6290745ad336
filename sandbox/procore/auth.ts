import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpError, json, type Router, type SandboxClock, type SandboxRequest } from '../kit';
import { SERVICE_ACCOUNTS, type ServiceAccount } from './accounts';
import { unauthorized } from './wire';

export const TOKEN_LIFETIME_SECONDS = 5400;

interface IssuedToken {
  account: ServiceAccount;
  createdAt: number;
  expiresAtMs: number;
}

/**
 * Client-credentials tokens of service accounts (C.2): 5400 s on the sandbox clock, no refresh token.
 * Tokens are opaque here (Procore's are JWTs; clients must not read them anyway).
 */
export class TokenStore {
  private tokens = new Map<string, IssuedToken>();

  constructor(private readonly clock: () => SandboxClock) {}

  issue(account: ServiceAccount): { access_token: string; token_type: 'bearer'; expires_in: number; created_at: number } {
    const token = `eyJ${randomBytes(30).toString('base64url')}`;
    const createdAt = this.clock().nowSeconds();
    this.tokens.set(token, { account, createdAt, expiresAtMs: this.clock().nowMs() + TOKEN_LIFETIME_SECONDS * 1000 });
    return { access_token: token, token_type: 'bearer', expires_in: TOKEN_LIFETIME_SECONDS, created_at: createdAt };
  }

  find(token: string | undefined): IssuedToken | undefined {
    const issued = token === undefined ? undefined : this.tokens.get(token);
    return issued && issued.expiresAtMs > this.clock().nowMs() ? issued : undefined;
  }

  secondsLeft(issued: IssuedToken): number {
    return Math.max(0, Math.floor((issued.expiresAtMs - this.clock().nowMs()) / 1000));
  }

  /** The bearer gate: 401 without a live token. */
  require(request: SandboxRequest): ServiceAccount {
    const issued = this.find(request.bearerToken());
    if (!issued) throw unauthorized();
    request.annotate({ client: issued.account.clientId });
    return issued.account;
  }

  revoke(token: string): void {
    this.tokens.delete(token);
  }

  clear(): void {
    this.tokens.clear();
  }
}

function findAccount(clientId: string | undefined, clientSecret: string | undefined): ServiceAccount | undefined {
  if (!clientId || !clientSecret) return undefined;
  return SERVICE_ACCOUNTS.find((account) => same(account.clientId, clientId) && same(account.clientSecret, clientSecret));
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** Doorkeeper's OAuth error bodies. */
function oauthError(status: number, error: string, description: string): HttpError {
  return new HttpError(status, { error, error_description: description }, { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } });
}

const INVALID_CLIENT = 'Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.';

/** The token request's fields from a JSON, urlencoded or multipart/form-data body. */
async function tokenFields(request: SandboxRequest): Promise<Record<string, string>> {
  const type = request.contentType;
  if (type === 'application/json') {
    const body = await request.json();
    if (!body || typeof body !== 'object' || Array.isArray(body)) return {};
    return Object.fromEntries(Object.entries(body).filter((entry): entry is [string, string] => typeof entry[1] === 'string' || typeof entry[1] === 'number').map(([k, v]) => [k, String(v)]));
  }
  if (type === 'multipart/form-data') {
    const boundary = /boundary="?([^";]+)"?/i.exec(request.header('content-type') ?? '')?.[1];
    if (!boundary) throw oauthError(400, 'invalid_request', 'The multipart body has no boundary.');
    return parseMultipart(await request.text(), boundary);
  }
  return Object.fromEntries(await request.form());
}

/** Text fields of a multipart/form-data body (files are not expected on the token endpoint). */
export function parseMultipart(body: string, boundary: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const part of body.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split === -1) continue;
    const head = part.slice(0, split);
    const name = /name="([^"]*)"/i.exec(head)?.[1];
    if (name === undefined) continue;
    fields[name] = part.slice(split + 4).replace(/\r\n$/, '');
  }
  return fields;
}

export function registerTokenEndpoints(router: Router, tokens: TokenStore): void {
  router.post('/oauth/token', async (request) => {
    request.annotate({ oauth: 'token' });
    const fields = await tokenFields(request);
    const basic = request.basicAuth();
    const grantType = fields.grant_type;
    if (!grantType) throw oauthError(400, 'invalid_request', 'The request is missing a required parameter: grant_type.');
    if (grantType !== 'client_credentials') throw oauthError(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
    const account = findAccount(basic?.user ?? fields.client_id, basic?.password ?? fields.client_secret);
    if (!account) throw oauthError(401, 'invalid_client', INVALID_CLIENT);
    request.annotate({ client: account.clientId });
    return json(tokens.issue(account), { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } });
  });

  // Doorkeeper's token info (the body shape at Procore is not confirmed).
  router.get('/oauth/token/info', (request) => {
    const token = request.bearerToken();
    const issued = tokens.find(token);
    if (!issued) throw unauthorized();
    return json({
      resource_owner_id: issued.account.userId,
      scope: [],
      expires_in_seconds: tokens.secondsLeft(issued),
      application: { uid: issued.account.clientId },
      created_at: issued.createdAt,
    });
  });

  // Revoke always answers 200, even for an unknown token (C.2).
  router.post('/oauth/revoke', async (request) => {
    const fields = await tokenFields(request);
    if (fields.token) tokens.revoke(fields.token);
    return json({});
  });
}
