// Pay events of a pay calendar: each nominal pay date, adjusted off weekends and holidays, offset to
// the run day, at the time of day in the payroll's zone.
//
// Pay period convention: a pay date pays for the days after the previous nominal pay date up to and
// including its own nominal pay date (weekly: the 7 days ending on the pay date; bi-weekly: 14;
// semi-monthly 15/last: the 1st–15th and the 16th–last), both shifted back by periodLagDays for
// payrolls paid in arrears. Periods use nominal dates, so a holiday moving a pay date never changes
// which days it pays for.
import { formatIsoDate, MS_PER_DAY, type DayNumber } from './civil-date';
import { BusinessCalendar } from './business-days';
import { payCycleOf, type PayCycle } from './pay-cycle';
import { payRunId, type ScheduledRun } from './run';
import type { PayCalendarSpec } from './spec';
import { instantOfWallTime, wallTimeOf } from './zone';

interface PayEvent {
  nominal: DayNumber;
  payDate: DayNumber;
  at: Date;
}

// Adjustments and offsets move a run at most a few weeks from its pay date, except with absurd
// holiday lists; a forced pay date is looked for within this many days of the nominal dates.
const PAY_DATE_SEARCH_DAYS = 62;

export class PayCalendar {
  private readonly cycle: PayCycle;
  private readonly business: BusinessCalendar;
  private readonly timeOfDayMs: number;

  constructor(private readonly spec: PayCalendarSpec) {
    this.cycle = payCycleOf(spec);
    this.business = new BusinessCalendar(spec.weekendDays, spec.holidays);
    const [hours, minutes] = spec.time.split(':').map(Number) as [number, number];
    this.timeOfDayMs = (hours * 60 + minutes) * 60_000;
  }

  /** The next `count` runs due strictly after `from`. */
  runsAfter(from: Date, count: number): ScheduledRun[] {
    const runs: ScheduledRun[] = [];
    let event = this.firstEventAfter(from);
    while (runs.length < count) {
      runs.push(this.toRun(event));
      event = this.following(event);
    }
    return runs;
  }

  /** The latest run due at or before `at`. */
  lastRunAtOrBefore(at: Date): ScheduledRun {
    // The first run after `at` was found by walking back past every run after it, so the one before it is due.
    return this.toRun(this.preceding(this.firstEventAfter(at)));
  }

  /**
   * The run for a pay date, given either as paid (after adjustment) or as the frequency names it
   * (before adjustment), so a catch-up for "the 15th" and for "Friday the 13th" get the same runId.
   */
  runForPayDate(day: DayNumber): ScheduledRun | undefined {
    const events: PayEvent[] = [];
    for (let nominal = this.cycle.onOrAfter(day - PAY_DATE_SEARCH_DAYS); nominal <= day + PAY_DATE_SEARCH_DAYS; nominal = this.cycle.onOrAfter(nominal + 1)) {
      events.push(this.eventFor(nominal));
    }
    const match = events.find((e) => e.payDate === day) ?? events.find((e) => e.nominal === day);
    return match && this.toRun(this.firstWithPayDate(match));
  }

  /** The nearest pay dates around a day, for an error message. */
  payDatesAround(day: DayNumber): string[] {
    const before = this.eventFor(this.cycle.before(day + 1));
    return [formatIsoDate(before.payDate), formatIsoDate(this.following(before).payDate)];
  }

  private firstEventAfter(from: Date): PayEvent {
    const fromMs = from.getTime();
    const today = Math.floor(wallTimeOf(fromMs, this.spec.timeZone) / MS_PER_DAY);
    let event = this.eventFor(this.cycle.onOrAfter(today));
    // Runs follow pay dates in order, so walk back while an earlier pay date still runs after
    // `from` (offsets "after"), and forward while this one's run is already past (offsets "before").
    for (let earlier = this.preceding(event); earlier.at.getTime() > fromMs; earlier = this.preceding(earlier)) event = earlier;
    while (event.at.getTime() <= fromMs) event = this.following(event);
    return event;
  }

  private eventFor(nominal: DayNumber): PayEvent {
    const payDate = this.business.adjust(nominal, this.spec.adjustment);
    const runDay = this.business.shift(payDate, this.spec.offset);
    return { nominal, payDate, at: instantOfWallTime(runDay * MS_PER_DAY + this.timeOfDayMs, this.spec.timeZone) };
  }

  // Two nominal dates can land on one pay date only if holidays span a whole cycle; such a pair is
  // one pay run, represented by its first nominal date.
  private following(event: PayEvent): PayEvent {
    let next = this.eventFor(this.cycle.onOrAfter(event.nominal + 1));
    while (next.payDate === event.payDate) next = this.eventFor(this.cycle.onOrAfter(next.nominal + 1));
    return next;
  }

  private preceding(event: PayEvent): PayEvent {
    return this.firstWithPayDate(this.eventFor(this.cycle.before(this.firstWithPayDate(event).nominal)));
  }

  private firstWithPayDate(event: PayEvent): PayEvent {
    let first = event;
    for (let earlier = this.eventFor(this.cycle.before(first.nominal)); earlier.payDate === first.payDate; earlier = this.eventFor(this.cycle.before(earlier.nominal))) first = earlier;
    return first;
  }

  private toRun(event: PayEvent): ScheduledRun {
    const lag = this.spec.periodLagDays;
    const payDate = formatIsoDate(event.payDate);
    return {
      at: event.at,
      runId: payRunId(payDate),
      payDate,
      nominalPayDate: formatIsoDate(event.nominal),
      periodStart: formatIsoDate(this.cycle.before(event.nominal) + 1 - lag),
      periodEnd: formatIsoDate(event.nominal - lag),
    };
  }
}
