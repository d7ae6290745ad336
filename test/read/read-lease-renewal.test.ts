// ReadLease against a real SQLite store: renewed every third of its time while the run holds it (so
// it never lapses under a live run), given up once, and a run whose renewals failed long enough for
// another instance to take the lease hears that it lost it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { instanceOfHolder, LeaseHeldError, leaseHolderId, ReadLease, type LeaseLostError } from '../../lib/read/read-lease';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';

const ME = { instance: 'host-a:aaaaaaaaaaaa', process: 'p-1' };
const OTHER = 'host-b:bbbbbbbbbbbb|p-2';

/** The real store, with renewals counted and, when asked, failing as a store that is down would. */
function watched(store: Store): { store: Store; renewals: () => number; failing: (on: boolean) => void; next: () => Promise<void> } {
  let count = 0;
  let failing = false;
  let wake: (() => void) | null = null;
  const proxy = Object.create(store) as Store;
  proxy.acquireLease = async (name, holder, ttlMs) => {
    count++;
    wake?.();
    if (failing) throw new Error('store: connection lost');
    return store.acquireLease(name, holder, ttlMs);
  };
  return {
    store: proxy,
    renewals: () => count,
    failing: (on) => (failing = on),
    next: () => new Promise<void>((resolve) => (wake = resolve)),
  };
}

describe('ReadLease', () => {
  let dir: string;
  let store: Store;
  // The lease's renewal timer is unref'd (it must not keep Node-RED from exiting); this keeps the test alive while it waits on it.
  let keepAlive: NodeJS.Timeout;
  before(async () => {
    keepAlive = setInterval(() => undefined, 1000);
    dir = mkdtempSync(join(tmpdir(), 'mlc-read-lease-unit-'));
    store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
  });
  after(async () => {
    clearInterval(keepAlive);
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names its holder instance|process and reads the instance back', () => {
    assert.equal(leaseHolderId(ME), 'host-a:aaaaaaaaaaaa|p-1');
    assert.equal(instanceOfHolder(leaseHolderId(ME)), 'host-a:aaaaaaaaaaaa');
  });

  it('is renewed while held, so another holder cannot take it after its first lease time; released once', async () => {
    const w = watched(store);
    const lease = await ReadLease.take({ store: w.store, name: 'read:n1', holder: ME, ttlMs: 90, onLost: () => assert.fail('not lost') });
    // Past three renewals the first 90 ms are over: only the renewals keep it.
    while (w.renewals() < 5) await w.next();
    const refused = await store.acquireLease('read:n1', OTHER, 1000);
    assert.equal(refused.acquired, false);
    assert.equal(refused.lease.holder, leaseHolderId(ME));
    await assert.rejects(ReadLease.take({ store, name: 'read:n1', holder: { instance: 'host-b', process: 'p-2' }, ttlMs: 1000, onLost: () => undefined }), (err: unknown) => err instanceof LeaseHeldError && /held by instance host-a:aaaaaaaaaaaa/.test(err.message));
    await lease.release();
    await lease.release();
    const renewalsAtRelease = w.renewals();
    assert.equal((await store.acquireLease('read:n1', OTHER, 1000)).acquired, true, 'given up');
    await store.releaseLease('read:n1', OTHER);
    await new Promise((resolve) => setTimeout(resolve, 100));
    assert.equal(w.renewals(), renewalsAtRelease, 'no renewal after release');
  });

  it('tells the run when the lease went to another holder while its renewals failed', async () => {
    const w = watched(store);
    const errors: unknown[] = [];
    let lost: LeaseLostError | null = null;
    let onLost: () => void = () => undefined;
    const lostNow = new Promise<void>((resolve) => (onLost = resolve));
    const lease = await ReadLease.take({
      store: w.store,
      name: 'read:n2',
      holder: ME,
      ttlMs: 60,
      onLost: (error) => {
        lost = error;
        onLost();
      },
      onRenewFailed: (err) => errors.push(err),
    });
    w.failing(true);
    // The store is down for this instance; the lease lapses and another instance takes it.
    let taken = false;
    while (!taken) {
      await w.next();
      taken = (await store.acquireLease('read:n2', OTHER, 60_000)).acquired;
    }
    assert.ok(errors.length > 0, 'renewal failures reported');
    w.failing(false);
    await lostNow;
    assert.match(String((lost as LeaseLostError | null)?.message), /taken over by instance host-b:bbbbbbbbbbbb/);
    await lease.release();
    const still = await store.acquireLease('read:n2', 'x|y', 1000);
    assert.equal(still.lease.holder, OTHER, 'releasing a lost lease leaves the new holder alone');
  });
});
