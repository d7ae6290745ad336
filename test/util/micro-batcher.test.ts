import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gatedBatcher, MicroBatcher } from '../../lib/util/micro-batcher';

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('MicroBatcher', () => {
  it('puts the items of one event-loop turn in batches of at most maxBatch, in order, each result to its own item', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(async (items) => {
      batches.push(items);
      return items.map((n) => n * 10);
    }, { maxBatch: 3 });
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((n) => batcher.submit(n)));
    assert.deepEqual(batches, [[1, 2, 3], [4, 5, 6], [7]]);
    assert.deepEqual(results, [10, 20, 30, 40, 50, 60, 70]);
    await batcher.submit(8);
    assert.deepEqual(batches.at(-1), [8], 'an item of a later turn goes in a batch of its own');
  });

  it('calls each callback once: with the result, or with the error of its failed batch while the other batches succeed', async () => {
    const batcher = new MicroBatcher<string, string>(async (items) => {
      if (items.includes('bad')) throw new Error('batch refused');
      return items.map((s) => s.toUpperCase());
    }, { maxBatch: 2 });
    const seen: Array<[string, unknown, string | undefined]> = [];
    for (const item of ['a', 'b', 'bad', 'c', 'd']) batcher.add(item, (err, result) => seen.push([item, err instanceof Error ? err.message : err, result]));
    while (seen.length < 5) await turn();
    await turn();
    assert.deepEqual(
      seen.sort((x, y) => x[0].localeCompare(y[0])),
      [
        ['a', undefined, 'A'],
        ['b', undefined, 'B'],
        ['bad', 'batch refused', undefined],
        ['c', 'batch refused', undefined],
        ['d', undefined, 'D'],
      ],
    );
  });

  it('fails every item of a batch whose function throws at once or answers the wrong number of results', async () => {
    let call = 0;
    const batcher = new MicroBatcher<number, number>((items) => {
      call++;
      if (call === 1) throw new Error('not even started');
      return Promise.resolve(items.slice(1));
    });
    await assert.rejects(batcher.submit(1), /not even started/);
    const both = await Promise.allSettled([batcher.submit(2), batcher.submit(3)]);
    assert.deepEqual(
      both.map((r) => (r.status === 'rejected' ? (r.reason as Error).message : r.value)),
      ['batch returned 1 results for 2 items', 'batch returned 1 results for 2 items'],
    );
  });

  it("gated: one batch more than may be in flight is prepared ahead, and the batch waiting for a slot goes out before the finished batch's results are handed on", async () => {
    const events: string[] = [];
    const batcher = gatedBatcher<number, number>(
      () => ({
        prepare(items: number[]): void {
          events.push(`prepare ${items.join(',')}`);
        },
        async writeBatch(items: number[]): Promise<number[]> {
          events.push(`write ${items.join(',')}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (items.includes(9)) throw new Error('target gone');
          return items.map((n) => -n);
        },
      }),
      2,
      1,
    );
    const outcomes: string[] = [];
    for (const n of [1, 2, 3, 4, 9]) {
      batcher.add(n, (err, result) => {
        events.push(`result ${n}`);
        outcomes.push(err instanceof Error ? `${n}: ${err.message}` : `${n}: ${String(result)}`);
      });
    }
    while (outcomes.length < 5) await turn();
    // One slot: a batch is written only when the one before has finished; the one after it is prepared
    // meanwhile (not the third: it waits until a batch has finished), and goes out before the results
    // of the batch before it are handed on.
    assert.deepEqual(events, ['prepare 1,2', 'prepare 3,4', 'write 1,2', 'write 3,4', 'prepare 9', 'result 1', 'result 2', 'write 9', 'result 3', 'result 4', 'result 9']);
    assert.deepEqual(outcomes, ['1: -1', '2: -2', '3: -3', '4: -4', '9: target gone']);
  });

  it('gated: a prepare that fails leaves the batch to writeBatch', async () => {
    const batcher = gatedBatcher<number, number>(
      () => ({
        prepare(): void {
          throw new Error('no field list yet');
        },
        writeBatch: async (items: number[]) => items.map((n) => n + 1),
      }),
      10,
      2,
    );
    assert.deepEqual(await Promise.all([batcher.submit(1), batcher.submit(2)]), [2, 3]);
  });
});
