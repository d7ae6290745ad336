// The store's pure helpers, where a mistake would be silent: prefix ranges, batch folding, claim
// rules, migration ordering and secret masking.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { appendHistory, mayTakeOver, refusalFor } from '../../lib/store/claim-rules';
import { maskSecrets } from '../../lib/store/errors';
import { prefixUpperBound } from '../../lib/store/filters';
import { foldByKey, lateFailureNote } from '../../lib/store/inputs';
import { pendingMigrations } from '../../lib/store/migrations/migration';

describe('prefixUpperBound', () => {
  const startsWithByRange = (key: string, prefix: string) => {
    const upper = prefixUpperBound(prefix);
    // Code-point order, as SQLite BINARY and PostgreSQL "C" compare.
    const cmp = (a: string, b: string) => {
      const pa = Array.from(a, (c) => c.codePointAt(0) ?? 0);
      const pb = Array.from(b, (c) => c.codePointAt(0) ?? 0);
      for (let i = 0; i < Math.min(pa.length, pb.length); i++) if (pa[i] !== pb[i]) return (pa[i] ?? 0) - (pb[i] ?? 0);
      return pa.length - pb.length;
    };
    return cmp(key, prefix) >= 0 && (upper === null || cmp(key, upper) < 0);
  };

  it('bounds exactly the keys that start with the prefix', () => {
    const keys = ['ukg:a', 'ukg:', 'ukg;', 'ukg', 'ukh', 'ukg:\u{10ffff}', 'ukg:zz', 'UKG:a', 'uk', 'ukg:é', 'ukg\u{d7ff}', 'ukg\u{e000}'];
    for (const prefix of ['ukg:', 'ukg', 'uk\u{d7ff}', 'a\u{10ffff}', '\u{10ffff}', 'é']) {
      for (const key of keys) assert.equal(startsWithByRange(key, prefix), key.startsWith(prefix), `${key} / ${prefix}`);
    }
  });

  it('increments the last code point, skipping surrogates and dropping U+10FFFF', () => {
    assert.equal(prefixUpperBound('ab'), 'ac');
    assert.equal(prefixUpperBound('a\u{d7ff}'), 'a\u{e000}');
    assert.equal(prefixUpperBound('a\u{10ffff}'), 'b');
    assert.equal(prefixUpperBound('\u{10ffff}'), null);
    assert.equal(prefixUpperBound('x😀'), 'x😁');
  });
});

describe('foldByKey', () => {
  it('keeps one entry per key: later values win, empty ones keep the earlier value', () => {
    const folded = foldByKey([
      { key: 'a', payload: { v: 1 } as unknown, runId: 'r1' as string | null },
      { key: 'b', payload: null, runId: null },
      { key: 'a', payload: null, runId: 'r2' },
    ]);
    assert.deepEqual(folded, [
      { key: 'a', payload: { v: 1 }, runId: 'r2' },
      { key: 'b', payload: null, runId: null },
    ]);
  });
});

describe('claim rules', () => {
  const cutoff = '2026-11-24T10:00:00.000Z';
  const NO_HOLDER = { claimedInstance: null, claimedProcess: null, processLeaseLapsed: false };
  it('takes failed and replay rows, and stale claims of other owners only', () => {
    assert.equal(mayTakeOver({ status: 'failed', claimedBy: 'a', claimedAt: null, ...NO_HOLDER }, 'a', cutoff), true);
    assert.equal(mayTakeOver({ status: 'replay', claimedBy: null, claimedAt: null, ...NO_HOLDER }, 'a', cutoff), true);
    assert.equal(mayTakeOver({ status: 'claimed', claimedBy: 'b', claimedAt: '2026-11-24T09:59:59.999Z', ...NO_HOLDER }, 'a', cutoff), true);
    assert.equal(mayTakeOver({ status: 'claimed', claimedBy: 'b', claimedAt: cutoff, ...NO_HOLDER }, 'a', cutoff), false);
    assert.equal(mayTakeOver({ status: 'claimed', claimedBy: 'a', claimedAt: '2000-01-01T00:00:00.000Z', ...NO_HOLDER }, 'a', cutoff), false);
    assert.equal(mayTakeOver({ status: 'posted', claimedBy: 'b', claimedAt: null, ...NO_HOLDER }, 'a', cutoff), false);
    assert.equal(mayTakeOver({ status: 'parked', claimedBy: 'b', claimedAt: null, ...NO_HOLDER }, 'a', cutoff), false);
  });

  it("takes a claim of its own instance's earlier process start, or of a process whose lease lapsed, at once", () => {
    const fresh = '2026-11-24T10:30:00.000Z';
    const held = { status: 'claimed', claimedBy: 'b', claimedAt: fresh, claimedInstance: 'host:1', claimedProcess: 'p1', processLeaseLapsed: false };
    assert.equal(mayTakeOver(held, 'a', cutoff, { instance: 'host:1', process: 'p2' }), true, 'restarted instance');
    assert.equal(mayTakeOver(held, 'a', cutoff, { instance: 'host:1', process: 'p1' }), false, 'same process start: another node of it');
    assert.equal(mayTakeOver(held, 'a', cutoff, { instance: 'host:2', process: 'p9' }), false, 'another instance, lease live');
    assert.equal(mayTakeOver({ ...held, processLeaseLapsed: true }, 'a', cutoff, { instance: 'host:2', process: 'p9' }), true, 'lease lapsed');
    assert.equal(mayTakeOver({ ...held, claimedProcess: null }, 'a', cutoff, { instance: 'host:1', process: 'p2' }), false, 'a claim with no holder waits to go stale');
  });

  it('keeps the first failure and the latest ones in a history', () => {
    let history: ReturnType<typeof appendHistory> = [];
    for (let i = 1; i <= 25; i++) history = appendHistory(history, { at: `t${i}`, attempt: i, error: { message: `e${i}` } });
    assert.equal(history.length, 20);
    assert.deepEqual(history.map((h) => h.attempt), [1, ...Array.from({ length: 19 }, (_, i) => i + 7)]);
  });

  it('a refusal with no row to show is in-progress by nobody known', () => {
    assert.deepEqual(refusalFor(null), { outcome: 'in-progress', claimedBy: null });
  });
});

describe('pendingMigrations', () => {
  const all = [
    { version: 2, description: 'two', sql: '2' },
    { version: 1, description: 'one', sql: '1' },
    { version: 3, description: 'three', sql: '3' },
  ];
  it('returns the missing versions in order, up to a limit', () => {
    assert.deepEqual(pendingMigrations(all, new Set()).map((m) => m.version), [1, 2, 3]);
    assert.deepEqual(pendingMigrations(all, new Set([1])).map((m) => m.version), [2, 3]);
    assert.deepEqual(pendingMigrations(all, new Set(), 2).map((m) => m.version), [1, 2]);
    assert.deepEqual(pendingMigrations(all, new Set([1, 2, 3])), []);
  });
  it('refuses a database at a version it does not know', () => {
    assert.throws(() => pendingMigrations(all, new Set([1, 2, 3, 4])), { code: 'MLC_STORE_MIGRATION' });
  });
});

describe('masking', () => {
  it('masks secrets raw and URL-encoded', () => {
    assert.equal(maskSecrets('login p@ss/1 failed for p%40ss%2F1', ['p@ss/1', undefined, '']), 'login *** failed for ***');
  });
  it('a late failure note names message, code and source', () => {
    assert.equal(lateFailureNote({ message: 'timeout' }), 'failure reported after it was posted: timeout');
    assert.equal(lateFailureNote({ message: 'x', code: 'E', source: 'odoo' }), 'failure reported after it was posted: x [E] (from odoo)');
  });
});
