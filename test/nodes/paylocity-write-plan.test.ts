// mlc-paylocity-write in plan-only mode, in real Node-RED against the Paylocity simulator, with
// mlc-audit on a real SQLite store: a new hire, an update naming each changed field with the value
// Paylocity holds and the one sent, a termination (archive), an employee already so, and refusals,
// each planned with no write call; then the plan posted as it stands makes exactly those writes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { PaylocitySimulator } from '../../sandbox/paylocity';
import paylocityConfigNode = require('../../nodes/paylocity/paylocity-config');
import paylocityWriteNode = require('../../nodes/paylocity/paylocity-write');
import { collect, send } from '../support/flow-helper';
import { HIRE } from '../support/paylocity-hire';
import { keyOf, planKit, planOf, planSuite, planRecord as record, plansByKey } from '../support/plan-kit';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;

const EMPLOYEES = '/api/v2/companies/MLC01/employees';

describe('mlc-paylocity-write in plan-only mode against the Paylocity sandbox', () => {
  const paylocity = new PaylocitySimulator();
  const parts = planSuite(paylocity);
  const kit = planKit(paylocityWriteNode);

  const load = (write: Msg): Promise<void> =>
    kit.load(
      paylocityConfigNode,
      { id: 'p', type: 'mlc-paylocity-config', name: 'Paylocity (test)', environment: 'custom', apiBase: `${parts.sim.url}/api`, tokenUrl: `${parts.sim.url}/IdentityServer/connect/token`, companyId: 'MLC01', maxAttempts: 1, timeoutSeconds: 5 },
      { type: 'mlc-paylocity-write', paylocity: 'p', operation: 'update', ...write },
      parts.storePath,
      { p: { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' } },
    );
  const writeCalls = (since: number): number => parts.sim.log.count({ sinceSeq: since, method: 'POST', path: EMPLOYEES }) + parts.sim.log.count({ sinceSeq: since, method: 'PATCH', path: `${EMPLOYEES}/` });
  const active = () => paylocity.state.employees.filter((e) => e.status.employeeStatus === 'A');

  it('plans a hire, an update with old and new values, a termination, an unchanged employee and refusals, writing nothing; posting makes exactly those writes', async () => {
    const [moved, leaving, same] = active();
    assert.ok(moved && leaving && same);
    const oldTitle = moved.departmentPosition.jobTitle;
    const oldCenter = moved.departmentPosition.costCenter1;
    const newCenter = oldCenter === 'CC-300' ? 'CC-100' : 'CC-300';
    await load({ planOnly: true });
    const audited = collect('audited');
    const since = parts.sim.log.lastSeq;
    send('write', record('odoo:employee:hire', HIRE, { operation: 'hire' }));
    send('write', record('odoo:employee:moved', { employeeId: moved.employeeId, departmentPosition: { costCenter1: newCenter, jobTitle: 'Site Lead' } }));
    send('write', record('odoo:employee:leaving', { employeeId: leaving.employeeId, status: { employeeStatus: 'T', effectiveDate: '2026-12-31', changeReason: 'Resigned' } }));
    send('write', record('odoo:employee:same', { employeeId: same.employeeId, firstName: same.firstName, departmentPosition: { costCenter1: same.departmentPosition.costCenter1 } }));
    send('write', record('odoo:employee:nobody', { employeeId: 'NOBODY', departmentPosition: { jobTitle: 'x' } }));
    send('write', record('odoo:employee:taken', { ...HIRE, employeeId: moved.employeeId }, { operation: 'hire' }));
    send('write', record('odoo:employee:bad', { employeeId: 'TOO-LONG-AN-ID' }));
    const out = await audited.waitFor(7);
    const byKey = plansByKey(out);

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
    assert.equal(parts.sim.log.count({ sinceSeq: since, method: 'GET', path: `${EMPLOYEES}/` }), 6, 'one look-up per employee, as the writer makes');
    assert.equal(paylocity.state.employee('OD000042'), undefined);
    assert.equal(paylocity.state.employee(moved.employeeId)?.departmentPosition.jobTitle, oldTitle);
    assert.equal(paylocity.state.employee(leaving.employeeId)?.status.employeeStatus, 'A');

    // Posted as it stands: the create, the update and the termination, nothing else.
    const postedSince = parts.sim.log.lastSeq;
    await kit.keptThenPosted(parts.storePath, byKey, 'odoo:employee:', async (store, result) => {
      assert.deepEqual([result.sent, result.skipped, result.notDeployed], [3, 4, 0]);
      const written = await audited.waitFor(10);
      assert.deepEqual(written.slice(7).map((m) => [keyOf(m), m['plan']]).sort(), [['odoo:employee:hire', undefined], ['odoo:employee:leaving', undefined], ['odoo:employee:moved', undefined]]);
      assert.equal(parts.sim.log.count({ sinceSeq: postedSince, method: 'POST', path: EMPLOYEES }), 1);
      assert.deepEqual(
        parts.sim.log.entries({ sinceSeq: postedSince, method: 'PATCH' }).map((e) => e.path).sort(),
        [`${EMPLOYEES}/${leaving.employeeId}`, `${EMPLOYEES}/${moved.employeeId}`].sort(),
      );
      assert.equal(paylocity.state.employee('OD000042')?.lastName, 'Hopper');
      assert.equal(paylocity.state.employee(moved.employeeId)?.departmentPosition.costCenter1, newCenter);
      assert.equal(paylocity.state.employee(leaving.employeeId)?.status.employeeStatus, 'T');
      assert.equal(paylocity.state.employee(same.employeeId)?.departmentPosition.costCenter1, same.departmentPosition.costCenter1);
      assert.equal(await store.count({ keyPrefix: 'odoo:employee:', status: 'posted' }), 3);
    });
  });

  it('still writes in a flow saved before the setting existed, and plans a record that asks for it', async () => {
    const [employee] = active();
    assert.ok(employee);
    await load({});
    const audited = collect('audited');
    const since = parts.sim.log.lastSeq;
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
