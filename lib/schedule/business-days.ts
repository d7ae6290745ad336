// Which days are business days (not a weekend day, not a listed holiday), and moving dates by them.
import { parseIsoDate, weekdayOf, type DayNumber, type Weekday } from './civil-date';
import type { PayDateAdjustment, RunOffset } from './spec';

// A calendar with at least one business weekday finds one within a week, unless holidays cover
// every business day for years; past this many days the holiday list is taken to be wrong.
const SEARCH_LIMIT_DAYS = 3660;

export class BusinessCalendar {
  private readonly weekend: ReadonlySet<Weekday>;
  private readonly holidays: ReadonlySet<DayNumber>;

  constructor(weekendDays: readonly Weekday[], holidays: readonly string[]) {
    this.weekend = new Set(weekendDays);
    this.holidays = new Set(holidays.map(parseIsoDate));
  }

  isBusinessDay(day: DayNumber): boolean {
    return !this.weekend.has(weekdayOf(day)) && !this.holidays.has(day);
  }

  /** A pay date moved off a weekend or holiday, as the adjustment rule says. */
  adjust(day: DayNumber, rule: PayDateAdjustment): DayNumber {
    if (rule === 'none' || this.isBusinessDay(day)) return day;
    return this.step(day, rule === 'previous' ? -1 : 1);
  }

  /**
   * The day `offset` away. Business days count only business days, starting from the day after (or
   * before) the given one, so "1 business day after Friday" is Monday; 0 leaves the date as it is.
   */
  shift(day: DayNumber, offset: RunOffset): DayNumber {
    const sign = offset.direction === 'after' ? 1 : -1;
    if (offset.unit === 'calendar') return day + sign * offset.days;
    let result = day;
    for (let counted = 0; counted < offset.days; counted++) result = this.step(result, sign);
    return result;
  }

  /** The nearest business day strictly after (+1) or before (-1) the given day. */
  private step(day: DayNumber, direction: 1 | -1): DayNumber {
    for (let candidate = day + direction, n = 0; n < SEARCH_LIMIT_DAYS; candidate += direction, n++) {
      if (this.isBusinessDay(candidate)) return candidate;
    }
    throw new RangeError(`no business day within ${SEARCH_LIMIT_DAYS} days: check the weekend days and holiday list`);
  }
}
