// What the schedule node sends when a run fires, and what the editor's preview shows: plain data,
// so the node glue only wires timers and routes.
import { describeSchedule } from './describe';
import type { ScheduledRun } from './run';
import { nextRuns } from './runs';
import type { ScheduleSpec } from './spec';
import { formatInZone } from './zone';

export type TriggerKind = 'schedule' | 'manual';

export interface TriggerPayload {
  /** ISO instant the run was due (for a manual run: the run it repeats). */
  scheduledFor: string;
  payDate?: string;
  nominalPayDate?: string;
  periodStart?: string;
  periodEnd?: string;
  trigger: TriggerKind;
}

export function triggerPayload(run: ScheduledRun, trigger: TriggerKind): TriggerPayload {
  const payload: TriggerPayload = { scheduledFor: run.at.toISOString(), trigger };
  if (run.payDate) payload.payDate = run.payDate;
  if (run.nominalPayDate) payload.nominalPayDate = run.nominalPayDate;
  if (run.periodStart) payload.periodStart = run.periodStart;
  if (run.periodEnd) payload.periodEnd = run.periodEnd;
  return payload;
}

export interface PreviewRun extends Omit<TriggerPayload, 'trigger' | 'scheduledFor'> {
  at: string;
  /** The run time on the payroll's clock: "2026-11-30 06:00 CET". */
  local: string;
  runId: string;
}

export interface SchedulePreview {
  description: string;
  runs: PreviewRun[];
}

export function previewSchedule(spec: ScheduleSpec, from: Date, count: number): SchedulePreview {
  return {
    description: describeSchedule(spec),
    runs: nextRuns(spec, from, count).map((run) => {
      const { scheduledFor: _scheduledFor, trigger: _trigger, ...context } = triggerPayload(run, 'schedule');
      return { at: run.at.toISOString(), local: formatInZone(run.at, spec.timeZone), runId: run.runId, ...context };
    }),
  };
}
