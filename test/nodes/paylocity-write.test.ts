// mlc-paylocity-write in real Node-RED with the real mlc-paylocity-config, against the Paylocity
// sandbox over real sockets: a new hire looked up first and POSTed, a replay that hires nobody twice, a
// POST whose answer is lost after commit (found by the look-up, not resent), a field error naming the
// field and the valid values on output 2, an id that belongs to someone else, an update of only the
// fields given, and failures reaching Catch when output 2 is unwired.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { PaylocitySimulator } from '../../sandbox/paylocity';
import paylocityConfigNode = require('../../nodes/paylocity/paylocity-config');
import paylocityWriteNode = require('../../nodes/paylocity/paylocity-write');
import { collect, positioned, send } from '../support/flow-helper';
import { HIRE } from '../support/paylocity-hire';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
interface WriteError {
  message: string;
  code: string;
  status?: number;
  transient?: boolean;
  source: { type: string };
}

const EMPLOYEES = '/api/v2/companies/MLC01/employees';

describe('mlc-paylocity-write against the Paylocity sandbox', () => {
  const paylocity = new PaylocitySimulator();
  let sim: RunningSimulator;

  const flow = (write: Msg = {}, { errorWired = true, timeoutSeconds = 5 } = {}): Msg[] =>
    positioned([
      { id: 'tab', type: 'tab', label: 'paylocity write' },
      {
        id: 'p',
        type: 'mlc-paylocity-config',
        name: 'Paylocity (test)',
        environment: 'custom',
        apiBase: `${sim.url}/api`,
        tokenUrl: `${sim.url}/IdentityServer/connect/token`,
        companyId: 'MLC01',
        maxAttempts: 2,
        timeoutSeconds,
      },
      { id: 'write', z: 'tab', type: 'mlc-paylocity-write', paylocity: 'p', operation: 'hire', ...write, wires: [['written'], errorWired ? ['failed'] : []] },
      { id: 'written', z: 'tab', type: 'helper' },
      { id: 'failed', z: 'tab', type: 'helper' },
      { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'tab', type: 'helper' },
    ]);
  const load = (write: Msg = {}, options: { errorWired?: boolean; timeoutSeconds?: number } = {}): Promise<void> =>
    helper.load([paylocityConfigNode, paylocityWriteNode], flow(write, options), { p: { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' } });
  const posts = (): number => sim.log.count({ method: 'POST', path: EMPLOYEES });
  const named = (first: string, last: string) => paylocity.state.employees.filter((e) => e.firstName === first && e.lastName === last);
  const targetOf = (msg: Msg | undefined) => (msg?.['mlc'] as { target?: unknown } | undefined)?.target;
  const paylocityOf = (msg: Msg | undefined) => msg?.['paylocity'] as { operation: string; employeeId: string; created: boolean; confirmedBy?: string };
  const errorOf = (msg: Msg | undefined) => msg?.['error'] as WriteError;

  before(async () => {
    sim = await startSimulator(paylocity, { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });
  beforeEach(() => sim.reset());
  afterEach(() => helper.unload());

  it('hires with the given employee id after looking it up; the same hire again is found, not sent', async () => {
    await load();
    const written = collect('written');
    send('write', { payload: HIRE, mlc: { key: 'odoo:employee:42' } });
    const [hired] = await written.waitFor(1);
    assert.deepEqual(targetOf(hired), { system: 'paylocity', entity: 'employee', id: 'OD000042' });
    assert.deepEqual(paylocityOf(hired), { operation: 'hire', employeeId: 'OD000042', created: true });
    assert.equal(posts(), 1);
    assert.equal(sim.log.count({ method: 'GET', path: `${EMPLOYEES}/OD000042` }), 1, 'looked up before the POST');

    // A replay (or a rerun after a crash) of the same record.
    send('write', { payload: HIRE, mlc: { key: 'odoo:employee:42' } });
    const [, again] = await written.waitFor(2);
    assert.deepEqual(paylocityOf(again), { operation: 'hire', employeeId: 'OD000042', created: false, confirmedBy: 'lookup' });
    assert.equal(posts(), 1, 'never hired twice');
    assert.equal(named('Grace', 'Hopper').length, 1);
  });

  it('looks the hire up after an answer lost after commit, and does not POST again', async () => {
    await load({}, { timeoutSeconds: 2 });
    sim.faults.add({ kind: 'drop', afterCommit: true, method: 'POST', path: EMPLOYEES });
    const written = collect('written');
    send('write', { payload: HIRE, mlc: { key: 'odoo:employee:42' } });
    const [hired] = await written.waitFor(1);
    assert.equal(paylocityOf(hired).confirmedBy, 'lookup');
    assert.equal(posts(), 1);
    assert.equal(named('Grace', 'Hopper').length, 1);
    assert.equal(sim.log.count({ method: 'GET', path: `${EMPLOYEES}/OD000042` }), 2, 'before the POST and after its lost answer');
  });

  it('sends the POST once more when the look-up after a 5xx does not find the hire', async () => {
    await load();
    sim.faults.add({ kind: 'status', status: 503, method: 'POST', path: EMPLOYEES });
    const written = collect('written');
    send('write', { payload: HIRE, mlc: { key: 'odoo:employee:42' } });
    const [hired] = await written.waitFor(1);
    assert.deepEqual(paylocityOf(hired), { operation: 'hire', employeeId: 'OD000042', created: true });
    assert.equal(posts(), 2);
    assert.equal(named('Grace', 'Hopper').length, 1);
  });

  it('puts a refused hire on output 2 with each field and its valid values; a 400 is not retried', async () => {
    await load();
    const failed = collect('failed');
    send('write', { payload: { ...HIRE, departmentPosition: { costCenter1: 'CC-999' } }, mlc: { key: 'odoo:employee:42' } });
    const [refused] = await failed.waitFor(1);
    const error = errorOf(refused);
    assert.equal(error.status, 400);
    assert.equal(error.code, 'MLC_HTTP_REJECTED');
    assert.equal(error.transient, undefined);
    assert.match(error.message, /^paylocity: new hire OD000042 was not hired: departmentPosition\.costCenter1: .*CC-999.*\(valid: CC-100 Administration, CC-200 North Branch, CC-300 South Branch/);
    assert.equal(error.source.type, 'mlc-paylocity-write');
    assert.equal(posts(), 1);
  });

  it('fails a hire whose employee id belongs to someone else', async () => {
    await load();
    const failed = collect('failed');
    send('write', { payload: { ...HIRE, employeeId: '1001' }, mlc: { key: 'odoo:employee:43' } });
    const [refused] = await failed.waitFor(1);
    assert.equal(errorOf(refused).code, 'MLC_PAYLOCITY_EMPLOYEE_ID_TAKEN');
    assert.match(errorOf(refused).message, /employee id 1001 already belongs to/);
    assert.equal(posts(), 0);
  });

  it('updates only the fields given (PATCH), and says when Paylocity has no such employee', async () => {
    await load({ operation: 'update', onlyChanged: false });
    const written = collect('written');
    const failed = collect('failed');
    const before = paylocity.state.employees.find((e) => e.employeeId === '1001');
    const firstName = before?.firstName;
    send('write', { payload: { employeeId: '1001', departmentPosition: { costCenter1: 'CC-400', jobTitle: 'Site Lead' } }, mlc: { key: 'odoo:employee:1001' } });
    const [updated] = await written.waitFor(1);
    assert.deepEqual(paylocityOf(updated), { operation: 'update', employeeId: '1001', created: false, sent: { departmentPosition: { costCenter1: 'CC-400', jobTitle: 'Site Lead' } } });
    const after = paylocity.state.employees.find((e) => e.employeeId === '1001');
    assert.equal(after?.departmentPosition.costCenter1, 'CC-400');
    assert.equal(after?.departmentPosition.jobTitle, 'Site Lead');
    assert.equal(after?.firstName, firstName);
    const patch = sim.log.entries({ method: 'PATCH' })[0];
    assert.deepEqual(patch?.body, { departmentPosition: { costCenter1: 'CC-400', jobTitle: 'Site Lead' } });

    send('write', { payload: { employeeId: 'NOBODY', departmentPosition: { jobTitle: 'x' } }, mlc: { key: 'odoo:employee:0' } });
    const [missing] = await failed.waitFor(1);
    assert.equal(errorOf(missing).code, 'MLC_PAYLOCITY_EMPLOYEE_NOT_FOUND');
  });

  it('reads the employee first and PATCHes only what differs; nothing at all when nothing does (the default)', async () => {
    await load({ operation: 'update' });
    const written = collect('written');
    const failed = collect('failed');
    const held = paylocity.state.employees.find((e) => e.employeeId === '1001');
    assert.ok(held);
    const center = held.departmentPosition.costCenter1;
    const hireDay = String(held.status.hireDate).slice(0, 10);
    // The cost center and hire date Paylocity already holds (the date as a plain day), a new title.
    const body = { employeeId: '1001', status: { hireDate: hireDay }, departmentPosition: { costCenter1: center, jobTitle: 'Site Lead' } };
    send('write', { payload: body, mlc: { key: 'odoo:employee:1001:v1' } });
    const [first] = await written.waitFor(1);
    assert.deepEqual(sim.log.entries({ method: 'PATCH' }).map((e) => e.body), [{ departmentPosition: { jobTitle: 'Site Lead' } }]);
    assert.deepEqual((paylocityOf(first) as { sent?: unknown }).sent, { departmentPosition: { jobTitle: 'Site Lead' } });
    assert.equal(paylocity.state.employees.find((e) => e.employeeId === '1001')?.departmentPosition.costCenter1, center);

    // The same values again (an Odoo edit of some other field): read, nothing sent, written as unchanged.
    send('write', { payload: body, mlc: { key: 'odoo:employee:1001:v2' } });
    const [, second] = await written.waitFor(2);
    assert.equal((paylocityOf(second) as { unchanged?: boolean }).unchanged, true);
    assert.equal(sim.log.count({ method: 'PATCH' }), 1);
    assert.equal(sim.log.count({ method: 'GET', path: `${EMPLOYEES}/1001` }), 2);

    send('write', { payload: { employeeId: 'NOBODY', departmentPosition: { jobTitle: 'x' } }, mlc: { key: 'odoo:employee:0' } });
    const [missing] = await failed.waitFor(1);
    assert.equal(errorOf(missing).code, 'MLC_PAYLOCITY_EMPLOYEE_NOT_FOUND');
    assert.equal(sim.log.count({ method: 'PATCH' }), 1);
  });

  it('hands a failure to Catch (done(err)) when output 2 is unwired, and a bad payload makes no call', async () => {
    await load({ operation: 'update' }, { errorWired: false });
    const caught = collect('caught');
    send('write', { payload: { employeeId: 'TOO-LONG-AN-ID' }, mlc: { key: 'odoo:employee:9' } });
    const [msg] = await caught.waitFor(1);
    const error = msg?.['error'] as { message: string };
    assert.match(error.message, /at most 10 characters/);
    assert.equal(sim.log.count({ path: '/api/' }), 0);
  });
});
