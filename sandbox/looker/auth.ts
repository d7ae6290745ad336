import { randomBytes, timingSafeEqual } from 'node:crypto';
import { empty, json, type Router, type SandboxClock, type SandboxRequest } from '../kit';
import { API_USERS, type LookerApiUser } from './accounts';
import { notFound, requiresAuthentication } from './wire';

/** SDK fixtures use 3600; a real instance was seen answering 3599 (C.1). */
export const ACCESS_TOKEN_SECONDS = 3600;

interface Issued {
  user: LookerApiUser;
  expiresAtMs: number;
}

/** Access tokens on the sandbox clock. Not persisted: a restarted Looker makes clients log in again. */
export class LookerTokens {
  private readonly issued = new Map<string, Issued>();

  constructor(private readonly clock: () => SandboxClock) {}

  issue(user: LookerApiUser): { access_token: string; token_type: 'Bearer'; expires_in: number } {
    const token = randomBytes(30).toString('base64url');
    this.issued.set(token, { user, expiresAtMs: this.clock().nowMs() + ACCESS_TOKEN_SECONDS * 1000 });
    return { access_token: token, token_type: 'Bearer', expires_in: ACCESS_TOKEN_SECONDS };
  }

  userOf(token: string | undefined): LookerApiUser | undefined {
    const issued = token === undefined ? undefined : this.issued.get(token);
    return issued && issued.expiresAtMs > this.clock().nowMs() ? issued.user : undefined;
  }

  revoke(token: string): void {
    this.issued.delete(token);
  }

  clear(): void {
    this.issued.clear();
  }
}

/** `token X` as documented, `Bearer X` as the SDK sends; either scheme in any letter case. */
export function accessToken(request: SandboxRequest): string | undefined {
  const match = /^(?:token|bearer)\s+(\S+)\s*$/i.exec(request.header('authorization') ?? '');
  return match?.[1];
}

export function authenticate(request: SandboxRequest, tokens: LookerTokens): LookerApiUser {
  const user = tokens.userOf(accessToken(request));
  if (!user) throw requiresAuthentication(request);
  request.annotate({ user: user.displayName });
  return user;
}

function same(a: string | null | undefined, b: string): boolean {
  if (a === null || a === undefined) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

export function registerAuthRoutes(router: Router, tokens: LookerTokens): void {
  router.post('/api/4.0/login', async (request) => {
    request.annotate({ operation: 'login' });
    // The form body is the documented way; query-string credentials still work until their deprecation.
    const form = request.contentType === 'application/x-www-form-urlencoded' ? new URLSearchParams(await request.text()) : new URLSearchParams();
    const clientId = form.get('client_id') ?? request.query.get('client_id');
    const clientSecret = form.get('client_secret') ?? request.query.get('client_secret');
    const user = API_USERS.find((candidate) => same(clientId, candidate.clientId) && same(clientSecret, candidate.clientSecret));
    if (!user) throw notFound(request);
    return json(tokens.issue(user));
  });
  router.delete('/api/4.0/logout', (request) => {
    authenticate(request, tokens);
    const token = accessToken(request);
    if (token) tokens.revoke(token);
    return empty(204);
  });
}
