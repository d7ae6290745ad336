// mlc-ukg-webhook in real Node-RED, fed by the UKG simulator's webhook sender over real sockets:
// hire/terminate/rehire events, bad signatures, duplicates, dropped events, a restart with a store,
// and the route gone after close.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { sign, UkgSimulator } from '../../sandbox/ukg';
import { openStore } from '../../lib/store';
import webhookNode = require('../../nodes/ukg/ukg-webhook');
import storeNode = require('../../nodes/core/store-config');
import { collect, positioned } from '../support/flow-helper';
import { HttpNodeServer } from '../support/http-node';

helper.init(require.resolve('node-red'));

const SECRET = 'whsec-node-test-9f2c';
const PATH = '/mlc/ukg/webhook';
const COID = 'MLCO1';

type Msg = Record<string, unknown>;
interface Payload {
  companyId: string;
  employeeId: string;
  eventType: string;
  operation: string | null;
  eventId: number | string;
  eventTime: string;
  tenant: string | null;
  employees: Array<{ companyId: string; employeeId: string }>;
}

describe('mlc-ukg-webhook with the UKG simulator', () => {
  const ukg = new UkgSimulator({ webhooks: { retryDelaysMs: [10, 20, 40] } });
  const httpNode = new HttpNodeServer();
  const nodes = [httpNode.serving(webhookNode), storeNode];
  let sim: RunningSimulator;
  let dir: string;
  const endpoint = (): string => `${httpNode.url}${PATH}`;

  const flow = ({ store = false } = {}): Msg[] =>
    positioned([
      { id: 'tab', type: 'tab', label: 'ukg webhook' },
      { id: 'hook', z: 'tab', type: 'mlc-ukg-webhook', path: PATH, signatureHeader: 'X-UKG-Signature', windowHours: 24, store: store ? 'store' : '', wires: [['events']] },
      { id: 'events', z: 'tab', type: 'helper' },
      ...(store ? [{ id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') }] : []),
    ]);
  const load = (options: { store?: boolean } = {}): Promise<void> => helper.load(nodes, flow(options), { hook: { secret: SECRET } });
  const payloadOf = (msg: Msg | undefined): Payload => msg?.['payload'] as Payload;
  const activeEmployee = (): string => {
    const found = ukg.state.employees.find((employee) => employee.status === 'A');
    assert.ok(found);
    return found.employeeId;
  };
  /** Gives a message that should not come the time to arrive (deliveries are over once idle). */
  const settle = async (): Promise<void> => {
    await ukg.webhooks.idle();
    await new Promise((resolve) => setTimeout(resolve, 50));
  };
  const post = (body: string, signature: string | null): Promise<Response> =>
    fetch(endpoint(), { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'x-ukg-signature': signature } : {}) }, body });

  before(async () => {
    sim = await startSimulator(ukg, { port: 0 });
    await httpNode.start();
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await httpNode.close();
    await sim.close();
  });
  beforeEach(() => {
    sim.reset();
    sim.clock.set('2026-12-01T15:51:52.640Z');
    dir = mkdtempSync(join(tmpdir(), 'mlc-ukg-webhook-'));
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('emits one message per hire, termination and rehire, with the employee to fetch', async () => {
    await load();
    const events = collect('events');
    ukg.webhooks.subscribe({ url: endpoint(), secret: SECRET });
    const hired = ukg.hire({ firstName: 'Ines', lastName: 'Moreau', jobCode: 'LAB', orgLevel2Code: 'CC-200' });
    const leaving = activeEmployee();
    ukg.terminate(leaving);
    ukg.rehire(leaving, { date: '2026-12-02' });
    await events.waitFor(3);
    await settle();
    assert.equal(events.messages.length, 3);
    const seen = events.messages.map((msg) => [msg['topic'], payloadOf(msg).eventType, payloadOf(msg).operation, payloadOf(msg).employeeId]).sort();
    assert.deepEqual(
      seen,
      [
        ['ukg/webhook/EmployeeHireEvent', 'EmployeeHireEvent', 'Insert', hired.employeeId],
        ['ukg/webhook/EmployeeRehireEvent', 'EmployeeRehireEvent', 'Update', leaving],
        ['ukg/webhook/EmployeeTerminationEvent', 'EmployeeTerminationEvent', 'Update', leaving],
      ].sort(),
    );
    const hire = events.messages.map(payloadOf).find((payload) => payload.eventType === 'EmployeeHireEvent');
    assert.ok(hire);
    assert.equal(hire.companyId, COID);
    assert.equal(hire.tenant, 'mlcdemo');
    assert.equal(typeof hire.eventId, 'number');
    const sent = ukg.webhooks.messages({ eventType: 'EmployeeHireEvent' })[0]?.event;
    assert.equal(hire.eventId, sent?.EventId);
    assert.equal(hire.eventTime, sent?.EventTime);
    assert.deepEqual(hire.employees, [{ companyId: COID, employeeId: hired.employeeId }]);
    // Every delivery was answered 202 at the first attempt.
    assert.deepEqual(
      ukg.webhooks.messages().map((message) => message.attempts.map((attempt) => attempt.status)),
      [[202], [202], [202]],
    );
  });

  it('answers 401 to a wrong signature and emits nothing, warning without the secret', async () => {
    await load();
    const events = collect('events');
    const warnings: string[] = [];
    // The helper re-emits every warn() call as a 'call:warn' event.
    (helper.getNode('hook') as unknown as NodeJS.EventEmitter).on('call:warn', (call: { args: unknown[] }) => warnings.push(String(call.args[0])));
    ukg.webhooks.subscribe({ url: endpoint(), secret: 'not-the-secret' });
    const [message] = await ukg.webhooks.emit({ EventType: 'EmployeeHireEvent', Operation: 'Insert', Payload: { CoId: COID, EeId: activeEmployee() } });
    assert.equal(message?.status, 'failed');
    assert.deepEqual(
      message?.attempts.map((attempt) => attempt.status),
      [401, 401, 401, 401],
    );
    const unsigned = await post('{"EventId":1}', null);
    assert.equal(unsigned.status, 401);
    await settle();
    assert.equal(events.messages.length, 0);
    assert.ok(warnings.length >= 1, 'a warning');
    assert.match(warnings[0] ?? '', /401.*X-UKG-Signature/);
    assert.ok(warnings.every((text) => !text.includes(SECRET) && !text.includes('not-the-secret')));
  });

  it('answers 400 to a signed body that is not a UKG event, 413 to one above 1 MB', async () => {
    await load();
    const events = collect('events');
    for (const body of ['not json', JSON.stringify({ EventId: 7, EventType: 'EmployeeHireEvent' })]) {
      const res = await post(body, sign(SECRET, body));
      assert.equal(res.status, 400, body);
    }
    const huge = JSON.stringify({ padding: 'x'.repeat(1024 * 1024) });
    assert.equal((await post(huge, sign(SECRET, huge))).status, 413);
    await settle();
    assert.equal(events.messages.length, 0);
  });

  it('emits a duplicated delivery (same EventId) once, answering both 202', async () => {
    await load();
    const events = collect('events');
    ukg.webhooks.subscribe({ url: endpoint(), secret: SECRET });
    const [message] = await ukg.webhooks.emit({ EventType: 'EmployeeJobChangeEvent', Operation: 'Update', Payload: { CoId: COID, EeId: activeEmployee() } }, { duplicate: true });
    await settle();
    assert.deepEqual(
      message?.attempts.map((attempt) => [attempt.copy, attempt.status]),
      [
        [1, 202],
        [2, 202],
      ],
    );
    assert.equal(events.messages.length, 1);
    assert.equal(payloadOf(events.messages[0]).eventId, message?.event.EventId);
  });

  it('emits nothing for a dropped event, which only the message history shows', async () => {
    await load();
    const events = collect('events');
    ukg.webhooks.subscribe({ url: endpoint(), secret: SECRET });
    const eeid = activeEmployee();
    await ukg.webhooks.emit({ EventType: 'EmployeePhoneChangeEvent', Operation: 'Update', Payload: { CoId: COID, EeId: eeid } }, { drop: true });
    await settle();
    assert.equal(events.messages.length, 0);
    const dropped = ukg.webhooks.messages({ status: 'dropped' });
    assert.equal(dropped.length, 1);
    assert.equal(dropped[0]?.event.Payload.EeId, eeid);
    assert.deepEqual(dropped[0]?.attempts, []);
  });

  it('with a store, does not emit an old EventId again after a restart', async () => {
    await load({ store: true });
    let events = collect('events');
    ukg.webhooks.subscribe({ url: endpoint(), secret: SECRET });
    const eeid = activeEmployee();
    const event = { EventId: 459_480_042, EventType: 'EmployeeAddressChangeEvent', Operation: 'Update' as const, Payload: { CoId: COID, EeId: eeid } };
    await ukg.webhooks.emit(event);
    await events.waitFor(1);

    await helper.unload();
    await load({ store: true });
    events = collect('events');
    const [again] = await ukg.webhooks.emit(event);
    assert.deepEqual(
      again?.attempts.map((attempt) => attempt.status),
      [202],
    );
    await ukg.webhooks.emit({ ...event, EventId: 459_480_043 });
    await events.waitFor(1);
    await settle();
    assert.deepEqual(
      events.messages.map((msg) => payloadOf(msg).eventId),
      [459_480_043],
    );

    await helper.unload();
    const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
    try {
      const record = await store.get('ukg:webhook:459480042');
      assert.equal(record?.status, 'posted');
      assert.deepEqual(record?.target, { system: 'node-red', entity: 'mlc-ukg-webhook', id: 'hook' });
    } finally {
      await store.close();
    }
  });

  it('removes its route on close: the URL answers 404', async () => {
    await load();
    const body = JSON.stringify({ EventId: 1, EventTime: '2026-12-01T10:00:00', EventType: 'EmployeeHireEvent', Operation: 'Insert', Payload: { CoId: COID, EeId: 'X1' }, Tenant: 'mlcdemo' });
    assert.equal((await post(body, sign(SECRET, body))).status, 202);
    await helper.unload();
    assert.equal((await post(body, sign(SECRET, body))).status, 404);
  });
});
