// The bundled "UKG employees → Odoo employees" example in a real Node-RED 5 against the UKG and Odoo
// sandboxes: a full sync, then hires, a termination and a rehire reflected after one delta sync; a
// second delta with no changes makes no write calls; a duplicated webhook event changes nothing.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import type { RunningSimulator } from '../../sandbox/kit';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import type { UkgSimulator } from '../../sandbox/ukg';
import { loadExample, press, until } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const FILE = 'UKG - employees to Odoo employees.json';
const ALL = { active_test: false };
/** UKG employee ids are 12 characters (the Odoo demo employees' own ids are not). */
const UKG_ID = ['identification_id', '=like', '____________'];

interface OdooEmployee {
  id: number;
  name: string;
  active: boolean;
  identification_id: string;
  job_title: string | null;
  department_id: { id: number; name: string } | null;
}

describe(`example "${FILE}" in Node-RED 5 against the UKG and Odoo sandboxes`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let odoo: OdooClient;
  let odooSim: RunningSimulator;
  let ukg: UkgSimulator;

  const employee = async (ukgId: string): Promise<OdooEmployee | undefined> =>
    ((await odoo.searchRead('hr.employee', { domain: [['identification_id', '=', ukgId]], fields: ['name', 'active', 'identification_id', 'job_title', 'department_id'], context: ALL })) as unknown as OdooEmployee[])[0];
  const synced = (): Promise<number> => odoo.searchCount('hr.employee', [UKG_ID], ALL);
  const employeeWrites = (): number =>
    odooSim.log.count({ path: '/json/2/hr.employee/create' }) + odooSim.log.count({ path: '/json/2/hr.employee/write' });

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const { flows, credentials } = loadExample(FILE);
    nr = await startNodeRed('node-red', flows, { credentials, env: sandbox.environment() });
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    odooSim = sandbox.get('odoo') as RunningSimulator;
    ukg = (sandbox.get('ukg') as RunningSimulator).simulator as UkgSimulator;
  });
  after(async () => {
    odoo?.close();
    await nr?.stop();
    await sandbox?.close();
  });

  it('brings all 250 UKG employees into Odoo on a full sync, terminated ones archived', async () => {
    const before = await synced();
    await press(nr, 'mlc-ex-emp-full');
    await until('250 employees in Odoo', synced, (n) => n - before >= 250, 120_000);
    const rehired = await employee('HRZBE000001I');
    assert.equal(rehired?.active, true);
    assert.ok(rehired?.department_id, 'placed in a department through the cost-center table');
    assert.equal(await odoo.searchCount('hr.employee', [UKG_ID, ['active', '=', false]], ALL) >= 10, true);
  });

  it('reflects a hire, a termination and a rehire after one delta sync', async () => {
    const terminatedBefore = (await odoo.searchRead('hr.employee', { domain: [UKG_ID, ['active', '=', false]], fields: ['identification_id'], context: ALL, limit: 1 }))[0];
    const activeBefore = (await odoo.searchRead('hr.employee', { domain: [UKG_ID, ['active', '=', true], ['identification_id', '!=', 'HRZBE000001I']], fields: ['identification_id'], limit: 1 }))[0];
    assert.ok(terminatedBefore && activeBefore);
    const hired = ukg.hire({ firstName: 'Nia', lastName: 'Okafor', jobCode: 'CARP', orgLevel2Code: 'CC-300' });
    ukg.terminate(String(activeBefore['identification_id']), { reason: 'Resigned' });
    ukg.rehire(String(terminatedBefore['identification_id']));

    await press(nr, 'mlc-ex-emp-delta');
    await until('the hire in Odoo', () => employee(hired.employeeId), (e) => e !== undefined, 60_000);
    await until('the termination archived', () => employee(String(activeBefore['identification_id'])), (e) => e?.active === false, 60_000);
    await until('the rehire active again', () => employee(String(terminatedBefore['identification_id'])), (e) => e?.active === true, 60_000);
    const nia = await employee(hired.employeeId);
    assert.equal(nia?.name, 'Nia Okafor');
    assert.match(nia?.department_id?.name ?? '', /South Branch$/);
  });

  it('makes no write calls on a second delta sync with no changes', async () => {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const writes = employeeWrites();
    const departmentReads = odooSim.log.count({ path: '/json/2/hr.department/search_read' });
    await press(nr, 'mlc-ex-emp-delta');
    await until('the delta run to start', async () => odooSim.log.count({ path: '/json/2/hr.department/search_read' }), (n) => n > departmentReads);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(employeeWrites(), writes);
  });

  it('updates from a webhook event, and a duplicated event changes nothing', async () => {
    ukg.webhooks.subscribe({ url: `${nr.url}/mlc/ukg/webhook`, secret: 'mlc-demo-webhook-secret' });
    const someone = (await odoo.searchRead('hr.employee', { domain: [['identification_id', '=', 'HRZBE000001I']], fields: ['identification_id'] }))[0];
    assert.ok(someone);
    ukg.change('HRZBE000001I', { jobCode: 'SUPT' });
    await ukg.webhooks.idle();
    await until('the new job title in Odoo', () => employee('HRZBE000001I'), (e) => /superintendent/i.test(e?.job_title ?? ''), 60_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const writes = employeeWrites();
    const [event] = ukg.webhooks.messages({ eventType: 'EmployeeJobChangeEvent' }).map((m) => m.event);
    assert.ok(event, 'the change was sent as an event');
    const [resent] = await ukg.webhooks.emit(event, { duplicate: true });
    assert.equal(resent?.status, 'delivered');
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal(employeeWrites(), writes);
  });
});
