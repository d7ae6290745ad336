import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseScheduleSpec, safeParseScheduleSpec, ScheduleSpecError } from '../../lib/schedule';

function problems(input: unknown): readonly string[] {
  const result = safeParseScheduleSpec(input);
  assert.equal(result.ok, false, 'expected the spec to be rejected');
  return result.ok ? [] : result.error.problems;
}

const biweekly = { mode: 'payCalendar', frequency: 'biweekly', anchorPayDate: '2026-11-13', time: '06:00', timeZone: 'Europe/Berlin' };
const { anchorPayDate: _anchor, frequency: _frequency, ...payCalendar } = biweekly;

describe('schedule spec', () => {
  it('fills in the defaults: previous business day, Sat/Sun weekend, no offset, no lag', () => {
    assert.deepEqual(parseScheduleSpec(biweekly), {
      ...biweekly,
      holidays: [],
      weekendDays: ['sat', 'sun'],
      adjustment: 'previous',
      offset: { days: 0, unit: 'business', direction: 'after' },
      periodLagDays: 0,
    });
    const semi = parseScheduleSpec({ ...payCalendar, frequency: 'semimonthly' });
    assert.equal(semi.mode === 'payCalendar' && semi.frequency === 'semimonthly' && semi.days.join(','), '15,last');
  });

  it('canonicalises the time zone name', () => {
    assert.equal(parseScheduleSpec({ mode: 'cron', expression: '0 6 * * *', timeZone: 'europe/berlin' }).timeZone, 'Europe/Berlin');
  });

  it('rejects a missing or unknown mode and frequency', () => {
    assert.deepEqual(problems({}), ['mode: expected "cron" or "payCalendar"']);
    assert.deepEqual(problems({ ...biweekly, frequency: 'fortnightly' }), ['frequency: expected "weekly", "biweekly", "semimonthly" or "monthly"']);
  });

  it('rejects bad cron expressions and time zones with the reason', () => {
    assert.deepEqual(problems({ mode: 'cron', expression: '61 * * * *', timeZone: 'Mars/Base' }), [
      'expression: Invalid value for minute: 61',
      'timeZone: unknown time zone "Mars/Base", expected an IANA name such as "Europe/Berlin"',
    ]);
    assert.deepEqual(problems({ mode: 'cron', expression: '* * * *', timeZone: 'UTC' }), [
      'expression: expected 5 fields (minute hour day month weekday) or 6 (with seconds first), got 4',
    ]);
    assert.deepEqual(problems({ mode: 'cron', expression: '? 6 * * *', timeZone: 'UTC' }), ['expression: "?" is not supported; use "*"']);
  });

  it('lists every pay-calendar problem with its field', () => {
    assert.deepEqual(
      problems({
        ...biweekly,
        anchorPayDate: '2026-02-30',
        time: '6am',
        weekendDays: ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'],
        offset: { days: -1 },
        holidays: ['2026-12-25', 'Christmas'],
      }),
      [
        'time: expected a time of day as HH:MM (24-hour, e.g. "06:00")',
        'holidays.1: expected a date as YYYY-MM-DD, got "Christmas"',
        'weekendDays: at least one day of the week must be a business day',
        'offset.days: must be 0 or more; use direction "before" to run ahead of the pay date',
        'anchorPayDate: expected a date as YYYY-MM-DD, got "2026-02-30"',
      ],
    );
  });

  it('rejects semi-monthly days out of order or past the 28th, and unknown fields', () => {
    const semi = { ...payCalendar, frequency: 'semimonthly' };
    assert.deepEqual(problems({ ...semi, days: [20, 10] }), ['days: the second pay day must come after the first']);
    assert.deepEqual(problems({ ...semi, days: [30, 'last'] }), ['days: the first pay day must be 1–28, so it falls in every month']);
    assert.deepEqual(problems({ ...semi, days: [15, 32] }), ['days.1: expected a day of the month 1–31 or "last"']);
    assert.deepEqual(problems({ ...biweekly, anchorDate: '2026-11-13' }), ['Unrecognized key: "anchorDate"']);
    assert.deepEqual(problems({ ...payCalendar, frequency: 'weekly', weekday: 'friday' }), [
      'weekday: expected a day of the week: sun, mon, tue, wed, thu, fri, sat',
    ]);
  });

  it('throws a ScheduleSpecError with a code from parseScheduleSpec', () => {
    assert.throws(() => parseScheduleSpec({ ...biweekly, time: '25:00' }), (err: unknown) => {
      assert.ok(err instanceof ScheduleSpecError);
      assert.equal(err.code, 'MLC_SCHEDULE_INVALID');
      assert.equal(err.message, 'invalid schedule: time: expected a time of day as HH:MM (24-hour, e.g. "06:00")');
      return true;
    });
  });
});
