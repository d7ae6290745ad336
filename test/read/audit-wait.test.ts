// The audited read's wait: an audit in the same process wakes it through the store, so it re-counts
// once after the write instead of on a timer; an audit in another process (another store instance
// on the same database) is still seen by the poll. Proved by counting the store's countDoneReads
// calls with a poll interval far longer than any test, on SQLite and on PostgreSQL.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { waitUntilAudited } from '../../lib/read/audit-wait';
import { openStore, type Store } from '../../lib/store';
import { dropSchema, TEST_PG_URL, uniqueSchemaName, whenPostgresAvailable } from '../support/postgres';

/** Longer than any test may run: a wait that ends did not end by polling. */
const NEVER_MS = 10 * 60_000;
const TARGET = { system: 'sim', entity: 'thing', id: '1' };

/** Counts the store's countDoneReads calls; `afterCount` runs after a real count, before the wait sees it. */
function countCalls(store: Store, afterCount?: (call: number) => Promise<void>): { calls: () => number } {
  let calls = 0;
  const real = store.countDoneReads.bind(store);
  store.countDoneReads = async (keys, statuses) => {
    const n = await real(keys, statuses);
    calls++;
    if (afterCount) await afterCount(calls);
    return n;
  };
  return { calls: () => calls };
}

/** Resolves once the wait has made its first count and gone to sleep on it. */
function firstCountDone(store: Store): { counted: Promise<void>; calls: () => number } {
  let settle: () => void = () => undefined;
  const counted = new Promise<void>((resolve) => (settle = resolve));
  const counter = countCalls(store, async (call) => {
    // setImmediate runs after the microtasks in which the wait goes on to register itself.
    if (call === 1) setImmediate(settle);
  });
  return { counted, calls: counter.calls };
}

async function withStore(open: () => Promise<Store>, work: (store: Store) => Promise<void>): Promise<void> {
  const store = await open();
  try {
    await work(store);
  } finally {
    await store.close();
  }
}

const outcomes: Array<[string, (store: Store, key: string) => Promise<unknown>]> = [
  ['posted', (store, key) => store.markPosted({ key, target: TARGET })],
  ['failed', (store, key) => store.markFailed({ key, owner: 'writer', error: { message: 'refused by the target' } })],
  ['parked', (store, key) => store.park({ key, status: 'claimed' }, 'set aside')],
];

function waitContract(label: string, open: () => Promise<Store>): void {
  describe(`waitUntilAudited on ${label}`, () => {
    for (const [status, write] of outcomes) {
      it(`a page ${status} by the same store wakes the wait: two counts, no poll`, async () => {
        await withStore(open, async (store) => {
          const key = `wait:${status}:${Math.random()}`;
          await store.claim({ key, owner: 'writer' });
          const { counted, calls } = firstCountDone(store);
          const waiting = waitUntilAudited(store, [key], { timeoutMs: NEVER_MS, firstIntervalMs: NEVER_MS });
          await counted;
          await write(store, key);
          assert.equal(await waiting, 0);
          assert.equal(calls(), 2);
        });
      });
    }

    it('an audit that lands between the count and the wait is not missed', async () => {
      await withStore(open, async (store) => {
        const keys = [`wait:race:${Math.random()}`];
        await store.claim({ key: keys[0] as string, owner: 'writer' });
        const { calls } = countCalls(store, async (call) => {
          // The count has answered "pending"; the record is posted before the wait starts waiting.
          if (call === 1) await store.markPostedMany([{ key: keys[0] as string, target: TARGET }]);
        });
        assert.equal(await waitUntilAudited(store, keys, { timeoutMs: NEVER_MS, firstIntervalMs: NEVER_MS }), 0);
        assert.equal(calls(), 2);
      });
    });

    it('a record that went on under another key wakes the wait when that key is posted', async () => {
      await withStore(open, async (store) => {
        const readKey = `wait:read:${Math.random()}`;
        const { counted, calls } = firstCountDone(store);
        const waiting = waitUntilAudited(store, [readKey], { timeoutMs: NEVER_MS, firstIntervalMs: NEVER_MS });
        await counted;
        await store.linkReadKeys([{ readKey, key: `${readKey}:split` }]);
        await store.markPosted({ key: `${readKey}:split`, target: TARGET });
        assert.equal(await waiting, 0);
        assert.ok(calls() >= 2 && calls() <= 3, `counted ${calls()} times`);
      });
    });

    it('an audit through another store on the same database (another process) is seen by the poll', async () => {
      const [reader, audit] = [await open(), await open()];
      try {
        const key = `wait:elsewhere:${Math.random()}`;
        const { counted, calls } = firstCountDone(reader);
        const waiting = waitUntilAudited(reader, [key], { timeoutMs: NEVER_MS, firstIntervalMs: 1, maxIntervalMs: 1 });
        await counted;
        await audit.markPosted({ key, target: TARGET });
        assert.equal(await waiting, 0);
        assert.ok(calls() >= 2);
      } finally {
        await reader.close();
        await audit.close();
      }
    });

    it('when the time is up it answers how many keys are not audited', async () => {
      await withStore(open, async (store) => {
        const keys = [`wait:late:a:${Math.random()}`, `wait:late:b:${Math.random()}`];
        await store.markPosted({ key: keys[0] as string, target: TARGET });
        assert.equal(await waitUntilAudited(store, keys, { timeoutMs: 1, firstIntervalMs: 1 }), 1);
      });
    });

    it('an abort ends the wait at once with its reason', async () => {
      await withStore(open, async (store) => {
        const controller = new AbortController();
        const { counted } = firstCountDone(store);
        const waiting = waitUntilAudited(store, ['wait:aborted'], { timeoutMs: NEVER_MS, firstIntervalMs: NEVER_MS, signal: controller.signal });
        await counted;
        controller.abort(new Error('redeployed'));
        await assert.rejects(waiting, /redeployed/);
      });
    });
  });
}

const root = mkdtempSync(join(tmpdir(), 'mlc-audit-wait-'));
after(() => rmSync(root, { recursive: true, force: true }));
const sqlitePath = join(root, 'store.sqlite');
waitContract('SQLite', () => openStore({ kind: 'sqlite', path: sqlitePath }));

whenPostgresAvailable('audit wait on PostgreSQL', () => {
  const schema = uniqueSchemaName('mlc_test_audit_wait');
  after(() => dropSchema(schema));
  waitContract('PostgreSQL', () => openStore({ kind: 'postgres', connectionString: TEST_PG_URL, schema }));
});
