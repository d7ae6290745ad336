import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator } from '../../../sandbox/kit';
import { ACCESS_TOKEN_SECONDS, API_USER, DEFAULT_WAREHOUSE_SCHEMA, DEFAULT_WAREHOUSE_URL, LookerSimulator, VIEWER_API_USER } from '../../../sandbox/looker';
import { startSandbox } from '../../../sandbox/start-sandbox';
import { control } from '../http-client';
import { call, login, startLooker, type Looker } from './helpers';

const form = { 'content-type': 'application/x-www-form-urlencoded' };

// No query here touches the warehouse: this file needs no PostgreSQL.
describe('Looker sandbox: login, tokens and error bodies', () => {
  let looker: Looker;
  before(async () => {
    looker = await startLooker('odoo');
  });
  after(() => looker.running.close());
  beforeEach(() => looker.running.reset());

  it('logs in with a form body (and with query-string credentials) and answers an AccessToken', async () => {
    const answer = await call(looker.url, '/login', { method: 'POST', body: `client_id=${API_USER.clientId}&client_secret=${API_USER.clientSecret}`, headers: form });
    assert.equal(answer.status, 200);
    const token = answer.json<{ access_token: string; token_type: string; expires_in: number }>();
    assert.deepEqual([token.token_type, token.expires_in], ['Bearer', ACCESS_TOKEN_SECONDS]);
    assert.ok(token.access_token.length >= 20);
    const viaQuery = await call(looker.url, `/login?client_id=${VIEWER_API_USER.clientId}&client_secret=${VIEWER_API_USER.clientSecret}`, { method: 'POST' });
    assert.equal(viaQuery.status, 200);
    const me = await call(looker.url, '/user', { token: viaQuery.json().access_token });
    assert.deepEqual(me.json<{ display_name: string; email: string }>().display_name, VIEWER_API_USER.displayName);
    // The secret never lands in the request log.
    const log = await fetch(`${looker.url}/__sandbox/requests`).then((response) => response.text());
    assert.doesNotMatch(log, new RegExp(API_USER.clientSecret));
  });

  it('bad credentials answer 404 Not found with a documentation_url', async () => {
    for (const body of [`client_id=${API_USER.clientId}&client_secret=wrong`, 'client_id=nobody&client_secret=x', '']) {
      const answer = await call(looker.url, '/login', { method: 'POST', body, headers: form });
      assert.equal(answer.status, 404);
      const error = answer.json<{ message: string; documentation_url: string }>();
      assert.equal(error.message, 'Not found');
      assert.match(error.documentation_url, /^https:\/\//);
      assert.deepEqual(Object.keys(error).sort(), ['documentation_url', 'message']);
    }
  });

  it('accepts "token" and "Bearer" in any letter case; no, an unknown or an expired token answers 401 Requires authentication', async () => {
    const token = await login(looker.url);
    for (const scheme of ['token', 'Bearer', 'TOKEN', 'bearer']) {
      const me = await call(looker.url, '/user', { token, scheme });
      assert.equal(me.status, 200, scheme);
      assert.deepEqual(me.json<{ id: string; display_name: string; email: string }>().display_name, API_USER.displayName);
    }
    for (const options of [{}, { token: 'not-a-token' }, { token, scheme: 'Basic' }]) {
      const answer = await call(looker.url, '/lookml_models', options);
      assert.equal(answer.status, 401);
      assert.equal(answer.json().message, 'Requires authentication');
      assert.ok(answer.json().documentation_url);
    }
    looker.running.clock.advance((ACCESS_TOKEN_SECONDS - 1) * 1000);
    assert.equal((await call(looker.url, '/user', { token })).status, 200);
    looker.running.clock.advance(2000);
    const expired = await call(looker.url, '/user', { token });
    assert.equal(expired.status, 401);
    assert.equal(expired.json().message, 'Requires authentication');
  });

  it('logout answers 204 and the token stops working; a reset forgets tokens unless keepSessions', async () => {
    const token = await login(looker.url);
    const other = await login(looker.url);
    const logout = await call(looker.url, '/logout', { method: 'DELETE', token });
    assert.equal(logout.status, 204);
    assert.equal(logout.body, '');
    assert.equal((await call(looker.url, '/user', { token })).status, 401);
    assert.equal((await call(looker.url, '/user', { token: other })).status, 200);
    looker.running.reset({ keepSessions: true });
    assert.equal((await call(looker.url, '/user', { token: other })).status, 200);
    looker.running.reset();
    assert.equal((await call(looker.url, '/user', { token: other })).status, 401);
  });

  it('versions names API 4.0; an unknown route answers 404 in Looker\'s shape', async () => {
    const versions = await call(looker.url, '/versions');
    assert.equal(versions.status, 200);
    const body = versions.json<{ current_version: { version: string }; supported_versions: Array<{ version: string }>; api_server_url: string }>();
    assert.equal(body.current_version.version, '4.0');
    assert.equal(body.api_server_url, looker.url);
    const token = await login(looker.url);
    const missing = await call(looker.url, '/dashboards/1', { token });
    assert.equal(missing.status, 404);
    assert.equal(missing.json().message, 'Not found');
  });

  it('takes the warehouse from MLC_SANDBOX_LOOKER_WAREHOUSE_URL / _SCHEMA (defaults: the local test database, schema odoo) and shows it without the password', async () => {
    assert.deepEqual(new LookerSimulator({ env: {} }).warehouse, { url: DEFAULT_WAREHOUSE_URL, schema: DEFAULT_WAREHOUSE_SCHEMA });
    const simulator = new LookerSimulator({ env: { MLC_SANDBOX_LOOKER_WAREHOUSE_URL: 'postgres://loader:pw-123@127.0.0.1:6543/wh', MLC_SANDBOX_LOOKER_WAREHOUSE_SCHEMA: 'finance' } });
    const running = await startSimulator(simulator, { port: 0 });
    try {
      const shown = await control(running.url, 'GET', 'warehouse');
      assert.deepEqual(shown.body, { url: 'postgres://loader@127.0.0.1:6543/wh', schema: 'finance' });
      const token = await login(running.url);
      const connection = (await call(running.url, '/connections/odoo_warehouse', { token })).json<Record<string, unknown>>();
      assert.deepEqual([connection.host, connection.port, connection.database, connection.username, connection.schema, connection.has_password], ['127.0.0.1', '6543', 'wh', 'loader', 'finance', true]);
      assert.doesNotMatch(JSON.stringify(connection), /pw-123/);
    } finally {
      await running.close();
    }
  });

  it('starts with the sandbox runner and hands its demo credentials out as MLC_SANDBOX_LOOKER_* variables', async () => {
    const sandbox = await startSandbox({ simulators: { looker: () => new LookerSimulator() }, ports: { looker: 0 } });
    try {
      const running = sandbox.get('looker')!;
      const env = sandbox.environment();
      assert.deepEqual(env, {
        MLC_SANDBOX_LOOKER_URL: running.url,
        MLC_SANDBOX_LOOKER_BASE_URL: running.url,
        MLC_SANDBOX_LOOKER_CLIENT_ID: API_USER.clientId,
        MLC_SANDBOX_LOOKER_CLIENT_SECRET: API_USER.clientSecret,
      });
      assert.match(sandbox.lines().find((line) => line.startsWith('looker'))!, /client id mlc-looker-client-id \/ secret mlc-looker-client-secret/);
      assert.ok(await login(env.MLC_SANDBOX_LOOKER_BASE_URL!, { clientId: env.MLC_SANDBOX_LOOKER_CLIENT_ID!, clientSecret: env.MLC_SANDBOX_LOOKER_CLIENT_SECRET! }));
    } finally {
      await sandbox.close();
    }
  });
});
