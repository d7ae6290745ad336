import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { ACCESS_TOKEN_SECONDS, INTEGRATION_USER, NO_ROLES_USER, OAUTH_CLIENT, VIEWER_USER } from '../../../sandbox/servicenow';
import { call, startServiceNow, tokenRequest, type ServiceNow } from './helpers';

const NOT_AUTHENTICATED = { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' };
const client = { client_id: OAUTH_CLIENT.clientId, client_secret: OAUTH_CLIENT.clientSecret };

describe('ServiceNow sandbox: auth, ACLs and rate limits', () => {
  let sn: ServiceNow;
  before(async () => {
    sn = await startServiceNow();
  });
  after(() => sn.running.close());
  beforeEach(() => sn.running.reset());

  it('answers 401 with ServiceNow\'s body without credentials, with a wrong password and with an unknown token', async () => {
    for (const options of [{ user: null }, { user: { userName: INTEGRATION_USER.userName, password: 'wrong' } }, { token: 'not-a-token' }]) {
      const answer = await call(sn.url, '/api/now/table/cmn_cost_center', options);
      assert.equal(answer.status, 401);
      assert.deepEqual(answer.json(), NOT_AUTHENTICATED);
    }
  });

  it('issues ~30-minute tokens at /oauth_token.do (password grant with a refresh token, client credentials, refresh) that expire on the sandbox clock', async () => {
    const password = await tokenRequest(sn.url, { grant_type: 'password', ...client, username: INTEGRATION_USER.userName, password: INTEGRATION_USER.password });
    assert.equal(password.status, 200, password.body);
    const issued = password.json<{ access_token: string; refresh_token: string; expires_in: number; token_type: string; scope: string }>();
    assert.equal(issued.expires_in, ACCESS_TOKEN_SECONDS);
    assert.equal(issued.token_type, 'Bearer');
    assert.ok(issued.refresh_token);
    assert.equal((await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_limit=1', { token: issued.access_token })).status, 200);

    const credentials = await tokenRequest(sn.url, { grant_type: 'client_credentials', ...client });
    assert.equal(credentials.status, 200);
    assert.equal(credentials.json().refresh_token, undefined);
    const me = await call(sn.url, `/api/now/table/sys_user?sysparm_query=user_name%3D${INTEGRATION_USER.userName}&sysparm_fields=roles`, { token: credentials.json().access_token });
    assert.match(me.json().result[0].roles, /import_transformer/);

    sn.running.clock.advance((ACCESS_TOKEN_SECONDS + 1) * 1000);
    const expired = await call(sn.url, '/api/now/table/cmn_cost_center', { token: issued.access_token });
    assert.equal(expired.status, 401);
    assert.deepEqual(expired.json(), NOT_AUTHENTICATED);
    const refreshed = await tokenRequest(sn.url, { grant_type: 'refresh_token', ...client, refresh_token: issued.refresh_token });
    assert.equal(refreshed.status, 200);
    assert.equal(refreshed.json().refresh_token, issued.refresh_token);
    assert.equal((await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_limit=1', { token: refreshed.json().access_token })).status, 200);

    const badClient = await tokenRequest(sn.url, { grant_type: 'client_credentials', client_id: OAUTH_CLIENT.clientId, client_secret: 'nope' });
    assert.equal(badClient.status, 401);
    assert.equal(badClient.json().error_description, 'access_denied');
    const badUser = await tokenRequest(sn.url, { grant_type: 'password', ...client, username: INTEGRATION_USER.userName, password: 'nope' });
    assert.equal(badUser.status, 401);
    const json = await call(sn.url, '/oauth_token.do', { method: 'POST', user: null, body: { grant_type: 'client_credentials', ...client } });
    assert.equal(json.status, 400);
  });

  it('keeps tokens over a reset with keepSessions and forgets them otherwise', async () => {
    const token = (await tokenRequest(sn.url, { grant_type: 'client_credentials', ...client })).json().access_token as string;
    sn.running.reset({ keepSessions: true });
    assert.equal((await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_limit=1', { token })).status, 200);
    sn.running.reset();
    assert.equal((await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_limit=1', { token })).status, 401);
  });

  it('refuses by role: a user without roles cannot read, a viewer reads but cannot insert, update or delete', async () => {
    const refused = await call(sn.url, '/api/now/table/sn_fin_gl_account', { user: NO_ROLES_USER });
    assert.equal(refused.status, 403);
    assert.deepEqual(refused.json(), { error: { message: 'User Not Authorized', detail: 'Failed API level ACL Validation' }, status: 'failure' });
    assert.equal((await call(sn.url, '/api/now/table/sys_user?sysparm_limit=1', { user: NO_ROLES_USER })).status, 200);

    const read = await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_limit=1&sysparm_fields=sys_id', { user: VIEWER_USER });
    assert.equal(read.status, 200);
    const id = read.json().result[0].sys_id as string;
    const insert = await call(sn.url, '/api/now/table/cmn_cost_center', { user: VIEWER_USER, method: 'POST', body: { code: 'CC-X' } });
    assert.equal(insert.status, 403);
    assert.deepEqual(insert.json(), { error: { message: 'Operation Failed', detail: 'ACL Exception Insert Failed due to security constraints' }, status: 'failure' });
    const update = await call(sn.url, `/api/now/table/cmn_cost_center/${id}`, { user: VIEWER_USER, method: 'PATCH', body: { name: 'x' } });
    assert.equal(update.json().error.detail, 'ACL Exception Update Failed due to security constraints');
    const remove = await call(sn.url, `/api/now/table/cmn_cost_center/${id}`, { user: VIEWER_USER, method: 'DELETE' });
    assert.equal(remove.json().error.detail, 'ACL Exception Delete Failed due to security constraints');
    assert.equal((await call(sn.url, '/api/now/import/sn_fcms_intg_imp_cost_center', { user: VIEWER_USER, method: 'POST', body: { code: 'CC-X', name: 'X' } })).status, 403);
  });

  it('limits per user: X-RateLimit-* on every answer, then 429 with Retry-After and the error body, nothing counted for others, open again after the window', async () => {
    sn.running.clock.set('2026-12-01T10:00:00Z');
    const ruleId = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    await call(sn.url, '/__sandbox/options', { method: 'POST', user: null, body: { rateLimitRemainingHeader: true } });
    const set = await call(sn.url, '/__sandbox/rate-limits', { method: 'POST', user: null, body: { rules: [{ ruleId, user: INTEGRATION_USER.userName, path: '/api/now/', limit: 3, windowSeconds: 60 }, { path: '/api/now/', limit: 100 }] } });
    assert.equal(set.status, 200, set.body);

    const resetAt = String(Date.parse('2026-12-01T10:01:00Z') / 1000);
    for (let i = 1; i <= 3; i += 1) {
      const ok = await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_limit=1');
      assert.equal(ok.status, 200);
      assert.equal(ok.headers['x-ratelimit-limit'], '3');
      assert.equal(ok.headers['x-ratelimit-remaining'], String(3 - i));
      assert.equal(ok.headers['x-ratelimit-reset'], resetAt);
      assert.equal(ok.headers['x-ratelimit-rule'], ruleId);
    }
    sn.running.clock.advance(15_000);
    const limited = await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_limit=1');
    assert.equal(limited.status, 429);
    assert.equal(limited.headers['retry-after'], '45');
    assert.equal(limited.headers['x-ratelimit-remaining'], '0');
    assert.equal(limited.headers['x-ratelimit-reset'], resetAt);
    assert.equal(limited.json().status, 'failure');
    assert.equal(limited.json().error.message, 'Rate limit exceeded');
    // Another user falls under the everyone rule, with its own count.
    const other = await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_limit=1', { user: VIEWER_USER });
    assert.equal(other.status, 200);
    assert.equal(other.headers['x-ratelimit-limit'], '100');
    // The refused call was logged with its time and the reset it named.
    const entry = sn.running.log.entries({ tag: { rateLimited: true } })[0]!;
    assert.equal(entry.status, 429);
    assert.equal(entry.tags.rateLimitReset, Number(resetAt));
    assert.equal(entry.tags.retryAfter, 45, 'the Retry-After it sent');
    assert.equal(entry.at, '2026-12-01T10:00:15.000Z');

    sn.running.clock.advance(45_000);
    assert.equal((await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_limit=1')).status, 200);
    await call(sn.url, '/__sandbox/rate-limits', { method: 'DELETE', user: null });
    const free = await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_limit=1');
    assert.equal(free.headers['x-ratelimit-limit'], undefined);
  });
});
