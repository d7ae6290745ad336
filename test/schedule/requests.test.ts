import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { answerPreview, payDateOf, PayDateError } from '../../lib/schedule';

const cron = { mode: 'cron', expression: '0 6 * * *', timeZone: 'UTC' };
const now = new Date('2026-11-30T00:00:00Z');

describe('payDateOf', () => {
  it('reads payload.payDate, and treats any other payload as no date', () => {
    assert.equal(payDateOf({ payDate: ' 2026-11-13 ' }), '2026-11-13');
    assert.equal(payDateOf(1_700_000_000_000), undefined);
    assert.equal(payDateOf('go'), undefined);
    assert.equal(payDateOf({ payDate: '' }), undefined);
    assert.equal(payDateOf(undefined), undefined);
  });

  it('rejects a payDate that is not text', () => {
    assert.throws(() => payDateOf({ payDate: 20261113 }), (err: unknown) => err instanceof PayDateError && /got 20261113/.test(err.message));
  });
});

describe('answerPreview', () => {
  it('answers a spec with the next runs from now, or from a given instant', () => {
    const answer = answerPreview({ spec: cron, count: 2 }, now);
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.status === 200 && answer.body.runs.map((r) => r.runId), ['cron:2026-11-30T06:00Z', 'cron:2026-12-01T06:00Z']);
    const later = answerPreview({ spec: JSON.stringify(cron), count: '1', from: '2026-12-24T12:00:00+01:00' }, now);
    assert.deepEqual(later.status === 200 && later.body.runs.map((r) => r.runId), ['cron:2026-12-25T06:00Z']);
  });

  it('defaults to five runs and refuses more than fifty', () => {
    const answer = answerPreview({ spec: cron }, now);
    assert.equal(answer.status === 200 && answer.body.runs.length, 5);
    assert.deepEqual(answerPreview({ spec: cron, count: 500 }, now).body, {
      ok: false,
      error: 'invalid preview request: count: Too big: expected number to be <=50',
      problems: ['count: Too big: expected number to be <=50'],
    });
  });

  it('explains what is missing or wrong', () => {
    assert.deepEqual(answerPreview({}, now).body, { ok: false, error: 'invalid preview request: send "fields" or "spec"', problems: ['send "fields" or "spec"'] });
    assert.deepEqual(answerPreview({ spec: '{' }, now).body, { ok: false, error: 'invalid preview request: spec: not valid JSON', problems: ['spec: not valid JSON'] });
    const bad = answerPreview({ spec: { ...cron, timeZone: 'Nowhere' } }, now);
    assert.equal(bad.status, 400);
    assert.deepEqual(bad.body.ok === false && bad.body.problems, ['timeZone: unknown time zone "Nowhere", expected an IANA name such as "Europe/Berlin"']);
  });
});
