import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { control } from '../http-client';
import { API, call, startPaylocity, token, type Paylocity } from './helpers';

interface Received {
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

/** A webhook endpoint with optional Basic auth that answers the queued statuses (then 200). */
class Receiver {
  received: Received[] = [];
  statuses: number[] = [];
  refused = 0;
  auth: string | undefined;
  private server: Server = createServer((req, res) => {
    if (this.auth !== undefined && req.headers.authorization !== this.auth) {
      this.refused += 1;
      res.statusCode = 401;
      res.end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.received.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown> });
      res.statusCode = this.statuses.shift() ?? 200;
      res.end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/paylocity-events`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

const USER = 'hook-user';
const PASSWORD = 'hook-password';
const basicHeader = `Basic ${Buffer.from(`${USER}:${PASSWORD}`).toString('base64')}`;

describe('Paylocity sandbox: webhooks', () => {
  let pl: Paylocity;
  let receiver: Receiver;
  let endpoint: string;
  before(async () => {
    pl = await startPaylocity();
    receiver = new Receiver();
    endpoint = await receiver.start();
  });
  beforeEach(() => {
    pl.running.reset();
    pl.running.quota.clear();
    pl.running.clock.set('2026-12-04T16:20:00Z');
    receiver.received = [];
    receiver.statuses = [];
    receiver.refused = 0;
    receiver.auth = basicHeader;
  });
  after(async () => {
    await pl.running.close();
    await receiver.close();
  });

  it('POSTs the JSON payload with Basic auth, no signature, connection: close and expect: 100-continue', async () => {
    pl.simulator.webhooks.configure({ url: endpoint, username: USER, password: PASSWORD });
    const [message] = await pl.simulator.webhooks.emit('EmployeeChange', { companyId: 'MLC01', employeeId: '1001' });
    assert.equal(message?.status, 'delivered');
    assert.equal(receiver.received.length, 1);
    const [delivery] = receiver.received;
    assert.deepEqual(delivery?.body, { companyId: 'MLC01', employeeId: '1001' });
    assert.equal(delivery?.headers['content-type'], 'application/json');
    assert.equal(delivery?.headers.connection, 'close');
    assert.equal(delivery?.headers.expect, '100-continue');
    assert.equal(delivery?.headers.authorization, basicHeader);
    assert.equal(Object.keys(delivery?.headers ?? {}).some((name) => /signature/i.test(name)), false);
    assert.deepEqual(pl.simulator.webhooks.targets()[0]?.password, '***');
  });

  it('wrong credentials: the endpoint refuses, the message is failed (not retried), and resend delivers it', async () => {
    pl.simulator.webhooks.configure({ url: endpoint, username: USER, password: 'wrong' });
    const [failed] = await pl.simulator.webhooks.emit('EmployeeChange', { companyId: 'MLC01', employeeId: '1002' });
    assert.equal(failed?.status, 'failed');
    assert.deepEqual(failed?.attempts.map((attempt) => attempt.status), [401]);
    assert.equal(receiver.received.length, 0);
    receiver.auth = undefined;
    const resent = await pl.simulator.webhooks.resend(failed?.messageId ?? 0);
    assert.equal(resent.status, 'delivered');
    assert.equal(receiver.received.length, 1);
  });

  it('drop, duplicate and delay', async () => {
    pl.simulator.webhooks.configure({ url: endpoint, username: USER, password: PASSWORD });
    const [dropped] = await pl.simulator.webhooks.emit('EmployeeChange', { companyId: 'MLC01', employeeId: '1003' }, { drop: true });
    assert.equal(dropped?.status, 'dropped');
    assert.equal(receiver.received.length, 0);
    await pl.simulator.webhooks.emit('EmployeeChange', { companyId: 'MLC01', employeeId: '1004' }, { duplicate: true });
    assert.equal(receiver.received.length, 2);
    assert.deepEqual(receiver.received[0]?.body, receiver.received[1]?.body);
    const [delayed] = await pl.simulator.webhooks.emit('EmployeeChange', { companyId: 'MLC01', employeeId: '1005' }, { delayMs: 30 });
    assert.equal(delayed?.status, 'delivered');
    assert.equal(receiver.received.length, 3);
    pl.simulator.webhooks.setDefaults({ duplicate: true });
    pl.simulator.change('1006', { lastName: 'Renner' });
    await pl.simulator.webhooks.idle();
    assert.equal(receiver.received.length, 5, 'defaults apply to control-made events');
    assert.deepEqual(pl.simulator.webhooks.messages().map((message) => message.status), ['dropped', 'delivered', 'delivered', 'delivered']);
  });

  it('hire, terminate, rehire and change change the data and send New Hire, Termination and Employee Change', async () => {
    pl.simulator.webhooks.configure({ url: endpoint, username: USER, password: PASSWORD });
    const hired = pl.simulator.hire({ firstName: 'Ines', lastName: 'Moreau', costCenter1: 'CC-200', positionCode: 'CARP', hireDate: '2026-12-07' });
    await pl.simulator.webhooks.idle();
    const newHire = receiver.received[0]?.body ?? {};
    assert.equal(newHire.employeeId, hired.employeeId);
    assert.equal(newHire.companyId, 'MLC01');
    assert.equal(newHire.employeeCostCenter1, 'CC-200 - North Branch');
    assert.equal(newHire.employeeCostCenter2, 'SEA - Seattle Office');
    assert.equal(newHire.employeeCostCenter3, null);
    assert.equal(newHire.employeeHireDate, '2026-12-07T00:00:00');
    assert.equal(newHire.employeeJobTitle, 'Carpenter');
    assert.ok('employeeAddressLine2' in newHire && newHire.employeeAddressLine2 === null, 'nulls are sent, not left out');

    receiver.received = [];
    pl.simulator.terminate('1010', { date: '2026-12-04', reason: 'Resigned' });
    await pl.simulator.webhooks.idle();
    const events = receiver.received.map((delivery) => delivery.body);
    const termination = events.find((body) => 'employeeTerminationDate' in body);
    assert.equal(termination?.employeeTerminationDate, '2026-12-04T00:00:00');
    assert.equal(termination?.employeeId, '1010');
    assert.deepEqual(events.filter((body) => Object.keys(body).length === 2), [{ companyId: 'MLC01', employeeId: '1010' }]);

    receiver.received = [];
    pl.simulator.rehire('1010', { date: '2027-01-04' });
    pl.simulator.change('1012', { lastName: 'Renner', homeAddress: { city: 'Tacoma' } });
    await pl.simulator.webhooks.idle();
    assert.deepEqual(
      receiver.received.map((delivery) => delivery.body.employeeId),
      ['1010', '1012', '1012'],
      'rehire: one Employee Change; a name and an address edit: one each',
    );
    const bearer = await token(pl.url);
    const employee = (await call(pl.url, `${API}/employees/1012`, { token: bearer })).json() as { lastName: string; homeAddress: { city: string } };
    assert.deepEqual([employee.lastName, employee.homeAddress.city], ['Renner', 'Tacoma']);
  });

  it('API writes send webhooks too; Payroll Processed for a new run', async () => {
    pl.simulator.webhooks.configure({ url: endpoint, username: USER, password: PASSWORD, events: ['NewHire', 'PayrollProcessed'] });
    const bearer = await token(pl.url);
    const created = await call(pl.url, `${API}/employees`, {
      method: 'POST',
      token: bearer,
      body: { firstName: 'Ana', lastName: 'Lima', status: { hireDate: '2026-12-07' }, departmentPosition: { costCenter1: 'CC-500' }, primaryPayRate: { payType: 'Salary', payFrequency: 'B', annualSalary: 65000 } },
    });
    assert.equal(created.status, 201);
    await call(pl.url, `${API}/employees/1001`, { method: 'PATCH', token: bearer, body: { firstName: 'Changed' } });
    pl.simulator.processPayroll({ checkDate: '2026-12-11' });
    await pl.simulator.webhooks.idle();
    assert.deepEqual(
      receiver.received.map((delivery) => delivery.body.employeeCostCenter1 ?? delivery.body.processId),
      ['CC-500 - Field Services', '2026121101'],
      'the target only takes NewHire and PayrollProcessed',
    );
    const payroll = receiver.received[1]?.body;
    assert.deepEqual(Object.keys(payroll ?? {}).sort(), ['checkDate', 'companyId', 'processDate', 'processId', 'runId', 'status']);
    assert.deepEqual([payroll?.checkDate, payroll?.runId, payroll?.status, payroll?.processDate], ['2026-12-11', '1', 'Processed', '2026-12-04T16:20:00']);
  });

  it('the control API configures targets, emits events and runs the controls', async () => {
    const target = await control(pl.url, 'POST', 'webhooks/targets', { url: endpoint, username: USER, password: PASSWORD });
    assert.equal(target.status, 201);
    const emitted = await control(pl.url, 'POST', 'webhooks/emit', { event: 'PayrollProcessed', checkDate: '2026-11-13', duplicate: true });
    assert.equal(emitted.status, 200);
    assert.equal(receiver.received.length, 2);
    assert.deepEqual(receiver.received[0]?.body, { companyId: 'MLC01', processId: '2026111301', checkDate: '2026-11-13', runId: '1', processDate: '2026-11-11T10:31:05.9', status: 'Processed' });
    await control(pl.url, 'POST', 'webhooks/emit', { event: 'Termination', employeeId: '1009', drop: true });
    const hire = await control(pl.url, 'POST', 'employees/hire', { firstName: 'Rui', lastName: 'Costa', costCenter1: 'CC-300' });
    assert.equal(hire.status, 201);
    assert.equal((hire.body as { departmentPosition: { costCenter2: string } }).departmentPosition.costCenter2, 'PDX');
    assert.equal((await control(pl.url, 'POST', 'employees/terminate', { employeeId: '1013', date: '2026-12-04' })).status, 200);
    assert.equal((await control(pl.url, 'POST', 'employees/rehire', { employeeId: '1001' })).status, 409);
    assert.equal((await control(pl.url, 'POST', 'employees/change', { employeeId: '1014', changes: { firstName: 'Zed' } })).status, 200);
    assert.equal((await control(pl.url, 'POST', 'payroll/process', { checkDate: '2026-12-11' })).status, 201);
    assert.equal((await control(pl.url, 'POST', 'webhooks/emit', { event: 'Nope' })).status, 400);
    await control(pl.url, 'POST', 'webhooks/idle');
    const state = (await control(pl.url, 'GET', 'webhooks')).body as { messages: Array<{ event: string; status: string }> };
    assert.deepEqual(
      state.messages.map((message) => `${message.event}:${message.status}`),
      ['PayrollProcessed:delivered', 'Termination:dropped', 'NewHire:delivered', 'Termination:delivered', 'EmployeeChange:delivered', 'EmployeeChange:delivered', 'PayrollProcessed:delivered'],
    );
    assert.equal((await control(pl.url, 'DELETE', 'webhooks/targets')).status, 200);
    await control(pl.url, 'POST', 'reset');
    assert.deepEqual(((await control(pl.url, 'GET', 'webhooks')).body as { targets: unknown[] }).targets, []);
  });
});
