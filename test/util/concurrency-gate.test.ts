import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConcurrencyGate } from '../../lib/util/concurrency-gate';

describe('ConcurrencyGate', () => {
  it('hands a released slot to the longest waiter: a caller arriving at that moment waits its turn and the limit holds', async () => {
    const gate = new ConcurrencyGate(1);
    const order: string[] = [];
    let inside = 0;
    let most = 0;
    const task = (name: string) => async () => {
      inside++;
      most = Math.max(most, inside);
      order.push(name);
      await Promise.resolve();
      inside--;
    };
    const release = await gate.acquire();
    const waiting = gate.run(task('waiter'));
    release();
    // Arrives after the release, before the waiter has resumed.
    const late = gate.run(task('late'));
    await Promise.all([waiting, late]);
    assert.deepEqual(order, ['waiter', 'late']);
    assert.equal(most, 1);
  });

  it('keeps at most `limit` tasks running, in the order they came, and frees a slot once whatever the task did', async () => {
    const gate = new ConcurrencyGate(2);
    let inside = 0;
    let most = 0;
    const started: number[] = [];
    const runs = Array.from({ length: 6 }, (_, i) =>
      gate
        .run(async () => {
          inside++;
          most = Math.max(most, inside);
          started.push(i);
          await new Promise((resolve) => setImmediate(resolve));
          inside--;
          if (i === 1) throw new Error('task 1 fails');
        })
        .catch(() => undefined),
    );
    await Promise.all(runs);
    assert.equal(most, 2);
    assert.deepEqual(started, [0, 1, 2, 3, 4, 5]);
    const release = await gate.acquire();
    release();
    release(); // a second call gives nothing back twice
    const both = await Promise.all([gate.acquire(), gate.acquire()]);
    let third = false;
    const pending = gate.acquire().then((r) => {
      third = true;
      return r;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(third, false, 'two slots held: a third waits');
    both[0]();
    (await pending)();
    both[1]();
  });
});
