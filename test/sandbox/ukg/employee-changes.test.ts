import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { call, DEMO, LIMITED, rows, startUkg, type Ukg } from './helpers';

const HOUR = 3_600_000;

describe('UKG employee-changes feed', () => {
  let ukg: Ukg;
  let eeids: string[];
  before(async () => {
    ukg = await startUkg();
  });
  beforeEach(async () => {
    ukg.running.reset();
    ukg.running.clock.set('2026-12-01T08:00:00Z');
    eeids = (await rows(ukg.url, '/personnel/v1/employment-details?employeeStatusCode=A&per_Page=5')).map((row) => String(row.employeeID));
  });
  after(() => ukg.running.close());

  const feed = async (account = DEMO, query = ''): Promise<Array<Record<string, unknown>>> => {
    const response = await call(ukg.url, `/personnel/v1/employee-changes${query}`, { account });
    if (response.status === 404) return [];
    assert.equal(response.status, 200, response.body);
    return response.json() as Array<Record<string, unknown>>;
  };

  it('is stateful per service account: a second call without dates sees only what changed since', async () => {
    ukg.simulator.change(eeids[0] ?? '', { lastName: 'Okonkwo' });
    const first = await feed();
    assert.deepEqual(first.map((row) => row.employeeId), [eeids[0]]);
    assert.equal(first[0]?.lastName, 'Okonkwo');
    assert.equal(typeof first[0]?.employeeNumber, 'number');

    ukg.running.clock.advance(4 * HOUR);
    ukg.simulator.change(eeids[1] ?? '', { addressCity: 'Bellevue' });
    const second = await feed();
    assert.deepEqual(second.map((row) => row.employeeId), [eeids[1]], 'not the change the first call already saw');

    // Another account has its own window; its first call reaches back 3 hours.
    const other = await feed(LIMITED);
    assert.deepEqual(other.map((row) => row.employeeId), [eeids[1]]);

    ukg.running.clock.advance(4 * HOUR);
    assert.deepEqual(await feed(), [], 'nothing new: 404');
  });

  it('always reaches back at least 3 hours, even when called again sooner', async () => {
    ukg.simulator.change(eeids[0] ?? '', { firstName: 'Rowan' });
    assert.equal((await feed()).length, 1);
    ukg.running.clock.advance(HOUR);
    assert.deepEqual((await feed()).map((row) => row.employeeId), [eeids[0]], 'still inside the 3-hour minimum window');
  });

  it('a hire gets an address no employee has, after hires of the same name, an address changed to the next one, and a reset', () => {
    const hire = () => ukg.simulator.hire({ firstName: 'Noor', lastName: 'Haddad', jobCode: 'ELEC', orgLevel2Code: 'CC-300' }).emailAddress;
    assert.equal(hire(), 'noor.haddad@mlc-construction.example');
    assert.equal(hire(), 'noor.haddad2@mlc-construction.example');
    ukg.simulator.change(eeids[0] ?? '', { emailAddress: 'noor.haddad3@mlc-construction.example' });
    assert.equal(hire(), 'noor.haddad4@mlc-construction.example', 'the changed address is taken');
    ukg.running.reset();
    assert.equal(hire(), 'noor.haddad@mlc-construction.example', 'after a reset only the seed holds addresses');
  });

  it('hire, termination and rehire show up with their dates', async () => {
    const hired = ukg.simulator.hire({ firstName: 'Noor', lastName: 'Haddad', jobCode: 'ELEC', orgLevel2Code: 'CC-300' });
    const leaving = ukg.simulator.terminate(eeids[2] ?? '', { date: '2026-11-30', reason: 'Resigned' });
    const rows1 = await feed();
    const byId = new Map(rows1.map((row) => [row.employeeId, row]));
    assert.equal(byId.get(hired.employeeId)?.hireDate, '2026-12-01T00:00:00');
    assert.equal(byId.get(hired.employeeId)?.orgLevel1Code, 'BR-S');
    assert.equal(byId.get(leaving.employeeId)?.isActive, false);
    assert.equal(byId.get(leaving.employeeId)?.terminationDate, '2026-11-30T00:00:00');

    ukg.running.clock.advance(5 * HOUR);
    ukg.simulator.rehire(leaving.employeeId, { date: '2026-12-01' });
    const [rehired] = await feed();
    assert.equal(rehired?.isActive, true);
    assert.equal(rehired?.dateOfLastHire, '2026-12-01T00:00:00');
    assert.equal(rehired?.terminationDate, '2026-11-30T00:00:00');
    const employment = await rows(ukg.url, `/personnel/v1/employment-details?employeeId=${leaving.employeeId}`);
    assert.equal(employment[0]?.employeeStatusCode, 'A');
    assert.equal(employment[0]?.dateTimeChanged, '2026-12-01T13:00:00');
  });

  it('explicit startDate/endDate read that span and page with per_page <= 200', async () => {
    const seeded = await feed(DEMO, '?startDate=2026-06-01T00:00:00&endDate=2026-11-30T00:00:00&per_page=200');
    assert.equal(seeded.length, 200);
    const page2 = await feed(DEMO, '?startDate=2026-06-01T00:00:00&endDate=2026-11-30T00:00:00&per_page=200&page=2');
    assert.ok(page2.length > 0 && page2.length < 200);
    assert.equal(new Set([...seeded, ...page2].map((row) => row.employeeId)).size, seeded.length + page2.length);
    assert.equal((await call(ukg.url, '/personnel/v1/employee-changes?per_page=500')).status, 400);
    assert.equal((await call(ukg.url, '/personnel/v1/employee-changes?startDate=yesterday')).status, 400);
  });

  it('needs the EmployeeExport web service', async () => {
    assert.equal((await call(ukg.url, '/personnel/v1/employee-changes', { key: null })).status, 401);
  });
});
