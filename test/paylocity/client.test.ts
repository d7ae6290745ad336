// lib/paylocity against the Paylocity sandbox over real sockets: paging with X-Pcty-Total-Count, the
// token renewed once on a 401, the pace (counted in 429s, not timed), array errors naming each field,
// 403 for a company outside the client's scope, secrets masked, employees read, hired and updated.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { inspect } from 'node:util';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { PaylocitySimulator } from '../../sandbox/paylocity';
import { PaylocityClient, type PaylocitySettingsInput } from '../../lib/paylocity';
import { HttpError } from '../../lib/http';

const COMPANY = 'MLC01';
const SECRET = 'mlc-demo-secret';

async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ rows: T[]; pages: number[] }> {
  const rows: T[] = [];
  const sizes: number[] = [];
  for await (const page of pages) {
    rows.push(...page);
    sizes.push(page.length);
  }
  return { rows, pages: sizes };
}

interface LogEntry {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number | null;
  tags: Record<string, unknown>;
}

describe('lib/paylocity against the Paylocity sandbox', () => {
  let sim: RunningSimulator;
  let paylocity: PaylocitySimulator;
  let clients: PaylocityClient[] = [];
  const connect = (extra: Partial<PaylocitySettingsInput> = {}): PaylocityClient => {
    const client = new PaylocityClient({
      configName: 'Paylocity (test)',
      apiBase: `${sim.url}/api`,
      tokenUrl: `${sim.url}/IdentityServer/connect/token`,
      companyId: COMPANY,
      clientId: 'mlc-demo-client',
      clientSecret: SECRET,
      // The tests share the sandbox's 25/s quota with nothing else; a pace below it keeps them free of 429s.
      requestsPerSecond: 20,
      ...extra,
    });
    clients.push(client);
    return client;
  };
  const log = async (filter = ''): Promise<LogEntry[]> => {
    const response = await fetch(`${sim.url}/__sandbox/requests?limit=10000${filter}`);
    return ((await response.json()) as { requests: LogEntry[] }).requests;
  };
  const control = async (path: string, body: unknown, method = 'POST'): Promise<void> => {
    const response = await fetch(`${sim.url}/__sandbox/${path}`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    assert.ok(response.ok, `${path}: ${response.status} ${await response.text()}`);
  };

  before(async () => {
    paylocity = new PaylocitySimulator();
    sim = await startSimulator(paylocity, { port: 0 });
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

  it('pages the employee list from page 0, reports the total, and stops when it is reached', async () => {
    const client = connect({ pageSize: 50 });
    const totals: number[] = [];
    const { rows, pages } = await collect(client.listEmployees({ onTotal: (total) => totals.push(total) }));
    assert.deepEqual(pages, [50, 50, 20]);
    assert.equal(rows.length, 120);
    assert.deepEqual(totals, [120]);
    assert.equal(new Set(rows.map((r) => r.employeeId)).size, 120);
    assert.ok(rows.every((r) => typeof r.employeeId === 'string' && typeof r.statusCode === 'string'));
    const calls = await log('&path=/api/v2/companies/MLC01/employees&method=GET');
    assert.deepEqual(calls.map((c) => c.query['pagenumber']), ['0', '1', '2']);
    assert.ok(calls.every((c) => c.query['pagesize'] === '50' && c.query['includetotalcount'] === 'true'));
  });

  it('goes on past a short page while the total is not reached (Paylocity cuts pagesize silently)', async () => {
    await control('options', { maxPageSize: 30 });
    const client = connect({ pageSize: 50 });
    const { rows, pages } = await collect(client.listEmployees());
    assert.equal(rows.length, 120);
    assert.deepEqual(pages, [30, 30, 30, 30]);
  });

  it('reads one employee whether Paylocity answers an object or a one-element array; 404 is undefined', async () => {
    const client = connect();
    const one = await client.getEmployee('1001');
    assert.equal(one?.employeeId, '1001');
    assert.equal(typeof one?.departmentPosition?.costCenter1, 'string');
    await control('options', { employeeGetShape: 'array' });
    const again = await client.getEmployee('1001');
    assert.deepEqual(again, one);
    assert.equal(await client.getEmployee('NOPE'), undefined);
  });

  it('reads pay statements (summaries, details of a check date) and company codes; a year with none is []', async () => {
    const client = connect();
    const summaries = await client.payStatementSummaries('1001', 2026);
    assert.ok(summaries.length >= 1);
    const checkDates = summaries.map((s) => String(s.checkDate).slice(0, 10));
    assert.ok(checkDates.includes('2026-11-13'), checkDates.join());
    const details = await client.payStatementDetails('1001', 2026, '2026-11-13');
    assert.ok(details.length > 3);
    assert.ok(details.every((d) => ['E', 'D', 'T'].includes(String(d.detType)) && typeof d.amount === 'number'));
    const gross = details.filter((d) => d.detType === 'E').reduce((sum, d) => sum + Math.round((d.amount ?? 0) * 100), 0);
    const summary = (await client.payStatementSummaries('1001', 2026, '2026-11-13'))[0];
    assert.equal(gross, Math.round((summary?.grossPay ?? 0) * 100));
    assert.deepEqual(await client.payStatementDetails('1001', 2019), []);
    const codes = await client.companyCodes('costcenter1');
    assert.deepEqual(
      codes.map((c) => c.code),
      ['CC-100', 'CC-200', 'CC-300', 'CC-400', 'CC-500'],
    );
    await assert.rejects(client.companyCodes('nonsense'), (err: unknown) => err instanceof HttpError && err.status === 404 && /Invalid Code Resource/i.test(err.message));
  });

  it('fetches one token, and a new one once when Paylocity answers 401 (the token expired on its clock)', async () => {
    const client = connect();
    await client.getEmployee('1001');
    assert.equal(client.tokenFetches, 1);
    // An hour and a minute later on the sandbox's clock: the cached token (valid for the client's own clock) is refused.
    await control('clock', { advanceMs: 3_660_000 });
    const employee = await client.getEmployee('1002');
    assert.equal(employee?.employeeId, '1002');
    assert.equal(client.tokenFetches, 2);
    const refused = await log('&status=401');
    assert.equal(refused.length, 1);
    const tokens = await log('&path=/IdentityServer/connect/token');
    assert.equal(tokens.length, 2);
    assert.ok(tokens.every((t) => t.status === 200));
  });

  it('keeps its pace: no 429 under a limit the same calls exceed without it', async () => {
    await control('quota', { rules: [{ path: '/api/', limit: 10, windowSeconds: 1 }] });
    const burst = connect({ requestsPerSecond: 1000, concurrency: 16, retry: { maxAttempts: 1 } });
    const unpaced = await Promise.allSettled(Array.from({ length: 24 }, (_, i) => burst.getEmployee(String(1001 + i))));
    const refusedUnpaced = unpaced.filter((r) => r.status === 'rejected');
    assert.ok(refusedUnpaced.length > 0, 'without a pace the sandbox refuses some');
    assert.ok(refusedUnpaced.every((r) => r.status === 'rejected' && (r.reason as HttpError).code === 'MLC_HTTP_RATE_LIMITED'));

    await fetch(`${sim.url}/__sandbox/requests`, { method: 'DELETE' });
    // A fresh window: the burst used up the one it ran in.
    await control('quota', { rules: [{ path: '/api/', limit: 10, windowSeconds: 1 }] });
    const paced = connect({ requestsPerSecond: 7, concurrency: 16, retry: { maxAttempts: 1 } });
    const results = await Promise.all(Array.from({ length: 21 }, (_, i) => paced.getEmployee(String(1001 + i))));
    assert.equal(results.filter((e) => e !== undefined).length, 21);
    assert.equal((await log('&status=429')).length, 0);
    assert.ok(paced.pacer.waited >= 19, `calls waited for their slot: ${paced.pacer.waited}`);
  });

  it('retries a 429 (Paylocity sends no Retry-After) and gets through', async () => {
    await control('faults', { kind: 'status', status: 429, method: 'GET', path: '/api/v2/companies/MLC01/codes', times: 1 });
    const client = connect({ retry: { rateLimitWaitMs: 0, baseDelayMs: 0 } });
    const codes = await client.companyCodes('positions');
    assert.ok(codes.length > 0);
    assert.equal((await log('&status=429')).length, 1);
  });

  it('turns array errors into one line per field with the valid values, and does not resend a refused POST', async () => {
    const client = connect();
    const err = await client
      .createEmployee({ employeeId: 'T1', firstName: 'Ada', lastName: 'Ng', status: { hireDate: '2026-12-01' }, departmentPosition: { costCenter1: 'CC-999' }, primaryPayRate: { payType: 'Salary', payFrequency: 'B', annualSalary: 90000 } })
      .then(
        () => assert.fail('a bad cost center was taken'),
        (e: unknown) => e,
      );
    assert.ok(err instanceof HttpError);
    assert.equal(err.status, 400);
    assert.equal(err.code, 'MLC_HTTP_REJECTED');
    assert.match(err.message, /departmentPosition\.costCenter1: .*CC-999.*\(valid: CC-100 Administration, CC-200 North Branch/);
    assert.equal((await log('&method=POST&path=/api/')).length, 1);
  });

  it('hires with a given employee id, reads it back, and updates only the fields given', async () => {
    const client = connect();
    const id = await client.createEmployee({
      employeeId: 'OD000042',
      firstName: 'Ada',
      lastName: 'Lovelace',
      status: { hireDate: '2026-12-01' },
      departmentPosition: { costCenter1: 'CC-200' },
      primaryPayRate: { payType: 'Salary', payFrequency: 'B', annualSalary: 90000 },
    });
    assert.equal(id, 'OD000042');
    await client.updateEmployee(id, { departmentPosition: { costCenter1: 'CC-300', jobTitle: 'Estimator' } });
    const hired = await client.getEmployee(id);
    assert.equal(hired?.firstName, 'Ada');
    assert.equal(hired?.departmentPosition?.costCenter1, 'CC-300');
    assert.equal(hired?.departmentPosition?.jobTitle, 'Estimator');
    const patches = await log('&method=PATCH');
    assert.equal(patches.length, 1);
    assert.equal(patches[0]?.status, 200);
  });

  it('says a 403 is the client not provisioned for the company, and never shows a secret', async () => {
    const limited = connect({ clientId: 'mlc-limited-client', clientSecret: 'mlc-limited-secret' });
    await assert.rejects(limited.getEmployee('1001'), (err: unknown) => {
      assert.ok(err instanceof HttpError);
      assert.equal(err.code, 'MLC_HTTP_FORBIDDEN');
      assert.match(err.message, /not provisioned for company MLC01/);
      assert.match(err.message, /Paylocity \(test\)/);
      return true;
    });

    const wrong = connect({ clientSecret: 'not-the-secret' });
    await assert.rejects(wrong.getEmployee('1001'), (err: unknown) => {
      const shown = `${inspect(err)} ${JSON.stringify(err)}`;
      assert.ok(!shown.includes('not-the-secret'));
      assert.match((err as Error).message, /refused/);
      return true;
    });

    // A server that quotes the secret and the Basic header back in an error body.
    const basic = Buffer.from(`mlc-demo-client:${SECRET}`).toString('base64');
    await control('faults', { kind: 'status', status: 400, method: 'GET', path: '/api/v2/companies/MLC01/employees/1001', body: [{ field: 'x', message: `bad ${SECRET} ${basic}`, path: '$.x', options: null }] });
    const client = connect();
    await assert.rejects(client.getEmployee('1001'), (err: unknown) => {
      const shown = `${inspect(err, { depth: 5 })} ${JSON.stringify(err)} ${(err as HttpError).systemMessage}`;
      assert.ok(!shown.includes(SECRET), shown);
      assert.ok(!shown.includes(basic), shown);
      assert.match((err as Error).message, /x: bad \*\*\*/);
      return true;
    });
  });
});
