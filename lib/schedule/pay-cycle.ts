// The nominal pay dates of each frequency: where pay would fall before any weekend or holiday
// adjustment. A cycle answers two questions, which is all the pay calendar needs to walk it both
// ways: the first pay date on or after a day, and the last one before a day.
import {
  addMonths,
  daysInMonth,
  dayOf,
  floorDiv,
  parseIsoDate,
  weekdayIndex,
  WEEKDAYS,
  yearMonthDay,
  type DayNumber,
} from './civil-date';
import type { DayOfMonth, PayCalendarSpec } from './spec';

export interface PayCycle {
  onOrAfter(day: DayNumber): DayNumber;
  before(day: DayNumber): DayNumber;
}

export function payCycleOf(spec: PayCalendarSpec): PayCycle {
  switch (spec.frequency) {
    case 'weekly':
      return weeklyCycle(WEEKDAYS.indexOf(spec.weekday));
    case 'biweekly':
      return everyNDays(parseIsoDate(spec.anchorPayDate), 14);
    case 'semimonthly':
      return monthlyCycle(spec.days);
    case 'monthly':
      return monthlyCycle([spec.dayOfMonth]);
  }
}

function weeklyCycle(weekday: number): PayCycle {
  return {
    onOrAfter: (day) => day + ((weekday - weekdayIndex(day) + 7) % 7),
    before: (day) => day - 1 - ((weekdayIndex(day - 1) - weekday + 7) % 7),
  };
}

/** Every `period` days through an anchor pay date, forwards and backwards. */
function everyNDays(anchor: DayNumber, period: number): PayCycle {
  return {
    onOrAfter: (day) => anchor - period * floorDiv(anchor - day, period),
    before: (day) => anchor + period * floorDiv(day - 1 - anchor, period),
  };
}

/** Fixed days of every month; a day past the month's end (31 in April, 30 in February) is its last day. */
function monthlyCycle(days: readonly DayOfMonth[]): PayCycle {
  const datesIn = (year: number, month: number): DayNumber[] => {
    const last = daysInMonth(year, month);
    const dates = days.map((d) => dayOf(year, month, d === 'last' ? last : Math.min(d, last)));
    return [...new Set(dates)].sort((a, b) => a - b);
  };
  return {
    onOrAfter(day) {
      const { year, month } = yearMonthDay(day);
      const found = datesIn(year, month).find((d) => d >= day);
      if (found !== undefined) return found;
      const next = addMonths(year, month, 1);
      return datesIn(next.year, next.month)[0] as DayNumber;
    },
    before(day) {
      const { year, month } = yearMonthDay(day);
      const found = datesIn(year, month).filter((d) => d < day).pop();
      if (found !== undefined) return found;
      const previous = addMonths(year, month, -1);
      return datesIn(previous.year, previous.month).pop() as DayNumber;
    },
  };
}
