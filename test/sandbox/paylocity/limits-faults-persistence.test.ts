import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { control } from '../http-client';
import { API, call, startPaylocity, token, type Paylocity } from './helpers';

const HIRE = {
  firstName: 'Ines',
  lastName: 'Moreau',
  status: { hireDate: '2026-12-07' },
  departmentPosition: { costCenter1: 'CC-200' },
  primaryPayRate: { payType: 'Hourly', payFrequency: 'B', baseRate: 30 },
};

describe('Paylocity sandbox: rate limit and after-commit faults', () => {
  let pl: Paylocity;
  let bearer: string;
  before(async () => {
    pl = await startPaylocity();
  });
  beforeEach(async () => {
    pl.running.reset();
    bearer = await token(pl.url);
  });
  after(() => pl.running.close());

  it('25 requests per second by default, then 429 with an empty body; the next second admits again; token calls do not count', async () => {
    pl.running.clock.set('2026-12-01T08:00:00Z');
    for (let i = 0; i < 25; i += 1) assert.equal((await call(pl.url, `${API}/codes/earnings`, { token: bearer })).status, 200);
    const limited = await call(pl.url, `${API}/codes/earnings`, { token: bearer });
    assert.equal(limited.status, 429);
    assert.equal(limited.body, '');
    assert.equal(limited.headers['retry-after'], undefined);
    await token(pl.url);
    pl.running.clock.advance(1000);
    assert.equal((await call(pl.url, `${API}/codes/earnings`, { token: bearer })).status, 200);
    const log = (await control(pl.url, 'GET', 'requests?outcome=rate-limited')).body as { count: number };
    assert.equal(log.count, 1);
  });

  it('tests set the limit through the control API', async () => {
    pl.running.clock.set('2026-12-01T08:00:00Z');
    const set = await control(pl.url, 'POST', 'quota', { rules: [{ limit: 2, windowSeconds: 1, path: '/api/', body: '' }] });
    assert.equal(set.status, 200);
    const statuses: number[] = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await call(pl.url, `${API}/employees`, { token: bearer })).status);
    assert.deepEqual(statuses, [200, 200, 429]);
    await control(pl.url, 'POST', 'reset');
    assert.deepEqual(((await control(pl.url, 'GET', 'quota')).body as { rules: Array<{ limit: number }> }).rules.map((rule) => rule.limit), [25]);
  });

  it('after-commit drop on POST: the client sees a reset, the new hire exists', async () => {
    await control(pl.url, 'POST', 'faults', { kind: 'drop', afterCommit: true, method: 'POST', path: `${API}/employees` });
    await assert.rejects(call(pl.url, `${API}/employees`, { method: 'POST', token: bearer, body: HIRE }), { code: 'ECONNRESET' });
    const employee = await call(pl.url, `${API}/employees/1121`, { token: bearer });
    assert.equal(employee.status, 200);
    assert.equal((employee.json() as { lastName: string }).lastName, 'Moreau');
    const log = (await control(pl.url, 'GET', 'requests?method=POST&tag.afterCommit=201')).body as { count: number };
    assert.equal(log.count, 1);
  });

  it('after-commit 500 on PATCH: the client sees 500, the change is stored', async () => {
    await control(pl.url, 'POST', 'faults', { kind: 'status', status: 500, afterCommit: true, method: 'PATCH', body: [{ field: '', message: 'An error has occurred', path: '$', options: [] }] });
    const answer = await call(pl.url, `${API}/employees/1001`, { method: 'PATCH', token: bearer, body: { departmentPosition: { costCenter1: 'CC-400' } } });
    assert.equal(answer.status, 500);
    const employee = (await call(pl.url, `${API}/employees/1001`, { token: bearer })).json() as { departmentPosition: { costCenter1: string } };
    assert.equal(employee.departmentPosition.costCenter1, 'CC-400');
  });
});

describe('Paylocity sandbox: data kept across restarts', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-paylocity-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('hires, changes, terminations and processed runs survive a restart; reset goes back to the seed', async () => {
    const dataFile = join(dir, 'paylocity.json');
    const first = await startPaylocity({}, { dataFile });
    assert.equal(first.running.restored, false);
    const bearer = await token(first.url);
    assert.equal((await call(first.url, `${API}/employees`, { method: 'POST', token: bearer, body: HIRE })).status, 201);
    assert.equal((await call(first.url, `${API}/employees/1002`, { method: 'PATCH', token: bearer, body: { status: { employeeStatus: 'T', effectiveDate: '2026-12-04' } } })).status, 200);
    // Control-API changes are saved before the answer too.
    assert.equal((await control(first.url, 'POST', 'payroll/process', { checkDate: '2026-12-11' })).status, 201);
    await first.running.close();
    const saved = JSON.parse(readFileSync(dataFile, 'utf8')) as { format: string; system: string; version: number };
    assert.deepEqual([saved.format, saved.system, saved.version], ['mlc-sandbox-state', 'paylocity', 1]);

    const second = await startPaylocity({}, { dataFile });
    try {
      assert.equal(second.running.restored, true);
      const again = await token(second.url);
      assert.equal((await call(second.url, `${API}/employees/1121`, { token: again })).status, 200);
      assert.equal(((await call(second.url, `${API}/employees/1002`, { token: again })).json() as { status: { employeeStatus: string } }).status.employeeStatus, 'T');
      const summaries = (await call(second.url, `${API}/employees/1001/paystatement/summary/2026`, { token: again })).json() as unknown[];
      assert.equal(summaries.length, 3);
      assert.deepEqual((await call(second.url, `${API}/employees`, { method: 'POST', token: again, body: HIRE })).json(), [{ employeeId: '1122' }]);
      await control(second.url, 'POST', 'reset');
      assert.equal((await call(second.url, `${API}/employees/1121`, { token: await token(second.url) })).status, 404);
    } finally {
      await second.running.close();
    }
    const third = await startPaylocity({}, { dataFile });
    try {
      assert.equal((await call(third.url, `${API}/employees/1121`, { token: await token(third.url) })).status, 404, 'the reset was saved');
    } finally {
      await third.running.close();
    }
  });
});
