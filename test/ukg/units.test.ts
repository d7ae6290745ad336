import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dateFilterValue, parseEvents, signBody, splitMultiStatus, ukgDate, ukgDateTimeToIso, ukgDay, verifySignature, roleFor } from '../../lib/ukg';

describe('UKG wire details', () => {
  it('writes date filters with the operator inside the value, dates as MM-DD-YYYY', () => {
    assert.equal(ukgDate('2026-11-05'), '11-05-2026');
    assert.equal(ukgDate('2026-11-05T23:30:00-02:00'), '11-06-2026', 'the UTC day of an instant');
    assert.equal(dateFilterValue({ after: '2026-11-01' }), '>11-01-2026');
    assert.equal(dateFilterValue({ before: '2026-11-01' }), '<11-01-2026');
    assert.equal(dateFilterValue({ on: '2026-11-01' }), '11-01-2026');
    assert.equal(dateFilterValue({ from: '2026-11-01', to: '2026-11-30' }), '{11-01-2026,11-30-2026}');
    assert.throws(() => ukgDate('11/01/2026'));
  });

  it('reads UKG date-times, which carry no offset, as UTC', () => {
    assert.equal(ukgDateTimeToIso('2024-04-16T15:51:52.64'), '2024-04-16T15:51:52.640Z');
    assert.equal(ukgDateTimeToIso('2024-04-16T15:51:52Z'), '2024-04-16T15:51:52.000Z');
    assert.equal(ukgDateTimeToIso(''), null);
    assert.equal(ukgDay('2026-03-02T00:00:00'), '2026-03-02');
    assert.equal(ukgDay(null), null);
  });

  it('splits a 207 into one outcome per item, by sequenceId, wrapped in an array or not', () => {
    const body = {
      multistatus: [
        { sequenceId: 1, status: '409', modelstate: { code: [{ message: 'already exists' }] } },
        { sequenceId: 0, status: '201', body: { code: 'CC-600' } },
      ],
    };
    const expected = [
      { index: 0, ok: true, status: 201, body: { code: 'CC-600' } },
      { index: 1, ok: false, status: 409, message: 'code: already exists' },
      { index: 2, ok: false, status: 0, message: 'ukg: no status for this item in the 207 answer' },
    ];
    assert.deepEqual(splitMultiStatus(body, 3), expected);
    assert.deepEqual(splitMultiStatus([body], 3), expected);
    assert.equal(splitMultiStatus({ nothing: true }, 1)[0]?.ok, false);
  });

  it('verifies webhook signatures in constant time and refuses anything else', () => {
    const body = Buffer.from(JSON.stringify({ EventId: 1, EventTime: '2026-11-20T10:00:00', EventType: 'EmployeeHireEvent', Payload: { CoId: 'MLCO1', EeId: 'X' } }));
    const signature = `sha256=${signBody(body, 'whsec')}`;
    assert.equal(verifySignature(body, signature, 'whsec'), true);
    assert.equal(verifySignature(body, signature.toUpperCase().replace('SHA256=', 'sha256='), 'whsec'), true);
    assert.equal(verifySignature(body, signature, 'other'), false);
    assert.equal(verifySignature(Buffer.concat([body, Buffer.from(' ')]), signature, 'whsec'), false);
    assert.equal(verifySignature(body, undefined, 'whsec'), false);
    assert.equal(verifySignature(body, 'sha256=zz', 'whsec'), false);
    assert.equal(parseEvents(JSON.parse(body.toString())).ok, true);
    assert.equal(parseEvents({ EventId: 1 }).ok, false);
  });

  it('knows which web-service role a resource needs', () => {
    assert.equal(roleFor('GET', '/payroll/v2/general-ledger'), 'View on "Payroll Integration"');
    assert.equal(roleFor('GET', '/personnel/v1/companies/MLCO1/employees/X/person-details'), 'View on "Employee Person Details"');
    assert.equal(roleFor('POST', '/configuration/v1/org-levels'), 'Add on "Company Configuration Integration"');
    assert.equal(roleFor('GET', '/elsewhere'), undefined);
  });
});
