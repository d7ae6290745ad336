// The schedule's public questions: what runs next, what ran last, and which run a pay date is.
import { formatIsoDate, isIsoDate, parseIsoDate } from './civil-date';
import { CronCalendar } from './cron-calendar';
import { PayDateError } from './errors';
import { PayCalendar } from './pay-calendar';
import type { ScheduledRun } from './run';
import type { ScheduleSpec } from './spec';

/** The next `count` runs due strictly after `from`, in order (fewer if a cron runs out). */
export function nextRuns(spec: ScheduleSpec, from: Date, count: number): ScheduledRun[] {
  if (count <= 0) return [];
  return spec.mode === 'cron' ? new CronCalendar(spec).runsAfter(from, count) : new PayCalendar(spec).runsAfter(from, count);
}

/** The latest run due at or before `at`: what a manual trigger or a fire-on-deploy re-runs. */
export function lastRun(spec: ScheduleSpec, at: Date): ScheduledRun | undefined {
  return spec.mode === 'cron' ? new CronCalendar(spec).lastRunAtOrBefore(at) : new PayCalendar(spec).lastRunAtOrBefore(at);
}

/**
 * The run of a pay date (as paid, or as the frequency names it before adjustment), with the same
 * runId the schedule gives it. Throws PayDateError for a date the calendar does not pay on.
 */
export function runForPayDate(spec: ScheduleSpec, payDate: string): ScheduledRun {
  if (spec.mode !== 'payCalendar') throw new PayDateError('payDate applies to pay-calendar schedules only, this one is a cron schedule');
  if (!isIsoDate(payDate)) throw new PayDateError(`payDate: expected a date as YYYY-MM-DD, got "${payDate}"`);
  const calendar = new PayCalendar(spec);
  const day = parseIsoDate(payDate);
  const run = calendar.runForPayDate(day);
  if (!run) {
    const [before, after] = calendar.payDatesAround(day);
    throw new PayDateError(`${formatIsoDate(day)} is not a pay date of this calendar (nearest: ${before} and ${after})`);
  }
  return run;
}
