// The editor keeps a schedule as flat text fields (that is how Node-RED binds form inputs and how
// flows.json stays readable). This turns them into a spec candidate for parseScheduleSpec, which
// reports what is wrong; nothing here validates.

/** Field names as the mlc-schedule node stores them. */
export interface ScheduleFormFields {
  mode?: unknown;
  cron?: unknown;
  timeZone?: unknown;
  frequency?: unknown;
  weekday?: unknown;
  anchorPayDate?: unknown;
  /** "15, last" */
  semimonthlyDays?: unknown;
  /** "last" or "25" */
  monthlyDay?: unknown;
  /** One date per line or comma-separated; text after a date on its line is a label and ignored. */
  holidays?: unknown;
  /** "sat,sun" */
  weekendDays?: unknown;
  adjustment?: unknown;
  offsetDays?: unknown;
  offsetUnit?: unknown;
  offsetDirection?: unknown;
  time?: unknown;
  periodLagDays?: unknown;
}

export function specFromFormFields(fields: ScheduleFormFields): Record<string, unknown> {
  const mode = text(fields.mode);
  if (mode === 'cron') return { mode, expression: text(fields.cron), timeZone: text(fields.timeZone) };
  const frequency = text(fields.frequency);
  const spec: Record<string, unknown> = {
    mode,
    frequency,
    time: text(fields.time),
    timeZone: text(fields.timeZone),
    holidays: fields.holidays === undefined ? undefined : holidayList(fields.holidays),
    // Present but empty means "no weekend days"; absent means the default (Saturday and Sunday).
    weekendDays: fields.weekendDays === undefined ? undefined : list(fields.weekendDays).map((day) => day.toLowerCase()),
    adjustment: optionalText(fields.adjustment),
    offset: {
      days: optionalNumber(fields.offsetDays) ?? 0,
      unit: optionalText(fields.offsetUnit),
      direction: optionalText(fields.offsetDirection),
    },
    periodLagDays: optionalNumber(fields.periodLagDays),
  };
  if (frequency === 'weekly') spec['weekday'] = text(fields.weekday).toLowerCase();
  if (frequency === 'biweekly') spec['anchorPayDate'] = text(fields.anchorPayDate);
  if (frequency === 'semimonthly') spec['days'] = optionalText(fields.semimonthlyDays) === undefined ? undefined : list(fields.semimonthlyDays).map(dayOfMonth);
  if (frequency === 'monthly') spec['dayOfMonth'] = dayOfMonth(text(fields.monthlyDay));
  return withoutUndefined(spec);
}

function text(value: unknown): string {
  return typeof value === 'string' ? value.trim() : typeof value === 'number' ? String(value) : '';
}

function optionalText(value: unknown): string | undefined {
  return text(value) || undefined;
}

/** Empty means "use the default"; anything else must be a number (NaN makes the schema say so). */
function optionalNumber(value: unknown): number | undefined {
  const raw = text(value);
  return raw === '' ? undefined : Number(raw);
}

function list(value: unknown): string[] {
  return text(value)
    .split(/[\s,;]+/)
    .filter(Boolean);
}

function holidayList(value: unknown): string[] {
  return text(value)
    .split(/[\n,;]+/)
    .map((entry) => entry.trim().split(/\s+/)[0] ?? '')
    .filter(Boolean);
}

function dayOfMonth(value: string): number | string {
  const lower = value.toLowerCase();
  return /^\d+$/.test(lower) ? Number(lower) : lower;
}

function withoutUndefined(spec: Record<string, unknown>): Record<string, unknown> {
  const offset = spec['offset'] as Record<string, unknown>;
  spec['offset'] = Object.fromEntries(Object.entries(offset).filter(([, v]) => v !== undefined));
  return Object.fromEntries(Object.entries(spec).filter(([, v]) => v !== undefined));
}
