import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { call, COID, LIMITED, rows, startUkg, type Ukg } from './helpers';

describe('UKG configuration resources', () => {
  let ukg: Ukg;
  before(async () => {
    ukg = await startUkg();
  });
  beforeEach(() => ukg.running.reset());
  after(() => ukg.running.close());

  it('company-details: one company with a 5-character COID and string isMasterCompany', async () => {
    const [company, ...rest] = await rows(ukg.url, '/configuration/v1/company-details');
    assert.equal(rest.length, 0);
    assert.equal(company?.companyID, COID);
    assert.equal(company?.isMasterCompany, 'false');
  });

  it('org levels: branches at level 1, cost centers matching Odoo at level 2, filters and 404', async () => {
    const all = await rows(ukg.url, '/configuration/v1/org-levels');
    assert.deepEqual(all.filter((org) => org.level === 1).map((org) => org.code), ['BR-N', 'BR-S', 'BR-E']);
    assert.deepEqual(all.filter((org) => org.level === 2 && org.isActive).map((org) => org.code), ['CC-100', 'CC-200', 'CC-300', 'CC-400', 'CC-500']);
    const inactive = await rows(ukg.url, '/configuration/v1/org-levels?isActive=false');
    assert.deepEqual(inactive.map((org) => org.code), ['CC-900']);
    const one = await call(ukg.url, '/configuration/v1/org-levels/2/CC-200');
    assert.equal((one.json() as { glSegment: string }).glSegment, 'CC-200');
    assert.equal((await call(ukg.url, '/configuration/v1/org-levels/2/CC-999')).status, 404);
    assert.equal((await call(ukg.url, '/configuration/v1/org-levels?code=NOPE')).status, 404);
  });

  it('org levels: bulk create answers 207 with a status per item, one failing', async () => {
    const response = await call(ukg.url, '/configuration/v1/org-levels', {
      method: 'POST',
      body: [
        { level: 2, code: 'CC-600', description: 'Yard Operations', glSegment: 'CC-600' },
        { level: 2, code: 'CC-200', description: 'Duplicate' },
        { level: 2, code: 'CC-700' },
      ],
    });
    assert.equal(response.status, 207);
    const body = response.json() as { multistatus: Array<{ sequenceId: number; status: string; modelstate: Record<string, unknown> | null }>; success_count: number; error_count: number };
    assert.deepEqual(body.multistatus.map((item) => item.status), ['201', '409', '400']);
    assert.ok(body.multistatus[2]?.modelstate && 'description' in body.multistatus[2].modelstate);
    assert.equal(body.success_count, 1);
    assert.equal(body.error_count, 2);
    assert.equal((await call(ukg.url, '/configuration/v1/org-levels/2/CC-600')).status, 200);
    assert.equal((await call(ukg.url, '/configuration/v1/org-levels/2/CC-700')).status, 404);
  });

  it('org levels: PATCH changes given fields, PUT replaces, the key is immutable', async () => {
    const patched = await call(ukg.url, '/configuration/v1/org-levels/2/CC-400', { method: 'PATCH', body: { budgetGroup: 'EAST' } });
    assert.equal(patched.status, 200);
    assert.deepEqual([(patched.json() as { description: string }).description, (patched.json() as { budgetGroup: string }).budgetGroup], ['East Branch', 'EAST']);
    const put = await call(ukg.url, '/configuration/v1/org-levels/2/CC-400', { method: 'PUT', body: { description: 'East' } });
    assert.equal(put.status, 200);
    assert.equal((put.json() as { budgetGroup: unknown }).budgetGroup, null);
    assert.equal((await call(ukg.url, '/configuration/v1/org-levels/2/CC-400', { method: 'PATCH', body: { level: 3 } })).status, 400);
    assert.equal((await call(ukg.url, '/configuration/v1/org-levels/2/CC-400', { method: 'PUT', body: {} })).status, 400);
    assert.equal((await call(ukg.url, '/configuration/v1/org-levels/2/CC-999', { method: 'PATCH', body: { description: 'x' } })).status, 404);
  });

  it('jobs: list with isActive filter and by code', async () => {
    const jobs = await rows(ukg.url, '/configuration/v1/jobs');
    assert.ok(jobs.some((job) => job.code === 'CARP' && job.title === 'Carpenter' && job.countryCode === 'USA'));
    assert.deepEqual(Object.keys(jobs[0] ?? {}).sort(), ['code', 'countryCode', 'isActive', 'jobFamilyCode', 'title']);
    const inactive = await rows(ukg.url, '/configuration/v1/jobs?isActive=false');
    assert.deepEqual(inactive.map((job) => job.code), ['DRAFT']);
    assert.equal((await call(ukg.url, '/configuration/v1/jobs/ELEC')).status, 200);
    assert.equal((await call(ukg.url, '/configuration/v1/jobs/NOPE')).status, 404);
  });

  it('the limited account may read configuration but not run payroll', async () => {
    assert.equal((await call(ukg.url, '/configuration/v1/org-levels', { account: LIMITED })).status, 200);
    assert.equal((await call(ukg.url, '/payroll/v2/general-ledger?mostRecent=true', { account: LIMITED })).status, 403);
  });
});
