// The webhook rules without HTTP: signature before body, header name in any case, the settings'
// defaults and limits, and the duplicate window's expiry and cap.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { eventKey, eventPayload, judgeDelivery } from '../../lib/ukg/webhook-delivery';
import { signBody } from '../../lib/ukg/webhook';
import { webhookSettingsFrom } from '../../lib/ukg/webhook-settings';
import { SeenWindow } from '../../lib/util/seen-window';

const SECRET = 'whsec-unit';
const event = { EventId: 5, EventTime: '2026-12-01T10:00:00', EventType: 'EmployeeHireEvent', Operation: 'Insert', Payload: { CoId: 'MLCO1', EeId: 'E1', IntegrationRecordId: null }, Tenant: 'mlcdemo' };

describe('UKG webhook deliveries', () => {
  const rules = { secret: SECRET, signatureHeader: 'X-Custom-Sig' };
  const body = Buffer.from(JSON.stringify(event));

  it('checks the signature in the configured header, with or without sha256=', () => {
    assert.equal(judgeDelivery(body, { 'x-custom-sig': `sha256=${signBody(body, SECRET)}` }, rules).status, 202);
    assert.equal(judgeDelivery(body, { 'x-custom-sig': signBody(body, SECRET) }, rules).status, 202);
    assert.equal(judgeDelivery(body, { 'x-ukg-signature': signBody(body, SECRET) }, rules).status, 401);
    assert.equal(judgeDelivery(body, { 'x-custom-sig': signBody(body, 'other') }, rules).status, 401);
  });

  it('refuses an unsigned body before parsing it, and a signed malformed one with 400', () => {
    const junk = Buffer.from('{not json');
    assert.equal(judgeDelivery(junk, {}, rules).status, 401);
    assert.equal(judgeDelivery(junk, { 'x-custom-sig': signBody(junk, SECRET) }, rules).status, 400);
    const empty = Buffer.from('[]');
    assert.equal(judgeDelivery(empty, { 'x-custom-sig': signBody(empty, SECRET) }, rules).status, 400);
  });

  it('takes a list of events and shapes each for the flow', () => {
    const two = Buffer.from(JSON.stringify([event, { ...event, EventId: 6 }]));
    const verdict = judgeDelivery(two, { 'x-custom-sig': signBody(two, SECRET) }, rules);
    assert.equal(verdict.status, 202);
    if (verdict.status !== 202) return;
    assert.deepEqual(verdict.events.map(eventKey), ['ukg:webhook:5', 'ukg:webhook:6']);
    assert.deepEqual(eventPayload(verdict.events[0] ?? event), {
      companyId: 'MLCO1',
      employeeId: 'E1',
      eventType: 'EmployeeHireEvent',
      operation: 'Insert',
      eventId: 5,
      eventTime: '2026-12-01T10:00:00',
      tenant: 'mlcdemo',
      employees: [{ companyId: 'MLCO1', employeeId: 'E1' }],
    });
  });

  it('reads the node settings with defaults and refuses unusable ones', () => {
    assert.deepEqual(webhookSettingsFrom({ path: 'mlc/ukg/webhook' }), { path: '/mlc/ukg/webhook', signatureHeader: 'X-UKG-Signature', windowMs: 24 * 3_600_000 });
    assert.equal(webhookSettingsFrom({ path: '/a', windowHours: '0.5', signatureHeader: 'X-Sig' }).windowMs, 1_800_000);
    assert.throws(() => webhookSettingsFrom({ path: '' }), /path/);
    assert.throws(() => webhookSettingsFrom({ path: '/a/:id' }), /path/);
    assert.throws(() => webhookSettingsFrom({ path: '/a', signatureHeader: 'X Sig' }), /header/);
    assert.throws(() => webhookSettingsFrom({ path: '/a', windowHours: -1 }), /window/);
  });
});

describe('SeenWindow', () => {
  it('remembers ids for the window, then forgets them', () => {
    let now = 0;
    const seen = new SeenWindow({ windowMs: 1000, maxEntries: 10, now: () => now });
    assert.equal(seen.checkAndRemember('a'), false);
    now = 999;
    assert.equal(seen.checkAndRemember('a'), true);
    now = 1001;
    assert.equal(seen.checkAndRemember('a'), false);
  });

  it('forgets the oldest ids beyond its cap', () => {
    const seen = new SeenWindow({ windowMs: 60_000, maxEntries: 2 });
    for (const id of ['a', 'b', 'c']) seen.checkAndRemember(id);
    assert.equal(seen.size, 2);
    assert.equal(seen.checkAndRemember('c'), true);
    assert.equal(seen.checkAndRemember('a'), false);
  });
});
