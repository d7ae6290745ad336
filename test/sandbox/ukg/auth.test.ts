import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { rawRequest } from '../http-client';
import { call, LIMITED, startUkg, TENANT, type Ukg } from './helpers';

describe('UKG auth', () => {
  let ukg: Ukg;
  before(async () => {
    ukg = await startUkg();
  });
  beforeEach(() => ukg.running.reset());
  after(() => ukg.running.close());

  it('401 for a bad Basic password, a missing or wrong customer key, or no Authorization', async () => {
    const bad = await call(ukg.url, '/personnel/v1/person-details', { account: { username: 'mlc-demo', password: 'nope' } });
    assert.equal(bad.status, 401);
    assert.match(bad.headers['www-authenticate'] ?? '', /^Basic/);
    assert.equal((await call(ukg.url, '/personnel/v1/person-details', { key: null })).status, 401);
    assert.equal((await call(ukg.url, '/personnel/v1/person-details', { key: 'WRONG' })).status, 401);
    assert.equal((await call(ukg.url, '/personnel/v1/person-details', { account: null })).status, 401);
  });

  it('accepts and ignores x-api-key and US-Client-Id', async () => {
    const response = await call(ukg.url, '/personnel/v1/person-details?per_Page=1', { headers: { 'x-api-key': 'anything', 'us-client-id': 'whatever' } });
    assert.equal(response.status, 200);
  });

  it('403 naming the missing web service and role; other services still open to the same account', async () => {
    const denied = await call(ukg.url, '/payroll/v2/general-ledger', { account: LIMITED });
    assert.equal(denied.status, 403);
    const body = denied.json() as { webService: string; role: string; detail: string };
    assert.equal(body.webService, 'Payroll Integration');
    assert.equal(body.role, 'View');
    assert.match(body.detail, /"Payroll Integration"/);
    assert.equal((await call(ukg.url, '/payroll/v1/pay-register', { account: LIMITED })).status, 403);
    assert.equal((await call(ukg.url, '/personnel/v1/employment-details?per_Page=1', { account: LIMITED })).status, 200);
  });

  it('OAuth client credentials: a token for onboarding, refused by the core APIs; Basic refused by onboarding', async () => {
    ukg.running.clock.set('2026-12-01T09:00:00Z');
    const tokenResponse = await rawRequest(`${ukg.url}/signin/oauth2/t/${TENANT}/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials&client_id=mlc-demo-client&client_secret=mlc-demo-secret&scope=profile',
    });
    assert.equal(tokenResponse.status, 200);
    const token = JSON.parse(tokenResponse.body) as { access_token: string; token_type: string; expires_in: number; scope: string };
    assert.equal(token.token_type, 'Bearer');
    assert.equal(token.expires_in, 3600);
    assert.equal(token.access_token.split('.').length, 3);

    const bearer = { authorization: `Bearer ${token.access_token}` };
    assert.equal((await rawRequest(`${ukg.url}/personnel/v1/person-details`, { headers: { ...bearer, 'us-customer-api-key': 'MLCDM' } })).status, 401);
    const created = await rawRequest(`${ukg.url}/tenants/${TENANT}/new-hires`, {
      method: 'POST',
      headers: { ...bearer, 'content-type': 'application/json' },
      body: JSON.stringify({ contactInformation: { name: { first: 'Ada', last: 'Quist' }, emailAddress: 'ada.quist@example.com' }, hireDate: '2026-12-07', job: { code: 'CARP' } }),
    });
    assert.equal(created.status, 201);
    const id = (JSON.parse(created.body) as { id: string }).id;
    assert.equal(created.headers.location, `${ukg.url}/tenants/${TENANT}/new-hires/${id}`);
    assert.equal((await rawRequest(`${ukg.url}/tenants/${TENANT}/new-hires/${id}`, { headers: bearer })).status, 200);
    const invalid = await rawRequest(`${ukg.url}/tenants/${TENANT}/new-hires`, { method: 'POST', headers: { ...bearer, 'content-type': 'application/json' }, body: JSON.stringify({ hireDate: '2026-12-07' }) });
    assert.equal(invalid.status, 400);
    assert.equal((await call(ukg.url, `/tenants/${TENANT}/new-hires/${id}`)).status, 401, 'Basic is not accepted here');

    ukg.running.clock.advance(3600_000);
    assert.equal((await rawRequest(`${ukg.url}/tenants/${TENANT}/new-hires/${id}`, { headers: bearer })).status, 401, 'expired after expires_in on the sandbox clock');
  });

  it('token endpoint errors: wrong secret 401 invalid_client, other grants 400', async () => {
    const post = (body: string) => rawRequest(`${ukg.url}/signin/oauth2/t/${TENANT}/access_token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    const wrong = await post('grant_type=client_credentials&client_id=mlc-demo-client&client_secret=x&scope=profile');
    assert.equal(wrong.status, 401);
    assert.equal((JSON.parse(wrong.body) as { error: string }).error, 'invalid_client');
    const grant = await post('grant_type=password&client_id=mlc-demo-client&client_secret=mlc-demo-secret');
    assert.equal(grant.status, 400);
    assert.equal((JSON.parse(grant.body) as { error: string }).error, 'unsupported_grant_type');
  });
});
