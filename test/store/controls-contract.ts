// Run control totals and reconciliations, the same on every store: a record's share replaces its
// earlier one, sums are exact whole cents, and a run's last reconciliation is kept on it.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ControlSpec, RecordControls } from '../../lib/reconcile/spec';
import type { Store } from '../../lib/store';

const SPEC: ControlSpec = {
  lines: 'lines',
  amounts: [{ name: 'debit', from: 'debit', target: 'debit' }],
  dimensions: [{ name: 'account', from: 'account', table: 'accounts', target: 'account_id' }],
};

function share(runId: string, key: string, debit: number, account = '17'): RecordControls {
  return {
    runId,
    key,
    spec: SPEC,
    figures: [
      { dimension: 'run', value: '', label: null, measure: 'count', quantity: 1 },
      { dimension: 'record', value: key, label: null, measure: 'count', quantity: 1 },
      { dimension: 'record', value: key, label: null, measure: 'debit', quantity: debit },
      { dimension: 'account', value: account, label: '6100', measure: 'debit', quantity: debit },
    ],
  };
}

export function controlsContract(name: string, open: () => Promise<Store>): void {
  describe(`run controls: ${name}`, () => {
    let store: Store;
    let runs = 0;
    const newRun = () => `controls-run-${Date.now()}-${++runs}`;
    before(async () => {
      store = await open();
    });
    after(() => store.close());

    it('sums every record of a run per dimension value in whole cents', async () => {
      const run = newRun();
      await store.recordControls([share(run, 'a', 10), share(run, 'b', 20), share(run, 'c', 9_007_199_254_740, '18')]);
      const controls = await store.runControls(run);
      assert.deepEqual(controls.spec, SPEC);
      const byId = Object.fromEntries(controls.figures.map((f) => [`${f.dimension}|${f.value}|${f.measure}`, f.quantity]));
      assert.equal(byId['run||count'], 3);
      assert.equal(byId['account|17|debit'], 30);
      assert.equal(byId['account|18|debit'], 9_007_199_254_740);
      assert.equal(byId['record|b|debit'], 20);
      assert.equal(controls.figures.find((f) => f.dimension === 'account' && f.value === '17')?.label, '6100');
    });

    it('replaces a record share when the record is counted again, in a later call or twice in one', async () => {
      const run = newRun();
      await store.recordControls([share(run, 'a', 10), share(run, 'b', 20)]);
      await store.recordControls([share(run, 'a', 15, '18')]);
      await store.recordControls([share(run, 'b', 1), share(run, 'b', 25)]);
      const figures = (await store.runControls(run)).figures;
      const byId = Object.fromEntries(figures.map((f) => [`${f.dimension}|${f.value}|${f.measure}`, f.quantity]));
      assert.equal(byId['run||count'], 2);
      assert.equal(byId['account|17|debit'], 25, 'b only, with its last share');
      assert.equal(byId['account|18|debit'], 15, 'a moved to account 18');
    });

    it('keeps runs apart and answers an unknown run with no controls', async () => {
      const one = newRun();
      const two = newRun();
      await store.recordControls([share(one, 'a', 10), share(two, 'a', 99)]);
      assert.equal((await store.runControls(one)).figures.find((f) => f.dimension === 'run' && f.measure === 'count')?.quantity, 1);
      assert.deepEqual(await store.runControls('no-such-run'), { runId: 'no-such-run', spec: null, figures: [] });
    });

    it('finds every run that counts a record', async () => {
      const one = newRun();
      const two = newRun();
      const key = `shared-${one}`;
      await store.recordControls([share(one, key, 10), share(two, key, 10), share(two, `other-${two}`, 5)]);
      assert.deepEqual(await store.runsCounting(key), [one, two].sort());
      assert.deepEqual(await store.runsCounting('no-such-key'), []);
    });

    it('keeps the last reconciliation of each run', async () => {
      const one = newRun();
      const two = newRun();
      await store.saveReconciliation({ runId: one, status: 'off', checkedAt: '2026-12-01T08:00:00.000Z', result: { summary: 'off: record a' } });
      await store.saveReconciliation({ runId: one, status: 'tied', checkedAt: '2026-12-01T09:00:00.000Z', result: { summary: 'tied out' } });
      await store.saveReconciliation({ runId: two, status: 'off', checkedAt: '2026-12-01T10:00:00.000Z', result: { differences: [{ off: -1000 }] } });
      const found = await store.listReconciliations([one, two, 'no-such-run']);
      assert.deepEqual(
        found.map((r) => [r.runId, r.status, r.checkedAt, r.result]).sort(),
        [
          [one, 'tied', '2026-12-01T09:00:00.000Z', { summary: 'tied out' }],
          [two, 'off', '2026-12-01T10:00:00.000Z', { differences: [{ off: -1000 }] }],
        ].sort(),
      );
      assert.deepEqual(await store.listReconciliations([]), []);
    });
  });
}
