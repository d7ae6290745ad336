import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SIMULATORS } from '../../../sandbox/registry';
import { control } from '../http-client';
import { call, rows, startUkg, type Ukg } from './helpers';

describe('UKG quota, demo credentials and reset', () => {
  let ukg: Ukg;
  before(async () => {
    ukg = await startUkg();
  });
  after(() => ukg.running.close());

  it('is registered as ukg with a 6000/min default quota', () => {
    const simulator = SIMULATORS.ukg?.();
    assert.equal(simulator?.name, 'ukg');
    assert.deepEqual(ukg.running.quota.rules().map((rule) => [rule.limit, rule.windowSeconds]), [[6000, 60]]);
    const values = ukg.simulator.demoCredentials.values;
    assert.equal(values.host, ukg.url);
    assert.deepEqual([values.username, values.password, values.customerApiKey, values.clientId, values.clientSecret, values.tenant], ['mlc-demo', 'mlc-demo-password', 'MLCDM', 'mlc-demo-client', 'mlc-demo-secret', 'mlcdemo']);
  });

  it('429 without Retry-After once the 1-minute quota is spent, open again in the next window', async () => {
    ukg.running.reset();
    ukg.running.clock.set('2026-12-01T09:00:00Z');
    const set = await control(ukg.url, 'POST', 'quota', { rules: [{ limit: 3, windowSeconds: 60 }] });
    assert.equal(set.status, 200);
    const statuses: number[] = [];
    for (let i = 0; i < 4; i += 1) statuses.push((await call(ukg.url, '/configuration/v1/jobs')).status);
    assert.deepEqual(statuses, [200, 200, 200, 429]);
    const refused = await call(ukg.url, '/configuration/v1/jobs');
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['retry-after'], undefined);
    ukg.running.clock.advance(60_000);
    assert.equal((await call(ukg.url, '/configuration/v1/jobs')).status, 200);
    ukg.running.reset();
    assert.deepEqual(ukg.running.quota.rules().map((rule) => rule.limit), [6000], 'reset restores the default quota');
  });

  it('reset returns employees, org levels, runs, the changes feed and tokens to the seed', async () => {
    ukg.running.reset();
    const before = await rows(ukg.url, '/personnel/v1/employment-details');
    ukg.simulator.hire({ firstName: 'Temp', lastName: 'Worker', jobCode: 'LAB', orgLevel2Code: 'CC-500' });
    ukg.simulator.change(String(before[0]?.employeeID), { lastName: 'Changed' });
    ukg.simulator.addGlRun({ periodStartDate: '2026-12-01', periodEndDate: '2026-12-15' });
    await call(ukg.url, '/configuration/v1/org-levels', { method: 'POST', body: [{ level: 2, code: 'CC-777', description: 'Temp' }] });
    await call(ukg.url, '/personnel/v1/employee-changes');

    ukg.running.reset();
    assert.deepEqual(await rows(ukg.url, '/personnel/v1/employment-details'), before);
    assert.equal((await call(ukg.url, '/configuration/v1/org-levels/2/CC-777')).status, 404);
    const runs = new Set((await rows(ukg.url, '/payroll/v2/general-ledger')).map((line) => line.runId));
    assert.deepEqual([...runs], ['GL-MLCO1-20261115', 'GL-MLCO1-20261130']);
  });

  it('the seed is the same on every start', async () => {
    const other = await startUkg();
    try {
      assert.deepEqual(await rows(other.url, '/personnel/v1/person-details'), await rows(ukg.url, '/personnel/v1/person-details'));
      assert.deepEqual(await rows(other.url, '/payroll/v2/general-ledger'), await rows(ukg.url, '/payroll/v2/general-ledger'));
    } finally {
      await other.running.close();
    }
  });
});
