import type { UserRights } from './access';

/**
 * Credentials and rights of the users the engine knows. The user records themselves live in the
 * `res.users` table (login, name, active); secrets never do, so no RPC call can read them.
 */
export interface UserCredentials {
  readonly uid: number;
  /** Odoo accepts the password or any API key wherever a password goes (XML-RPC, JSON-RPC). */
  readonly password: string | null;
  readonly apiKeys: readonly string[];
  readonly rights: UserRights;
}

export class UserDirectory {
  private readonly byUid = new Map<number, UserCredentials>();

  set(credentials: UserCredentials): void {
    this.byUid.set(credentials.uid, credentials);
  }

  get(uid: number): UserCredentials | undefined {
    return this.byUid.get(uid);
  }

  all(): UserCredentials[] {
    return [...this.byUid.values()];
  }

  clear(): void {
    this.byUid.clear();
  }

  /**
   * Does `secret` open this user's account over RPC (XML-RPC, JSON-RPC `/jsonrpc`): its password or one
   * of its API keys? That is Odoo's non-interactive check (`interactive: False`).
   */
  accepts(uid: number, secret: unknown): boolean {
    const user = this.byUid.get(uid);
    if (!user || typeof secret !== 'string' || secret === '') return false;
    return secret === user.password || user.apiKeys.includes(secret);
  }

  /**
   * An interactive login (`/web/session/authenticate`, the login form): the password only. Odoo 19's
   * `res.users._check_credentials` consults `res.users.apikeys` only when `user_agent_env['interactive']`
   * is false, and the session login always runs interactive, so an API key is refused there
   * (odoo/addons/base/models/res_users.py, `_check_credentials`; odoo/http.py `Session.authenticate`).
   */
  acceptsPassword(uid: number, secret: unknown): boolean {
    const user = this.byUid.get(uid);
    if (!user || typeof secret !== 'string' || secret === '' || user.password === null) return false;
    return secret === user.password;
  }

  /** JSON-2 bearer auth: the key alone names the user. */
  uidForApiKey(key: string): number | undefined {
    if (key === '') return undefined;
    for (const user of this.byUid.values()) if (user.apiKeys.includes(key)) return user.uid;
    return undefined;
  }
}
