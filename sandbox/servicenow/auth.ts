import { randomBytes, timingSafeEqual } from 'node:crypto';
import { HttpError, json, type Router, type SandboxClock, type SandboxRequest } from '../kit';
import { OAUTH_CLIENT, USERS, type SandboxUser } from './accounts';
import { notAuthenticated } from './wire';

/** The docs' sample answers `expires_in: 1799` (a 30-minute token). */
export const ACCESS_TOKEN_SECONDS = 1799;
/** ServiceNow's default refresh token lifespan is 100 days. */
export const REFRESH_TOKEN_SECONDS = 8_640_000;

interface Issued {
  user: SandboxUser;
  expiresAtMs: number;
}

/** Access and refresh tokens on the sandbox clock. Not persisted: a restarted instance makes clients sign in again. */
export class TokenStore {
  private access = new Map<string, Issued>();
  private refresh = new Map<string, Issued>();

  constructor(private readonly clock: () => SandboxClock) {}

  issue(user: SandboxUser, refreshToken: string | null): Record<string, string | number> {
    const token = randomBytes(48).toString('base64url');
    this.access.set(token, { user, expiresAtMs: this.clock().nowMs() + ACCESS_TOKEN_SECONDS * 1000 });
    const body: Record<string, string | number> = { access_token: token, scope: 'useraccount', token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS };
    if (refreshToken !== null) body.refresh_token = refreshToken;
    return body;
  }

  newRefreshToken(user: SandboxUser): string {
    const token = randomBytes(48).toString('base64url');
    this.refresh.set(token, { user, expiresAtMs: this.clock().nowMs() + REFRESH_TOKEN_SECONDS * 1000 });
    return token;
  }

  userOfRefresh(token: string | undefined): SandboxUser | undefined {
    const issued = token === undefined ? undefined : this.refresh.get(token);
    return issued && issued.expiresAtMs > this.clock().nowMs() ? issued.user : undefined;
  }

  userOfAccess(token: string | undefined): SandboxUser | undefined {
    const issued = token === undefined ? undefined : this.access.get(token);
    return issued && issued.expiresAtMs > this.clock().nowMs() ? issued.user : undefined;
  }

  clear(): void {
    this.access.clear();
    this.refresh.clear();
  }
}

function same(a: string | undefined, b: string): boolean {
  if (a === undefined) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function userByPassword(userName: string | undefined, password: string | undefined): SandboxUser | undefined {
  return USERS.find((user) => same(userName, user.userName) && same(password, user.password));
}

/** Basic or Bearer; 401 with ServiceNow's body otherwise. */
export function authenticate(request: SandboxRequest, tokens: TokenStore): SandboxUser {
  const basic = request.basicAuth();
  const user = basic ? userByPassword(basic.user, basic.password) : tokens.userOfAccess(request.bearerToken());
  if (!user) throw notAuthenticated();
  request.annotate({ user: user.userName });
  return user;
}

/** The token endpoint's refusal. ServiceNow's exact body is UNCONFIRMED (B.1); this is the one commonly reported. */
function tokenRefused(): HttpError {
  return new HttpError(401, { error_description: 'access_denied', error: 'server_error' }, { headers: { 'cache-control': 'no-store' } });
}

export function registerTokenEndpoint(router: Router, tokens: TokenStore): void {
  router.post('/oauth_token.do', async (request) => {
    request.annotate({ oauth: 'token' });
    if (request.contentType !== 'application/x-www-form-urlencoded') throw new HttpError(400, { error: 'invalid_request', error_description: 'Content-Type must be application/x-www-form-urlencoded' });
    const form = await request.form();
    const basic = request.basicAuth();
    const clientOk = same(basic?.user ?? form.get('client_id') ?? undefined, OAUTH_CLIENT.clientId) && same(basic?.password ?? form.get('client_secret') ?? undefined, OAUTH_CLIENT.clientSecret);
    const grant = form.get('grant_type');
    if (grant !== 'password' && grant !== 'client_credentials' && grant !== 'refresh_token') {
      throw new HttpError(400, { error: 'unsupported_grant_type', error_description: `grant_type ${grant ?? '(none)'} is not supported` });
    }
    if (!clientOk) throw tokenRefused();
    let body: Record<string, string | number>;
    if (grant === 'password') {
      const user = userByPassword(form.get('username') ?? undefined, form.get('password') ?? undefined);
      if (!user) throw tokenRefused();
      body = tokens.issue(user, tokens.newRefreshToken(user));
    } else if (grant === 'client_credentials') {
      body = tokens.issue(OAUTH_CLIENT.applicationUser, null);
    } else {
      const refreshToken = form.get('refresh_token') ?? undefined;
      const user = tokens.userOfRefresh(refreshToken);
      if (!user || refreshToken === undefined) throw tokenRefused();
      body = tokens.issue(user, refreshToken);
    }
    return json(body, { headers: { 'cache-control': 'no-store', pragma: 'no-cache' } });
  });
}
