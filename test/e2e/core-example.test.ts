// The bundled core example, run in a real Node-RED 5 exactly as `npm start` loads it: inject buttons
// pressed through the admin API, the flow redeployed through the admin API after the lookup table is
// fixed, and the outcome read from the SQLite store file the flow writes.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import { press, until } from '../support/e2e';
import { PROJECT_ROOT, startNodeRed, type RunningNodeRed } from '../support/node-red-process';

type FlowNode = Record<string, unknown> & { id: string; type: string };
const EXAMPLE = join(PROJECT_ROOT, 'examples', 'Core - map, dedup, audit, replay.json');
const example = (): FlowNode[] => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as FlowNode[];

function withInjectPayload(flow: FlowNode[], payload: unknown): FlowNode[] {
  return flow.map((n) => (n.id === 'mlc-ex-core-inject' ? { ...n, payload: JSON.stringify(payload) } : n));
}

async function counts(store: Store, runId: string) {
  const [posted, failed, run] = await Promise.all([
    store.count({ status: 'posted', runId }),
    store.count({ status: 'failed', runId }),
    store.getRun(runId),
  ]);
  return { posted, failed, duplicates: run?.counts.duplicates ?? 0 };
}

describe('example "Core - map, dedup, audit, replay" in Node-RED 5', () => {
  describe('the same 1,000 records fed twice', () => {
    let nr: RunningNodeRed;
    let store: Store;
    const runId = 'e2e:twice';
    before(async () => {
      nr = await startNodeRed('node-red', withInjectPayload(example(), { count: 1000, unmappedEvery: 0, runId }));
      store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
    });
    after(async () => {
      await store?.close();
      await nr?.stop();
    });

    it('posts 1,000 the first time and reports 1,000 duplicates the second time', async () => {
      await press(nr, 'mlc-ex-core-inject');
      const first = await until('1,000 posted', () => counts(store, runId), (c) => c.posted === 1000);
      assert.deepEqual(first, { posted: 1000, failed: 0, duplicates: 0 });
      await press(nr, 'mlc-ex-core-inject');
      const second = await until('1,000 duplicates', () => counts(store, runId), (c) => c.duplicates === 1000);
      assert.deepEqual(second, { posted: 1000, failed: 0, duplicates: 1000 });
      const one = await store.get(`demo:gl:${runId}:17`);
      assert.equal(one?.status, 'posted');
      assert.deepEqual(one?.target, { system: 'demo', entity: 'journal.line', id: '17' });
      assert.equal(one?.attempts, 1);
    });

    it('listens on 127.0.0.1 only, and keeps its store readable by its owner only', () => {
      assert.match(nr.output(), /Server now running at http:\/\/127\.0\.0\.1:\d+\//);
      for (const file of ['mlc-store.sqlite', 'mlc-store.sqlite-wal', 'settings.js', 'flows_cred.json']) {
        const path = join(nr.userDir, file);
        if (file === 'flows_cred.json' && !existsSync(path)) continue;
        assert.equal(statSync(path).mode & 0o077, 0, `${file} is for its owner only`);
      }
    });
  });

  describe('an unmapped cost center', () => {
    let nr: RunningNodeRed;
    let store: Store;
    const runId = 'e2e:unmapped';
    before(async () => {
      nr = await startNodeRed('node-red', withInjectPayload(example(), { count: 1000, unmappedEvery: 100, runId }));
      store = await openStore({ kind: 'sqlite', path: join(nr.userDir, 'mlc-store.sqlite') });
    });
    after(async () => {
      await store?.close();
      await nr?.stop();
    });

    it('ends up failed in the store, and is posted once by replay after the lookup table is fixed', async () => {
      await press(nr, 'mlc-ex-core-inject');
      const before = await until('990 posted and 10 failed', () => counts(store, runId), (c) => c.posted === 990 && c.failed === 10);
      assert.equal(before.posted + before.failed, 1000);
      const failed = await store.list({ status: 'failed', runId });
      assert.deepEqual(failed.map((r) => r.key).sort(), [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000].map((i) => `demo:gl:${runId}:${i}`).sort());
      assert.match(failed[0]?.error?.message ?? '', /cost center "CC-999" not found in table "costCenters"/);
      assert.equal((failed[0]?.payload as { costCenter: string }).costCenter, 'CC-999', 'the source record is kept for replay');

      // A replay before the fix fails again, and stays failed: nothing is posted into a wrong account.
      const stamp = new Map(failed.map((r) => [r.key, r.updatedAt]));
      await press(nr, 'mlc-ex-core-replay-inject');
      await until(
        'replayed records to fail again',
        () => store.list({ status: 'failed', runId }),
        (rs) => rs.length === 10 && rs.every((r) => r.updatedAt > (stamp.get(r.key) ?? '')),
      );
      assert.equal((await counts(store, runId)).posted, 990);

      // Fix the table as a user would: edit the map node and deploy.
      const fixed = example().map((n) =>
        n.id === 'mlc-ex-core-map'
          ? {
              ...n,
              tables: (n['tables'] as Array<{ name: string; rows: Array<{ key: string; value: number }> }>).map((t) =>
                t.name === 'costCenters' ? { ...t, rows: [...t.rows, { key: 'CC-999', value: 9 }] } : t,
              ),
            }
          : n,
      );
      const deploy = await fetch(`${nr.url}/flows`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Node-RED-Deployment-Type': 'full' },
        body: JSON.stringify(withInjectPayload(fixed, { count: 1000, unmappedEvery: 100, runId })),
      });
      assert.equal(deploy.status, 204);

      await press(nr, 'mlc-ex-core-replay-inject');
      const after = await until('all 1,000 posted', () => counts(store, runId), (c) => c.posted === 1000);
      assert.equal(after.failed, 0);
      const replayed = await store.get(`demo:gl:${runId}:500`);
      assert.equal(replayed?.status, 'posted');
      assert.deepEqual(replayed?.target, { system: 'demo', entity: 'journal.line', id: '500' });

      // And a second replay finds nothing to send: a replay never posts twice.
      await press(nr, 'mlc-ex-core-replay-inject');
      await new Promise((r) => setTimeout(r, 500));
      assert.equal((await counts(store, runId)).posted, 1000);
      assert.equal(await store.count({ runId }), 1000);
    });
  });
});
