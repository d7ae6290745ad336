// "Test connection" for a ServiceNow config: credentials first (a token for OAuth, refused there means
// the client or the user), then who the calls run as (the `sys_user` row of the user name, with its
// roles), then for each table the flows use: a read of one row, and a write check that touches no row.
//
// The write check is a PATCH with no columns of a sys_id no record can have (ServiceNow's are 32 hex
// digits; the probe's is not): the API-level and table-level write ACLs refuse it with 403 before any
// record is looked up, and one the ACLs let through ends in 404 "No Record found". Nothing is created or
// changed, no business rule runs on a real row. What it cannot see is an ACL that depends on the row's
// own values (a condition or script on the record): that shows only at the first real write.
import { isAuthError } from '../auth/errors';
import { isHttpError } from '../http/errors';
import { maskSecrets } from '../util/mask-secrets';
import type { ServiceNowClient } from './client';
import { fieldValue } from './records';

export interface AccessCheck {
  ok: boolean;
  status: number | null;
  /** Why the check proves less than a full answer, or what refused it. */
  note?: string;
  error?: string;
}

export interface TableCheck {
  table: string;
  read: AccessCheck;
  write: AccessCheck;
}

export interface ServiceNowConnectionReport {
  ok: boolean;
  /** The credentials were refused (token endpoint or 401). */
  unauthorized: boolean;
  message: string;
  auth: { mode: string; ok: boolean; error?: string };
  /** Who the calls run as, when ServiceNow said. */
  user?: { userName: string; name?: string; sysId?: string; roles?: string[]; active?: boolean };
  tables: TableCheck[];
  rateLimit?: { limit?: number; resetsInSeconds?: number; rule?: string };
}

/** No sys_id ServiceNow makes (32 hex digits) looks like this. */
const NO_SUCH_ROW = 'mlc-write-probe-no-such-record';

export async function testServiceNowConnection(client: ServiceNowClient, options: { signal?: AbortSignal; now?: () => number } = {}): Promise<ServiceNowConnectionReport> {
  const { authMode, user, password, clientSecret, tables } = client.settings;
  const secrets = [password, clientSecret];
  const said = (err: unknown): string => maskSecrets(isHttpError(err) ? (err.systemMessage ?? err.message) : err instanceof Error ? err.message : String(err), secrets);
  const signal = options.signal ? { signal: options.signal } : {};
  try {
    await client.token(options.signal);
  } catch (err) {
    const text = maskSecrets(err instanceof Error ? err.message : String(err), secrets);
    const refused = isAuthError(err) && err.code === 'MLC_AUTH_REJECTED';
    return {
      ok: false,
      unauthorized: refused,
      message: refused
        ? `ServiceNow refused the ${authMode === 'oauth-password' ? 'OAuth client or the user name and password' : 'OAuth client id or secret'} at /oauth_token.do. ${text}`
        : `No token: ${text}`,
      auth: { mode: authMode, ok: false, error: text },
      tables: [],
    };
  }
  const unauthorized = (): ServiceNowConnectionReport => ({
    ok: false,
    unauthorized: true,
    message: `ServiceNow refused the credentials (401)${authMode === 'basic' ? ': check the user name and password, that the user is active, and that MFA is not enforced for REST' : ''}`,
    auth: { mode: authMode, ok: false, error: '401' },
    tables: [],
  });

  let who: ServiceNowConnectionReport['user'];
  if (authMode !== 'oauth-client-credentials') {
    try {
      const [row] = await client.list('sys_user', { query: { where: [{ field: 'user_name', op: '=', value: user }] }, fields: ['sys_id', 'user_name', 'name', 'roles', 'active'], pageSize: 1, excludeReferenceLink: true, ...signal });
      who = { userName: user };
      if (row) {
        const roles = (fieldValue(row, 'roles') ?? '').split(',').map((r) => r.trim()).filter((r) => r !== '');
        const name = fieldValue(row, 'name');
        const sysId = fieldValue(row, 'sys_id');
        const active = fieldValue(row, 'active');
        who = { userName: user, ...(name ? { name } : {}), ...(sysId ? { sysId } : {}), roles, ...(active ? { active: active === 'true' } : {}) };
      }
    } catch (err) {
      if (isHttpError(err) && err.status === 401) return unauthorized();
      who = { userName: user };
    }
  }

  const checks: TableCheck[] = [];
  for (const table of tables) {
    let read: AccessCheck;
    try {
      const page = await client.pages(table, { fields: ['sys_id'], pageSize: 1, ...signal }).next();
      read = { ok: true, status: 200, ...(page.value?.[0] ? {} : { note: 'no row the user may read' }) };
    } catch (err) {
      if (isHttpError(err) && err.status === 401) return unauthorized();
      const status = isHttpError(err) ? (err.status ?? null) : null;
      read = { ok: false, status, error: status === 403 ? `an ACL refuses reading ${table}: ${said(err)}` : said(err) };
    }
    const write = await writeCheck(client, table, said, options.signal);
    if (write.status === 401) return unauthorized();
    checks.push({ table, read, write });
  }

  const refused = checks.flatMap((c) => [...(c.read.ok ? [] : [`read ${c.table}`]), ...(c.write.ok ? [] : [`write ${c.table}`])]);
  const aclRefused = checks.filter((c) => c.read.status === 403 || c.write.status === 403).map((c) => c.table);
  const whoText = who ? `as ${who.userName}${who.roles ? ` (roles: ${who.roles.length > 0 ? who.roles.join(', ') : 'none'})` : ''}` : 'as the OAuth application user';
  const parts = [
    `${authMode === 'basic' ? 'Basic auth' : 'token'} ok ${whoText}`,
    tables.length === 0 ? 'no tables to check (list them in the config node)' : `${checks.filter((c) => c.read.ok && c.write.ok).length} of ${checks.length} tables readable and writable`,
    ...(aclRefused.length > 0 ? [`an ACL refuses ${aclRefused.join(', ')}`] : []),
    ...(refused.length > 0 ? [`failed: ${refused.join(', ')}`] : []),
  ];
  const seen = client.rateGate.current;
  const now = (options.now ?? Date.now)();
  return {
    ok: refused.length === 0,
    unauthorized: false,
    message: parts.join('; '),
    auth: { mode: authMode, ok: true },
    ...(who ? { user: who } : {}),
    tables: checks,
    ...(seen
      ? {
          rateLimit: {
            ...(seen.limit !== undefined ? { limit: seen.limit } : {}),
            ...(seen.resetAtMs !== undefined ? { resetsInSeconds: Math.max(0, Math.ceil((seen.resetAtMs - now) / 1000)) } : {}),
            ...(seen.rule ? { rule: seen.rule } : {}),
          },
        }
      : {}),
  };
}

async function writeCheck(client: ServiceNowClient, table: string, said: (err: unknown) => string, signal?: AbortSignal): Promise<AccessCheck> {
  try {
    const response = await client.request<unknown>(
      {
        method: 'PATCH',
        path: `/api/now/table/${table}/${NO_SUCH_ROW}`,
        json: {},
        headers: { 'x-no-response-body': 'true' },
        idempotent: true,
        acceptStatuses: [404],
        responseType: 'text',
        ...(signal ? { signal } : {}),
      },
      { operation: 'update', table },
    );
    // 404: the ACLs let the write through to the record lookup. A 2xx cannot come (no such record); it would mean the same.
    return { ok: true, status: response.status };
  } catch (err) {
    const status = isHttpError(err) ? (err.status ?? null) : null;
    return { ok: false, status, error: status === 403 ? `an ACL refuses writing ${table}: ${said(err)}` : said(err) };
  }
}
