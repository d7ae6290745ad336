// mlc-paylocity-write in plan-only mode, in real Node-RED against the Paylocity simulator, with
// mlc-audit on a real SQLite store: a new hire, an update naming each changed field with the value
// Paylocity holds and the one sent, a termination (archive), an employee already so, and refusals,
// each planned with no write call; then the plan posted as it stands makes exactly those writes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { NodeAPI } from 'node-red';
import helper from 'node-red-node-test-helper';
import type { PlanMessage } from '../../lib/plan/plan';
import { openStore } from '../../lib/store';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { PaylocitySimulator } from '../../sandbox/paylocity';
import auditNode = require('../../nodes/core/audit');
import { postPlan } from '../../nodes/core/plan-post';
import storeNode = require('../../nodes/core/store-config');
import paylocityConfigNode = require('../../nodes/paylocity/paylocity-config');
import paylocityWriteNode = require('../../nodes/paylocity/paylocity-write');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
type NodeModules = Parameters<typeof helper.load>[0];

const EMPLOYEES = '/api/v2/companies/MLC01/employees';
const HIRE = {
  employeeId: 'OD000042',
  firstName: 'Grace',
  lastName: 'Hopper',
  status: { hireDate: '2026-12-01' },
  departmentPosition: { costCenter1: 'CC-200', jobTitle: 'Estimator' },
  primaryPayRate: { payType: 'Salary', payFrequency: 'B', annualSalary: 82000 },
};

describe('mlc-paylocity-write in plan-only mode against the Paylocity sandbox', () => {
  const paylocity = new PaylocitySimulator();
  let sim: RunningSimulator;
  let dir: string;
  // The API the nodes were given, for posting the plan as the sidebar does.
  let red: NodeAPI | undefined;
  const writeNode = (RED: NodeAPI): void => {
    red = RED;
    (paylocityWriteNode as unknown as (api: NodeAPI) => void)(RED);
  };

  const load = (write: Msg): Promise<void> =>
    helper.load(
      [paylocityConfigNode, writeNode, storeNode, auditNode] as unknown as NodeModules,
      positioned([
        { id: 'tab', type: 'tab', label: 'paylocity plan' },
        { id: 'p', type: 'mlc-paylocity-config', name: 'Paylocity (test)', environment: 'custom', apiBase: `${sim.url}/api`, tokenUrl: `${sim.url}/IdentityServer/connect/token`, companyId: 'MLC01', maxAttempts: 1, timeoutSeconds: 5 },
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
        { id: 'write', z: 'tab', type: 'mlc-paylocity-write', paylocity: 'p', operation: 'update', ...write, wires: [['audit'], ['audit']] },
        { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
        { id: 'audited', z: 'tab', type: 'helper' },
      ]),
      { p: { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' } },
    );
  const writeCalls = (since: number): number => sim.log.count({ sinceSeq: since, method: 'POST', path: EMPLOYEES }) + sim.log.count({ sinceSeq: since, method: 'PATCH', path: `${EMPLOYEES}/` });
  const planOf = (msg: Msg | undefined): PlanMessage => msg?.['plan'] as PlanMessage;
  const keyOf = (msg: Msg): string => (msg['mlc'] as { key: string }).key;
  const active = () => paylocity.state.employees.filter((e) => e.status.employeeStatus === 'A');
  const record = (key: string, payload: Msg, extra: Msg = {}): Msg => ({ payload, ...extra, mlc: { key, runId: 'plan-run' } });

  before(async () => {
    sim = await startSimulator(paylocity, { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });
  beforeEach(() => {
    sim.reset();
    dir = mkdtempSync(join(tmpdir(), 'mlc-paylocity-plan-'));
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plans a hire, an update with old and new values, a termination, an unchanged employee and refusals, writing nothing; posting makes exactly those writes', async () => {
    const [moved, leaving, same] = active();
    assert.ok(moved && leaving && same);
    const oldTitle = moved.departmentPosition.jobTitle;
    const oldCenter = moved.departmentPosition.costCenter1;
    const newCenter = oldCenter === 'CC-300' ? 'CC-100' : 'CC-300';
    await load({ planOnly: true });
    const audited = collect('audited');
    const since = sim.log.lastSeq;
    send('write', record('odoo:employee:hire', HIRE, { operation: 'hire' }));
    send('write', record('odoo:employee:moved', { employeeId: moved.employeeId, departmentPosition: { costCenter1: newCenter, jobTitle: 'Site Lead' } }));
    send('write', record('odoo:employee:leaving', { employeeId: leaving.employeeId, status: { employeeStatus: 'T', effectiveDate: '2026-12-31', changeReason: 'Resigned' } }));
    send('write', record('odoo:employee:same', { employeeId: same.employeeId, firstName: same.firstName, departmentPosition: { costCenter1: same.departmentPosition.costCenter1 } }));
    send('write', record('odoo:employee:nobody', { employeeId: 'NOBODY', departmentPosition: { jobTitle: 'x' } }));
    send('write', record('odoo:employee:taken', { ...HIRE, employeeId: moved.employeeId }, { operation: 'hire' }));
    send('write', record('odoo:employee:bad', { employeeId: 'TOO-LONG-AN-ID' }));
    const out = await audited.waitFor(7);
    const byKey = new Map(out.map((m) => [keyOf(m), planOf(m)]));

    const hire = byKey.get('odoo:employee:hire');
    assert.equal(hire?.action, 'create');
    assert.deepEqual(hire?.changes.find((c) => c.field === 'departmentPosition.costCenter1'), { field: 'departmentPosition.costCenter1', old: null, new: 'CC-200' });
    assert.deepEqual(hire?.post, { payload: HIRE, operation: 'hire' });
    const update = byKey.get('odoo:employee:moved');
    assert.equal(update?.action, 'update');
    assert.equal(update?.id, moved.employeeId);
    assert.deepEqual(update?.changes, [
      { field: 'departmentPosition.costCenter1', old: oldCenter, new: newCenter },
      { field: 'departmentPosition.jobTitle', old: oldTitle, new: 'Site Lead' },
    ]);
    const termination = byKey.get('odoo:employee:leaving');
    assert.equal(termination?.action, 'archive');
    assert.deepEqual(termination?.changes.find((c) => c.field === 'status.employeeStatus'), { field: 'status.employeeStatus', old: 'A', new: 'T' });
    assert.equal(byKey.get('odoo:employee:same')?.action, 'unchanged');
    assert.deepEqual([byKey.get('odoo:employee:nobody')?.action, byKey.get('odoo:employee:nobody')?.error?.code], ['fail', 'MLC_PAYLOCITY_EMPLOYEE_NOT_FOUND']);
    assert.deepEqual([byKey.get('odoo:employee:taken')?.action, byKey.get('odoo:employee:taken')?.error?.code], ['fail', 'MLC_PAYLOCITY_EMPLOYEE_ID_TAKEN']);
    assert.deepEqual([byKey.get('odoo:employee:bad')?.action, byKey.get('odoo:employee:bad')?.error?.code], ['fail', 'MLC_PAYLOCITY_WRITE_BAD_INPUT']);
    for (const plan of byKey.values()) assert.deepEqual([plan.system, plan.entity, plan.node], ['paylocity', 'employee', 'write']);

    assert.equal(writeCalls(since), 0, 'no POST and no PATCH');
    assert.equal(sim.log.count({ sinceSeq: since, method: 'GET', path: `${EMPLOYEES}/` }), 6, 'one look-up per employee, as the writer makes');
    assert.equal(paylocity.state.employee('OD000042'), undefined);
    assert.equal(paylocity.state.employee(moved.employeeId)?.departmentPosition.jobTitle, oldTitle);
    assert.equal(paylocity.state.employee(leaving.employeeId)?.status.employeeStatus, 'A');

    const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
    try {
      const entries = await store.listPlanEntries('plan-run');
      assert.deepEqual(new Map(entries.map((e) => [e.key, e.action])), new Map([...byKey].map(([key, plan]) => [key, plan.action])));
      assert.equal(await store.count({ keyPrefix: 'odoo:employee:' }), 0, 'nothing marked posted or failed');

      // Posted as it stands: the create, the update and the termination, nothing else.
      const postedSince = sim.log.lastSeq;
      assert.ok(red);
      const result = await postPlan(red, store, 'plan-run');
      assert.deepEqual([result.sent, result.skipped, result.notDeployed], [3, 4, 0]);
      const written = await audited.waitFor(10);
      assert.deepEqual(written.slice(7).map((m) => [keyOf(m), m['plan']]).sort(), [['odoo:employee:hire', undefined], ['odoo:employee:leaving', undefined], ['odoo:employee:moved', undefined]]);
      assert.equal(sim.log.count({ sinceSeq: postedSince, method: 'POST', path: EMPLOYEES }), 1);
      assert.deepEqual(
        sim.log.entries({ sinceSeq: postedSince, method: 'PATCH' }).map((e) => e.path).sort(),
        [`${EMPLOYEES}/${leaving.employeeId}`, `${EMPLOYEES}/${moved.employeeId}`].sort(),
      );
      assert.equal(paylocity.state.employee('OD000042')?.lastName, 'Hopper');
      assert.equal(paylocity.state.employee(moved.employeeId)?.departmentPosition.costCenter1, newCenter);
      assert.equal(paylocity.state.employee(leaving.employeeId)?.status.employeeStatus, 'T');
      assert.equal(paylocity.state.employee(same.employeeId)?.departmentPosition.costCenter1, same.departmentPosition.costCenter1);
      assert.equal(await store.count({ keyPrefix: 'odoo:employee:', status: 'posted' }), 3);
    } finally {
      await store.close();
    }
  });

  it('still writes in a flow saved before the setting existed, and plans a record that asks for it', async () => {
    const [employee] = active();
    assert.ok(employee);
    await load({});
    const audited = collect('audited');
    const since = sim.log.lastSeq;
    send('write', { payload: { employeeId: employee.employeeId, departmentPosition: { jobTitle: 'Planned Title' } }, mlc: { key: 'odoo:employee:p', runId: 'r', plan: true } });
    const [planned] = await audited.waitFor(1);
    assert.equal(planOf(planned).action, 'update');
    assert.equal(writeCalls(since), 0);
    send('write', { payload: { employeeId: employee.employeeId, departmentPosition: { jobTitle: 'Written Title' } }, mlc: { key: 'odoo:employee:w', runId: 'r' } });
    const [, written] = await audited.waitFor(2);
    assert.equal(written?.['plan'], undefined);
    assert.equal(paylocity.state.employee(employee.employeeId)?.departmentPosition.jobTitle, 'Written Title');
  });
});
