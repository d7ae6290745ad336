import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { rawRequest } from '../http-client';
import { API, basic, call, DEMO, LIMITED, startPaylocity, token, type Paylocity } from './helpers';

describe('Paylocity sandbox: authentication', () => {
  let pl: Paylocity;
  before(async () => {
    pl = await startPaylocity();
  });
  beforeEach(() => pl.running.reset());
  after(() => pl.running.close());

  const form = 'application/x-www-form-urlencoded';

  it('IdentityServer token with client credentials in a Basic header: 3600 s, Bearer, no refresh token', async () => {
    const response = await rawRequest(`${pl.url}/IdentityServer/connect/token`, {
      method: 'POST',
      headers: { 'content-type': form, authorization: basic(DEMO.clientId, DEMO.clientSecret) },
      body: 'grant_type=client_credentials&scope=WebLinkAPI',
    });
    assert.equal(response.status, 200);
    const body = JSON.parse(response.body) as Record<string, unknown>;
    assert.deepEqual(Object.keys(body).sort(), ['access_token', 'expires_in', 'token_type']);
    assert.equal(body.expires_in, 3600);
    assert.equal(body.token_type, 'Bearer');
    assert.equal((await call(pl.url, `${API}/codes/costcenter1`, { token: String(body.access_token) })).status, 200);
  });

  it('IdentityServer token with client credentials in the form body', async () => {
    const response = await rawRequest(`${pl.url}/IdentityServer/connect/token`, {
      method: 'POST',
      headers: { 'content-type': form },
      body: `grant_type=client_credentials&scope=WebLinkAPI&client_id=${DEMO.clientId}&client_secret=${DEMO.clientSecret}`,
    });
    assert.equal(response.status, 200);
  });

  it('refuses a wrong secret (400 invalid_client), another grant type and another scope', async () => {
    const ask = (auth: string, body: string) => rawRequest(`${pl.url}/IdentityServer/connect/token`, { method: 'POST', headers: { 'content-type': form, authorization: auth }, body });
    const wrong = await ask(basic(DEMO.clientId, 'nope'), 'grant_type=client_credentials&scope=WebLinkAPI');
    assert.equal(wrong.status, 400);
    assert.deepEqual(JSON.parse(wrong.body), { error: 'invalid_client' });
    assert.deepEqual(JSON.parse((await ask(basic(DEMO.clientId, DEMO.clientSecret), 'grant_type=password&scope=WebLinkAPI')).body), { error: 'unsupported_grant_type' });
    assert.deepEqual(JSON.parse((await ask(basic(DEMO.clientId, DEMO.clientSecret), 'grant_type=client_credentials&scope=Other')).body), { error: 'invalid_scope' });
  });

  it('NextGen gateway token with body credentials; bad credentials are a 403', async () => {
    const ok = await rawRequest(`${pl.url}/public/security/v1/token`, {
      method: 'POST',
      headers: { 'content-type': form },
      body: `client_id=${DEMO.clientId}&client_secret=${DEMO.clientSecret}&grant_type=client_credentials`,
    });
    assert.equal(ok.status, 200);
    const body = JSON.parse(ok.body) as { access_token: string; expires_in: number; token_type: string };
    assert.equal(body.expires_in, 3600);
    assert.equal(body.token_type, 'Bearer');
    assert.equal((await call(pl.url, `${API}/employees`, { token: body.access_token })).status, 200);
    const bad = await rawRequest(`${pl.url}/public/security/v1/token`, { method: 'POST', headers: { 'content-type': form }, body: `client_id=${DEMO.clientId}&client_secret=x&grant_type=client_credentials` });
    assert.equal(bad.status, 403);
  });

  it('no token, an unknown token or an expired one: 401 with an empty body', async () => {
    for (const bearer of [null, 'not-a-token']) {
      const response = await call(pl.url, `${API}/employees`, { token: bearer });
      assert.equal(response.status, 401);
      assert.equal(response.body, '');
    }
    pl.running.clock.set('2026-12-01T08:00:00Z');
    const bearer = await token(pl.url);
    pl.running.clock.advance(3599_000);
    assert.equal((await call(pl.url, `${API}/employees`, { token: bearer })).status, 200);
    pl.running.clock.advance(1000);
    const expired = await call(pl.url, `${API}/employees`, { token: bearer });
    assert.equal(expired.status, 401);
    assert.equal(expired.body, '');
  });

  it('a reset drops the tokens issued; a reset with keepSessions keeps them (only the data goes back to the seed)', async () => {
    const bearer = await token(pl.url);
    pl.running.reset({ keepSessions: true });
    assert.equal((await call(pl.url, `${API}/employees`, { token: bearer })).status, 200);
    const reset = await rawRequest(`${pl.url}/__sandbox/reset`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"keepSessions":true}' });
    assert.equal(reset.status, 200);
    assert.equal((await call(pl.url, `${API}/employees`, { token: bearer })).status, 200);
    pl.running.reset();
    assert.equal((await call(pl.url, `${API}/employees`, { token: bearer })).status, 401);
  });

  it('a client not scoped to the company: 403 with an empty body', async () => {
    const bearer = await token(pl.url, LIMITED);
    for (const path of [`${API}/employees`, `${API}/employees/1001`, `${API}/codes/costcenter1`]) {
      const response = await call(pl.url, path, { token: bearer });
      assert.equal(response.status, 403, path);
      assert.equal(response.body, '');
    }
    const patch = await call(pl.url, `${API}/employees/1001`, { method: 'PATCH', token: bearer, body: { firstName: 'X' } });
    assert.equal(patch.status, 403);
    // Its own company does not exist here.
    const own = await call(pl.url, '/api/v2/companies/MLC02/employees', { token: bearer });
    assert.equal(own.status, 404);
    assert.deepEqual(own.json(), [{ field: 'companyId', message: 'The company does not exist', path: '$.companyId', options: [] }]);
  });
});
