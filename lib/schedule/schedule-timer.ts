// Fires a schedule's runs with one setTimeout at a time, aimed at the next run and recomputed after
// every fire, so there is no interval drift and a DST change is just the next computed instant.
// setTimeout cannot wait longer than 2^31-1 ms (~24.8 days; longer delays fire at once), so a
// long wait is cut into pieces: each wake-up checks the clock and waits again until the run is due.
import type { ScheduledRun } from './run';

export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** The clock and timers the schedule uses; tests pass a fake one. */
export interface TimerHost {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimerHost: TimerHost = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export interface ScheduleTimerEvents {
  /** Runs due now: usually one; several only when runs share an instant. */
  fire(runs: ScheduledRun[]): void;
  /** The timer now waits for this run; undefined when the schedule has no further runs. */
  armed(next: ScheduledRun | undefined): void;
  failed(error: unknown): void;
}

/** The runs due strictly after an instant, earliest first (a few suffice). */
export type UpcomingRuns = (after: Date) => ScheduledRun[];

export class ScheduleTimer {
  private handle: unknown;
  private due: ScheduledRun[] = [];
  private stopped = false;

  constructor(
    private readonly upcoming: UpcomingRuns,
    private readonly events: ScheduleTimerEvents,
    private readonly host: TimerHost = systemTimerHost,
  ) {}

  start(): void {
    this.stopped = false;
    this.armAfter(new Date(this.host.now()));
  }

  stop(): void {
    this.stopped = true;
    if (this.handle !== undefined) this.host.clearTimeout(this.handle);
    this.handle = undefined;
    this.due = [];
  }

  private armAfter(from: Date): void {
    try {
      const runs = this.upcoming(from);
      const first = runs[0];
      this.due = first ? runs.filter((run) => run.at.getTime() === first.at.getTime()) : [];
      this.events.armed(first);
      if (first) this.wait();
    } catch (err) {
      this.events.failed(err);
    }
  }

  private wait(): void {
    const first = this.due[0];
    if (!first || this.stopped) return;
    const delay = Math.min(Math.max(first.at.getTime() - this.host.now(), 0), MAX_TIMER_DELAY_MS);
    this.handle = this.host.setTimeout(() => this.wake(), delay);
  }

  private wake(): void {
    this.handle = undefined;
    const first = this.due[0];
    if (this.stopped || !first) return;
    const now = this.host.now();
    const dueAt = first.at.getTime();
    if (now < dueAt) {
      this.wait();
      return;
    }
    try {
      this.events.fire(this.due);
    } catch (err) {
      this.events.failed(err);
    }
    // Runs that fell due while the process was stopped or the host slept are not fired in a burst:
    // the next run is the first after now. (A manual trigger or a forced pay date catches up.)
    if (!this.stopped) this.armAfter(new Date(Math.max(dueAt, now)));
  }
}
