// The bundled "Paylocity - Odoo departments and job positions to Paylocity" example in a real Node-RED 5
// against the Odoo and Paylocity sandboxes. The test seeds Odoo itself (employees whose Identification
// No is PCTY-MLC01-<Paylocity id>), so it does not depend on another example having run. It proves: the
// first run brings each such employee's departmentPosition over, PATCHing only the fields that differ;
// an Odoo edit of another field, or a run with no Odoo change, sends nothing; a department change reaches Paylocity exactly once; a cost center Paylocity does not know
// is refused naming the field, kept failed in the store, and sent once by a replay after the fix.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import type { PaylocitySimulator } from '../../sandbox/paylocity';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExample, press, until, stopAll } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'Paylocity - Odoo departments and job positions to Paylocity.json';
const TAB = 'mlc-ex-pdp-tab';
/** Paylocity employees the test links to new Odoo employees (active, in CC-100..CC-400). */
const LINKED = ['1001', '1002', '1003', '1004'];
const DEPARTMENT_OF: Record<string, string> = { 'CC-100': 'Administration', 'CC-200': 'North Branch', 'CC-300': 'South Branch', 'CC-400': 'East Branch' };
/** An Odoo job position the example's table turns into each Paylocity position code. */
const JOB_OF: Record<string, string> = {
  ADMIN: 'HR Generalist',
  ACCT: 'Accountant',
  PM: 'Project Manager',
  SUPT: 'Site Superintendent',
  FORE: 'Foreman',
  CARP: 'Carpenter',
  ELEC: 'Electrician',
  EQOP: 'Equipment Operator',
  LAB: 'Laborer',
};

describe(`example "${FILE}" in Node-RED 5 against the Odoo and Paylocity sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;
  let odoo: OdooClient;
  let odooSim: RunningSimulator;
  let paylocitySim: RunningSimulator;
  let paylocity: PaylocitySimulator;
  const odooIds = new Map<string, number>();
  /** What each linked employee had in Paylocity before the first run: the Odoo side was seeded to match. */
  const seeded = new Map<string, { costCenter1: string; positionCode: string | null }>();
  const departments = new Map<string, number>();

  const position = (employeeId: string) => {
    const found = paylocity.state.employee(employeeId);
    assert.ok(found, `Paylocity employee ${employeeId}`);
    const { costCenter1, positionCode, jobTitle } = found.departmentPosition;
    return { costCenter1, positionCode, jobTitle };
  };
  const patches = (employeeId?: string): number =>
    paylocitySim.log.count({ method: 'PATCH', tag: employeeId === undefined ? { operation: 'employees.update' } : { operation: 'employees.update', employeeId } });
  const keysOf = async (employeeId: string, status: 'posted' | 'failed') =>
    (await store.list({ keyPrefix: `paylocity.employees:odoo:hr.employee:${odooIds.get(employeeId)}:`, status })).map((r) => r.key);
  const finishedReads = async (): Promise<number> =>
    (await store.listRuns({ limit: 200 })).filter((r) => r.runId.startsWith('odoo-read:hr.employee:') && r.status !== 'running').length;
  /** Presses "sync now" and waits until that read run has ended (every record it read audited). */
  const syncNow = async (): Promise<void> => {
    const before = await finishedReads();
    await press(nr, 'mlc-ex-pdp-run');
    await until('the read run to end', finishedReads, (n) => n > before, 60_000);
  };
  /** Odoo stamps write_date in whole seconds: move its clock on so a change is later than the cursor. */
  const changeInOdoo = async (model: string, ids: number[], values: Record<string, unknown>): Promise<void> => {
    odooSim.clock.advance(2000);
    await odoo.write(model, ids, values);
  };

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    odooSim = sandbox.get('odoo') as RunningSimulator;
    paylocitySim = sandbox.get('paylocity') as RunningSimulator;
    paylocity = paylocitySim.simulator as PaylocitySimulator;

    // Odoo's side of the link, as the Paylocity → Odoo employees example writes it.
    for (const d of await odoo.searchRead('hr.department', { fields: ['name'] })) departments.set(String(d['name']), Number(d['id']));
    const jobs = new Map<string, number>();
    for (const j of await odoo.searchRead('hr.job', { fields: ['name'] })) jobs.set(String(j['name']), Number(j['id']));
    for (const employeeId of LINKED) {
      const e = paylocity.state.employee(employeeId);
      assert.ok(e && e.status.employeeStatus === 'A', `Paylocity ${employeeId} is active`);
      const department = departments.get(DEPARTMENT_OF[e.departmentPosition.costCenter1] ?? '');
      const job = jobs.get(JOB_OF[e.departmentPosition.positionCode ?? ''] ?? '');
      assert.ok(department && job, `an Odoo department and job for ${employeeId}`);
      const [id] = await odoo.create('hr.employee', [{ name: `${e.firstName} ${e.lastName}`, identification_id: `PCTY-MLC01-${employeeId}`, department_id: department, job_id: job }]);
      assert.ok(id);
      odooIds.set(employeeId, id);
      seeded.set(employeeId, { costCenter1: e.departmentPosition.costCenter1, positionCode: e.departmentPosition.positionCode });
    }

    const { flows, credentials } = loadExample(FILE);
    nr = await startNodeRed('node-red', flows, { credentials, env });
    store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it("brings each linked employee's department, position and job title to Paylocity, PATCHing only what differs", async () => {
    await syncNow();
    for (const employeeId of LINKED) {
      assert.equal((await keysOf(employeeId, 'posted')).length, 1, `${employeeId} posted in the store`);
      assert.ok(patches(employeeId) <= 1, `at most one PATCH of ${employeeId}`);
      const [odooEmployee] = await odoo.read('hr.employee', [odooIds.get(employeeId) ?? 0], ['job_title']);
      assert.equal(position(employeeId).jobTitle || false, odooEmployee?.['job_title'] || false, "the job title is Odoo's");
      const { costCenter1, positionCode } = position(employeeId);
      assert.deepEqual({ costCenter1, positionCode }, seeded.get(employeeId), 'department and job mapped back to the same codes');
    }
    // Department and job map back to the codes Paylocity holds: a PATCH, if any, carries only the title.
    for (const entry of paylocitySim.log.entries({ method: 'PATCH', tag: { operation: 'employees.update' } })) {
      const body = entry.body as Record<string, unknown>;
      assert.deepEqual(Object.keys(body), ['departmentPosition'], 'nothing but the position is sent');
      assert.deepEqual(Object.keys(body['departmentPosition'] as object), ['jobTitle'], 'only the field that differs');
    }
  });

  it('sends nothing when an Odoo edit changes none of the fields Paylocity gets', async () => {
    const employeeId = LINKED[0] ?? '';
    const before = patches();
    await changeInOdoo('hr.employee', [odooIds.get(employeeId) ?? 0], { name: 'Renamed In Odoo Only' });
    await syncNow();
    assert.equal((await keysOf(employeeId, 'posted')).length, 2, 'the new Odoo version went through (read, compared, written as unchanged)');
    assert.equal(patches(), before, 'and sent no PATCH');
  });

  it('sends nothing on a run with no change in Odoo', async () => {
    const before = patches();
    await syncNow();
    assert.equal(patches(), before);
  });

  it('sends a department change to Paylocity exactly once', async () => {
    const employeeId = LINKED.find((id) => position(id).costCenter1 !== 'CC-300') ?? '';
    await changeInOdoo('hr.employee', [odooIds.get(employeeId) ?? 0], { department_id: departments.get('South Branch') });
    const before = patches(employeeId);
    await syncNow();
    assert.equal(position(employeeId).costCenter1, 'CC-300');
    assert.equal(patches(employeeId), before + 1);
    await syncNow();
    assert.equal(patches(employeeId), before + 1, 'a rerun sends it no more');
  });

  it('keeps a cost center Paylocity refuses as failed, naming the field; after the fix a replay sends it once', async () => {
    const employeeId = LINKED[1] ?? '';
    const costCenterBefore = position(employeeId).costCenter1;
    // A new Odoo department with its own cost center, which Paylocity's company codes do not have.
    const [yard] = await odoo.create('hr.department', [{ name: 'Yard Services' }]);
    const [plan] = await odoo.search('account.analytic.plan', [['name', '=', 'Cost Centers']]);
    const [account] = await odoo.create('account.analytic.account', [{ name: 'Yard Services', code: 'CC-600', plan_id: plan }]);
    assert.ok(yard && account);
    await changeInOdoo('hr.employee', [odooIds.get(employeeId) ?? 0], { department_id: yard });
    await syncNow();

    const [failedKey] = await keysOf(employeeId, 'failed');
    assert.ok(failedKey, 'kept as failed in the store');
    const failed = await store.get(failedKey);
    assert.match(failed?.error?.message ?? '', /departmentPosition\.costCenter1/);
    assert.match(failed?.error?.message ?? '', /CC-100/, 'with the codes Paylocity takes');
    assert.equal(failed?.flow, TAB);
    assert.equal(position(employeeId).costCenter1, costCenterBefore, 'Paylocity unchanged');

    // The fix: Odoo books the yard on Paylocity's Field Services cost center. Replay reloads the table.
    await changeInOdoo('account.analytic.account', [account], { code: 'CC-500' });
    const patchesBefore = patches(employeeId);
    await press(nr, 'mlc-ex-pdp-replay-inject');
    await until('the replayed employee posted', () => store.get(failedKey), (r) => r?.status === 'posted', 60_000);
    assert.equal(position(employeeId).costCenter1, 'CC-500');
    assert.equal(patches(employeeId), patchesBefore + 1);
    assert.deepEqual(await keysOf(employeeId, 'failed'), []);
  });
});
