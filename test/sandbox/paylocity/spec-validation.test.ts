import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv, { type ValidateFunction } from 'ajv';
import { control } from '../http-client';
import { API, call, LIMITED, startPaylocity, token, type Answer, type CallOptions, type Paylocity } from './helpers';

/**
 * Every answer the sandbox gives on a tour of the WebLink routes is checked against the vendor spec's
 * response schema for that operation and status (test/sandbox/paylocity/weblink-spec-schemas.json,
 * extracted by scripts/extract-paylocity-schemas.mjs), and a status the spec documents without a body
 * must come back empty. Objects that the spec describes field by field also may not carry fields the
 * spec does not name, so the sandbox cannot invent any.
 */
interface SpecFile {
  operations: Record<string, { operationId: string; responses: Record<string, unknown> }>;
}

const spec = JSON.parse(readFileSync(join(__dirname, 'weblink-spec-schemas.json'), 'utf8')) as SpecFile;

/** Adds `additionalProperties: false` wherever the spec lists properties. */
function closed(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(closed);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) out[key] = key === 'properties' ? Object.fromEntries(Object.entries(value as object).map(([name, inner]) => [name, closed(inner)])) : closed(value);
  if ('properties' in out && !('additionalProperties' in out)) out.additionalProperties = false;
  return out;
}

const ROUTES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\/api\/v2\/companies\/[^/]+\/employees$/, '/v2/companies/{companyId}/employees'],
  [/^\/api\/v2\/companies\/[^/]+\/employees\/[^/]+$/, '/v2/companies/{companyId}/employees/{employeeId}'],
  [/^\/api\/v2\/companies\/[^/]+\/employees\/[^/]+\/paystatement\/(summary|details)\/[^/]+$/, '/v2/companies/{companyId}/employees/{employeeId}/paystatement/$1/{year}'],
  [/^\/api\/v2\/companies\/[^/]+\/employees\/[^/]+\/paystatement\/(summary|details)\/[^/]+\/[^/]+$/, '/v2/companies/{companyId}/employees/{employeeId}/paystatement/$1/{year}/{checkDate}'],
  [/^\/api\/v2\/companies\/[^/]+\/codes\/[^/]+$/, '/v2/companies/{companyId}/codes/{codeResource}'],
  [/^\/api\/v2\/companies\/[^/]+\/customfields\/[^/]+$/, '/v2/companies/{companyId}/customfields/{category}'],
];

function operationOf(method: string, path: string): string {
  const bare = path.split('?')[0] ?? path;
  for (const [pattern, template] of ROUTES) {
    const match = pattern.exec(bare);
    if (match) return `${method} ${template.replace('$1', match[1] ?? '')}`;
  }
  throw new Error(`no spec operation for ${method} ${path}`);
}

describe('Paylocity sandbox answers match the WebLink spec', () => {
  let pl: Paylocity;
  const ajv = new Ajv({ allErrors: true, strict: false });
  const validators = new Map<string, ValidateFunction>();
  const seen: Array<{ operation: string; status: number; shape: string }> = [];
  let bearer: string;

  before(async () => {
    pl = await startPaylocity();
    pl.running.quota.clear();
    bearer = await token(pl.url);
  });
  after(() => pl.running.close());

  /** One call, checked against the spec; `single` marks the object-shaped GET employee (validated as the array's item). */
  async function check(path: string, options: CallOptions & { single?: boolean } = {}): Promise<Answer> {
    const method = options.method ?? 'GET';
    const response = await call(pl.url, path, { token: bearer, ...options });
    const operation = operationOf(method, path);
    const documented = spec.operations[operation]?.responses;
    assert.ok(documented, `${operation} is in the extract`);
    assert.ok(String(response.status) in documented, `${operation} answered ${response.status}, which the spec does not document`);
    const schema = documented[String(response.status)];
    if (schema === null) {
      assert.equal(response.body, '', `${operation} ${response.status} has no body in the spec`);
    } else {
      const key = `${operation} ${response.status} ${options.single ? 'item' : 'whole'}`;
      let validate = validators.get(key);
      if (!validate) {
        const target = options.single ? (schema as { items: unknown }).items : schema;
        validate = ajv.compile(closed(target) as object);
        validators.set(key, validate);
      }
      const body = response.json();
      assert.ok(validate(body), `${operation} ${response.status}: ${ajv.errorsText(validate.errors)}\n${response.body.slice(0, 400)}`);
    }
    seen.push({ operation, status: response.status, shape: options.single ? 'object' : 'as typed' });
    return response;
  }

  it('employees: list, get (object and array), new hire, update, errors', async () => {
    await check(`${API}/employees`);
    await check(`${API}/employees?pagesize=200&pagenumber=0`);
    await check(`${API}/employees?pagesize=10&pagenumber=99`);
    for (const id of ['1001', '1009', '1052', '1115']) await check(`${API}/employees/${id}`, { single: true });
    await check(`${API}/employees/9999`);
    await control(pl.url, 'POST', 'options', { employeeGetShape: 'array' });
    await check(`${API}/employees/1001`);
    await control(pl.url, 'POST', 'options', { employeeGetShape: 'object', dateOutput: 'us' });
    await check(`${API}/employees/1002`, { single: true });
    await control(pl.url, 'POST', 'options', { dateOutput: 'date' });
    await check(`${API}/employees/1003`, { single: true });
    await control(pl.url, 'POST', 'options', { dateOutput: 'datetime' });
    await check('/api/v2/companies/NOPE/employees'.replace('NOPE', 'MLC02'), { token: await token(pl.url, LIMITED) });

    const hire = {
      firstName: 'Ines',
      lastName: 'Moreau',
      status: { hireDate: '2026-12-07' },
      departmentPosition: { costCenter1: 'CC-200', positionCode: 'CARP' },
      primaryPayRate: { payType: 'Hourly', payFrequency: 'B', baseRate: 31.25 },
    };
    const created = await check(`${API}/employees`, { method: 'POST', body: hire });
    assert.equal(created.status, 201);
    await check(`${API}/employees/1121`, { single: true });
    await check(`${API}/employees`, { method: 'POST', body: { lastName: 'X', departmentPosition: { costCenter1: 'CC-999' } } });
    await check(`${API}/employees/1121`, { method: 'PATCH', body: { homeAddress: { city: 'Everett' } } });
    await check(`${API}/employees/1121`, { method: 'PATCH', body: { departmentPosition: { costCenter1: 'CC-999' } } });
    await check(`${API}/employees/1121`, { method: 'PATCH', body: { status: { employeeStatus: 'T', effectiveDate: '2026-12-20' } } });
    await check(`${API}/employees/1121`, { single: true });
  });

  it('pay statements, codes and custom fields', async () => {
    for (const kind of ['summary', 'details']) {
      await check(`${API}/employees/1001/paystatement/${kind}/2026`);
      await check(`${API}/employees/1001/paystatement/${kind}/2026?pagesize=3&pagenumber=1&includetotalcount=false`);
      await check(`${API}/employees/1033/paystatement/${kind}/2026/2026-11-13`);
      await check(`${API}/employees/1001/paystatement/${kind}/2026/2026-11-20`);
      await check(`${API}/employees/1001/paystatement/${kind}/2024`);
      await check(`${API}/employees/9999/paystatement/${kind}/2026`);
    }
    await check(`${API}/employees/1001/paystatement/details/2026?codegroup=REG`);
    for (const resource of ['costcenter1', 'costcenter2', 'costcenter3', 'deductions', 'earnings', 'taxes', 'paygrade', 'positions', 'jobs']) await check(`${API}/codes/${resource}`);
    await check(`${API}/customfields/PayrollAndHR`);
    await check(`${API}/customfields/Nope`);
  });

  it('401, 403 and 429 come back empty on every operation, as documented', async () => {
    const samples: ReadonlyArray<CallOptions & { path: string }> = [
      { path: `${API}/employees` },
      { path: `${API}/employees`, method: 'POST', body: { firstName: 'X' } },
      { path: `${API}/employees/1001` },
      { path: `${API}/employees/1001`, method: 'PATCH', body: { firstName: 'X' } },
      { path: `${API}/employees/1001/paystatement/summary/2026` },
      { path: `${API}/employees/1001/paystatement/summary/2026/2026-11-13` },
      { path: `${API}/employees/1001/paystatement/details/2026` },
      { path: `${API}/employees/1001/paystatement/details/2026/2026-11-13` },
      { path: `${API}/codes/taxes` },
      { path: `${API}/customfields/PayrollAndHR` },
    ];
    const limited = await token(pl.url, LIMITED);
    for (const { path, ...options } of samples) {
      await check(path, { ...options, token: null });
      await check(path, { ...options, token: 'expired-or-invented' });
      await check(path, { ...options, token: limited });
    }
    pl.running.quota.set([{ limit: 0, windowSeconds: 1, path: '/api/', body: '' }]);
    for (const { path, ...options } of samples) assert.equal((await check(path, options)).status, 429);
    pl.running.quota.clear();
  });

  it('the check bites: an invented field or a wrong type fails', () => {
    const list = ajv.compile(closed(spec.operations['GET /v2/companies/{companyId}/employees']?.responses['200']) as object);
    assert.ok(list([{ employeeId: '1', statusCode: 'A', statusTypeCode: 'A' }]));
    assert.ok(!list([{ employeeId: '1', statusCode: 'A', statusTypeCode: 'A', hireDate: '2026-01-01' }]));
    assert.ok(!list({ employeeId: '1' }));
    const summary = ajv.compile(closed(spec.operations['GET /v2/companies/{companyId}/employees/{employeeId}/paystatement/summary/{year}']?.responses['200']) as object);
    assert.ok(!summary([{ year: '2026' }]));
    assert.ok(!summary([{ autoPay: 'yes' }]));
  });

  it('the tour covered every documented status but 500', () => {
    const covered = new Set(seen.map((entry) => `${entry.operation} ${entry.status}`));
    const expected = Object.entries(spec.operations).flatMap(([operation, { responses }]) =>
      Object.keys(responses)
        .filter((status) => status !== '500')
        .map((status) => `${operation} ${status}`),
    );
    assert.deepEqual(expected.filter((entry) => !covered.has(entry)), []);
  });
});
