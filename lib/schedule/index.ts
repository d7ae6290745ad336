// Schedules for ml-connector: cron expressions and payroll calendars in IANA time zones.
// Plain TypeScript; never imports Node-RED.
export { describeSchedule } from './describe';
export { PayDateError, ScheduleSpecError } from './errors';
export { specFromFormFields, type ScheduleFormFields } from './form-fields';
export { cronRunId, payRunId, type ScheduledRun } from './run';
export { lastRun, nextRuns, runForPayDate } from './runs';
export { MAX_TIMER_DELAY_MS, ScheduleTimer, systemTimerHost, type ScheduleTimerEvents, type TimerHost, type UpcomingRuns } from './schedule-timer';
export {
  parseScheduleSpec,
  safeParseScheduleSpec,
  ScheduleSpecSchema,
  type CronSpec,
  type PayCalendarSpec,
  type ScheduleSpec,
  type ScheduleSpecInput,
  type ScheduleSpecResult,
} from './spec';
export { previewSchedule, triggerPayload, type PreviewRun, type SchedulePreview, type TriggerKind, type TriggerPayload } from './trigger';
export { formatInZone } from './zone';
export { answerPreview, payDateOf, type PreviewAnswer } from './requests';
