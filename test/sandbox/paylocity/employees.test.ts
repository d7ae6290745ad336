import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { control } from '../http-client';
import { allPages, API, call, get, startPaylocity, token, type Paylocity } from './helpers';

interface Info {
  employeeId: string;
  statusCode: string;
  statusTypeCode: string;
}

const NEW_HIRE = {
  firstName: 'Ines',
  lastName: 'Moreau',
  status: { hireDate: '2026-12-07' },
  departmentPosition: { costCenter1: 'CC-200', positionCode: 'CARP' },
  primaryPayRate: { payType: 'Hourly', payFrequency: 'B', baseRate: 31.25 },
};

describe('Paylocity sandbox: employees', () => {
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

  it('lists ids and statuses, 25 per page by default, 0-based pages, total in X-Pcty-Total-Count', async () => {
    const first = await call(pl.url, `${API}/employees`, { token: bearer });
    assert.equal(first.status, 200);
    assert.equal(first.headers['x-pcty-total-count'], '120');
    const rows = first.json() as Info[];
    assert.equal(rows.length, 25);
    assert.deepEqual(rows[0], { employeeId: '1001', statusCode: 'A', statusTypeCode: 'A' });
    const last = await call(pl.url, `${API}/employees?pagesize=50&pagenumber=2`, { token: bearer });
    assert.equal((last.json() as Info[]).length, 20);
    assert.equal((last.json() as Info[])[0]?.employeeId, '1101');
    const past = await call(pl.url, `${API}/employees?pagesize=50&pagenumber=3`, { token: bearer });
    assert.deepEqual(past.json(), []);
    const noCount = await call(pl.url, `${API}/employees?includetotalcount=false`, { token: bearer });
    assert.equal(noCount.headers['x-pcty-total-count'], undefined);
    const all = await allPages<Info>(pl.url, `${API}/employees`, bearer, 40);
    assert.equal(all.length, 120);
    assert.equal(new Set(all.map((row) => row.employeeId)).size, 120);
    assert.equal(all.filter((row) => row.statusCode === 'T').length, 8);
    const bad = await call(pl.url, `${API}/employees?pagenumber=-1`, { token: bearer });
    assert.equal(bad.status, 400);
    assert.equal((bad.json() as Array<{ field: string }>)[0]?.field, 'pagenumber');
  });

  it('a configured maximum page size cuts bigger pages without a word', async () => {
    await control(pl.url, 'POST', 'options', { maxPageSize: 30 });
    const page = await call(pl.url, `${API}/employees?pagesize=100`, { token: bearer });
    assert.equal((page.json() as Info[]).length, 30);
    assert.equal(page.headers['x-pcty-total-count'], '120');
  });

  it('GET one employee: the object by default, a one-element array when configured; 404 array error when unknown', async () => {
    const employee = await get<Record<string, any>>(pl.url, `${API}/employees/1001`, bearer);
    assert.equal(employee.employeeId, '1001');
    assert.equal(employee.companyName, 'ML Construction Co.');
    assert.equal(employee.departmentPosition.costCenter1, 'CC-100');
    assert.equal(employee.departmentPosition.costCenter2, 'SEA');
    assert.match(employee.status.hireDate, /^\d{4}-\d{2}-\d{2}T00:00:00$/);
    assert.equal(employee.mainDirectDeposit, undefined);
    assert.equal(employee.payroll, undefined);
    await control(pl.url, 'POST', 'options', { employeeGetShape: 'array', dateOutput: 'us' });
    const wrapped = await get<Array<Record<string, any>>>(pl.url, `${API}/employees/1001`, bearer);
    assert.equal(wrapped.length, 1);
    assert.match(wrapped[0]?.status.hireDate, /^\d{2}\/\d{2}\/\d{4}$/);
    const missing = await call(pl.url, `${API}/employees/9999`, { token: bearer });
    assert.equal(missing.status, 404);
    assert.deepEqual(missing.json(), [{ field: 'employeeId', message: 'The employee does not exist', path: '$.employeeId', options: [] }]);
  });

  it('seed has rehires (reHireDate after terminationDate, active) and terminations', async () => {
    const rehired = await get<Record<string, any>>(pl.url, `${API}/employees/1052`, bearer);
    assert.equal(rehired.status.employeeStatus, 'A');
    assert.equal(rehired.status.terminationDate, '2024-05-31T00:00:00');
    assert.equal(rehired.status.reHireDate, '2025-03-03T00:00:00');
    const gone = await get<Record<string, any>>(pl.url, `${API}/employees/1009`, bearer);
    assert.equal(gone.status.employeeStatus, 'T');
    assert.equal(gone.status.terminationDate, '2025-04-30T00:00:00');
  });

  it('POST new hire: 201 [{employeeId}] with the next id; given ids are kept; the employee is readable', async () => {
    const created = await call(pl.url, `${API}/employees`, { method: 'POST', token: bearer, body: NEW_HIRE });
    assert.equal(created.status, 201);
    assert.deepEqual(created.json(), [{ employeeId: '1121' }]);
    const employee = await get<Record<string, any>>(pl.url, `${API}/employees/1121`, bearer);
    assert.equal(employee.firstName, 'Ines');
    assert.equal(employee.status.hireDate, '2026-12-07T00:00:00');
    assert.equal(employee.status.employeeStatus, 'A');
    assert.equal(employee.departmentPosition.jobTitle, 'Carpenter');
    assert.equal(employee.primaryPayRate.baseRate, 31.25);
    const chosen = await call(pl.url, `${API}/employees`, { method: 'POST', token: bearer, body: { ...NEW_HIRE, employeeId: 'X77', status: { hireDate: '12-08-2026' } } });
    assert.deepEqual(chosen.json(), [{ employeeId: 'X77' }]);
    assert.equal((await get<Record<string, any>>(pl.url, `${API}/employees/X77`, bearer)).status.hireDate, '2026-12-08T00:00:00');
    const list = await call(pl.url, `${API}/employees`, { token: bearer });
    assert.equal(list.headers['x-pcty-total-count'], '122');
    const duplicate = await call(pl.url, `${API}/employees`, { method: 'POST', token: bearer, body: { ...NEW_HIRE, employeeId: 'X77' } });
    assert.equal(duplicate.status, 400);
  });

  it('POST: every missing required field and every unknown code at once, as an array with options', async () => {
    const response = await call(pl.url, `${API}/employees`, {
      method: 'POST',
      token: bearer,
      body: { lastName: 'Solo', gender: 'X', departmentPosition: { costCenter1: 'CC-999' }, primaryPayRate: { payType: 'Hourly', payFrequency: 'B', baseRate: 20 } },
    });
    assert.equal(response.status, 400);
    const errors = response.json() as Array<{ field: string; message: string; path: string; options: Array<{ code: string; description: string }> }>;
    const byPath = new Map(errors.map((error) => [error.path, error]));
    assert.equal(byPath.get('$.firstName')?.message, 'First Name is required');
    assert.equal(byPath.get('$.status.hireDate')?.message, 'Hire Date is required');
    assert.deepEqual(byPath.get('$.gender')?.options.map((option) => option.code), ['M', 'F']);
    const costCenter = byPath.get('$.departmentPosition.costCenter1');
    assert.equal(costCenter?.field, 'costCenter1');
    assert.deepEqual(costCenter?.options.map((option) => option.code), ['CC-100', 'CC-200', 'CC-300', 'CC-400', 'CC-500']);
    assert.equal((await call(pl.url, `${API}/employees`, { token: bearer })).headers['x-pcty-total-count'], '120');
    const typed = await call(pl.url, `${API}/employees`, { method: 'POST', token: bearer, body: { ...NEW_HIRE, primaryPayRate: { payType: 'Hourly', payFrequency: 'B', baseRate: 'lots' } } });
    assert.equal(typed.status, 400);
    assert.equal((typed.json() as Array<{ path: string }>)[0]?.path, '$.primaryPayRate.baseRate');
  });

  it('PATCH: 200 with an empty body, partial merge; unknown cost center is a 400 with options and changes nothing', async () => {
    const ok = await call(pl.url, `${API}/employees/1010`, { method: 'PATCH', token: bearer, body: { lastName: 'Renner', departmentPosition: { costCenter1: 'cc-500' }, homeAddress: { city: 'Tacoma' } } });
    assert.equal(ok.status, 200);
    assert.equal(ok.body, '');
    const employee = await get<Record<string, any>>(pl.url, `${API}/employees/1010`, bearer);
    assert.equal(employee.lastName, 'Renner');
    assert.equal(employee.departmentPosition.costCenter1, 'CC-500');
    assert.equal(employee.homeAddress.city, 'Tacoma');
    assert.ok(employee.homeAddress.address1, 'the other address fields are kept');
    const refused = await call(pl.url, `${API}/employees/1010`, { method: 'PATCH', token: bearer, body: { firstName: 'Changed', departmentPosition: { costCenter1: 'CC-777' } } });
    assert.equal(refused.status, 400);
    const [error] = refused.json() as Array<{ field: string; path: string; options: unknown[] }>;
    assert.equal(error?.field, 'costCenter1');
    assert.equal(error?.options.length, 5);
    assert.notEqual((await get<Record<string, any>>(pl.url, `${API}/employees/1010`, bearer)).firstName, 'Changed');
    assert.equal((await call(pl.url, `${API}/employees/9999`, { method: 'PATCH', token: bearer, body: { firstName: 'X' } })).status, 404);
  });

  it('PATCH terminates (status T) and rehires (reHireDate), with the checks on each', async () => {
    const terminate = await call(pl.url, `${API}/employees/1011`, { method: 'PATCH', token: bearer, body: { status: { employeeStatus: 'T', effectiveDate: '2026-12-04', changeReason: 'Resigned' } } });
    assert.equal(terminate.status, 200);
    let employee = await get<Record<string, any>>(pl.url, `${API}/employees/1011`, bearer);
    assert.deepEqual([employee.status.employeeStatus, employee.status.terminationDate, employee.status.changeReason], ['T', '2026-12-04T00:00:00', 'Resigned']);
    const list = await get<Info[]>(pl.url, `${API}/employees?pagesize=200`, bearer);
    assert.deepEqual(list.find((row) => row.employeeId === '1011'), { employeeId: '1011', statusCode: 'T', statusTypeCode: 'T' });
    assert.equal((await call(pl.url, `${API}/employees/1011`, { method: 'PATCH', token: bearer, body: { status: { employeeStatus: 'T' } } })).status, 400);
    const early = await call(pl.url, `${API}/employees/1011`, { method: 'PATCH', token: bearer, body: { status: { employeeStatus: 'A', reHireDate: '2026-12-01' } } });
    assert.equal(early.status, 400);
    assert.equal((early.json() as Array<{ field: string }>)[0]?.field, 'reHireDate');
    const noDate = await call(pl.url, `${API}/employees/1011`, { method: 'PATCH', token: bearer, body: { status: { employeeStatus: 'A' } } });
    assert.equal(noDate.status, 400);
    const rehire = await call(pl.url, `${API}/employees/1011`, { method: 'PATCH', token: bearer, body: { status: { reHireDate: '2027-01-04' } } });
    assert.equal(rehire.status, 200);
    employee = await get<Record<string, any>>(pl.url, `${API}/employees/1011`, bearer);
    assert.deepEqual([employee.status.employeeStatus, employee.status.reHireDate, employee.status.terminationDate], ['A', '2027-01-04T00:00:00', '2026-12-04T00:00:00']);
  });

  it('custom fields by category; an unknown category is a 404 array error', async () => {
    const fields = await get<Array<{ label: string; category: string }>>(pl.url, `${API}/customfields/PayrollAndHR`, bearer);
    assert.deepEqual(fields.map((field) => field.label), ['Odoo Employee Ref', 'Safety Certified', 'Crew']);
    const missing = await call(pl.url, `${API}/customfields/Nope`, { token: bearer });
    assert.equal(missing.status, 404);
    assert.equal((missing.json() as Array<{ message: string }>)[0]?.message, 'Invalid Category');
  });
});
