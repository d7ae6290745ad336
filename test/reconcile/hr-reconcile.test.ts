// Reconciling HR runs against the Paylocity and UKG simulators over their sockets, with a real SQLite
// store: records written through the pack's own writers tie out to the cent; a value changed in the
// simulator behind the pack's back makes the run off, naming the record, the dimension and the
// difference; a record the target no longer has counts as missing. Read calls are counted in the
// simulators' request logs: UKG reads a page of org levels in one GET, Paylocity (no read of many
// employees by id) in one GET per employee, and the result says so.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { tablesFromLookups } from '../../lib/mapping/lookup-tables';
import { PaylocityClient } from '../../lib/paylocity';
import { EmployeeWriter } from '../../lib/paylocity/employee-writer';
import { compileControls, paylocityReadBack, reconcileRun, ukgReadBack, type ControlSpec, type ReconcileResult } from '../../lib/reconcile';
import { openStore, type Store } from '../../lib/store';
import { UkgClient } from '../../lib/ukg/client';
import { orgLevelRequestFrom } from '../../lib/ukg/org-level-input';
import { OrgLevelWriter } from '../../lib/ukg/org-level-writer';
import { startSimulator, type RunningSimulator, type Simulator } from '../../sandbox/kit';
import { PaylocitySimulator } from '../../sandbox/paylocity';
import { UkgSimulator } from '../../sandbox/ukg';

const TABLES = tablesFromLookups({}, 'test');

/** The source records' share of the run's control totals, as the map node keeps them. */
async function countRun(store: Store, runId: string, spec: ControlSpec, sources: Array<{ key: string; record: Record<string, unknown> }>): Promise<void> {
  const controls = compileControls(spec);
  await store.recordControls(sources.map(({ key, record }) => ({ runId, key, spec, figures: controls.figuresOf(record, key, TABLES) })));
}

/** A simulator, a client of it and a SQLite store, started before the suite's tests and closed after them. */
function suiteParts<C extends { close(): void }>(simulator: Simulator, connect: (url: string) => C): { sim: RunningSimulator; client: C; store: Store } {
  const parts = {} as { sim: RunningSimulator; client: C; store: Store };
  const dir = mkdtempSync(join(tmpdir(), `mlc-reconcile-${simulator.name}-`));
  before(async () => {
    parts.sim = await startSimulator(simulator, { port: 0 });
    parts.client = connect(parts.sim.url);
    parts.store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
  });
  after(async () => {
    parts.client.close();
    await parts.store.close();
    await parts.sim.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return parts;
}

const differenceOf = (result: ReconcileResult, dimension: string, value: string, measure: string) => result.differences.find((d) => d.dimension === dimension && d.value === value && d.measure === measure);

describe('reconciling Paylocity employee runs', () => {
  const paylocity = new PaylocitySimulator();
  const parts = suiteParts(paylocity, (url) => new PaylocityClient({ configName: 'Paylocity (test)', apiBase: `${url}/api`, tokenUrl: `${url}/IdentityServer/connect/token`, companyId: 'MLC01', clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret', requestsPerSecond: 20 }));
  const SPEC: ControlSpec = {
    amounts: [{ name: 'salary', from: 'wage', target: 'primaryPayRate.annualSalary' }],
    dimensions: [{ name: 'cost center', from: 'costCenter', target: 'departmentPosition.costCenter1' }],
  };

  /** Five Odoo employees hired through the pack's writer, each posted in the store with its target. */
  async function hireRun(runId: string, prefix: string): Promise<string[]> {
    const sources = [0, 1, 2, 3, 4].map((n) => ({
      key: `odoo:employee:${prefix}${n}`,
      record: { id: `${prefix}0000${n}`, first: `Ann${n}`, last: `Lee${prefix}`, wage: 51234.56 + n * 1000.01, costCenter: n % 2 === 0 ? 'CC-100' : 'CC-200' },
    }));
    await countRun(parts.store, runId, SPEC, sources);
    const writer = new EmployeeWriter(parts.client);
    const outcomes = await writer.writeBatch(
      sources.map(({ record }) => ({
        operation: 'hire' as const,
        employeeId: record.id,
        firstName: record.first,
        lastName: record.last,
        body: {
          employeeId: record.id,
          firstName: record.first,
          lastName: record.last,
          status: { hireDate: '2026-12-01' },
          departmentPosition: { costCenter1: record.costCenter, jobTitle: 'Estimator' },
          primaryPayRate: { payType: 'Salary', payFrequency: 'B', annualSalary: record.wage },
        },
      })),
    );
    for (const [i, outcome] of outcomes.entries()) {
      assert.ok(outcome.ok, JSON.stringify(outcome));
      await parts.store.markPosted({ key: sources[i]!.key, runId, target: { system: 'paylocity', entity: 'employee', id: outcome.id } });
    }
    return sources.map((s) => s.record.id);
  }

  it('ties a run out to the cent, with one GET per employee counted as such', async () => {
    await hireRun('pcty-tied', 'T');
    const since = parts.sim.log.lastSeq;
    const result = await reconcileRun(parts.store, 'pcty-tied', paylocityReadBack(parts.client), { pageSize: 2 });
    assert.equal(result.status, 'tied', result.summary);
    assert.deepEqual(result.records, { expected: 5, found: 5 });
    assert.deepEqual(result.totals, [{ measure: 'salary', expected: 5 * 5123456 + 100001 * 10, found: 5 * 5123456 + 100001 * 10 }]);
    assert.equal(result.pages, 3);
    const gets = parts.sim.log.count({ sinceSeq: since, method: 'GET', path: '/api/v2/companies/MLC01/employees/' });
    assert.equal(gets, 5, 'WebLink reads one employee per call');
    assert.equal(result.readCalls, gets, 'the result counts every call, not one per page');
    assert.equal(parts.sim.log.count({ sinceSeq: since, path: '/api/' }), gets, 'nothing but those reads');
  });

  it('is off by a salary changed in Paylocity, naming the record and the cost center, and counts a vanished employee as missing', async () => {
    const [first, second] = await hireRun('pcty-off', 'O');
    assert.ok(first && second);
    paylocity.change(first, { primaryPayRate: { annualSalary: 51234.56 + 10.05 } });
    paylocity.state.employees = paylocity.state.employees.filter((e) => e.employeeId !== second);
    const result = await reconcileRun(parts.store, 'pcty-off', paylocityReadBack(parts.client), { pageSize: 2 });
    assert.equal(result.status, 'off');
    assert.deepEqual(result.records, { expected: 5, found: 4 });
    assert.equal(differenceOf(result, 'record', 'odoo:employee:O0', 'salary')?.off, 1005);
    assert.equal(differenceOf(result, 'cost center', 'CC-100', 'salary')?.off, 1005);
    assert.equal(differenceOf(result, 'record', 'odoo:employee:O1', 'count')?.off, -1);
    assert.equal(differenceOf(result, 'cost center', 'CC-200', 'salary')?.off, -5223457);
    assert.match(result.summary, /record odoo:employee:O0: salary off by \+10\.05/);
  });
});

describe('reconciling UKG org-level runs', () => {
  const ukg = new UkgSimulator();
  const parts = suiteParts(ukg, (url) => new UkgClient({ configName: 'UKG (test)', host: url, username: 'mlc-demo', password: 'mlc-demo-password', customerApiKey: 'MLCDM' }));
  const ORG_LEVELS = '/configuration/v1/org-levels';
  const SPEC: ControlSpec = {
    amounts: [{ name: 'budget', from: 'budget', target: 'currentYearBudgetSalary' }],
    dimensions: [{ name: 'branch', from: 'branch', target: 'budgetGroup' }],
  };

  /** Five Odoo analytic accounts written as cost centers through the pack's writer, posted in the store. */
  async function writeRun(runId: string, prefix: string): Promise<string[]> {
    const sources = [0, 1, 2, 3, 4].map((n) => ({
      key: `odoo:cc:${prefix}${n}`,
      record: { code: `${prefix}-${n}`, name: `Center ${prefix}${n}`, budget: 120000.25 + n, branch: n < 2 ? 'BR-N' : 'BR-S' },
    }));
    await countRun(parts.store, runId, SPEC, sources);
    const outcomes = await new OrgLevelWriter(parts.client).writeBatch(
      sources.map(({ record }) => orgLevelRequestFrom({ level: 2, code: record.code, description: record.name, budgetGroup: record.branch, currentYearBudgetSalary: record.budget }, 'create')),
    );
    const ids: string[] = [];
    for (const [i, outcome] of outcomes.entries()) {
      assert.ok(outcome.ok, JSON.stringify(outcome));
      await parts.store.markPosted({ key: sources[i]!.key, runId, target: { system: 'ukg', entity: 'org-level', id: outcome.id } });
      ids.push(outcome.id);
    }
    return ids;
  }

  it('ties a run out to the cent in one GET per page of written org levels', async () => {
    await writeRun('ukg-tied', 'T');
    const since = parts.sim.log.lastSeq;
    const result = await reconcileRun(parts.store, 'ukg-tied', ukgReadBack(parts.client), { pageSize: 2 });
    assert.equal(result.status, 'tied', result.summary);
    assert.deepEqual(result.records, { expected: 5, found: 5 });
    assert.deepEqual(result.totals, [{ measure: 'budget', expected: 5 * 12000025 + 1000, found: 5 * 12000025 + 1000 }]);
    assert.equal(result.pages, 3);
    assert.equal(result.readCalls, 3);
    assert.equal(parts.sim.log.count({ sinceSeq: since }), 3, 'one request per page, nothing else');
    assert.equal(parts.sim.log.count({ sinceSeq: since, method: 'GET', path: ORG_LEVELS }), 3);
  });

  it('is off by a budget changed in UKG, naming the record and the branch, and counts a removed org level as missing', async () => {
    const [first, second] = await writeRun('ukg-off', 'O');
    assert.ok(first && second);
    const changed = ukg.state.orgLevels.find((org) => `${org.level}/${org.code}` === first);
    assert.ok(changed);
    changed.currentYearBudgetSalary = 120000.25 - 0.5;
    ukg.state.orgLevels = ukg.state.orgLevels.filter((org) => `${org.level}/${org.code}` !== second);
    const result = await reconcileRun(parts.store, 'ukg-off', ukgReadBack(parts.client), { pageSize: 2 });
    assert.equal(result.status, 'off');
    assert.deepEqual(result.records, { expected: 5, found: 4 });
    assert.equal(differenceOf(result, 'record', 'odoo:cc:O0', 'budget')?.off, -50);
    assert.equal(differenceOf(result, 'branch', 'BR-N', 'budget')?.off, -50 - 12000125);
    assert.equal(differenceOf(result, 'record', 'odoo:cc:O1', 'count')?.off, -1);
    assert.match(result.summary, /record odoo:cc:O0: budget off by -0\.50/);
  });
});
