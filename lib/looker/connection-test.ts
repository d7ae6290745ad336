// "Test connection" for a Looker config: the login first (a refusal there means the client id or
// secret), then who the calls run as (GET /user) and the warehouse connections Looker has, so the user
// sees whether the connection the warehouse node loads into is the one Looker reads.
import { isAuthError } from '../auth/errors';
import { isHttpError } from '../http/errors';
import { maskSecrets } from '../util/mask-secrets';
import type { LookerClient } from './client';

export interface LookerConnectionReport {
  ok: boolean;
  /** The client id or secret was refused. */
  unauthorized: boolean;
  message: string;
  user?: { id: string; displayName?: string; email?: string };
  connections: Array<{ name: string; dialect?: string; host?: string; database?: string; schema?: string }>;
  error?: string;
}

export async function testLookerConnection(client: LookerClient, signal?: AbortSignal): Promise<LookerConnectionReport> {
  const secrets = [client.settings.clientSecret];
  const text = (err: unknown): string => maskSecrets(err instanceof Error ? err.message : String(err), secrets);
  try {
    await client.token(signal);
  } catch (err) {
    const refused = isAuthError(err) && err.code === 'MLC_AUTH_REJECTED';
    return { ok: false, unauthorized: refused, message: refused ? `Looker refused the login: ${text(err)}` : `No token: ${text(err)}`, connections: [], error: text(err) };
  }
  let user: LookerConnectionReport['user'];
  try {
    const me = await client.me(signal);
    user = { id: me.id, ...(me.display_name ? { displayName: me.display_name } : {}), ...(me.email ? { email: me.email } : {}) };
  } catch (err) {
    return { ok: false, unauthorized: isHttpError(err) && err.status === 401, message: `logged in, but GET /user failed: ${text(err)}`, connections: [], error: text(err) };
  }
  const who = `as ${user.displayName ?? `user ${user.id}`}`;
  try {
    const list = await client.connections(signal);
    const connections = list.map((c) => ({
      name: c.name,
      ...(c.dialect_name ? { dialect: c.dialect_name } : {}),
      ...(c.host ? { host: c.host } : {}),
      ...(c.database ? { database: c.database } : {}),
      ...(c.schema ? { schema: c.schema } : {}),
    }));
    const names = connections.map((c) => `${c.name}${c.dialect ? ` (${c.dialect})` : ''}`).join(', ');
    return { ok: true, unauthorized: false, message: `logged in ${who}; ${connections.length === 0 ? 'no warehouse connections' : `connections: ${names}`}`, user, connections };
  } catch (err) {
    // Listing connections needs see_datagroups/admin rights some API users lack: the login itself worked.
    const forbidden = isHttpError(err) && err.status === 403;
    return { ok: forbidden, unauthorized: false, message: `logged in ${who}; ${forbidden ? 'the user may not list connections' : `listing connections failed: ${text(err)}`}`, user, connections: [], ...(forbidden ? {} : { error: text(err) }) };
  }
}
