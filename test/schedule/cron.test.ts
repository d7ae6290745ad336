import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastRun, nextRuns } from '../../lib/schedule';
import { at, runsFrom, spec } from './helpers';

const cron = (expression: string, timeZone: string) => spec({ mode: 'cron', expression, timeZone });

describe('cron schedules', () => {
  it('runs weekdays at 06:00 in the given zone, following its DST change', () => {
    assert.deepEqual(runsFrom(cron('0 6 * * 1-5', 'Europe/Berlin'), '2026-03-27T00:00:00Z', 2), [
      'cron:2026-03-27T05:00Z',
      'cron:2026-03-30T04:00Z',
    ].map((id) => `${id} @ ${id.slice(5, 21)}:00.000Z`));
  });

  it('Europe/Berlin: a time skipped by spring-forward runs at 03:00 CEST, once', () => {
    assert.deepEqual(runsFrom(cron('30 2 * * *', 'Europe/Berlin'), '2026-03-28T12:00:00Z', 2), [
      'cron:2026-03-29T01:00Z @ 2026-03-29T01:00:00.000Z',
      'cron:2026-03-30T00:30Z @ 2026-03-30T00:30:00.000Z',
    ]);
    // 02:00, 02:30 and 03:00 all land on 03:00 CEST: one run, not three.
    assert.deepEqual(
      nextRuns(cron('*/30 * * * *', 'Europe/Berlin'), at('2026-03-29T00:10:00Z'), 4).map((r) => r.runId),
      ['cron:2026-03-29T00:30Z', 'cron:2026-03-29T01:00Z', 'cron:2026-03-29T01:30Z', 'cron:2026-03-29T02:00Z'],
    );
  });

  it('Europe/Berlin: a time that happens twice on fall-back day runs once, at the first', () => {
    assert.deepEqual(runsFrom(cron('30 2 * * *', 'Europe/Berlin'), '2026-10-24T12:00:00Z', 2), [
      'cron:2026-10-25T00:30Z @ 2026-10-25T00:30:00.000Z',
      'cron:2026-10-26T01:30Z @ 2026-10-26T01:30:00.000Z',
    ]);
    // Every half hour: 02:00 and 02:30 CEST run, the repeated 02:00 and 02:30 CET do not.
    assert.deepEqual(
      nextRuns(cron('*/30 * * * *', 'Europe/Berlin'), at('2026-10-24T23:50:00Z'), 4).map((r) => r.runId),
      ['cron:2026-10-25T00:00Z', 'cron:2026-10-25T00:30Z', 'cron:2026-10-25T02:00Z', 'cron:2026-10-25T02:30Z'],
    );
  });

  it('America/New_York: spring-forward and fall-back', () => {
    assert.deepEqual(runsFrom(cron('30 2 * * *', 'America/New_York'), '2026-03-07T12:00:00Z', 2), [
      'cron:2026-03-08T07:00Z @ 2026-03-08T07:00:00.000Z',
      'cron:2026-03-09T06:30Z @ 2026-03-09T06:30:00.000Z',
    ]);
    assert.deepEqual(runsFrom(cron('30 1 * * *', 'America/New_York'), '2026-10-31T12:00:00Z', 2), [
      'cron:2026-11-01T05:30Z @ 2026-11-01T05:30:00.000Z',
      'cron:2026-11-02T06:30Z @ 2026-11-02T06:30:00.000Z',
    ]);
  });

  it('6-field expressions run on seconds and carry the second in the runId', () => {
    assert.deepEqual(runsFrom(cron('*/20 * * * * *', 'UTC'), '2026-11-30T05:00:00.500Z', 3), [
      'cron:2026-11-30T05:00:20Z @ 2026-11-30T05:00:20.000Z',
      'cron:2026-11-30T05:00:40Z @ 2026-11-30T05:00:40.000Z',
      'cron:2026-11-30T05:01:00Z @ 2026-11-30T05:01:00.000Z',
    ]);
  });

  it('runs strictly after `from` and gives a run the same runId from any starting point', () => {
    const daily = cron('0 6 * * *', 'Europe/Berlin');
    assert.equal(nextRuns(daily, at('2026-11-30T05:00:00Z'), 1)[0]?.runId, 'cron:2026-12-01T05:00Z');
    assert.equal(nextRuns(daily, at('2026-11-30T04:59:59.999Z'), 1)[0]?.runId, 'cron:2026-11-30T05:00Z');
    assert.equal(nextRuns(daily, at('2026-11-01T00:00:00Z'), 30)[29]?.runId, 'cron:2026-11-30T05:00Z');
  });

  it('returns no runs for an expression that never matches', () => {
    assert.deepEqual(nextRuns(cron('0 0 30 2 *', 'UTC'), at('2026-01-01T00:00:00Z'), 3), []);
    assert.equal(lastRun(cron('0 0 30 2 *', 'UTC'), at('2026-01-01T00:00:00Z')), undefined);
  });

  it('finds the last run at or before an instant, for frequent and rare expressions', () => {
    assert.equal(lastRun(cron('0 6 * * *', 'Europe/Berlin'), at('2026-11-30T05:00:00Z'))?.runId, 'cron:2026-11-30T05:00Z');
    assert.equal(lastRun(cron('0 6 * * *', 'Europe/Berlin'), at('2026-11-30T04:59:00Z'))?.runId, 'cron:2026-11-29T05:00Z');
    assert.equal(lastRun(cron('0 0 1 1 *', 'UTC'), at('2026-11-30T00:00:00Z'))?.runId, 'cron:2026-01-01T00:00Z');
    assert.equal(lastRun(cron('* * * * * *', 'UTC'), at('2026-11-30T00:00:00.400Z'))?.runId, 'cron:2026-11-30T00:00:00Z');
  });
});
