import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { PROJECT_IDS } from '../../../sandbox/procore';
import { rawRequest } from '../http-client';
import { call, COMPANY, DEMO, LIMITED, startProcore, token, type Procore } from './helpers';

const P1 = PROJECT_IDS.riverside;

describe('Procore sandbox: auth, company header, projects, vendors, paging, filters', () => {
  let pc: Procore;
  let bearer: string;
  before(async () => {
    pc = await startProcore();
  });
  beforeEach(async () => {
    pc.running.reset();
    bearer = await token(pc.url);
  });
  after(() => pc.running.close());

  it('token endpoint takes JSON, urlencoded and multipart bodies: 5400 s, bearer, created_at', async () => {
    const boundary = 'XyZ123';
    const multipart = ['grant_type', 'client_id', 'client_secret']
      .map((name, i) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${['client_credentials', DEMO.clientId, DEMO.clientSecret][i]}\r\n`)
      .join('') + `--${boundary}--\r\n`;
    const bodies: Array<[string, string]> = [
      ['application/json', JSON.stringify({ grant_type: 'client_credentials', client_id: DEMO.clientId, client_secret: DEMO.clientSecret })],
      ['application/x-www-form-urlencoded', `grant_type=client_credentials&client_id=${DEMO.clientId}&client_secret=${DEMO.clientSecret}`],
      [`multipart/form-data; boundary=${boundary}`, multipart],
    ];
    for (const [type, body] of bodies) {
      const response = await rawRequest(`${pc.url}/oauth/token`, { method: 'POST', headers: { 'content-type': type }, body });
      assert.equal(response.status, 200, `${type}: ${response.body}`);
      const answer = JSON.parse(response.body) as Record<string, unknown>;
      assert.deepEqual(Object.keys(answer).sort(), ['access_token', 'created_at', 'expires_in', 'token_type']);
      assert.equal(answer.expires_in, 5400);
      assert.equal(answer.token_type, 'bearer');
      assert.equal((await call(pc.url, `/rest/v1.0/projects?company_id=${COMPANY}`, { token: String(answer.access_token) })).status, 200);
    }
    const bad = await rawRequest(`${pc.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ grant_type: 'client_credentials', client_id: DEMO.clientId, client_secret: 'x' }) });
    assert.equal(bad.status, 401);
    assert.equal(JSON.parse(bad.body).error, 'invalid_client');
  });

  it('401 without a token, with a bad one and after 5400 s on the sandbox clock', async () => {
    assert.equal((await call(pc.url, `/rest/v1.0/projects?company_id=${COMPANY}`)).status, 401);
    assert.equal((await call(pc.url, `/rest/v1.0/projects?company_id=${COMPANY}`, { token: 'nope' })).status, 401);
    pc.running.clock.set('2026-11-02T08:00:00Z');
    const t = await token(pc.url);
    pc.running.clock.advance(5399_000);
    assert.equal((await call(pc.url, `/rest/v1.0/projects?company_id=${COMPANY}`, { token: t })).status, 200);
    pc.running.clock.advance(1000);
    const expired = await call(pc.url, `/rest/v1.0/projects?company_id=${COMPANY}`, { token: t });
    assert.equal(expired.status, 401);
    assert.equal(expired.json().message, 'The access token is invalid');
  });

  it('Procore-Company-Id: missing → 400 (or 403 by option), unknown → 404, app not installed → 403', async () => {
    const missing = await call(pc.url, `/rest/v1.0/projects?company_id=${COMPANY}`, { token: bearer, company: null });
    assert.equal(missing.status, 400);
    assert.match(missing.body, /Missing Procore-Company-Id header!/);
    assert.equal((await call(pc.url, '/rest/v1.0/companies', { token: bearer, company: null })).status, 400);
    pc.simulator.setOptions({ missingCompanyHeaderStatus: 403, companyHeaderOnMeAndCompanies: 'optional' });
    assert.equal((await call(pc.url, `/rest/v1.0/projects?company_id=${COMPANY}`, { token: bearer, company: null })).status, 403);
    assert.equal((await call(pc.url, '/rest/v1.0/companies', { token: bearer, company: null })).status, 200);
    assert.equal((await call(pc.url, `/rest/v1.0/projects?company_id=${COMPANY}`, { token: bearer, company: 999 })).status, 404);
    const other = await call(pc.url, `/rest/v1.0/projects?company_id=4264999`, { token: bearer, company: 4264999 });
    assert.equal(other.status, 403);
    assert.equal(other.json().message, 'App is not connected to this company');
  });

  it('projects: three visible (PRJ-1001..1003), 403 on a project not permitted, 404 on one in another company; v1.1 too', async () => {
    const list = await call(pc.url, `/rest/v1.0/projects?company_id=${COMPANY}`, { token: bearer });
    assert.deepEqual(list.json<Array<{ project_number: string; name: string }>>().map((p) => [p.project_number, p.name]), [
      ['PRJ-1001', 'Riverside Medical Center'],
      ['PRJ-1002', 'Oak Street Bridge Retrofit'],
      ['PRJ-1003', 'Harbor View Apartments'],
    ]);
    assert.equal(list.headers.total, '3');
    assert.equal((await call(pc.url, `/rest/v1.0/projects/${PROJECT_IDS.westgate}?company_id=${COMPANY}`, { token: bearer })).status, 403);
    assert.equal((await call(pc.url, `/rest/v1.0/projects/${PROJECT_IDS.elsewhere}?company_id=${COMPANY}`, { token: bearer })).status, 404);
    const limited = await token(pc.url, LIMITED);
    assert.equal((await call(pc.url, `/rest/v1.0/cost_codes?project_id=${PROJECT_IDS.oakStreet}`, { token: limited })).status, 403);
    assert.equal((await call(pc.url, `/rest/v1.0/cost_codes?project_id=${P1}`, { token: limited })).status, 200);
    const v11 = await call(pc.url, `/rest/v1.1/projects?company_id=${COMPANY}&view=compact&filters[project_number]=PRJ-1002`, { token: bearer });
    assert.deepEqual(v11.json<Array<{ id: number }>>().map((p) => p.id), [PROJECT_IDS.oakStreet]);
    assert.equal((await call(pc.url, `/rest/v1.1/vendors?company_id=${COMPANY}`, { token: bearer })).status, 404);
  });

  it('paging: Total, Per-Page, Link (next/last on page 1; first/prev on the last page)', async () => {
    const first = await call(pc.url, `/rest/v1.0/cost_codes?project_id=${P1}&per_page=5`, { token: bearer });
    assert.equal(first.headers.total, '13');
    assert.equal(first.headers['per-page'], '5');
    assert.equal(first.json<unknown[]>().length, 5);
    const link = String(first.headers.link);
    assert.match(link, /per_page=5&page=2>; rel="next"/);
    assert.match(link, /per_page=5&page=3>; rel="last"/);
    assert.doesNotMatch(link, /rel="prev"/);
    const last = await call(pc.url, `/rest/v1.0/cost_codes?project_id=${P1}&per_page=5&page=3`, { token: bearer });
    assert.equal(last.json<unknown[]>().length, 3);
    assert.doesNotMatch(String(last.headers.link), /rel="next"/);
    assert.match(String(last.headers.link), /rel="prev"/);
    const past = await call(pc.url, `/rest/v1.0/cost_codes?project_id=${P1}&per_page=5&page=9`, { token: bearer });
    assert.deepEqual(past.json(), []);
    const codes = await call(pc.url, `/rest/v1.0/cost_codes?project_id=${P1}&per_page=100`, { token: bearer });
    assert.ok(codes.json<Array<{ full_code: string }>>().some((c) => c.full_code === '03-300'));
  });

  it('filters: updated_at ranges, id arrays, origin_id', async () => {
    const vendors = (await call(pc.url, `/rest/v1.0/vendors?company_id=${COMPANY}`, { token: bearer })).json<Array<{ id: number; name: string }>>();
    assert.equal(vendors.length, 6); // the inactive one is at /companies/{id}/vendors/inactive
    const [a, b] = vendors;
    const byIds = await call(pc.url, `/rest/v1.0/vendors?company_id=${COMPANY}&filters[id][]=${a!.id}&filters[id][]=${b!.id}`, { token: bearer });
    assert.deepEqual(byIds.json<Array<{ id: number }>>().map((v) => v.id), [a!.id, b!.id]);
    pc.running.clock.set('2026-11-05T10:00:00Z');
    await call(pc.url, `/rest/v1.0/vendors/${a!.id}`, { method: 'PATCH', token: bearer, body: { company_id: COMPANY, vendor: { notes: 'changed' } } });
    const changed = await call(pc.url, `/rest/v1.0/vendors?company_id=${COMPANY}&filters[updated_at]=2026-11-05T00:00:00Z...2026-11-06T00:00:00Z`, { token: bearer });
    assert.deepEqual(changed.json<Array<{ id: number }>>().map((v) => v.id), [a!.id]);
    const inactive = await call(pc.url, `/rest/v1.0/companies/${COMPANY}/vendors/inactive`, { token: bearer });
    assert.deepEqual(inactive.json<Array<{ name: string }>>().map((v) => v.name), ['Mile High Demolition']);
  });

  it('vendors /sync: create, upsert by origin_id, id + origin_id links a seeded vendor, per-item errors, 1,000 max', async () => {
    const acme = (await call(pc.url, `/rest/v1.0/vendors?company_id=${COMPANY}&filters[origin_code]=V-1001`, { token: bearer })).json<Array<{ id: number }>>()[0]!;
    const sync = (updates: unknown[]) => call(pc.url, '/rest/v1.0/vendors/sync', { method: 'PATCH', token: bearer, body: { company_id: COMPANY, updates } });
    const first = await sync([
      { origin_id: '42', name: 'Bluewater Plumbing Supply', origin_code: 'V-1004' },
      { id: acme.id, origin_id: '41' },
      { id: 1, name: 'Ghost' },
      { origin_id: '43' },
    ]);
    assert.equal(first.status, 200);
    const body = first.json<{ entities: Array<{ id: number; origin_id: string; name: string }>; errors: Array<{ errors: Record<string, string[]>; id?: number; origin_id?: string }> }>();
    assert.deepEqual(body.entities.map((e) => [e.origin_id, e.name]), [['42', 'Bluewater Plumbing Supply'], ['41', 'Acme Lumber Supply']]);
    assert.deepEqual(body.errors, [
      { id: 1, name: 'Ghost', errors: { id: ['Entity with this ID not found'] } },
      { origin_id: '43', errors: { name: ["can't be blank"] } },
    ]);
    const again = await sync([{ origin_id: '42', name: 'Bluewater Plumbing Supply Co.' }]);
    assert.equal(again.json<{ entities: Array<{ id: number }> }>().entities[0]!.id, body.entities[0]!.id);
    const total = (await call(pc.url, `/rest/v1.0/vendors?company_id=${COMPANY}`, { token: bearer })).headers.total;
    assert.equal(total, '7');
    const tooMany = await sync(Array.from({ length: 1001 }, (_, i) => ({ origin_id: `x${i}`, name: `V${i}` })));
    assert.equal(tooMany.status, 422);
    const max = await sync(Array.from({ length: 1000 }, (_, i) => ({ origin_id: `x${i}`, name: `V${i}` })));
    assert.equal(max.json<{ entities: unknown[] }>().entities.length, 1000);
  });

  it('vendor create 201; duplicate origin_id 409; missing name 422; other company vendor 404', async () => {
    const created = await call(pc.url, '/rest/v1.0/vendors', { method: 'POST', token: bearer, body: { company_id: COMPANY, vendor: { name: 'Metro Glass & Glazing', origin_id: '51' } } });
    assert.equal(created.status, 201);
    const dup = await call(pc.url, '/rest/v1.0/vendors', { method: 'POST', token: bearer, body: { company_id: COMPANY, vendor: { name: 'Other', origin_id: '51' } } });
    assert.equal(dup.status, 409);
    assert.deepEqual(dup.json(), { errors: { origin_id: ['has already been taken'] } });
    const noName = await call(pc.url, '/rest/v1.0/vendors', { method: 'POST', token: bearer, body: { company_id: COMPANY, vendor: {} } });
    assert.equal(noName.status, 422);
    assert.equal((await call(pc.url, `/rest/v1.0/vendors/999?company_id=${COMPANY}`, { token: bearer })).status, 404);
  });
});
