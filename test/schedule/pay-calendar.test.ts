import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lastRun, nextRuns, PayDateError, runForPayDate, type ScheduleSpecInput } from '../../lib/schedule';
import { at, runsFrom, spec } from './helpers';

const berlinBiweekly = spec({
  mode: 'payCalendar',
  frequency: 'biweekly',
  anchorPayDate: '2026-11-13',
  offset: { days: 1, unit: 'business', direction: 'after' },
  time: '06:00',
  timeZone: 'Europe/Berlin',
  holidays: ['2026-12-25', '2026-12-28'],
});

describe('pay calendar: frequencies', () => {
  it('weekly: every Friday, a holiday week moves pay back past two holidays', () => {
    const weekly = spec({ mode: 'payCalendar', frequency: 'weekly', weekday: 'fri', time: '09:00', timeZone: 'America/New_York', holidays: ['2026-11-26', '2026-11-27'] });
    assert.deepEqual(runsFrom(weekly, '2026-11-01T00:00:00Z', 5), [
      'payrun:2026-11-06 @ 2026-11-06T14:00:00.000Z',
      'payrun:2026-11-13 @ 2026-11-13T14:00:00.000Z',
      'payrun:2026-11-20 @ 2026-11-20T14:00:00.000Z',
      'payrun:2026-11-25 @ 2026-11-25T14:00:00.000Z',
      'payrun:2026-12-04 @ 2026-12-04T14:00:00.000Z',
    ]);
    const thanksgiving = nextRuns(weekly, at('2026-11-21T00:00:00Z'), 1)[0];
    assert.equal(thanksgiving?.nominalPayDate, '2026-11-27');
    assert.equal(thanksgiving?.periodStart, '2026-11-21');
    assert.equal(thanksgiving?.periodEnd, '2026-11-27');
  });

  it('bi-weekly: the 14-day cycle runs backwards from the anchor too', () => {
    assert.deepEqual(runsFrom(berlinBiweekly, '2025-12-20T00:00:00Z', 3), [
      'payrun:2025-12-26 @ 2025-12-29T05:00:00.000Z',
      'payrun:2026-01-09 @ 2026-01-12T05:00:00.000Z',
      'payrun:2026-01-23 @ 2026-01-26T05:00:00.000Z',
    ]);
    const [first] = nextRuns(berlinBiweekly, at('2025-12-20T00:00:00Z'), 1);
    assert.equal(first?.periodStart, '2025-12-13');
    assert.equal(first?.periodEnd, '2025-12-26');
  });

  it('bi-weekly: and forwards, across the year end', () => {
    assert.deepEqual(runsFrom(berlinBiweekly, '2026-12-20T00:00:00Z', 2), [
      // Pay date Fri 25 Dec is a holiday → Thu 24; +1 business day skips the 25th, the weekend and the 28th.
      'payrun:2026-12-24 @ 2026-12-29T05:00:00.000Z',
      'payrun:2027-01-08 @ 2027-01-11T05:00:00.000Z',
    ]);
  });

  it('semi-monthly 15th and last: February in a leap year', () => {
    const semi = spec({ mode: 'payCalendar', frequency: 'semimonthly', time: '06:00', timeZone: 'America/New_York' });
    const runs = nextRuns(semi, at('2028-02-01T00:00:00Z'), 3);
    assert.deepEqual(
      runs.map((r) => [r.payDate, r.periodStart, r.periodEnd, r.at.toISOString()]),
      [
        ['2028-02-15', '2028-02-01', '2028-02-15', '2028-02-15T11:00:00.000Z'],
        ['2028-02-29', '2028-02-16', '2028-02-29', '2028-02-29T11:00:00.000Z'],
        ['2028-03-15', '2028-03-01', '2028-03-15', '2028-03-15T10:00:00.000Z'], // EDT from 12 March
      ],
    );
  });

  it('semi-monthly 15th and last: February in a non-leap year, last day on a Sunday', () => {
    const semi = spec({ mode: 'payCalendar', frequency: 'semimonthly', days: [15, 'last'], time: '06:00', timeZone: 'America/New_York' });
    const runs = nextRuns(semi, at('2027-02-01T00:00:00Z'), 3);
    assert.deepEqual(
      runs.map((r) => [r.payDate, r.nominalPayDate, r.periodStart, r.periodEnd]),
      [
        ['2027-02-15', '2027-02-15', '2027-02-01', '2027-02-15'],
        ['2027-02-26', '2027-02-28', '2027-02-16', '2027-02-28'],
        ['2027-03-15', '2027-03-15', '2027-03-01', '2027-03-15'],
      ],
    );
    const unmoved = spec({ mode: 'payCalendar', frequency: 'semimonthly', adjustment: 'none', time: '06:00', timeZone: 'America/New_York' });
    assert.equal(nextRuns(unmoved, at('2027-02-16T00:00:00Z'), 1)[0]?.payDate, '2027-02-28');
  });

  it('monthly on the last day, over a year end', () => {
    const monthly = spec({ mode: 'payCalendar', frequency: 'monthly', dayOfMonth: 'last', time: '06:00', timeZone: 'America/New_York' });
    const runs = nextRuns(monthly, at('2026-12-01T00:00:00Z'), 3);
    assert.deepEqual(
      runs.map((r) => [r.payDate, r.nominalPayDate, r.periodStart, r.periodEnd]),
      [
        ['2026-12-31', '2026-12-31', '2026-12-01', '2026-12-31'],
        ['2027-01-29', '2027-01-31', '2027-01-01', '2027-01-31'],
        ['2027-02-26', '2027-02-28', '2027-02-01', '2027-02-28'],
      ],
    );
  });

  it('monthly on the 31st pays on the last day of shorter months; the 25th pays for 26th–25th', () => {
    const on31 = spec({ mode: 'payCalendar', frequency: 'monthly', dayOfMonth: 31, time: '06:00', timeZone: 'UTC', adjustment: 'none' });
    assert.deepEqual(
      nextRuns(on31, at('2026-04-01T00:00:00Z'), 3).map((r) => r.payDate),
      ['2026-04-30', '2026-05-31', '2026-06-30'],
    );
    const on25 = spec({ mode: 'payCalendar', frequency: 'monthly', dayOfMonth: 25, time: '06:00', timeZone: 'UTC' });
    const [march] = nextRuns(on25, at('2026-03-01T00:00:00Z'), 1);
    assert.deepEqual([march?.payDate, march?.periodStart, march?.periodEnd], ['2026-03-25', '2026-02-26', '2026-03-25']);
  });
});

describe('pay calendar: adjustments and offsets', () => {
  it('a pay date on a holiday moves to the next business day when told to', () => {
    const next = spec({ mode: 'payCalendar', frequency: 'monthly', dayOfMonth: 25, adjustment: 'next', holidays: ['2026-12-25'], time: '06:00', timeZone: 'UTC' });
    assert.equal(nextRuns(next, at('2026-12-01T00:00:00Z'), 1)[0]?.payDate, '2026-12-28');
  });

  it('runs N business days before the pay date, skipping a holiday', () => {
    const before = spec({
      mode: 'payCalendar',
      frequency: 'weekly',
      weekday: 'mon',
      offset: { days: 2, direction: 'before' },
      holidays: ['2026-11-13'],
      time: '06:00',
      timeZone: 'Europe/Berlin',
    });
    // Monday 16 Nov: Friday the 13th is a holiday, so two business days before are Thursday and Wednesday.
    assert.deepEqual(runsFrom(before, '2026-11-10T00:00:00Z', 2), ['payrun:2026-11-16 @ 2026-11-11T05:00:00.000Z', 'payrun:2026-11-23 @ 2026-11-19T05:00:00.000Z']);
    // On Sunday the 15th the run for the 16th is past; the next one is for the 23rd.
    assert.deepEqual(runsFrom(before, '2026-11-15T12:00:00Z', 1), ['payrun:2026-11-23 @ 2026-11-19T05:00:00.000Z']);
  });

  it('finds a run for an earlier pay date when a long offset puts it after `from`', () => {
    const late = spec({ mode: 'payCalendar', frequency: 'biweekly', anchorPayDate: '2026-11-13', offset: { days: 10 }, time: '06:00', timeZone: 'Europe/Berlin' });
    assert.deepEqual(runsFrom(late, '2026-11-20T00:00:00Z', 1), ['payrun:2026-11-13 @ 2026-11-27T05:00:00.000Z']);
  });

  it('calendar-day offsets do not skip weekends', () => {
    const calendar = spec({ mode: 'payCalendar', frequency: 'weekly', weekday: 'fri', offset: { days: 1, unit: 'calendar' }, time: '06:00', timeZone: 'UTC' });
    assert.deepEqual(runsFrom(calendar, '2026-11-01T00:00:00Z', 1), ['payrun:2026-11-06 @ 2026-11-07T06:00:00.000Z']);
  });

  it('shifts the pay period back by periodLagDays for pay in arrears', () => {
    const arrears = spec({ mode: 'payCalendar', frequency: 'biweekly', anchorPayDate: '2026-11-13', periodLagDays: 6, time: '06:00', timeZone: 'UTC' });
    const [run] = nextRuns(arrears, at('2026-11-12T00:00:00Z'), 1);
    assert.deepEqual([run?.periodStart, run?.periodEnd], ['2026-10-25', '2026-11-07']);
  });
});

describe('pay calendar: DST', () => {
  const sundays = (time: string, timeZone: string) =>
    spec({ mode: 'payCalendar', frequency: 'weekly', weekday: 'sun', adjustment: 'none', time, timeZone });

  it('06:00 Europe/Berlin is 05:00Z in winter and 04:00Z in summer', () => {
    assert.deepEqual(runsFrom(berlinBiweekly, '2026-03-15T00:00:00Z', 2), [
      'payrun:2026-03-20 @ 2026-03-23T05:00:00.000Z',
      'payrun:2026-04-03 @ 2026-04-06T04:00:00.000Z',
    ]);
    assert.deepEqual(runsFrom(berlinBiweekly, '2026-10-15T00:00:00Z', 2), [
      'payrun:2026-10-16 @ 2026-10-19T04:00:00.000Z',
      'payrun:2026-10-30 @ 2026-11-02T05:00:00.000Z',
    ]);
  });

  it('Europe/Berlin: 02:30 on the spring-forward Sunday runs at 03:00 CEST', () => {
    assert.deepEqual(runsFrom(sundays('02:30', 'Europe/Berlin'), '2026-03-22T12:00:00Z', 2), [
      'payrun:2026-03-29 @ 2026-03-29T01:00:00.000Z',
      'payrun:2026-04-05 @ 2026-04-05T00:30:00.000Z',
    ]);
  });

  it('Europe/Berlin: 02:30 on the fall-back Sunday runs once, at 02:30 CEST', () => {
    assert.deepEqual(runsFrom(sundays('02:30', 'Europe/Berlin'), '2026-10-18T12:00:00Z', 2), [
      'payrun:2026-10-25 @ 2026-10-25T00:30:00.000Z',
      'payrun:2026-11-01 @ 2026-11-01T01:30:00.000Z',
    ]);
    // Asked from inside the repeated hour (02:45 CET), the run already happened and is not repeated.
    assert.deepEqual(runsFrom(sundays('02:30', 'Europe/Berlin'), '2026-10-25T01:45:00Z', 1), ['payrun:2026-11-01 @ 2026-11-01T01:30:00.000Z']);
  });

  it('America/New_York: spring-forward and fall-back', () => {
    assert.deepEqual(runsFrom(sundays('02:30', 'America/New_York'), '2026-03-01T12:00:00Z', 2), [
      'payrun:2026-03-08 @ 2026-03-08T07:00:00.000Z',
      'payrun:2026-03-15 @ 2026-03-15T06:30:00.000Z',
    ]);
    assert.deepEqual(runsFrom(sundays('01:30', 'America/New_York'), '2026-10-25T12:00:00Z', 2), [
      'payrun:2026-11-01 @ 2026-11-01T05:30:00.000Z',
      'payrun:2026-11-08 @ 2026-11-08T06:30:00.000Z',
    ]);
  });
});

describe('pay calendar: run ids and catch-up', () => {
  it('gives a pay date the same runId whenever it is asked for, and runs strictly after `from`', () => {
    const fromJanuary = nextRuns(berlinBiweekly, at('2026-01-01T00:00:00Z'), 30).find((r) => r.payDate === '2026-11-13');
    const fromNovember = nextRuns(berlinBiweekly, at('2026-11-03T00:00:00Z'), 1)[0];
    assert.deepEqual(fromJanuary, fromNovember);
    assert.equal(fromNovember?.runId, 'payrun:2026-11-13');
    assert.equal(runForPayDate(berlinBiweekly, '2026-11-13').runId, 'payrun:2026-11-13');
    const sevenOClock = spec({ ...berlinBiweekly, time: '07:00' } as ScheduleSpecInput);
    assert.equal(nextRuns(sevenOClock, at('2026-11-03T00:00:00Z'), 1)[0]?.runId, 'payrun:2026-11-13');

    assert.equal(nextRuns(berlinBiweekly, at('2026-11-16T05:00:00Z'), 1)[0]?.runId, 'payrun:2026-11-27');
    assert.equal(nextRuns(berlinBiweekly, at('2026-11-16T04:59:59.999Z'), 1)[0]?.runId, 'payrun:2026-11-13');
  });

  it('finds the last run due at or before an instant', () => {
    assert.equal(lastRun(berlinBiweekly, at('2026-11-16T05:00:00Z'))?.runId, 'payrun:2026-11-13');
    assert.equal(lastRun(berlinBiweekly, at('2026-11-16T04:59:59Z'))?.runId, 'payrun:2026-10-30');
  });

  it('finds the run of a pay date given as paid or as the calendar names it', () => {
    const asPaid = runForPayDate(berlinBiweekly, '2026-12-24');
    const asNamed = runForPayDate(berlinBiweekly, '2026-12-25');
    assert.deepEqual(asPaid, asNamed);
    assert.equal(asPaid.runId, 'payrun:2026-12-24');
    assert.equal(asPaid.at.toISOString(), '2026-12-29T05:00:00.000Z');
  });

  it('refuses a date the calendar does not pay on, naming the nearest pay dates', () => {
    assert.throws(() => runForPayDate(berlinBiweekly, '2026-11-14'), (err: unknown) => {
      assert.ok(err instanceof PayDateError);
      assert.equal(err.code, 'MLC_SCHEDULE_NOT_A_PAY_DATE');
      assert.equal(err.message, '2026-11-14 is not a pay date of this calendar (nearest: 2026-11-13 and 2026-11-27)');
      return true;
    });
    assert.throws(() => runForPayDate(berlinBiweekly, '13/11/2026'), /expected a date as YYYY-MM-DD/);
    assert.throws(() => runForPayDate(spec({ mode: 'cron', expression: '0 6 * * *', timeZone: 'UTC' }), '2026-11-13'), /pay-calendar schedules only/);
  });
});
