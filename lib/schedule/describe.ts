// One-line descriptions of a schedule, for node status, the editor preview and log lines:
// "bi-weekly Fri, +1 business day 06:00 Europe/Berlin".
import { parseIsoDate, weekdayOf, type Weekday } from './civil-date';
import type { DayOfMonth, PayCalendarSpec, RunOffset, ScheduleSpec } from './spec';

export function describeSchedule(spec: ScheduleSpec): string {
  if (spec.mode === 'cron') return `cron ${spec.expression} ${spec.timeZone}`;
  const parts = [describeFrequency(spec)];
  if (spec.adjustment !== 'previous') parts.push(spec.adjustment === 'next' ? 'closed days → next business day' : 'pay date not moved');
  const offset = describeOffset(spec.offset);
  return `${parts.join(', ')}${offset ? `, ${offset}` : ''} ${spec.time} ${spec.timeZone}`;
}

function describeFrequency(spec: PayCalendarSpec): string {
  switch (spec.frequency) {
    case 'weekly':
      return `weekly ${dayName(spec.weekday)}`;
    case 'biweekly':
      return `bi-weekly ${dayName(weekdayOf(parseIsoDate(spec.anchorPayDate)))}`;
    case 'semimonthly':
      return `semi-monthly ${spec.days.map(dayOfMonthName).join(' & ')}`;
    case 'monthly':
      return `monthly ${dayOfMonthName(spec.dayOfMonth)}`;
  }
}

function describeOffset(offset: RunOffset): string {
  if (offset.days === 0) return '';
  const unit = offset.unit === 'business' ? 'business day' : 'calendar day';
  return `${offset.direction === 'after' ? '+' : '-'}${offset.days} ${unit}${offset.days === 1 ? '' : 's'}`;
}

function dayName(day: Weekday): string {
  return day.charAt(0).toUpperCase() + day.slice(1);
}

function dayOfMonthName(day: DayOfMonth): string {
  if (day === 'last') return 'last';
  const suffix = day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th';
  return `${day}${suffix}`;
}
