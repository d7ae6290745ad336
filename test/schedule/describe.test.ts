import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeSchedule, previewSchedule, specFromFormFields, triggerPayload } from '../../lib/schedule';
import { at, spec } from './helpers';

describe('describeSchedule', () => {
  it('says what a schedule does in one line', () => {
    const base = { mode: 'payCalendar', time: '06:00', timeZone: 'Europe/Berlin' } as const;
    assert.equal(
      describeSchedule(spec({ ...base, frequency: 'biweekly', anchorPayDate: '2026-11-13', offset: { days: 1 } })),
      'bi-weekly Fri, +1 business day 06:00 Europe/Berlin',
    );
    assert.equal(describeSchedule(spec({ ...base, frequency: 'weekly', weekday: 'thu' })), 'weekly Thu 06:00 Europe/Berlin');
    assert.equal(describeSchedule(spec({ ...base, frequency: 'semimonthly' })), 'semi-monthly 15th & last 06:00 Europe/Berlin');
    assert.equal(
      describeSchedule(spec({ ...base, frequency: 'monthly', dayOfMonth: 1, adjustment: 'next', offset: { days: 2, unit: 'calendar', direction: 'before' } })),
      'monthly 1st, closed days → next business day, -2 calendar days 06:00 Europe/Berlin',
    );
    assert.equal(describeSchedule(spec({ mode: 'cron', expression: '0 6 * * 1-5', timeZone: 'UTC' })), 'cron 0 6 * * 1-5 UTC');
  });
});

describe('previewSchedule and triggerPayload', () => {
  it('lists the next runs on the payroll clock with their context', () => {
    const biweekly = spec({ mode: 'payCalendar', frequency: 'biweekly', anchorPayDate: '2026-11-13', offset: { days: 1 }, time: '06:00', timeZone: 'Europe/Berlin' });
    const preview = previewSchedule(biweekly, at('2026-11-20T00:00:00Z'), 2);
    assert.equal(preview.description, 'bi-weekly Fri, +1 business day 06:00 Europe/Berlin');
    assert.deepEqual(preview.runs[0], {
      at: '2026-11-30T05:00:00.000Z',
      local: '2026-11-30 06:00 CET',
      runId: 'payrun:2026-11-27',
      payDate: '2026-11-27',
      nominalPayDate: '2026-11-27',
      periodStart: '2026-11-14',
      periodEnd: '2026-11-27',
    });
  });

  it('builds the message payload; cron runs carry no pay-calendar fields', () => {
    const run = { at: at('2026-11-30T05:00:00Z'), runId: 'cron:2026-11-30T05:00Z' };
    assert.deepEqual(triggerPayload(run, 'manual'), { scheduledFor: '2026-11-30T05:00:00.000Z', trigger: 'manual' });
  });
});

describe('specFromFormFields', () => {
  it('turns the editor fields of a pay calendar into a spec', () => {
    const fields = {
      mode: 'payCalendar',
      frequency: 'biweekly',
      anchorPayDate: '2026-11-13',
      weekday: 'fri',
      semimonthlyDays: '15, last',
      monthlyDay: 'last',
      time: '06:00',
      timeZone: 'Europe/Berlin',
      holidays: '2026-12-25 Christmas Day\n2026-12-28, 2027-01-01 New Year',
      weekendDays: 'sat,sun',
      adjustment: 'previous',
      offsetDays: '1',
      offsetUnit: 'business',
      offsetDirection: 'after',
      periodLagDays: '',
    };
    assert.deepEqual(specFromFormFields(fields), {
      mode: 'payCalendar',
      frequency: 'biweekly',
      anchorPayDate: '2026-11-13',
      time: '06:00',
      timeZone: 'Europe/Berlin',
      holidays: ['2026-12-25', '2026-12-28', '2027-01-01'],
      weekendDays: ['sat', 'sun'],
      adjustment: 'previous',
      offset: { days: 1, unit: 'business', direction: 'after' },
    });
    assert.deepEqual(spec(specFromFormFields({ ...fields, frequency: 'semimonthly' }) as never).mode, 'payCalendar');
    const monthly = specFromFormFields({ ...fields, frequency: 'monthly', monthlyDay: '25', weekendDays: '' });
    assert.equal(monthly['dayOfMonth'], 25);
    assert.deepEqual(monthly['weekendDays'], []);
  });

  it('turns the cron fields into a spec, and bad numbers into schema errors', () => {
    assert.deepEqual(specFromFormFields({ mode: 'cron', cron: ' 0 6 * * 1-5 ', timeZone: 'UTC', frequency: 'weekly' }), {
      mode: 'cron',
      expression: '0 6 * * 1-5',
      timeZone: 'UTC',
    });
    const offset = specFromFormFields({ mode: 'payCalendar', frequency: 'weekly', weekday: 'Fri', offsetDays: 'one', time: '06:00', timeZone: 'UTC' });
    assert.ok(Number.isNaN((offset['offset'] as { days: number }).days));
    assert.equal(offset['weekday'], 'fri');
  });
});
