import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../sandbox/kit';
import { rawRequest, type RawResponse } from '../http-client';
import { ADMIN_KEY, ADMIN_UID, DB, READER_UID, startOdoo, type JsonRpcReply } from './helpers';

const ADMIN_PASSWORD = 'mlc-demo-password';
const READER_PASSWORD = 'mlc-reader-password';

/** A JSON-RPC call to a `type='jsonrpc'` web route, as the web client sends it. */
async function web(url: string, path: string, params: unknown, cookie?: string): Promise<{ reply: JsonRpcReply; response: RawResponse }> {
  const response = await rawRequest(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
    body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params, id: 7 }),
  });
  assert.equal(response.status, 200, response.body);
  assert.match(String(response.headers['content-type']), /^application\/json/);
  return { reply: JSON.parse(response.body) as JsonRpcReply, response };
}

/** `session_id=<sid>` from the Set-Cookie of a login. */
function sessionCookieOf(response: RawResponse): string {
  const setCookie = response.headers['set-cookie'] ?? [];
  const cookie = setCookie.find((value) => value.startsWith('session_id='));
  assert.ok(cookie, `no session_id cookie in ${JSON.stringify(setCookie)}`);
  return cookie.split(';')[0]!;
}

async function login(url: string, login = 'admin', password = ADMIN_PASSWORD): Promise<string> {
  const { reply, response } = await web(url, '/web/session/authenticate', { db: DB, login, password });
  assert.equal(reply.error, undefined, JSON.stringify(reply.error));
  return sessionCookieOf(response);
}

describe('odoo simulator: web session routes (Odoo 19 /web/session/*, /web/dataset/call_kw)', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startOdoo();
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('authenticate sets an HttpOnly session_id cookie and answers the session info', async () => {
    const { reply, response } = await web(sim.url, '/web/session/authenticate', { db: DB, login: 'admin', password: ADMIN_PASSWORD });
    const setCookie = (response.headers['set-cookie'] ?? []).join('\n');
    assert.match(setCookie, /^session_id=[A-Za-z0-9_-]{20,}; Expires=[^;]+; Max-Age=604800; HttpOnly; Path=\/$/);
    const info = reply.result as Record<string, unknown>;
    assert.equal(reply.id, 7);
    assert.equal(info['uid'], ADMIN_UID);
    assert.equal(info['db'], DB);
    assert.equal(info['username'], 'admin');
    assert.equal(info['is_system'], true);
    assert.equal(info['server_version'], '19.0');
    assert.deepEqual(info['user_context'], { lang: 'en_US', tz: 'America/Denver', uid: ADMIN_UID });
    assert.equal((info['user_companies'] as { current_company: number }).current_company, 1);
  });

  it('takes the password, not an API key: the session login is interactive', async () => {
    const { reply, response } = await web(sim.url, '/web/session/authenticate', { db: DB, login: 'admin', password: ADMIN_KEY });
    assert.equal(response.headers['set-cookie'], undefined);
    assert.equal(reply.result, undefined);
    assert.equal(reply.error?.code, 0);
    assert.equal(reply.error?.message, 'Odoo Server Error');
    assert.equal(reply.error?.data.name, 'odoo.exceptions.AccessDenied');
    assert.equal(reply.error?.data.message, 'Access Denied');
    assert.equal(reply.error?.data.debug, 'odoo.exceptions.AccessDenied: Access Denied\n');
    // ...while XML-RPC/JSON-RPC (non-interactive) still take the key and the password alike.
    for (const secret of [ADMIN_KEY, ADMIN_PASSWORD]) {
      const { reply: rpc } = await web(sim.url, '/jsonrpc', { service: 'common', method: 'authenticate', args: [DB, 'admin', secret, {}] });
      assert.equal(rpc.result, ADMIN_UID);
    }
  });

  it('refuses an unknown database with AccessError "Database not found."', async () => {
    const { reply } = await web(sim.url, '/web/session/authenticate', { db: 'nope', login: 'admin', password: ADMIN_PASSWORD });
    assert.equal(reply.error?.data.name, 'odoo.exceptions.AccessError');
    assert.equal(reply.error?.data.message, 'Database not found.');
  });

  it('call_kw runs a model method as the session user, with or without the decorative path', async () => {
    const cookie = await login(sim.url);
    const params = { model: 'res.partner', method: 'search_read', args: [[['ref', '=', 'V-1001']]], kwargs: { fields: ['name', 'country_id', 'state_id'] } };
    for (const path of ['/web/dataset/call_kw', '/web/dataset/call_kw/res.partner/search_read']) {
      const { reply } = await web(sim.url, path, params, cookie);
      assert.deepEqual(reply.result, [{ id: (reply.result as Array<{ id: number }>)[0]!.id, name: 'Acme Lumber Supply', country_id: [1, 'United States'], state_id: [3, 'Colorado (US)'] }]);
    }
    assert.equal(sim.log.count({ tag: { service: 'web', rpcMethod: 'call_kw', model: 'res.partner', method: 'search_read' } }), 2);

    const reader = await login(sim.url, 'reader', READER_PASSWORD);
    const { reply: refused } = await web(sim.url, '/web/dataset/call_kw', { model: 'res.partner', method: 'write', args: [[1], { name: 'x' }], kwargs: {} }, reader);
    assert.equal(refused.error?.data.name, 'odoo.exceptions.AccessError');
    const { reply: info } = await web(sim.url, '/web/session/get_session_info', {}, reader);
    assert.equal((info.result as { uid: number }).uid, READER_UID);
  });

  it('answers "Odoo Session Expired" (code 100) without a session, and after destroy', async () => {
    const call = { model: 'res.partner', method: 'search_count', args: [[]], kwargs: {} };
    const { reply: anonymous } = await web(sim.url, '/web/dataset/call_kw', call);
    assert.equal(anonymous.error?.code, 100);
    assert.equal(anonymous.error?.message, 'Odoo Session Expired');
    assert.equal(anonymous.error?.data.name, 'odoo.http.SessionExpiredException');
    assert.equal(anonymous.error?.data.message, 'Session expired');

    const cookie = await login(sim.url);
    assert.equal(typeof (await web(sim.url, '/web/dataset/call_kw', call, cookie)).reply.result, 'number');
    const { reply: destroyed } = await web(sim.url, '/web/session/destroy', {}, cookie);
    assert.deepEqual(destroyed, { jsonrpc: '2.0', id: 7 });
    assert.equal((await web(sim.url, '/web/dataset/call_kw', call, cookie)).reply.error?.code, 100);
    assert.equal((await web(sim.url, '/web/session/get_session_info', {}, 'session_id=forged')).reply.error?.code, 100);
  });

  it('a session lapses after seven days without use, on the sandbox clock', async () => {
    await sim.clock.set('2026-12-01T00:00:00Z');
    const cookie = await login(sim.url);
    const call = { model: 'res.users', method: 'context_get', args: [], kwargs: {} };
    await sim.clock.set('2026-12-07T23:00:00Z');
    assert.equal((await web(sim.url, '/web/dataset/call_kw', call, cookie)).reply.error, undefined);
    await sim.clock.set('2026-12-15T00:00:00Z');
    assert.equal((await web(sim.url, '/web/dataset/call_kw', call, cookie)).reply.error?.code, 100);
  });

  it('an unknown model is a JSON-RPC 404, even before the session is checked; model errors keep their class', async () => {
    const { reply } = await web(sim.url, '/web/dataset/call_kw/no.such.model/read', { model: 'no.such.model', method: 'read', args: [[1]], kwargs: {} });
    assert.equal(reply.error?.code, 404);
    assert.equal(reply.error?.message, '404: Not Found');
    assert.equal(reply.error?.data.name, 'werkzeug.exceptions.NotFound');

    const cookie = await login(sim.url);
    const { reply: missing } = await web(sim.url, '/web/dataset/call_kw', { model: 'res.partner', method: 'write', args: [[99999], { name: 'x' }], kwargs: {} }, cookie);
    assert.equal(missing.error?.code, 0);
    assert.equal(missing.error?.data.name, 'odoo.exceptions.MissingError');
    const { reply: noArgs } = await web(sim.url, '/web/dataset/call_kw', { model: 'res.partner', method: 'search' }, cookie);
    assert.equal(noArgs.error?.data.name, 'builtins.TypeError');
    assert.equal(noArgs.error?.data.message, "DataSet.call_kw() missing 2 required positional arguments: 'args' and 'kwargs'");
  });

  it('a JSON request to a path no route matches gets werkzeug\'s HTML 404, as Odoo 19 answers it', async () => {
    // Odoo 16+ picks the JSON-RPC dispatcher only once a route matched (`Request.dispatcher` is the http
    // one "until we match"), so an unmatched path is HttpDispatcher.handle_error(NotFound) whatever the
    // Content-Type. The JSON 404s are those of matched routes: call_kw above, and /json/2/*.
    const response = await rawRequest(`${sim.url}/web/session/no_such_route`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: {}, id: 1 }),
    });
    assert.equal(response.status, 404);
    assert.match(String(response.headers['content-type']), /^text\/html/);
    assert.match(response.body, /<title>404 Not Found<\/title>/);
  });

  it('keeps the password out of the request log', async () => {
    await login(sim.url);
    const entries = sim.log.entries({ tag: { rpcMethod: 'authenticate' } });
    assert.equal(entries.length, 1);
    assert.ok(!JSON.stringify(entries).includes(ADMIN_PASSWORD));
  });
});
