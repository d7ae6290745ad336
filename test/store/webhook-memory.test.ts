// The webhook memory on a real SQLite store: how many store writes a burst of deliveries makes (a
// transaction per event was most of a webhook's cost), and that what it remembers holds after a restart.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openStore, type Store } from '../../lib/store';
import { WebhookMemory } from '../../lib/util/webhook-memory';

const root = mkdtempSync(join(tmpdir(), 'mlc-webhook-memory-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** The real store, with its write calls counted by method. */
function counted(store: Store): { store: Store; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const watched = new Set(['claim', 'claimMany', 'markPosted', 'markPostedMany']);
  const proxy = new Proxy(store, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof name !== 'string' || !watched.has(name) || typeof value !== 'function') return value;
      return (...args: unknown[]): unknown => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store: proxy, calls };
}

const memoryOn = (store: Store, owner: string): WebhookMemory =>
  new WebhookMemory({
    windowMs: 60_000,
    maxEntries: 1000,
    store: () => Promise.resolve(store),
    owner,
    target: { system: 'node-red', entity: 'mlc-test-webhook', id: 'hook' },
  });

describe('WebhookMemory on SQLite', () => {
  it('lets a burst of events in with one claim and one mark transaction, and remembers them across a restart', async () => {
    const path = join(root, 'burst.sqlite');
    const real = await openStore({ kind: 'sqlite', path });
    const { store, calls } = counted(real);
    const keys = Array.from({ length: 40 }, (_, i) => `test:webhook:event:${i}`);
    try {
      const memory = memoryOn(store, 'owner-1');
      // As the endpoint does: every event of the turn is admitted, then marked once emitted.
      const admitted = await Promise.all(keys.map((key) => memory.admit(key, { system: 'test', entity: 'event', id: key })));
      assert.deepEqual([...new Set(admitted.map((a) => a.outcome))], ['new']);
      await Promise.all(keys.map((key) => memory.emitted(key)));
      assert.deepEqual(Object.fromEntries(calls), { claimMany: 1, markPostedMany: 1 });
      const posted = await real.list({ status: 'posted', keyPrefix: 'test:webhook:event:' });
      assert.equal(posted.length, keys.length);
    } finally {
      await real.close();
    }

    // A restart: a fresh memory (nothing in its window) on the reopened file drops every one.
    const reopened = await openStore({ kind: 'sqlite', path });
    try {
      const memory = memoryOn(reopened, 'owner-2');
      const again = await Promise.all(keys.map((key) => memory.admit(key, { system: 'test', entity: 'event', id: key })));
      assert.deepEqual([...new Set(again.map((a) => a.outcome))], ['duplicate']);
    } finally {
      await reopened.close();
    }
  });
});
