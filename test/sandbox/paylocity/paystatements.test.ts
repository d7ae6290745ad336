import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { control } from '../http-client';
import { allPages, API, call, cents, get, startPaylocity, token, type Paylocity } from './helpers';

interface Summary {
  checkDate: string;
  grossPay: number;
  netPay: number;
  directDepositAmount: number;
  netCheck: number;
  regularDollars: number;
  overtimeDollars: number;
  year: number;
}
interface Detail {
  checkDate: string;
  detType: string;
  detCode: string;
  det: string;
  amount: number;
  transactionNumber: number;
}

describe('Paylocity sandbox: pay statements and codes', () => {
  let pl: Paylocity;
  let bearer: string;
  before(async () => {
    pl = await startPaylocity();
  });
  beforeEach(async () => {
    pl.running.reset();
    pl.running.quota.clear();
    bearer = await token(pl.url);
  });
  after(() => pl.running.close());

  it('summaries for a year and for one check date; gross = earnings, net = gross − deductions − employee taxes, to the cent', async () => {
    const year = await get<Summary[]>(pl.url, `${API}/employees/1001/paystatement/summary/2026`, bearer);
    assert.deepEqual(year.map((row) => row.checkDate), ['2026-11-13T00:00:00', '2026-11-27T00:00:00']);
    const one = await call(pl.url, `${API}/employees/1001/paystatement/summary/2026/2026-11-27`, { token: bearer });
    assert.equal(one.status, 200);
    assert.equal(one.headers['x-pcty-total-count'], '1');
    for (const summary of year) {
      const details = await get<Detail[]>(pl.url, `${API}/employees/1001/paystatement/details/2026/${summary.checkDate.slice(0, 10)}?pagesize=100`, bearer);
      const sum = (pick: (line: Detail) => boolean): number => details.filter(pick).reduce((total, line) => total + cents(line.amount), 0);
      assert.equal(cents(summary.grossPay), sum((line) => line.detType === 'E'));
      assert.equal(cents(summary.regularDollars) + cents(summary.overtimeDollars), cents(summary.grossPay));
      assert.equal(cents(summary.netPay), cents(summary.grossPay) - sum((line) => line.detType === 'D') - sum((line) => line.detType === 'T' && !line.detCode.startsWith('ER-')));
      assert.equal(cents(summary.directDepositAmount) + cents(summary.netCheck), cents(summary.netPay));
      assert.ok(details.some((line) => line.detType === 'T' && line.detCode === 'ER-SS'), 'employer taxes are listed');
      assert.ok(details.every((line) => line.checkDate === summary.checkDate));
    }
  });

  it('every employee paid in each November run ties out; run totals as documented', async () => {
    pl.running.quota.clear();
    const employees = await allPages<{ employeeId: string }>(pl.url, `${API}/employees`, bearer, 200);
    const totals = new Map<string, { checks: number; gross: number; net: number }>();
    for (const { employeeId } of employees) {
      const response = await call(pl.url, `${API}/employees/${employeeId}/paystatement/summary/2026`, { token: bearer });
      if (response.status === 404) continue;
      for (const summary of response.json() as Summary[]) {
        const entry = totals.get(summary.checkDate) ?? { checks: 0, gross: 0, net: 0 };
        entry.checks += 1;
        entry.gross += cents(summary.grossPay);
        entry.net += cents(summary.netPay);
        totals.set(summary.checkDate, entry);
      }
    }
    assert.deepEqual(Object.fromEntries(totals), {
      '2026-11-13T00:00:00': { checks: 108, gross: 27_373_190, net: 19_528_919 },
      '2026-11-27T00:00:00': { checks: 112, gross: 27_557_340, net: 19_667_923 },
    });
    // CC-500's hires start on 2026-11-16: only the second run pays them.
    assert.equal((await get<Summary[]>(pl.url, `${API}/employees/1115/paystatement/summary/2026`, bearer)).length, 1);
  });

  it('details are paged like the lists and filtered by codegroup', async () => {
    const page = await call(pl.url, `${API}/employees/1001/paystatement/details/2026?pagesize=5&pagenumber=1`, { token: bearer });
    assert.equal((page.json() as Detail[]).length, 5);
    const total = Number(page.headers['x-pcty-total-count']);
    assert.ok(total > 10);
    const all = await allPages<Detail>(pl.url, `${API}/employees/1001/paystatement/details/2026`, bearer, 7);
    assert.equal(all.length, total);
    const fitw = await get<Detail[]>(pl.url, `${API}/employees/1001/paystatement/details/2026?codegroup=FITW`, bearer);
    assert.deepEqual(fitw.map((line) => [line.detType, line.detCode]), [['T', 'FITW'], ['T', 'FITW']]);
  });

  it('unknown employee, year or check date: 404 array errors; a malformed check date is a 400', async () => {
    for (const path of ['/employees/9999/paystatement/summary/2026', '/employees/1001/paystatement/summary/2025', '/employees/1001/paystatement/details/2026/2026-11-20']) {
      const response = await call(pl.url, `${API}${path}`, { token: bearer });
      assert.equal(response.status, 404, path);
      assert.ok(Array.isArray(response.json()));
    }
    assert.equal((await call(pl.url, `${API}/employees/1001/paystatement/summary/2026/11-13-2026`, { token: bearer })).status, 400);
    await control(pl.url, 'POST', 'options', { checkDatePath: 'us' });
    assert.equal((await call(pl.url, `${API}/employees/1001/paystatement/summary/2026/11-13-2026`, { token: bearer })).status, 200);
    assert.equal((await call(pl.url, `${API}/employees/1001/paystatement/summary/2026/2026-11-13`, { token: bearer })).status, 400);
  });

  it('company codes for each documented resource; anything else is 404 "Invalid Code Resource"', async () => {
    const costCenters = await get<Array<{ code: string; description: string }>>(pl.url, `${API}/codes/costcenter1`, bearer);
    assert.deepEqual(costCenters, [
      { code: 'CC-100', description: 'Administration' },
      { code: 'CC-200', description: 'North Branch' },
      { code: 'CC-300', description: 'South Branch' },
      { code: 'CC-400', description: 'East Branch' },
      { code: 'CC-500', description: 'Field Services' },
    ]);
    assert.deepEqual((await get<Array<{ code: string }>>(pl.url, `${API}/codes/costcenter2`, bearer)).map((code) => code.code), ['SEA', 'PDX']);
    assert.deepEqual(await get(pl.url, `${API}/codes/costcenter3`, bearer), []);
    for (const resource of ['deductions', 'earnings', 'taxes', 'paygrade', 'positions']) {
      assert.ok((await get<unknown[]>(pl.url, `${API}/codes/${resource}`, bearer)).length > 0, resource);
    }
    const wrong = await call(pl.url, `${API}/codes/jobs`, { token: bearer });
    assert.equal(wrong.status, 404);
    assert.deepEqual(wrong.json(), [{ field: 'codeResource', message: 'Invalid Code Resource', path: '$.codeResource', options: [] }]);
  });

  it('processPayroll adds a run from today\'s employees', async () => {
    const run = pl.simulator.processPayroll({ checkDate: '2026-12-11' });
    assert.equal(run.processId, '2026121101');
    const year = await get<Summary[]>(pl.url, `${API}/employees/1001/paystatement/summary/2026`, bearer);
    assert.deepEqual(year.map((row) => row.checkDate.slice(0, 10)), ['2026-11-13', '2026-11-27', '2026-12-11']);
  });
});
