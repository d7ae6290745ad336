// Shared shorthands for the schedule tests.
import { nextRuns, parseScheduleSpec, type ScheduledRun, type ScheduleSpec, type ScheduleSpecInput } from '../../lib/schedule';

export function spec(input: ScheduleSpecInput): ScheduleSpec {
  return parseScheduleSpec(input);
}

export function at(iso: string): Date {
  return new Date(iso);
}

/** The next runs as "runId @ ISO instant" lines, easy to compare and to read in a failure. */
export function runsFrom(schedule: ScheduleSpec, from: string, count: number): string[] {
  return nextRuns(schedule, at(from), count).map(line);
}

export function line(run: ScheduledRun): string {
  return `${run.runId} @ ${run.at.toISOString()}`;
}
