import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { allPages, call, COID, rows, startUkg, type Ukg } from './helpers';

describe('UKG personnel resources', () => {
  let ukg: Ukg;
  before(async () => {
    ukg = await startUkg();
  });
  after(() => ukg.running.close());

  it('pages bare arrays with page + per_Page (or per_page) and answers 404 past the end', async () => {
    const first = await call(ukg.url, '/personnel/v1/employment-details?page=1&per_Page=100');
    assert.equal(first.status, 200);
    assert.equal(first.headers.link, undefined);
    assert.ok(Array.isArray(first.json()));
    const everyone = await allPages(ukg.url, '/personnel/v1/employment-details', 100);
    assert.equal(everyone.length, 250);
    assert.equal(new Set(everyone.map((row) => row.employeeID)).size, 250);
    const lower = await rows(ukg.url, '/personnel/v1/person-details?page=3&per_page=100');
    assert.equal(lower.length, 50);
    const past = await call(ukg.url, '/personnel/v1/person-details?page=4&per_Page=100');
    assert.equal(past.status, 404);
    assert.equal(typeof past.json(), 'object');
    assert.equal((await call(ukg.url, '/personnel/v1/person-details?page=0')).status, 400);
    assert.equal((await rows(ukg.url, '/personnel/v1/person-details')).length, 250, 'no paging: default/max page size');
  });

  it('uses each resource’s own casing', async () => {
    const [person] = await rows(ukg.url, '/personnel/v1/person-details?per_Page=1');
    const [employment] = await rows(ukg.url, '/personnel/v1/employment-details?per_Page=1');
    const [compensation] = await rows(ukg.url, '/personnel/v1/compensation-details?per_Page=1');
    assert.ok(person && employment && compensation);
    for (const key of ['employeeId', 'companyId', 'datetimeChanged', 'datetimeCreated', 'nameSufixCode']) assert.ok(key in person, `person-details.${key}`);
    for (const key of ['employeeID', 'dateTimeChanged']) assert.ok(!(key in person), `person-details has no ${key}`);
    for (const key of ['employeeID', 'companyID', 'dateTimeChanged', 'supervisorID', 'orgLevel2Code', 'employeeNumber']) assert.ok(key in employment, `employment-details.${key}`);
    assert.ok(!('employeeId' in employment));
    for (const key of ['employeeID', 'companyID', 'annualSalary', 'hourlyPayRate', 'dateOfNextSalayrReview', 'isAutoPaid']) assert.ok(key in compensation, `compensation-details.${key}`);
    assert.equal(typeof compensation.isAutoPaid, 'boolean');
    assert.equal(person.companyId, COID);
    assert.match(String(person.employeeId), /^[0-9A-Z]{12}$/);
    assert.match(String(employment.originalHireDate), /^\d{4}-\d{2}-\d{2}T00:00:00$/);
  });

  it('single-employee and company-scoped forms', async () => {
    const [first] = await rows(ukg.url, '/personnel/v1/person-details?per_Page=1');
    const eeid = String(first?.employeeId);
    const one = await call(ukg.url, `/personnel/v1/person-details/${eeid}`);
    assert.equal((one.json() as { employeeId: string }).employeeId, eeid, 'an object, not an array');
    assert.equal((await call(ukg.url, '/personnel/v1/person-details/NOSUCHEMPLOY')).status, 404);
    const scoped = await rows(ukg.url, `/personnel/v1/companies/${COID}/employees/${eeid}/employment-details`);
    assert.equal(scoped.length, 1);
    assert.equal(scoped[0]?.employeeID, eeid);
    assert.equal((await rows(ukg.url, `/personnel/v1/companies/${COID}/compensation-details`)).length, 250);
    assert.equal((await call(ukg.url, '/personnel/v1/companies/ZZZZZ/person-details')).status, 404);
  });

  it('bracket lists and date-operator filters', async () => {
    const some = await rows(ukg.url, '/personnel/v1/employment-details?per_Page=3');
    const ids = some.map((row) => String(row.employeeID));
    const listed = await rows(ukg.url, `/personnel/v1/compensation-details?employeeId=[${ids.join(',')}]`);
    assert.deepEqual(listed.map((row) => row.employeeID).sort(), [...ids].sort());

    const all = await rows(ukg.url, '/personnel/v1/employment-details');
    const day = (value: unknown): string => String(value).slice(0, 10);
    const after = await rows(ukg.url, '/personnel/v1/employment-details?dateTimeChanged=>11-01-2026');
    assert.deepEqual(after.map((row) => row.employeeID), all.filter((row) => day(row.dateTimeChanged) > '2026-11-01').map((row) => row.employeeID));
    const encoded = await rows(ukg.url, '/personnel/v1/employment-details?dateTimeChanged=%3E11-01-2026');
    assert.equal(encoded.length, after.length);
    const before = await rows(ukg.url, '/personnel/v1/person-details?dateTimeChanged=<07-01-2026');
    assert.ok(before.length > 0 && before.every((row) => day(row.datetimeChanged) < '2026-07-01'));
    const between = await rows(ukg.url, '/personnel/v1/employment-details?dateTimeChanged={10-01-2026,10-31-2026}');
    assert.deepEqual(between.map((row) => row.employeeID), all.filter((row) => day(row.dateTimeChanged) >= '2026-10-01' && day(row.dateTimeChanged) <= '2026-10-31').map((row) => row.employeeID));
    const sample = all.find((row) => day(row.dateTimeChanged) > '2026-06-01');
    const mmddyyyy = (iso: string): string => `${iso.slice(5, 7)}-${iso.slice(8, 10)}-${iso.slice(0, 4)}`;
    const onDay = await rows(ukg.url, `/personnel/v1/employment-details?dateTimeChanged=${mmddyyyy(day(sample?.dateTimeChanged))}`);
    assert.ok(onDay.some((row) => row.employeeID === sample?.employeeID));
    assert.equal((await call(ukg.url, '/personnel/v1/employment-details?dateTimeChanged=>2026/11/01')).status, 400);
    assert.equal((await call(ukg.url, '/personnel/v1/employment-details?dateTimeChanged=>01-01-2030')).status, 404);
  });

  it('seed: terminated employees, a rehire, CC-500 new hires, unique emails', async () => {
    const all = await rows(ukg.url, '/personnel/v1/employment-details');
    const terminated = all.filter((row) => row.employeeStatusCode === 'T');
    assert.ok(terminated.length >= 8 && terminated.every((row) => row.dateOfTermination !== null));
    const rehires = all.filter((row) => row.employeeStatusCode === 'A' && row.dateOfTermination !== null && String(row.lastHireDate) > String(row.dateOfTermination));
    assert.ok(rehires.length >= 1);
    assert.ok(all.some((row) => row.orgLevel2Code === 'CC-500' && row.originalHireDate === '2026-11-16T00:00:00'));
    const people = await rows(ukg.url, '/personnel/v1/person-details');
    assert.equal(new Set(people.map((row) => row.emailAddress)).size, 250);
    const byEmail = await rows(ukg.url, `/personnel/v1/person-details?emailAddress=${encodeURIComponent(String(people[7]?.emailAddress).toUpperCase())}`);
    assert.equal(byEmail[0]?.employeeId, people[7]?.employeeId);
  });

  it('employee-ids: POST lookup, 207 with one status per identifier', async () => {
    const people = await rows(ukg.url, '/personnel/v1/person-details?per_Page=2');
    const employment = await rows(ukg.url, '/personnel/v1/employment-details?per_Page=2');
    const response = await call(ukg.url, '/personnel/v1/employee-ids', {
      method: 'POST',
      body: [
        { employeeIdentifierType: 'EmailAddress', employeeIdentifierValue: people[0]?.emailAddress, companyIdentifierType: 'Company ID', companyIdentifierValue: COID },
        { employeeIdentifierType: 'EmployeeNumber', employeeIdentifierValue: employment[1]?.employeeNumber },
        { employeeIdentifierType: 'EmailAddress', employeeIdentifierValue: 'nobody@example.com' },
        { employeeIdentifierType: 'ShoeSize', employeeIdentifierValue: '44' },
      ],
    });
    assert.equal(response.status, 207);
    const [envelope] = response.json() as Array<{ multistatus: Array<{ sequenceId: number; status: string; body: { eeid: string; coid: string[] } | null }>; success_count: number; error_count: number }>;
    assert.ok(envelope);
    assert.deepEqual(envelope.multistatus.map((item) => [item.sequenceId, item.status]), [[0, '200'], [1, '200'], [2, '404'], [3, '400']]);
    assert.deepEqual(envelope.multistatus[0]?.body, { eeid: people[0]?.employeeId, coid: [COID] });
    assert.equal(envelope.multistatus[1]?.body?.eeid, employment[1]?.employeeID);
    assert.equal(envelope.success_count, 2);
    assert.equal(envelope.error_count, 2);
  });
});
