import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TIMER_DELAY_MS, nextRuns, ScheduleTimer, type ScheduledRun, type TimerHost } from '../../lib/schedule';
import { spec } from './helpers';

/** A clock that moves only when told to, with at most one pending timer (as ScheduleTimer uses). */
class FakeHost implements TimerHost {
  delays: number[] = [];
  private pending: { due: number; callback: () => void; id: number } | undefined;
  private nextId = 1;
  constructor(public time: number) {}
  now(): number {
    return this.time;
  }
  setTimeout(callback: () => void, ms: number): unknown {
    assert.equal(this.pending, undefined, 'only one timer at a time');
    this.delays.push(ms);
    this.pending = { due: this.time + ms, callback, id: this.nextId++ };
    return this.pending.id;
  }
  clearTimeout(handle: unknown): void {
    if (this.pending?.id === handle) this.pending = undefined;
  }
  get armed(): boolean {
    return this.pending !== undefined;
  }
  /** Runs timers due up to `time`, in order. */
  advanceTo(time: number): void {
    while (this.pending && this.pending.due <= time) {
      const { due, callback } = this.pending;
      this.pending = undefined;
      this.time = Math.max(this.time, due);
      callback();
    }
    this.time = time;
  }
}

function recorder() {
  const fired: string[] = [];
  const armed: Array<string | undefined> = [];
  const failures: unknown[] = [];
  return {
    fired,
    armed,
    failures,
    events: {
      fire: (runs: ScheduledRun[]) => fired.push(...runs.map((r) => r.runId)),
      armed: (next: ScheduledRun | undefined) => armed.push(next?.runId),
      failed: (err: unknown) => failures.push(err),
    },
  };
}

const monthly = spec({ mode: 'payCalendar', frequency: 'monthly', dayOfMonth: 'last', time: '06:00', timeZone: 'UTC', adjustment: 'none' });

describe('ScheduleTimer', () => {
  it('waits for a run more than 24.8 days away in pieces no longer than 2^31-1 ms', () => {
    const host = new FakeHost(Date.parse('2026-01-31T06:00:00Z'));
    const log = recorder();
    const timer = new ScheduleTimer((after) => nextRuns(monthly, after, 3), log.events, host);
    timer.start();
    assert.deepEqual(log.armed, ['payrun:2026-02-28']);
    assert.equal(host.delays[0], MAX_TIMER_DELAY_MS);
    host.advanceTo(Date.parse('2026-02-28T05:59:59Z'));
    assert.deepEqual(log.fired, []);
    host.advanceTo(Date.parse('2026-02-28T06:00:00Z'));
    assert.deepEqual(log.fired, ['payrun:2026-02-28']);
    assert.deepEqual(log.armed, ['payrun:2026-02-28', 'payrun:2026-03-31']);
    assert.ok(host.delays.every((d) => d <= MAX_TIMER_DELAY_MS && d >= 0));
    timer.stop();
  });

  it('fires nothing after stop', () => {
    const host = new FakeHost(Date.parse('2026-02-27T06:00:00Z'));
    const log = recorder();
    const timer = new ScheduleTimer((after) => nextRuns(monthly, after, 3), log.events, host);
    timer.start();
    timer.stop();
    assert.equal(host.armed, false);
    host.advanceTo(Date.parse('2026-12-31T06:00:00Z'));
    assert.deepEqual(log.fired, []);
  });

  it('re-waits when woken early, and after a late wake continues with the first run after now', () => {
    const every = spec({ mode: 'cron', expression: '0 * * * *', timeZone: 'UTC' });
    const host = new FakeHost(Date.parse('2026-11-30T05:30:00Z'));
    const log = recorder();
    const timer = new ScheduleTimer((after) => nextRuns(every, after, 3), log.events, host);
    timer.start();
    // The host slept through three hours: one late fire, then the next hour, no burst of missed runs.
    host.time = Date.parse('2026-11-30T09:10:00Z');
    host.advanceTo(host.time);
    assert.deepEqual(log.fired, ['cron:2026-11-30T06:00Z']);
    assert.equal(log.armed.at(-1), 'cron:2026-11-30T10:00Z');
    timer.stop();
  });

  it('fires runs that share an instant together', () => {
    const host = new FakeHost(0);
    const log = recorder();
    const twins: ScheduledRun[] = [
      { at: new Date(1000), runId: 'a' },
      { at: new Date(1000), runId: 'b' },
      { at: new Date(2000), runId: 'c' },
    ];
    const timer = new ScheduleTimer((after) => twins.filter((r) => r.at.getTime() > after.getTime()), log.events, host);
    timer.start();
    host.advanceTo(1000);
    assert.deepEqual(log.fired, ['a', 'b']);
    host.advanceTo(2000);
    assert.deepEqual(log.fired, ['a', 'b', 'c']);
    assert.equal(log.armed.at(-1), undefined, 'no more runs');
    assert.equal(host.armed, false);
  });

  it('reports a listener that throws and keeps the schedule going', () => {
    const host = new FakeHost(0);
    const failures: unknown[] = [];
    const runs: ScheduledRun[] = [{ at: new Date(1000), runId: 'a' }, { at: new Date(2000), runId: 'b' }];
    const fired: string[] = [];
    const timer = new ScheduleTimer((after) => runs.filter((r) => r.at.getTime() > after.getTime()), {
      fire: (due) => {
        fired.push(due[0]?.runId ?? '');
        if (due[0]?.runId === 'a') throw new Error('boom');
      },
      armed: () => undefined,
      failed: (err) => failures.push(err),
    }, host);
    timer.start();
    host.advanceTo(2000);
    assert.deepEqual(fired, ['a', 'b']);
    assert.equal(failures.length, 1);
  });
});
