import { setHeader, type JsonValue, type Router, type SandboxRequest, type SandboxResponse } from '../../kit';
import type { OdooCallFaults } from '../call-faults';
import { faults, OdooFault, type EngineClock, type OdooEngine, type OdooValue } from '../engine';
import { sessionCookie, sessionIdFromCookie, type WebSession, type WebSessions } from '../sessions';
import { handleJsonRpc, jsonRpcErrorCode, SESSION_EXPIRED } from './jsonrpc-routes';
import { missingArguments } from './python-calls';
import { PythonError } from './python-error';

/**
 * The web client's JSON-RPC routes that session-based clients use (Odoo 19, addons/web/controllers):
 *
 * - `POST /web/session/authenticate` (`type='jsonrpc'`, `auth='none'`): params `db`, `login`, `password`
 *   (`base_location` optional). A database the server does not serve is `AccessError("Database not
 *   found.")`; bad credentials are `AccessDenied` (a JSON-RPC error, unlike `common.authenticate`'s
 *   False). The login is interactive, so only the password opens it, never an API key. Success sets the
 *   `session_id` cookie and answers `ir.http.session_info()`.
 * - `POST /web/session/get_session_info` and `POST /web/session/destroy` (`auth='user'`).
 * - `POST /web/dataset/call_kw` and `/web/dataset/call_kw/<path:path>` (`auth='user'`): params `model`,
 *   `method`, `args`, `kwargs`, run as `odoo.service.model.call_kw`; the path is decoration. The route's
 *   `readonly` callable looks the model up first, so an unknown model is a NotFound (JSON-RPC code 404)
 *   even before the session is checked.
 *
 * `auth='user'` without a live session raises `SessionExpiredException("Session expired")`: JSON-RPC
 * code 100, "Odoo Session Expired". The session is read from the `session_id` cookie only.
 */
export function registerSessionRoutes(
  router: Router,
  engine: OdooEngine,
  sessions: WebSessions,
  clock: EngineClock,
  callFaults: OdooCallFaults,
): void {
  const errorCode = jsonRpcErrorCode(engine.serverVersion);
  const tagged = (request: SandboxRequest, rpcMethod: string): void => request.annotate({ service: 'web', rpcMethod });

  router.post('/web/session/authenticate', async (request) => {
    let opened: WebSession | undefined;
    const response = await handleJsonRpc(request, '/web/session/authenticate', errorCode, (params) => {
      tagged(request, 'authenticate');
      const missing = ['db', 'login', 'password'].filter((name) => !(name in params));
      if (missing.length > 0) throw missingArguments('Session.authenticate', missing);
      const { db, login, password } = params;
      if (typeof db !== 'string' || !engine.listDatabases().includes(db)) throw faults.accessError('Database not found.');
      const uid = authenticateInteractive(engine, login, password);
      opened = sessions.open({ uid, db, login: String(login) }, clock.nowMs());
      return sessionInfo(engine, opened);
    });
    if (opened) setHeader(response, 'set-cookie', sessionCookie(opened.sid, clock.nowMs()));
    return response;
  });

  router.post('/web/session/get_session_info', (request) =>
    handleJsonRpc(request, '/web/session/get_session_info', errorCode, () => {
      tagged(request, 'get_session_info');
      return sessionInfo(engine, requireSession(request, engine, sessions, clock));
    }),
  );

  router.post('/web/session/destroy', (request) =>
    handleJsonRpc(request, '/web/session/destroy', errorCode, () => {
      tagged(request, 'destroy');
      sessions.close(requireSession(request, engine, sessions, clock).sid);
      return null;
    }),
  );

  const callKw = async (request: SandboxRequest): Promise<SandboxResponse> => {
    let modelCall: { model: string; method: string } | undefined;
    const answer = await handleJsonRpc(request, '/web/dataset/call_kw', errorCode, (params) => {
      const { model, method } = params;
      if (typeof model === 'string' && typeof method === 'string') request.annotate({ service: 'web', rpcMethod: 'call_kw', model, method });
      // `_call_kw_readonly` runs before authentication: an unknown model is a 404 for anyone.
      if (typeof model === 'string' && !engine.registry.get(model)) throw faults.notFound(NOT_FOUND_MESSAGE);
      const session = requireSession(request, engine, sessions, clock);
      const missing = ['model', 'method', 'args', 'kwargs'].filter((name) => !(name in params));
      if (missing.length > 0) throw missingArguments('DataSet.call_kw', missing);
      if (typeof model !== 'string' || typeof method !== 'string') {
        throw new PythonError('builtins.TypeError', 'model and method must be strings');
      }
      const result = engine.callKw({ uid: session.uid, model, method, args: params['args'], kwargs: params['kwargs'] });
      modelCall = { model, method };
      return result;
    });
    return modelCall ? callFaults.answer(request, modelCall, answer) : answer;
  };
  router.post('/web/dataset/call_kw', callKw);
  router.post('/web/dataset/call_kw/*', callKw);
}

/** `str(NotFound())`: werkzeug's code, name and description. */
const NOT_FOUND_MESSAGE =
  '404 Not Found: The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.';

function authenticateInteractive(engine: OdooEngine, login: unknown, password: unknown): number {
  try {
    return engine.authenticatePassword(login, password);
  } catch (error) {
    // AccessDenied suppresses its traceback (`suppress_traceback`), so `debug` is the exception line alone.
    if (error instanceof OdooFault && error.exceptionClass === 'odoo.exceptions.AccessDenied') {
      throw new PythonError('odoo.exceptions.AccessDenied', error.message, [error.message], `odoo.exceptions.AccessDenied: ${error.message}\n`);
    }
    throw error;
  }
}

function requireSession(request: SandboxRequest, engine: OdooEngine, sessions: WebSessions, clock: EngineClock): WebSession {
  const session = sessions.find(sessionIdFromCookie(request.header('cookie')), clock.nowMs());
  if (!session || !engine.isActiveUser(session.uid)) throw new PythonError(SESSION_EXPIRED, 'Session expired');
  return session;
}

/**
 * `ir.http.session_info()` for an internal user (web/models/ir_http.py, 19.0), with the keys clients
 * read: uid, is_system, is_admin, user_context, db, server_version(_info), name, username,
 * partner_display_name, partner_id, user_companies, currencies. Keys that describe the web client's
 * assets (registry_hash, view_info, bundle_params...) carry plain placeholder values.
 */
function sessionInfo(engine: OdooEngine, session: WebSession): OdooValue {
  return engine.runAsSystem((env) => {
    const user = env.db.table('res.users').get(session.uid)!;
    const companyId = typeof user['company_id'] === 'number' ? user['company_id'] : 1;
    const company = env.db.table('res.company').get(companyId);
    const currencies: Record<string, JsonValue> = {};
    for (const currency of env.db.table('res.currency').rows.values()) {
      if (currency['active'] === false) continue;
      currencies[String(currency.id)] = { symbol: String(currency['symbol'] ?? ''), position: String(currency['position'] ?? 'after'), digits: [69, 2] };
    }
    const version = engine.version();
    const isSystem = engine.isSystemUser(session.uid);
    const tz = typeof user['tz'] === 'string' ? user['tz'] : false;
    return {
      uid: session.uid,
      is_system: isSystem,
      is_admin: isSystem,
      is_public: false,
      is_internal_user: true,
      user_context: { lang: 'en_US', tz, uid: session.uid },
      db: session.db,
      registry_hash: 'mlc-sandbox',
      user_settings: { id: session.uid, user_id: { id: session.uid } },
      server_version: version['server_version'] ?? engine.serverVersion,
      server_version_info: version['server_version_info'] ?? [],
      support_url: 'https://www.odoo.com/buy',
      name: String(user['name'] ?? ''),
      username: String(user['login'] ?? ''),
      quick_login: true,
      partner_write_date: String(user['write_date'] ?? env.now),
      partner_display_name: String(user['name'] ?? ''),
      // The simulator's users have no partner record of their own.
      partner_id: null,
      'web.base.url': '',
      active_ids_limit: 20000,
      profile_session: null,
      profile_collectors: null,
      profile_params: null,
      max_file_upload_size: 134217728,
      home_action_id: false,
      currencies,
      bundle_params: { lang: 'en_US' },
      test_mode: false,
      view_info: {},
      groups: { 'base.group_allow_export': isSystem },
      user_companies: {
        current_company: companyId,
        allowed_companies: {
          [String(companyId)]: {
            id: companyId,
            name: String(company?.['name'] ?? ''),
            sequence: typeof company?.['sequence'] === 'number' ? company['sequence'] : 10,
            child_ids: [],
            parent_id: false,
            currency_id: typeof company?.['currency_id'] === 'number' ? company['currency_id'] : false,
          },
        },
        disallowed_ancestor_companies: {},
      },
      show_effect: true,
    } as OdooValue;
  });
}
