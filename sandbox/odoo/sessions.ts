import { randomBytes } from 'node:crypto';

/**
 * Odoo's web sessions (`/web/session/authenticate` and the `session_id` cookie). Odoo keeps them in a
 * session store beside the database (files under `data_dir/sessions`), not in its tables, so they live
 * here in the simulator rather than in the engine: restarting Odoo keeps them, a reset of the sandbox
 * forgets them. A session unused for `SESSION_MAX_INACTIVITY_SECONDS` has expired, as
 * `get_session_max_inactivity` (default `SESSION_LIFETIME`, 7 days) has it.
 */
export const SESSION_MAX_INACTIVITY_SECONDS = 60 * 60 * 24 * 7;

export interface WebSession {
  readonly sid: string;
  readonly uid: number;
  readonly db: string;
  readonly login: string;
  lastSeenMs: number;
}

export class WebSessions {
  private readonly bySid = new Map<string, WebSession>();

  /** A new session for a successful login; its sid goes out in the `session_id` cookie. */
  open(user: { uid: number; db: string; login: string }, nowMs: number): WebSession {
    // Odoo's sids are url-safe random tokens (84 characters since 17.0).
    const session: WebSession = { sid: randomBytes(63).toString('base64url'), ...user, lastSeenMs: nowMs };
    this.bySid.set(session.sid, session);
    return session;
  }

  /** The live session for a sid, touched; undefined when unknown, logged out or expired. */
  find(sid: string | undefined, nowMs: number): WebSession | undefined {
    const session = sid === undefined ? undefined : this.bySid.get(sid);
    if (!session) return undefined;
    if (nowMs - session.lastSeenMs > SESSION_MAX_INACTIVITY_SECONDS * 1000) {
      this.bySid.delete(session.sid);
      return undefined;
    }
    session.lastSeenMs = nowMs;
    return session;
  }

  /** `/web/session/destroy`: the sid opens nothing any more. */
  close(sid: string): void {
    this.bySid.delete(sid);
  }

  clear(): void {
    this.bySid.clear();
  }

  get size(): number {
    return this.bySid.size;
  }
}

/** The `session_id` value of a Cookie header. */
export function sessionIdFromCookie(cookieHeader: string | undefined): string | undefined {
  for (const part of (cookieHeader ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq !== -1 && part.slice(0, eq).trim() === 'session_id') return part.slice(eq + 1).trim();
  }
  return undefined;
}

/**
 * The Set-Cookie werkzeug writes for `set_cookie('session_id', sid, max_age=..., httponly=True)`:
 * `session_id=<sid>; Expires=<HTTP date>; Max-Age=604800; HttpOnly; Path=/`.
 */
export function sessionCookie(sid: string, nowMs: number): string {
  const expires = new Date(nowMs + SESSION_MAX_INACTIVITY_SECONDS * 1000).toUTCString();
  return `session_id=${sid}; Expires=${expires}; Max-Age=${SESSION_MAX_INACTIVITY_SECONDS}; HttpOnly; Path=/`;
}
