// lib/ukg against the UKG Pro simulator over real sockets: paging, the two-pass employee read, the GL by
// block, employee-changes windows, org levels both ways, 403s that name the role, 429 without Retry-After.
import assert from 'node:assert/strict';
import { inspect } from 'node:util';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { UkgSimulator } from '../../sandbox/ukg';
import {
  createOrgLevels,
  nextWindow,
  readEmployeeChanges,
  readEmployees,
  readGlRun,
  readJobs,
  readOrgLevels,
  readPayRegister,
  updateOrgLevel,
  UkgClient,
  type UkgSettingsInput,
} from '../../lib/ukg';
import { HttpError } from '../../lib/http';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<T[]> {
  const all: T[] = [];
  for await (const page of pages) all.push(...page);
  return all;
}

describe('lib/ukg against the UKG sandbox', () => {
  let sim: RunningSimulator;
  let ukg: UkgSimulator;
  let clients: UkgClient[] = [];
  const connect = (extra: Partial<UkgSettingsInput> = {}): UkgClient => {
    const client = new UkgClient({ configName: 'UKG (test)', host: sim.url, username: 'mlc-demo', password: 'mlc-demo-password', customerApiKey: 'MLCDM', ...extra });
    clients.push(client);
    return client;
  };

  before(async () => {
    ukg = new UkgSimulator();
    sim = await startSimulator(ukg, { port: 0 });
  });
  beforeEach(() => {
    sim.reset();
    for (const client of clients) client.close();
    clients = [];
  });
  after(async () => {
    for (const client of clients) client.close();
    await sim.close();
  });

  it('reads all 250 employees in two passes, merged, with bounded concurrency', async () => {
    const client = connect({ pageSize: 100, concurrency: 4 });
    const pages: number[] = [];
    const employees = [];
    for await (const page of readEmployees(client)) {
      pages.push(page.length);
      employees.push(...page);
    }
    assert.deepEqual(pages, [100, 100, 50]);
    assert.equal(new Set(employees.map((e) => e.employeeId)).size, 250);
    const terminated = employees.filter((e) => !e.active);
    assert.equal(terminated.length, 10);
    assert.ok(terminated.every((e) => e.terminationDate !== null));
    const rehire = employees.find((e) => e.employeeId === 'HRZBE000001I');
    assert.ok(rehire?.active && rehire.rehired, inspect(rehire));
    const someone = employees[0];
    assert.ok(someone?.firstName && someone.lastName && someone.email && someone.orgLevels[2] && someone.compensation, inspect(someone));
    // Pass one: 3 list pages (the last one short). Pass two: person + compensation per employee.
    assert.equal(sim.log.count({ path: '/personnel/v1/employment-details' }), 3);
    assert.equal(sim.log.count({ path: /person-details$/ }), 250);
    assert.equal(sim.log.count({ path: /compensation-details$/ }), 250);
  });

  it('reads only the given employees (the delta path) and skips unknown ones', async () => {
    const client = connect();
    const employees = await collect(readEmployees(client, { employees: [{ companyId: 'MLCO1', employeeId: 'HRZBE000001I' }, { companyId: 'MLCO1', employeeId: 'NOPE00000000' }] }));
    assert.deepEqual(employees.map((e) => e.employeeId), ['HRZBE000001I']);
  });

  it('streams the most recent GL run block by block, balanced, and a named run', async () => {
    const client = connect();
    const blocks = [];
    for await (const block of readGlRun(client, { mostRecent: true })) blocks.push(block);
    assert.deepEqual(blocks.map((b) => [b.runId, b.blockId, b.totalBlocks]), [
      ['GL-MLCO1-20261130', 1, 3],
      ['GL-MLCO1-20261130', 2, 3],
      ['GL-MLCO1-20261130', 3, 3],
    ]);
    const lines = blocks.flatMap((b) => b.lines);
    const cents = (key: 'debitAmt' | 'creditAmt') => Math.round(lines.reduce((sum, l) => sum + (l[key] ?? 0), 0) * 100);
    assert.equal(cents('debitAmt'), 79_181_382);
    assert.equal(cents('creditAmt'), 79_181_382);
    const first = [];
    for await (const block of readGlRun(client, { runId: 'GL-MLCO1-20261115' })) first.push(block);
    assert.equal(first.length, 1);
    await assert.rejects(collect(readGlRun(client, { runId: 'GL-NOPE' }) as AsyncIterable<never>), /has no lines/);
  });

  it('reads employee changes in an explicit window and plans windows of at least three hours', async () => {
    const client = connect();
    sim.clock.set('2026-11-20T12:00:00.000Z', { running: false });
    ukg.hire({ firstName: 'Nia', lastName: 'Okafor', jobCode: 'CARP', orgLevel2Code: 'CC-300' });
    const changes = await collect(readEmployeeChanges(client, { start: '2026-11-20T11:00:00.000Z', end: '2026-11-20T13:00:00.000Z' }));
    assert.deepEqual(changes.map((c) => c.lastName), ['Okafor']);
    const now = Date.parse('2026-11-20T13:00:00Z');
    assert.deepEqual(nextWindow('2026-11-20T11:00:00.000Z', now), { waitUntil: '2026-11-20T14:00:00.000Z' });
    assert.deepEqual(nextWindow('2026-11-20T09:00:00.000Z', now), { start: '2026-11-20T09:00:00.000Z', end: '2026-11-20T13:00:00.000Z' });
  });

  it('reads org levels and jobs, creates org levels with per-item outcomes, and updates one', async () => {
    const client = connect();
    const costCenters = await readOrgLevels(client, { level: 2 });
    assert.ok(costCenters.some((c) => c.code === 'CC-500'));
    assert.ok((await readJobs(client)).some((j) => j.code === 'CARP'));
    const outcomes = await createOrgLevels(client, [
      { level: 2, code: 'CC-600', description: 'Yard Operations', glSegment: 'CC-600' },
      { level: 2, code: 'CC-100', description: 'Administration' },
    ]);
    assert.equal(outcomes[0]?.ok, true);
    assert.equal(outcomes[1]?.ok, false);
    assert.equal(outcomes[1]?.status, 409);
    await updateOrgLevel(client, 2, 'CC-600', { description: 'Yard & Fleet' });
    assert.equal((await readOrgLevels(client, { level: 2 })).find((c) => c.code === 'CC-600')?.description, 'Yard & Fleet');
  });

  it('reads the pay register for a pay-date range', async () => {
    const rows = await collect(readPayRegister(connect(), { from: '2026-11-01', to: '2026-11-30' }));
    assert.ok(rows.length >= 236);
  });

  it('names the missing web-service role on a 403, and never shows the password or key', async () => {
    const client = connect({ username: 'mlc-limited', password: 'mlc-limited-password' });
    const err = await collect(readGlRun(client, { mostRecent: true }) as AsyncIterable<never>).then(
      () => assert.fail('expected a 403'),
      (e: unknown) => e,
    );
    assert.ok(err instanceof HttpError, inspect(err));
    assert.equal(err.code, 'MLC_HTTP_FORBIDDEN');
    assert.match(err.message, /needs the View on "Payroll Integration" role/);
    const wrong = connect({ password: 'Wrong-Password-77' });
    const unauthorized = await wrong.get('/configuration/v1/company-details').then(
      () => assert.fail('expected a 401'),
      (e: unknown) => e,
    );
    assert.ok(unauthorized instanceof HttpError);
    assert.equal(unauthorized.code, 'MLC_HTTP_UNAUTHORIZED');
    assert.match(unauthorized.message, /config node "UKG \(test\)"/);
    const text = [inspect(err, { depth: null }), inspect(unauthorized, { depth: null }), JSON.stringify([err, unauthorized])].join('\n');
    for (const secret of ['mlc-limited-password', 'Wrong-Password-77', 'MLCDM']) assert.ok(!text.includes(secret), secret);
  });

  it('waits out UKG\'s 429s, which carry no Retry-After', async () => {
    sim.quota.set([{ limit: 2, windowSeconds: 1 }]);
    const client = connect({ retry: { maxAttempts: 6, baseDelayMs: 200 } });
    const started = Date.now();
    for (let i = 0; i < 4; i++) await client.get('/configuration/v1/company-details');
    assert.ok(sim.log.count({ status: 429 }) >= 1);
    assert.ok(Date.now() - started >= 900, 'waited at least the advised second');
  });
});
