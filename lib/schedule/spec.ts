// The schedule spec, validated by zod because it arrives from the editor, a flow file or an admin
// request. Two modes: a cron expression, or a payroll calendar (pay dates by frequency, moved off
// weekends and holidays, then offset to the day the sync should run).
import { CronPattern } from 'croner';
import { z } from 'zod';
import { isIsoDate, WEEKDAYS } from './civil-date';
import { ScheduleSpecError } from './errors';
import { canonicalTimeZone } from './zone';

const TimeZoneSchema = z
  .string({ error: 'expected an IANA time zone such as "Europe/Berlin"' })
  .transform((zone, ctx) => {
    const canonical = canonicalTimeZone(zone);
    if (canonical) return canonical;
    ctx.addIssue({ code: 'custom', message: `unknown time zone "${zone}", expected an IANA name such as "Europe/Berlin"` });
    return z.NEVER;
  });

const IsoDateSchema = z
  .string({ error: 'expected a date as YYYY-MM-DD' })
  .refine(isIsoDate, { error: (issue) => `expected a date as YYYY-MM-DD, got "${String(issue.input)}"` });

const WeekdaySchema = z.enum(WEEKDAYS, { error: `expected a day of the week: ${WEEKDAYS.join(', ')}` });

const TimeOfDaySchema = z
  .string({ error: 'expected a time of day as HH:MM' })
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a time of day as HH:MM (24-hour, e.g. "06:00")');

const DAY_OF_MONTH = 'expected a day of the month 1–31 or "last"';
const DayOfMonthSchema = z.union([z.number().int(DAY_OF_MONTH).min(1, DAY_OF_MONTH).max(31, DAY_OF_MONTH), z.literal('last')], { error: DAY_OF_MONTH });
export type DayOfMonth = z.infer<typeof DayOfMonthSchema>;

const OffsetSchema = z.strictObject({
  days: z.number({ error: 'expected a whole number of days' }).int('expected a whole number of days').min(0, 'must be 0 or more; use direction "before" to run ahead of the pay date').max(366, 'at most 366 days'),
  unit: z.enum(['business', 'calendar'], { error: 'expected "business" or "calendar"' }).default('business'),
  direction: z.enum(['after', 'before'], { error: 'expected "after" or "before"' }).default('after'),
});
export type RunOffset = z.infer<typeof OffsetSchema>;

const CronSpecSchema = z.strictObject({
  mode: z.literal('cron'),
  expression: z
    .string({ error: 'expected a cron expression' })
    .trim()
    .superRefine((expression, ctx) => {
      const problem = cronProblem(expression);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  timeZone: TimeZoneSchema,
});

// Fields every pay-calendar frequency shares.
const payCalendarFields = {
  mode: z.literal('payCalendar'),
  time: TimeOfDaySchema,
  timeZone: TimeZoneSchema,
  holidays: z.array(IsoDateSchema, { error: 'expected a list of dates as YYYY-MM-DD' }).default([]),
  weekendDays: z
    .array(WeekdaySchema, { error: 'expected a list of days of the week' })
    .refine((days) => new Set(days).size < 7, 'at least one day of the week must be a business day')
    .default(['sat', 'sun']),
  // US payroll moves a pay date that falls on a weekend or bank holiday to the business day before.
  adjustment: z.enum(['previous', 'next', 'none'], { error: 'expected "previous", "next" or "none"' }).default('previous'),
  offset: OffsetSchema.default({ days: 0, unit: 'business', direction: 'after' }),
  periodLagDays: z.number({ error: 'expected a whole number of days' }).int('expected a whole number of days').min(0).max(366).default(0),
};

const WeeklySchema = z.strictObject({ ...payCalendarFields, frequency: z.literal('weekly'), weekday: WeekdaySchema });
const BiweeklySchema = z.strictObject({ ...payCalendarFields, frequency: z.literal('biweekly'), anchorPayDate: IsoDateSchema });
const SemimonthlySchema = z.strictObject({
  ...payCalendarFields,
  frequency: z.literal('semimonthly'),
  days: z
    .tuple([DayOfMonthSchema, DayOfMonthSchema], { error: 'expected two days of the month, e.g. [15, "last"]' })
    .refine(([first]) => first !== 'last' && first <= 28, 'the first pay day must be 1–28, so it falls in every month')
    .refine(([first, second]) => second === 'last' || (first !== 'last' && second > first), 'the second pay day must come after the first')
    .default([15, 'last']),
});
const MonthlySchema = z.strictObject({ ...payCalendarFields, frequency: z.literal('monthly'), dayOfMonth: DayOfMonthSchema });

const PayCalendarSpecSchema = z.discriminatedUnion('frequency', [WeeklySchema, BiweeklySchema, SemimonthlySchema, MonthlySchema], {
  error: 'expected "weekly", "biweekly", "semimonthly" or "monthly"',
});

export const ScheduleSpecSchema = z.discriminatedUnion('mode', [CronSpecSchema, PayCalendarSpecSchema], {
  error: 'expected "cron" or "payCalendar"',
});

export type ScheduleSpec = z.output<typeof ScheduleSpecSchema>;
/** What a user may write: defaults filled in by parsing. */
export type ScheduleSpecInput = z.input<typeof ScheduleSpecSchema>;
export type CronSpec = z.output<typeof CronSpecSchema>;
export type PayCalendarSpec = z.output<typeof PayCalendarSpecSchema>;
export type PayFrequency = PayCalendarSpec['frequency'];
export type PayDateAdjustment = PayCalendarSpec['adjustment'];

export type ScheduleSpecResult = { ok: true; spec: ScheduleSpec } | { ok: false; error: ScheduleSpecError };

export function safeParseScheduleSpec(value: unknown): ScheduleSpecResult {
  const parsed = ScheduleSpecSchema.safeParse(value);
  if (parsed.success) return { ok: true, spec: parsed.data };
  const problems = parsed.error.issues.map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message));
  return { ok: false, error: new ScheduleSpecError(problems) };
}

/** The validated spec with defaults filled in; throws ScheduleSpecError listing every problem. */
export function parseScheduleSpec(value: unknown): ScheduleSpec {
  const result = safeParseScheduleSpec(value);
  if (!result.ok) throw result.error;
  return result.spec;
}

function cronProblem(expression: string): string | undefined {
  const fields = expression.split(/\s+/).filter(Boolean).length;
  if (!expression.startsWith('@') && fields !== 5 && fields !== 6) {
    return `expected 5 fields (minute hour day month weekday) or 6 (with seconds first), got ${fields}`;
  }
  // croner replaces "?" with the time the pattern is parsed, so runs would shift with every restart.
  if (expression.includes('?')) return '"?" is not supported; use "*"';
  try {
    new CronPattern(expression);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err.message.replace(/^CronPattern:\s*/, '') : String(err);
  }
}
