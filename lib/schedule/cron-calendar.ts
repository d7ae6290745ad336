// Runs of a cron expression in a time zone. croner matches the expression against wall-clock
// readings (evaluated in UTC, where there is no DST), and zone.ts turns each reading into an
// instant. That keeps one DST policy for cron and pay calendars alike: a reading skipped by a
// spring-forward change runs at the end of the gap, and a reading that happens twice runs once, at
// its first occurrence. (croner's own time-zone mode shifts skipped times by the size of the gap
// and picks the second of two repeated readings.)
import { Cron } from 'croner';
import { cronRunId, type ScheduledRun } from './run';
import type { CronSpec } from './spec';
import { instantOfWallTime, wallTimeOf } from './zone';

// Readings during a repeated hour map to instants already past; a per-second cron skips up to
// 3600 of them. Beyond this many candidates without a run the expression has no future runs.
const MAX_CANDIDATES = 100_000;

// Windows to look back in for the last run, from frequent crons to yearly ones.
const LOOK_BACK_MS = [120_000, 3_600_000, 86_400_000, 32 * 86_400_000, 400 * 86_400_000, 3 * 366 * 86_400_000];

export class CronCalendar {
  private readonly pattern: Cron;
  private readonly withSeconds: boolean;

  constructor(private readonly spec: CronSpec) {
    // No callback: croner only computes, it schedules nothing.
    this.pattern = new Cron(spec.expression, { utcOffset: 0 });
    this.withSeconds = spec.expression.split(/\s+/).length === 6;
  }

  runsAfter(from: Date, count: number): ScheduledRun[] {
    const runs: ScheduledRun[] = [];
    for (const at of this.instantsAfter(from)) {
      runs.push({ at, runId: cronRunId(at, this.withSeconds) });
      if (runs.length >= count) break;
    }
    return runs;
  }

  lastRunAtOrBefore(at: Date): ScheduledRun | undefined {
    for (const lookBack of LOOK_BACK_MS) {
      let last: Date | undefined;
      for (const instant of this.instantsAfter(new Date(at.getTime() - lookBack))) {
        if (instant.getTime() > at.getTime()) break;
        last = instant;
      }
      if (last) return { at: last, runId: cronRunId(last, this.withSeconds) };
    }
    return undefined;
  }

  /** Instants strictly after `from`, in order, each once. */
  private *instantsAfter(from: Date): Generator<Date> {
    const zone = this.spec.timeZone;
    let reading = new Date(wallTimeOf(from.getTime(), zone));
    let last = from.getTime();
    for (let skipped = 0; skipped < MAX_CANDIDATES; ) {
      const next = this.pattern.nextRun(reading);
      if (!next) return;
      reading = next;
      const at = instantOfWallTime(next.getTime(), zone);
      // Past already (a repeated reading), or the same instant as the previous run (readings in a gap).
      if (at.getTime() <= last) {
        skipped++;
        continue;
      }
      skipped = 0;
      last = at.getTime();
      yield at;
    }
  }
}
