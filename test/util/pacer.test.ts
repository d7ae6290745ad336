// The pacer on a clock of the test's own: planned starts are spread evenly, and calls whose sleeps all
// end late at once (the event loop was held up) still start one interval apart instead of in a burst.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Pacer } from '../../lib/util/pacer';

class FakeTime {
  t = 0;
  private sleepers: Array<{ until: number; wake: () => void }> = [];
  readonly now = (): number => this.t;
  readonly sleep = (ms: number): Promise<void> => new Promise((wake) => this.sleepers.push({ until: this.t + ms, wake }));

  /** Moves the clock to `t` and wakes every sleeper due by then, in the order they slept. */
  async advanceTo(t: number): Promise<void> {
    this.t = t;
    const due = this.sleepers.filter((s) => s.until <= t);
    this.sleepers = this.sleepers.filter((s) => s.until > t);
    for (const s of due) s.wake();
    await new Promise((resolve) => setImmediate(resolve));
  }

  get sleeping(): number[] {
    return this.sleepers.map((s) => s.until);
  }
}

async function startsOf(time: FakeTime, pacer: Pacer, calls: number, steps: number[]): Promise<number[]> {
  const starts: number[] = [];
  for (let i = 0; i < calls; i++) void pacer.slot().then(() => starts.push(time.t));
  await new Promise((resolve) => setImmediate(resolve));
  for (const t of steps) await time.advanceTo(t);
  return starts;
}

describe('Pacer', () => {
  it('spreads calls one interval apart from the first', async () => {
    const time = new FakeTime();
    const pacer = new Pacer(25, time.now, time.sleep);
    assert.deepEqual(await startsOf(time, pacer, 4, [40, 80, 120]), [0, 40, 80, 120]);
    assert.equal(pacer.waited, 3);
  });

  it('keeps the spacing when sleeps end late together, instead of starting them in a burst', async () => {
    const time = new FakeTime();
    const pacer = new Pacer(25, time.now, time.sleep);
    // Calls two and three were due at 40 and 80; the loop was held up until 200, so both wake then.
    const starts = await startsOf(time, pacer, 3, [200]);
    assert.deepEqual(starts, [0, 200]);
    assert.deepEqual(time.sleeping, [240], 'the third call waits one interval after the second started');
    await time.advanceTo(240);
    assert.deepEqual(starts, [0, 200, 240]);
  });

  it('adds no wait to calls that come slower than the pace', async () => {
    const time = new FakeTime();
    const pacer = new Pacer(25, time.now, time.sleep);
    for (const t of [0, 50, 100]) {
      await time.advanceTo(t);
      await pacer.slot();
    }
    assert.equal(pacer.waited, 0);
    assert.deepEqual(time.sleeping, []);
  });
});
