import assert from 'node:assert/strict';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, beforeEach, describe, it } from 'node:test';
import { COID, rows, startUkg, TENANT, type Ukg } from './helpers';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A subscriber endpoint that answers with the queued statuses (then 200) and records every POST. */
class Receiver {
  received: Received[] = [];
  statuses: number[] = [];
  private server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      this.received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.statusCode = this.statuses.shift() ?? 200;
      res.end();
    });
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/ukg-events`;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** What a consumer does: HMAC-SHA256 over the raw body with the shared secret, compared in constant time. */
function verify(secret: string, received: Received): boolean {
  const header = String(received.headers['x-ukg-signature'] ?? '');
  const expected = `sha256=${createHmac('sha256', secret).update(received.body).digest('hex')}`;
  return header.length === expected.length && timingSafeEqual(Buffer.from(header), Buffer.from(expected));
}

const SECRET = 'whsec-test';

describe('UKG webhooks', () => {
  let ukg: Ukg;
  let receiver: Receiver;
  let endpoint: string;
  let eeid: string;
  before(async () => {
    ukg = await startUkg({ webhooks: { retryDelaysMs: [10, 20, 40] } });
    receiver = new Receiver();
    endpoint = await receiver.start();
  });
  beforeEach(async () => {
    ukg.running.reset();
    receiver.received = [];
    receiver.statuses = [];
    ukg.running.clock.set('2026-12-01T15:51:52.640Z');
    eeid = String((await rows(ukg.url, '/personnel/v1/employment-details?employeeStatusCode=A&per_Page=1'))[0]?.employeeID);
  });
  after(async () => {
    await ukg.running.close();
    await receiver.close();
  });

  it('POSTs the thin event, signed with HMAC-SHA256 of the raw body', async () => {
    ukg.simulator.webhooks.subscribe({ url: endpoint, secret: SECRET });
    const [message] = await ukg.simulator.webhooks.emit({ EventType: 'EmployeeAddressChangeEvent', Operation: 'Update', Payload: { CoId: COID, EeId: eeid } });
    assert.equal(message?.status, 'delivered');
    assert.equal(receiver.received.length, 1);
    const [delivery] = receiver.received;
    assert.ok(delivery);
    assert.ok(verify(SECRET, delivery));
    assert.ok(!verify('another-secret', delivery));
    assert.equal(delivery.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(delivery.body), {
      EventId: 459470001,
      EventTime: '2026-12-01T15:51:52.640',
      EventType: 'EmployeeAddressChangeEvent',
      Operation: 'Update',
      Payload: { CoId: COID, EeId: eeid, IntegrationRecordId: null },
      Tenant: TENANT,
    });
  });

  it('duplicate sends the same message twice; drop sends nothing but keeps it in the message log', async () => {
    ukg.simulator.webhooks.subscribe({ url: endpoint, secret: SECRET });
    await ukg.simulator.webhooks.emit({ EventType: 'EmployeePersonNameChangeEvent', Operation: 'Update', Payload: { CoId: COID, EeId: eeid } }, { duplicate: true });
    assert.equal(receiver.received.length, 2);
    assert.equal(receiver.received[0]?.body, receiver.received[1]?.body);
    await ukg.simulator.webhooks.emit({ EventType: 'EmployeePersonNameChangeEvent', Operation: 'Update', Payload: { CoId: COID, EeId: eeid } }, { drop: true });
    assert.equal(receiver.received.length, 2);
    const log = ukg.simulator.webhooks.messages();
    assert.deepEqual(log.map((message) => [message.event.EventId, message.status]), [[459470001, 'delivered'], [459470002, 'dropped']]);
    assert.equal(ukg.simulator.webhooks.messages({ status: 'dropped' })[0]?.attempts.length, 0);
  });

  it('retries a non-2xx answer with back-off, and gives up after the last retry', async () => {
    ukg.simulator.webhooks.subscribe({ url: endpoint, secret: SECRET });
    receiver.statuses = [500, 503];
    const [retried] = await ukg.simulator.webhooks.emit({ EventType: 'EmployeeJobChangeEvent', Operation: 'Update', Payload: { CoId: COID, EeId: eeid } });
    assert.equal(retried?.status, 'delivered');
    assert.deepEqual(retried?.attempts.map((attempt) => attempt.status), [500, 503, 200]);
    receiver.statuses = [500, 500, 500, 500];
    const [failed] = await ukg.simulator.webhooks.emit({ EventType: 'EmployeeJobChangeEvent', Operation: 'Update', Payload: { CoId: COID, EeId: eeid } });
    assert.equal(failed?.status, 'failed');
    assert.equal(failed?.attempts.length, 4);
  });

  it('hire, termination, rehire and changes emit events to matching subscribers', async () => {
    ukg.simulator.webhooks.subscribe({ url: endpoint, secret: SECRET });
    const filtered = ukg.simulator.webhooks.subscribe({ url: endpoint, secret: 'other', events: ['EmployeeTerminationEvent'] });
    const hired = ukg.simulator.hire({ firstName: 'Ines', lastName: 'Moreau', jobCode: 'LAB', orgLevel2Code: 'CC-200' });
    ukg.simulator.terminate(eeid);
    ukg.simulator.rehire(eeid, { date: '2026-12-02' });
    ukg.simulator.change(eeid, { lastName: 'Renner', addressCity: 'Tacoma' });
    await ukg.simulator.webhooks.idle();
    const events = receiver.received.map((delivery) => JSON.parse(delivery.body) as { EventType: string; Operation: string; Payload: { EeId: string } });
    assert.deepEqual(
      events.map((event) => [event.EventType, event.Operation, event.Payload.EeId]).sort(),
      [
        ['EmployeeAddressChangeEvent', 'Update', eeid],
        ['EmployeeHireEvent', 'Insert', hired.employeeId],
        ['EmployeePersonNameChangeEvent', 'Update', eeid],
        ['EmployeeRehireEvent', 'Update', eeid],
        ['EmployeeTerminationEvent', 'Update', eeid],
        ['EmployeeTerminationEvent', 'Update', eeid],
      ].sort(),
    );
    assert.equal(ukg.simulator.webhooks.messages({ subscriptionId: filtered.id }).length, 1);
    assert.ok(receiver.received.every((delivery) => verify(SECRET, delivery) || verify('other', delivery)), 'each copy signed with its subscription secret');
  });

  it('reset forgets subscriptions and the message log', async () => {
    ukg.simulator.webhooks.subscribe({ url: endpoint, secret: SECRET });
    await ukg.simulator.webhooks.emit({ EventType: 'EmployeeHireEvent', Operation: 'Insert', Payload: { CoId: COID, EeId: eeid } });
    ukg.running.reset();
    assert.deepEqual(ukg.simulator.webhooks.subscriptions(), []);
    assert.deepEqual(ukg.simulator.webhooks.messages(), []);
    await ukg.simulator.webhooks.emit({ EventType: 'EmployeeHireEvent', Operation: 'Insert', Payload: { CoId: COID, EeId: eeid } });
    assert.equal(receiver.received.length, 1);
  });
});
