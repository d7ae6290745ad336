// The behaviour every Store implementation must have, written once and run against each backend on
// a real database. Tests share one store and stay apart by key prefix, so the suite also shows
// that filters really filter.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { RecordRef } from '../../lib/envelope';
import type { AuditRecord, ClaimRequest, ClaimResult, Store } from '../../lib/store';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function target(id: string | number): RecordRef {
  return { system: 'odoo', entity: 'account.move', id: String(id) };
}

function claimedAttempts(result: ClaimResult | undefined): number {
  assert.equal(result?.outcome, 'claimed', `expected a winning claim, got ${JSON.stringify(result)}`);
  return result.outcome === 'claimed' ? result.attempts : -1;
}

async function rejectsWithCode(promise: Promise<unknown>, code: string): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.equal((err as { code?: unknown }).code, code, `expected ${code}, got ${String(err)}`);
    return true;
  });
}

export function storeContract(name: string, open: () => Promise<Store>, cleanup: () => Promise<void>): void {
  describe(`Store contract: ${name}`, () => {
    let store: Store;
    let counter = 0;
    /** A key prefix of this test's own. */
    const ns = (label: string) => `t${++counter}-${label}:`;

    before(async () => {
      store = await open();
    });
    after(async () => {
      try {
        await store?.close();
      } finally {
        await cleanup();
      }
    });

    describe('claim', () => {
      it('wins a new key with attempts 1 and keeps what the claim carried', async () => {
        const key = `${ns('new')}a`;
        const source = { system: 'ukg', entity: 'gl', id: '17' };
        const result = await store.claim({ key, owner: 'node-a', runId: 'run-new', source, mlc: { key, runId: 'run-new' }, payload: { amount: 12.5 } });
        assert.deepEqual(result, { outcome: 'claimed', attempts: 1 });
        const record = await store.get(key);
        assert.ok(record);
        assert.equal(record.status, 'claimed');
        assert.equal(record.claimedBy, 'node-a');
        assert.equal(record.runId, 'run-new');
        assert.deepEqual(record.source, source);
        assert.deepEqual(record.payload, { amount: 12.5 });
        assert.deepEqual(record.mlc, { key, runId: 'run-new' });
        assert.equal(record.attempts, 1);
        assert.equal(record.target, null);
        assert.equal(record.error, null);
        assert.match(record.createdAt, ISO_UTC);
        assert.match(record.updatedAt, ISO_UTC);
      });

      it('answers in-progress, changing nothing, when the same owner claims a key it holds', async () => {
        // Owners are unique per node instance: a second claim by the same owner is a second message
        // with the same key in flight in one node, and must not be let through.
        const key = `${ns('same-owner')}a`;
        claimedAttempts(await store.claim({ key, owner: 'node-a' }));
        const before = await store.get(key);
        assert.deepEqual(await store.claim({ key, owner: 'node-a' }), { outcome: 'in-progress', claimedBy: 'node-a' });
        await sleep(15);
        assert.deepEqual(await store.claim({ key, owner: 'node-a', staleAfterMs: 1 }), { outcome: 'in-progress', claimedBy: 'node-a' });
        assert.deepEqual(await store.get(key), before);
      });

      it("answers in-progress, naming the holder, while another owner's claim is live", async () => {
        const key = `${ns('other-owner')}a`;
        claimedAttempts(await store.claim({ key, owner: 'node-a' }));
        assert.deepEqual(await store.claim({ key, owner: 'node-b' }), { outcome: 'in-progress', claimedBy: 'node-a' });
        assert.equal((await store.get(key))?.attempts, 1);
      });

      it('takes over a claim older than staleAfterMs from another owner, counting an attempt', async () => {
        const key = `${ns('stale')}a`;
        claimedAttempts(await store.claim({ key, owner: 'dead-node' }));
        assert.equal((await store.claim({ key, owner: 'node-b', staleAfterMs: 60_000 })).outcome, 'in-progress');
        await sleep(30);
        assert.equal(claimedAttempts(await store.claim({ key, owner: 'node-b', staleAfterMs: 10 })), 2);
        const record = await store.get(key);
        assert.equal(record?.claimedBy, 'node-b');
        assert.equal(record?.attempts, 2);
        assert.deepEqual(await store.claim({ key, owner: 'dead-node' }), { outcome: 'in-progress', claimedBy: 'node-b' });
      });

      it('lets exactly one of 200 concurrent claims of one key win', async () => {
        const key = `${ns('race')}a`;
        const results = await Promise.all(Array.from({ length: 200 }, (_, i) => store.claim({ key, owner: `racer-${i}` })));
        const winners = results.flatMap((r, i) => (r.outcome === 'claimed' ? [i] : []));
        assert.equal(winners.length, 1, `winners: ${winners.join(', ')}`);
        const winner = `racer-${winners[0]}`;
        for (const r of results) if (r.outcome !== 'claimed') assert.deepEqual(r, { outcome: 'in-progress', claimedBy: winner });
        const record = await store.get(key);
        assert.equal(record?.claimedBy, winner);
        assert.equal(record?.attempts, 1);
      });

      it('claimMany answers in request order, and a key repeated in one batch wins once', async () => {
        const p = ns('batch');
        await store.markPosted({ key: `${p}posted`, target: target(9) });
        const results = await store.claimMany([
          { key: `${p}b`, owner: 'node-a' },
          { key: `${p}posted`, owner: 'node-a' },
          { key: `${p}a`, owner: 'node-a' },
          { key: `${p}b`, owner: 'node-b' },
          { key: `${p}a`, owner: 'node-a' },
        ]);
        assert.deepEqual(results[0], { outcome: 'claimed', attempts: 1 });
        assert.equal(results[1]?.outcome, 'duplicate');
        assert.deepEqual(results[2], { outcome: 'claimed', attempts: 1 });
        assert.deepEqual(results[3], { outcome: 'in-progress', claimedBy: 'node-a' });
        assert.deepEqual(results[4], { outcome: 'in-progress', claimedBy: 'node-a' });
        assert.deepEqual(await store.claimMany([]), []);
      });

      it('claimMany takes 5,000 keys in one call, and they are duplicates once posted', async () => {
        const p = ns('bulk');
        const keys = Array.from({ length: 5000 }, (_, i) => `${p}${String(i).padStart(5, '0')}`).reverse();
        const first = await store.claimMany(keys.map((key) => ({ key, owner: 'bulk-node', runId: 'bulk-run', payload: { key } })));
        assert.equal(first.length, 5000);
        assert.ok(first.every((r) => r.outcome === 'claimed' && r.attempts === 1));
        assert.equal(await store.count({ keyPrefix: p, status: 'claimed' }), 5000);

        const again = await store.claimMany(keys.map((key) => ({ key, owner: 'other-node' })));
        assert.ok(again.every((r) => r.outcome === 'in-progress' && r.claimedBy === 'bulk-node'));

        await store.markPostedMany(keys.map((key) => ({ key, target: target(key) })));
        const dups = await store.claimMany(keys.map((key) => ({ key, owner: 'other-node' })));
        dups.forEach((r, i) => {
          assert.equal(r.outcome, 'duplicate');
          if (r.outcome === 'duplicate') assert.deepEqual(r.target, target(keys[i] ?? ''));
        });
        assert.equal(await store.count({ keyPrefix: p, status: 'posted' }), 5000);
      });

      it('a mixed batch of 150 keeps each new claim as a claim of its own would, and retakes a failed key in place', async () => {
        const p = ns('mixed');
        const fields = (key: string) => ({ owner: 'n', runId: 'r', payload: { v: key }, mlc: { key, runId: 'r' }, input: { raw: key }, flow: 'f' });
        await store.claim({ key: `${p}failed`, owner: 'old' });
        await store.markFailed({ key: `${p}failed`, error: { message: 'refused' }, owner: 'old' });
        const alone = `${p}alone`;
        await store.claim({ key: alone, ...fields(alone) });
        const keys = Array.from({ length: 150 }, (_, i) => `${p}${String(i).padStart(3, '0')}`);
        const requests: ClaimRequest[] = keys.map((key) => ({ key, ...fields(key) }));
        requests.splice(70, 0, { key: `${p}failed`, ...fields(`${p}failed`) });
        requests.push({ key: keys[3] ?? '', owner: 'other' });
        const results = await store.claimMany(requests);
        assert.equal(results.length, 152);
        results.forEach((result, i) => {
          if (i === 70) assert.deepEqual(result, { outcome: 'claimed', attempts: 2 });
          else if (i === 151) assert.deepEqual(result, { outcome: 'in-progress', claimedBy: 'n' });
          else assert.deepEqual(result, { outcome: 'claimed', attempts: 1 }, `request ${i}`);
        });
        const reference = await store.get(alone);
        for (const key of [keys[0] ?? '', keys[149] ?? '']) {
          const record = await store.get(key);
          assert.ok(record && reference);
          const { key: _k, payload, mlc, input, createdAt: _c, updatedAt: _u, claimedAt, ...rest } = record;
          const { key: _rk, payload: _rp, mlc: _rm, input: _ri, createdAt: _rc, updatedAt: _ru, claimedAt: _rca, ...restAlone } = reference;
          assert.deepEqual(rest, restAlone);
          assert.deepEqual([payload, mlc, input], [{ v: key }, { key, runId: 'r' }, { raw: key }]);
          assert.ok(claimedAt);
        }
        const retaken = await store.get(`${p}failed`);
        assert.equal(retaken?.status, 'claimed');
        assert.equal(retaken?.claimedBy, 'n');
        assert.deepEqual(retaken?.payload, { v: `${p}failed` });
        assert.equal(await store.count({ keyPrefix: p, status: 'claimed' }), 152);
      });

      it('refuses a claim without a key or owner with MLC_STORE_BAD_INPUT', async () => {
        await rejectsWithCode(store.claim({ key: '', owner: 'node-a' }), 'MLC_STORE_BAD_INPUT');
        await rejectsWithCode(store.claim({ key: `${ns('no-owner')}a`, owner: '' }), 'MLC_STORE_BAD_INPUT');
        await rejectsWithCode(store.claimMany([{ key: `${ns('bad-batch')}a`, owner: 'x' }, { key: '', owner: 'x' }]), 'MLC_STORE_BAD_INPUT');
      });
    });

    describe('read links', () => {
      it('a read key is done when its own record is, or when every record linked to it is', async () => {
        const p = ns('links');
        const audited = ['posted', 'failed', 'parked'] as const;
        const reads = [`${p}read:1`, `${p}read:2`, `${p}read:3`, `${p}read:4`];
        await store.markPosted({ key: reads[0] as string, target: target(1) });
        // read:2 went on as two records (a split), read:3 as one not yet claimed, read:4 nowhere yet.
        await store.linkReadKeys([
          { readKey: reads[1] as string, key: `${p}a` },
          { readKey: reads[1] as string, key: `${p}b` },
          { readKey: reads[2] as string, key: `${p}c` },
        ]);
        await store.linkReadKeys([{ readKey: reads[1] as string, key: `${p}a` }]); // a second time changes nothing
        await store.claimMany([{ key: `${p}a`, owner: 'n' }, { key: `${p}b`, owner: 'n' }]);
        assert.equal(await store.countDoneReads(reads, audited), 1);
        await store.markPosted({ key: `${p}a`, target: target(2) });
        assert.equal(await store.countDoneReads(reads, audited), 1, 'one of the split records is still claimed');
        await store.markFailed({ key: `${p}b`, error: { message: 'refused' }, owner: 'n' });
        assert.equal(await store.countDoneReads([...reads, reads[1] as string], audited), 2, 'a key asked twice counts once');
        await store.markPosted({ key: `${p}c`, target: target(3) });
        assert.equal(await store.countDoneReads(reads, audited), 3);
        assert.equal(await store.countDoneReads(reads, ['posted']), 2, 'read:2 has a failed record');
        assert.equal(await store.countDoneReads([], audited), 0);
        assert.equal(await store.countDoneReads([reads[0] as string, reads[0] as string], audited), 1, 'done under its own key, asked twice');
        assert.equal(await store.countDoneReads([reads[0] as string, reads[2] as string], audited), 2, 'one by its own key, one by a link');
        await store.linkReadKeys([]);
      });
    });

    describe('markPosted and markFailed', () => {
      it('markPosted with no claim before it creates a posted record; claims of it are duplicates', async () => {
        const key = `${ns('posted')}a`;
        await store.markPosted({ key, target: target(42), runId: 'run-p', payload: { n: 1 } });
        const record = await store.get(key);
        assert.equal(record?.status, 'posted');
        assert.equal(record?.attempts, 0);
        assert.deepEqual(record?.target, target(42));
        const result = await store.claim({ key, owner: 'node-a' });
        assert.equal(result.outcome, 'duplicate');
        if (result.outcome === 'duplicate') {
          assert.deepEqual(result.target, target(42));
          assert.equal(result.record.key, key);
          assert.equal(result.record.status, 'posted');
        }
      });

      it('keeps a numeric target id as a string', async () => {
        const key = `${ns('numeric-id')}a`;
        await store.markPosted({ key, target: { system: 'odoo', entity: 'res.partner', id: 7 } as unknown as RecordRef });
        assert.deepEqual((await store.get(key))?.target, { system: 'odoo', entity: 'res.partner', id: '7' });
      });

      it('markFailed with no claim (a failure fed by a Catch node) creates a failed record the next claim wins', async () => {
        const key = `${ns('failed')}a`;
        await store.markFailed({ key, error: { message: 'account 6100 not found', code: 'ODOO_404', source: 'odoo' }, payload: { gl: 6100 } });
        const record = await store.get(key);
        assert.equal(record?.status, 'failed');
        assert.deepEqual(record?.error, { message: 'account 6100 not found', code: 'ODOO_404', source: 'odoo' });
        assert.deepEqual(record?.payload, { gl: 6100 });
        assert.equal(record?.attempts, 1, 'a failure no claim counted is an attempt of its own');
        assert.equal(record?.history.length, 1);
        assert.equal(claimedAttempts(await store.claim({ key, owner: 'node-a' })), 2);
      });

      it('a failure reported after the key was posted stays a note: the record stays posted', async () => {
        const key = `${ns('late-failure')}a`;
        claimedAttempts(await store.claim({ key, owner: 'node-a', payload: { v: 1 } }));
        await store.markPosted({ key, target: target(5) });
        await store.markFailed({ key, error: { message: 'timeout', code: 'ETIMEDOUT', source: 'odoo' }, payload: { v: 2 } });
        const record = await store.get(key);
        assert.equal(record?.status, 'posted');
        assert.deepEqual(record?.target, target(5));
        assert.equal(record?.error, null);
        assert.deepEqual(record?.payload, { v: 1 });
        assert.equal(record?.note, 'failure reported after it was posted: timeout [ETIMEDOUT] (from odoo)');
        assert.deepEqual(await store.resetForReplay({ key }), []);
        assert.equal((await store.claim({ key, owner: 'node-b' })).outcome, 'duplicate');
      });

      it('markPosted after a failure makes the record posted and clears the error', async () => {
        const key = `${ns('fixed')}a`;
        await store.markFailed({ key, error: { message: 'boom' }, payload: { a: 1 } });
        await store.markPosted({ key, target: target(1) });
        const record = await store.get(key);
        assert.equal(record?.status, 'posted');
        assert.equal(record?.error, null);
        assert.deepEqual(record?.payload, { a: 1 }, 'a report without payload keeps the one kept before');
      });

      it('the *Many variants record every key, and a key repeated in a batch ends as its last report says', async () => {
        const p = ns('many');
        await store.markFailedMany([
          { key: `${p}a`, error: { message: 'first' }, payload: { try: 1 } },
          { key: `${p}b`, error: { message: 'only' } },
          { key: `${p}a`, error: { message: 'second' } },
        ]);
        const a = await store.get(`${p}a`);
        assert.deepEqual(a?.error, { message: 'second' });
        assert.deepEqual(a?.payload, { try: 1 });
        assert.equal((await store.get(`${p}b`))?.status, 'failed');
        await store.markPostedMany([
          { key: `${p}a`, target: target('x1') },
          { key: `${p}c`, target: target('c1') },
          { key: `${p}a`, target: target('x2') },
        ]);
        assert.deepEqual((await store.get(`${p}a`))?.target, target('x2'));
        assert.equal((await store.get(`${p}c`))?.status, 'posted');
        await store.markPostedMany([]);
        await store.markFailedMany([]);
      });

      it('a large batch of posted reports ends as the same reports posted one at a time', async () => {
        // 151 reports: more than one statement's worth of rows, keys repeated across statements,
        // earlier failures and claims overridden, optional fields given and left out.
        const batched = ns('post-batch-');
        const single = ns('post-single-');
        const reportsFor = (p: string) =>
          Array.from({ length: 151 }, (_, i) => {
            const k = i % 50 === 7 ? `${p}${i - 7}` : `${p}${i}`;
            return {
              key: k,
              target: target(`t${i}`),
              ...(i % 3 === 0 ? { runId: `run-${i % 5}` } : {}),
              ...(i % 4 === 0 ? { payload: { i } } : {}),
              ...(i % 6 === 0 ? { flow: 'flow-a' } : {}),
            };
          });
        for (const p of [batched, single]) {
          await store.markFailed({ key: `${p}20`, error: { message: 'earlier' }, payload: { kept: true } });
          await store.claim({ key: `${p}21`, owner: 'node-a', runId: 'run-claimed' });
        }
        await store.markPostedMany(reportsFor(batched));
        for (const report of reportsFor(single)) await store.markPosted(report);
        const comparable = (r: AuditRecord | null, p: string) => {
          assert.ok(r);
          return { ...r, key: r.key.slice(p.length), createdAt: null, updatedAt: null, history: r.history.length };
        };
        for (let i = 0; i < 151; i++) {
          const [b, s] = [await store.get(`${batched}${i}`), await store.get(`${single}${i}`)];
          if (s === null) assert.equal(b, null);
          else assert.deepEqual(comparable(b, batched), comparable(s, single), `record ${i}`);
        }
        assert.deepEqual((await store.get(`${batched}0`))?.target, target('t7'));
        assert.equal(await store.count({ keyPrefix: batched, status: 'posted' }), 148);
      });

      it('refuses a posted report without a usable target', async () => {
        await rejectsWithCode(store.markPosted({ key: `${ns('no-target')}a`, target: { system: '', entity: 'x', id: '1' } }), 'MLC_STORE_BAD_INPUT');
      });
    });

    describe('replay', () => {
      it('failed → resetForReplay → claim wins with attempts 2 → markPosted → claim is a duplicate with the target', async () => {
        const key = `${ns('replay-flow')}a`;
        const mlc = { key, runId: 'run-r', source: { system: 'ukg', entity: 'gl', id: '3' } };
        assert.equal(claimedAttempts(await store.claim({ key, owner: 'node-a', runId: 'run-r', mlc, payload: { amount: 5 } })), 1);
        await store.markFailed({ key, owner: 'node-a', error: { message: 'account missing' }, payload: { amount: 5 }, mlc, runId: 'run-r' });

        const reset = await store.resetForReplay({ runId: 'run-r' });
        assert.equal(reset.length, 1);
        assert.equal(reset[0]?.key, key);
        assert.equal(reset[0]?.status, 'failed', 'returned as it was before the reset');
        assert.equal(reset[0]?.attempts, 1);
        assert.deepEqual(reset[0]?.payload, { amount: 5 });
        assert.deepEqual(reset[0]?.mlc, mlc);
        assert.equal((await store.get(key))?.status, 'replay');
        assert.deepEqual(await store.resetForReplay({ runId: 'run-r' }), [], 'a record waiting for its claim is not reset twice');

        assert.equal(claimedAttempts(await store.claim({ key, owner: 'node-b', mlc })), 2);
        await store.markPosted({ key, target: target(77) });
        const dup = await store.claim({ key, owner: 'node-c' });
        assert.equal(dup.outcome, 'duplicate');
        if (dup.outcome === 'duplicate') assert.deepEqual(dup.target, target(77));
        assert.equal((await store.get(key))?.attempts, 2);
      });

      it('resets only failed records (never posted or claimed), in key order, a page at a time', async () => {
        const p = ns('replay-pages');
        await store.markFailedMany(['e', 'a', 'd', 'b', 'c'].map((k) => ({ key: `${p}${k}`, error: { message: k } })));
        await store.markPosted({ key: `${p}posted`, target: target(1) });
        claimedAttempts(await store.claim({ key: `${p}claimed`, owner: 'node-a' }));
        const first = await store.resetForReplay({ keyPrefix: p, limit: 2, status: ['failed', 'posted', 'claimed'] });
        assert.deepEqual(first.map((r) => r.key), [`${p}a`, `${p}b`]);
        const second = await store.resetForReplay({ keyPrefix: p, limit: 2, afterKey: `${p}b` });
        assert.deepEqual(second.map((r) => r.key), [`${p}c`, `${p}d`]);
        const rest = await store.resetForReplay({ keyPrefix: p });
        assert.deepEqual(rest.map((r) => r.key), [`${p}e`]);
        assert.equal((await store.get(`${p}posted`))?.status, 'posted');
        assert.equal((await store.get(`${p}claimed`))?.status, 'claimed');
        assert.deepEqual(await store.resetForReplay({ keyPrefix: p, status: 'posted' }), []);
      });
    });

    describe('parked', () => {
      it('claims of a parked key neither win nor count as duplicates; replay takes it only when asked for parked', async () => {
        const p = ns('parked');
        await store.markFailedMany([
          { key: `${p}a`, error: { message: 'bad cost center' } },
          { key: `${p}b`, error: { message: 'bad cost center' } },
        ]);
        await store.markPosted({ key: `${p}posted`, target: target(1) });
        assert.equal(await store.park({ keyPrefix: p }, 'will fix by hand'), 2, 'posted records are never parked');
        assert.equal(await store.park({ keyPrefix: p }, 'again'), 0, 'already parked: nothing changes');

        const result = await store.claim({ key: `${p}a`, owner: 'node-a' });
        assert.equal(result.outcome, 'parked');
        if (result.outcome === 'parked') {
          assert.equal(result.record.note, 'will fix by hand');
          assert.deepEqual(result.record.error, { message: 'bad cost center' });
        }
        await store.markFailed({ key: `${p}a`, error: { message: 'failed again' } });
        assert.equal((await store.get(`${p}a`))?.status, 'parked', 'a new failure does not unpark');

        assert.deepEqual(await store.resetForReplay({ keyPrefix: p }), []);
        const unparked = await store.resetForReplay({ keyPrefix: p, status: 'parked', limit: 1 });
        assert.deepEqual(unparked.map((r) => [r.key, r.status]), [[`${p}a`, 'parked']]);
        assert.equal(claimedAttempts(await store.claim({ key: `${p}a`, owner: 'node-a' })), 3, 'two failures and this claim');
        assert.equal((await store.get(`${p}b`))?.status, 'parked');
      });

      it('parks claims only when asked for by status, and honours a limit', async () => {
        const p = ns('park-claimed');
        await store.claimMany(['a', 'b', 'c'].map((k) => ({ key: `${p}${k}`, owner: 'dead-node' })));
        assert.equal(await store.park({ keyPrefix: p }), 0);
        assert.equal(await store.park({ keyPrefix: p, status: 'claimed', limit: 2 }), 2);
        assert.deepEqual((await store.list({ keyPrefix: p, status: 'parked' })).map((r) => r.key), [`${p}a`, `${p}b`]);
        assert.equal((await store.get(`${p}a`))?.note, null, 'no reason given, no note');
      });
    });

    describe('list and count', () => {
      let p: string;
      before(async () => {
        p = ns('filters');
        await store.markFailedMany([
          { key: `${p}r1:001`, error: { message: 'x' }, runId: 'run-f1' },
          { key: `${p}r1:002`, error: { message: 'x' }, runId: 'run-f1' },
          { key: `${p}r2:001`, error: { message: 'x' }, runId: 'run-f2' },
          { key: `${p}R1:001`, error: { message: 'x' }, runId: 'run-f1' },
          { key: `${p}r1%:001`, error: { message: 'x' } },
          { key: `${p}r1_:001`, error: { message: 'x' } },
        ]);
        await store.markPosted({ key: `${p}r1:003`, target: target(3), runId: 'run-f1' });
        await store.claim({ key: `${p}r2:002`, owner: 'node-a', runId: 'run-f2' });
      });

      it('filters by one status or several', async () => {
        assert.equal(await store.count({ keyPrefix: p, status: 'failed' }), 6);
        assert.equal(await store.count({ keyPrefix: p, status: ['posted', 'claimed'] }), 2);
        assert.equal(await store.count({ keyPrefix: p, status: [] }), 0);
        assert.equal(await store.count({ keyPrefix: p }), 8);
        await rejectsWithCode(store.count({ status: 'lost' as unknown as 'failed' }), 'MLC_STORE_BAD_INPUT');
      });

      it('filters by run id and by key', async () => {
        assert.deepEqual((await store.list({ keyPrefix: p, runId: 'run-f1' })).map((r) => r.key), [`${p}R1:001`, `${p}r1:001`, `${p}r1:002`, `${p}r1:003`]);
        assert.deepEqual((await store.list({ key: `${p}r2:001` })).map((r) => r.runId), ['run-f2']);
        assert.deepEqual(await store.list({ key: `${p}nope` }), []);
      });

      it('matches a key prefix exactly: case-sensitive, with no wildcard characters', async () => {
        assert.deepEqual((await store.list({ keyPrefix: `${p}r1:` })).map((r) => r.key), [`${p}r1:001`, `${p}r1:002`, `${p}r1:003`]);
        assert.deepEqual((await store.list({ keyPrefix: `${p}r1%` })).map((r) => r.key), [`${p}r1%:001`]);
        assert.deepEqual((await store.list({ keyPrefix: `${p}r1_` })).map((r) => r.key), [`${p}r1_:001`]);
        assert.deepEqual((await store.list({ keyPrefix: `${p}R` })).map((r) => r.key), [`${p}R1:001`]);
      });

      it('pages by key with afterKey and limit; count ignores limit', async () => {
        const seen: string[] = [];
        let afterKey: string | undefined;
        for (;;) {
          const page = await store.list({ keyPrefix: p, limit: 3, ...(afterKey ? { afterKey } : {}) });
          if (page.length === 0) break;
          seen.push(...page.map((r) => r.key));
          afterKey = page[page.length - 1]?.key;
        }
        const all = (await store.list({ keyPrefix: p })).map((r) => r.key);
        assert.equal(all.length, 8);
        assert.deepEqual(seen, all);
        assert.deepEqual([...all].sort(), all, 'ordered by key');
        assert.equal(await store.count({ keyPrefix: p, limit: 2 }), 8);
        assert.deepEqual(await store.list({ keyPrefix: p, limit: 0 }), []);
        await rejectsWithCode(store.list({ limit: -1 }), 'MLC_STORE_BAD_INPUT');
      });

      it('returns at most 1,000 records when no limit is given', async () => {
        const q = ns('default-limit');
        await store.markFailedMany(Array.from({ length: 1005 }, (_, i) => ({ key: `${q}${String(i).padStart(4, '0')}`, error: { message: 'x' } })));
        assert.equal((await store.list({ keyPrefix: q })).length, 1000);
        assert.equal((await store.list({ keyPrefix: q, limit: 2000 })).length, 1005);
        assert.equal(await store.count({ keyPrefix: q }), 1005);
      });
    });

    describe('filter by a list of keys', () => {
      let p: string;
      before(async () => {
        p = ns('keys');
        await store.markFailedMany(['a', 'b', 'c'].map((k) => ({ key: `${p}${k}`, error: { message: k }, runId: 'run-k' })));
        await store.markPosted({ key: `${p}d`, target: target(4), runId: 'run-k' });
        claimedAttempts(await store.claim({ key: `${p}e`, owner: 'node-a' }));
      });

      it('lists and counts only the keys named, in key order, ignoring keys the store does not have', async () => {
        const keys = [`${p}e`, `${p}a`, `${p}d`, `${p}missing`];
        assert.deepEqual((await store.list({ keys })).map((r) => r.key), [`${p}a`, `${p}d`, `${p}e`]);
        assert.equal(await store.count({ keys }), 3);
        assert.deepEqual(await store.list({ keys: [`${p}missing`] }), []);
      });

      it('combines with status, run id, prefix and paging like any other filter', async () => {
        const keys = ['a', 'b', 'c', 'd', 'e'].map((k) => `${p}${k}`);
        // The question a read node asks before it moves its cursor: is every key of the page settled?
        assert.equal(await store.count({ keys, status: ['posted', 'failed', 'parked'] }), 4);
        assert.deepEqual((await store.list({ keys, status: 'claimed' })).map((r) => r.key), [`${p}e`]);
        assert.deepEqual((await store.list({ keys, status: ['posted', 'claimed'] })).map((r) => r.key), [`${p}d`, `${p}e`]);
        assert.equal(await store.count({ keys, runId: 'run-k' }), 4);
        assert.equal(await store.count({ keys, keyPrefix: `${p}z` }), 0);
        assert.deepEqual((await store.list({ keys, limit: 2, afterKey: `${p}b` })).map((r) => r.key), [`${p}c`, `${p}d`]);
        assert.equal(await store.count({ keys, limit: 1 }), 5);
      });

      it('an empty list matches no record, whatever else the filter says', async () => {
        assert.deepEqual(await store.list({ keys: [] }), []);
        assert.equal(await store.count({ keys: [] }), 0);
        assert.equal(await store.count({ keys: [], keyPrefix: p }), 0);
        assert.equal(await store.park({ keys: [] }), 0);
        assert.deepEqual(await store.resetForReplay({ keys: [] }), []);
        assert.equal(await store.count({ keyPrefix: p, status: 'failed' }), 3, 'nothing was parked or reset');
      });

      it('a key named twice is still one record', async () => {
        const keys = [`${p}a`, `${p}a`, `${p}b`, `${p}a`, `${p}b`];
        assert.deepEqual((await store.list({ keys })).map((r) => r.key), [`${p}a`, `${p}b`]);
        assert.equal(await store.count({ keys }), 2);
      });

      it('takes 5,000 keys in one filter', async () => {
        const q = ns('keys-many');
        const all = Array.from({ length: 6000 }, (_, i) => `${q}${String(i).padStart(5, '0')}`);
        await store.markFailedMany(all.map((key) => ({ key, error: { message: 'x' } })));
        // Every other key of the first 10,000 indexes: 5,000 keys, of which 3,000 exist.
        const keys = Array.from({ length: 5000 }, (_, i) => `${q}${String(i * 2).padStart(5, '0')}`);
        assert.equal(await store.count({ keys }), 3000);
        const listed = await store.list({ keys, limit: 5000 });
        assert.equal(listed.length, 3000);
        assert.deepEqual(listed.map((r) => r.key), keys.slice(0, 3000));
        assert.equal(await store.count({ keys, status: 'failed' }), 3000);
        assert.equal(await store.count({ keys, status: 'posted' }), 0);
      });

      it('park and resetForReplay touch only the keys named', async () => {
        const q = ns('keys-park');
        await store.markFailedMany(['a', 'b', 'c', 'd'].map((k) => ({ key: `${q}${k}`, error: { message: k } })));
        await store.markPosted({ key: `${q}posted`, target: target(1) });
        assert.equal(await store.park({ keys: [`${q}a`, `${q}c`, `${q}posted`] }, 'by hand'), 2, 'never a posted record');
        assert.deepEqual((await store.list({ keyPrefix: q, status: 'parked' })).map((r) => r.key), [`${q}a`, `${q}c`]);
        const reset = await store.resetForReplay({ keys: [`${q}b`, `${q}c`, `${q}posted`] });
        assert.deepEqual(reset.map((r) => r.key), [`${q}b`], 'parked only when asked for by status');
        assert.deepEqual((await store.resetForReplay({ keys: [`${q}c`], status: 'parked' })).map((r) => r.key), [`${q}c`]);
        assert.deepEqual(
          (await store.list({ keyPrefix: q })).map((r) => [r.key, r.status]),
          [[`${q}a`, 'parked'], [`${q}b`, 'replay'], [`${q}c`, 'replay'], [`${q}d`, 'failed'], [`${q}posted`, 'posted']],
        );
      });

      it('keys that look like numbers, JSON or SQL are matched as plain text', async () => {
        const odd = ['00123', '1e3', '["x"]', "o'neil", 'a"b\\c', 'ünï 🧾', 'x%', 'null'].map((k) => `${p}odd:${k}`);
        await store.markFailedMany(odd.map((key) => ({ key, error: { message: 'x' } })));
        assert.equal(await store.count({ keys: odd }), odd.length);
        assert.deepEqual((await store.list({ keys: [odd[0] ?? '', `${p}odd:123`] })).map((r) => r.key), [odd[0]]);
      });

      it('refuses keys that are not a list of non-empty strings with MLC_STORE_BAD_INPUT', async () => {
        await rejectsWithCode(store.list({ keys: `${p}a` as unknown as string[] }), 'MLC_STORE_BAD_INPUT');
        await rejectsWithCode(store.count({ keys: [`${p}a`, 7] as unknown as string[] }), 'MLC_STORE_BAD_INPUT');
        await rejectsWithCode(store.count({ keys: [''] }), 'MLC_STORE_BAD_INPUT');
        await rejectsWithCode(store.park({ keys: [null] as unknown as string[] }), 'MLC_STORE_BAD_INPUT');
        await rejectsWithCode(store.resetForReplay({ keys: [`${p}a`, {}] as unknown as string[], status: [] }), 'MLC_STORE_BAD_INPUT');
      });
    });

    describe('cursors', () => {
      it('is null until set, then holds its value', async () => {
        const name = `${ns('cursor')}ukg-employees`;
        assert.equal(await store.getCursor(name), null);
        const set = await store.setCursor(name, '2026-11-01T00:00:00Z');
        assert.equal(set.name, name);
        assert.equal(set.value, '2026-11-01T00:00:00Z');
        assert.match(set.updatedAt, ISO_UTC);
        assert.deepEqual(await store.getCursor(name), set);
      });

      it('with onlyForward never moves back; without it, it may', async () => {
        const name = `${ns('cursor-forward')}hwm`;
        await store.setCursor(name, '2026-11-15T00:00:00Z', { onlyForward: true });
        const kept = await store.setCursor(name, '2026-11-01T00:00:00Z', { onlyForward: true });
        assert.equal(kept.value, '2026-11-15T00:00:00Z');
        assert.equal((await store.setCursor(name, '2026-11-20T00:00:00Z', { onlyForward: true })).value, '2026-11-20T00:00:00Z');
        assert.equal((await store.setCursor(name, '2026-11-20T00:00:00Z', { onlyForward: true })).value, '2026-11-20T00:00:00Z');
        assert.equal((await store.setCursor(name, '2026-10-01T00:00:00Z')).value, '2026-10-01T00:00:00Z');
        assert.equal((await store.getCursor(name))?.value, '2026-10-01T00:00:00Z');
      });

      it('compares values as strings in code-point order, whatever the database locale', async () => {
        const name = `${ns('cursor-order')}hwm`;
        await store.setCursor(name, 'B', { onlyForward: true });
        assert.equal((await store.setCursor(name, 'a', { onlyForward: true })).value, 'a', "'a' (U+0061) is after 'B' (U+0042)");
        assert.equal((await store.setCursor(name, 'B', { onlyForward: true })).value, 'a');
      });
    });

    describe('runs', () => {
      it('starts, counts, finishes and reads a run', async () => {
        const runId = `${ns('run')}payrun-2026-11-15`;
        const started = await store.startRun({ runId, flow: 'UKG payroll → Odoo', note: 'semi-monthly' });
        assert.deepEqual(
          { ...started, startedAt: 'x' },
          { runId, flow: 'UKG payroll → Odoo', status: 'running', startedAt: 'x', finishedAt: null, counts: {}, note: 'semi-monthly' },
        );
        assert.match(started.startedAt, ISO_UTC);
        await store.addRunCounts(runId, { read: 10, posted: 7 });
        await store.addRunCounts(runId, { posted: 1, failed: 2, duplicates: undefined, skipped: 0.5 });
        const finished = await store.finishRun(runId, 'failed', 'two records failed');
        assert.equal(finished?.status, 'failed');
        assert.equal(finished?.note, 'two records failed');
        assert.match(finished?.finishedAt ?? '', ISO_UTC);
        assert.deepEqual(finished?.counts, { read: 10, posted: 8, failed: 2, skipped: 0.5 });
        assert.deepEqual(await store.getRun(runId), finished);
        assert.equal((await store.finishRun(runId))?.note, 'two records failed', 'no note given keeps the note');
        assert.equal((await store.finishRun(runId, 'finished', null))?.note, null);
      });

      it('adds counts atomically under concurrency, creating an unknown run', async () => {
        const runId = `${ns('run-concurrent')}r`;
        await Promise.all(Array.from({ length: 100 }, () => store.addRunCounts(runId, { posted: 1, read: 2 })));
        const run = await store.getRun(runId);
        assert.equal(run?.status, 'running');
        assert.deepEqual(run?.counts, { posted: 100, read: 200 });
        await rejectsWithCode(store.addRunCounts(runId, { posted: Number.NaN }), 'MLC_STORE_BAD_INPUT');
      });

      it('answers null for unknown runs, and lists runs newest first', async () => {
        const p = ns('runs-list');
        assert.equal(await store.getRun(`${p}none`), null);
        assert.equal(await store.finishRun(`${p}none`), null);
        for (const id of ['older', 'middle', 'newest']) {
          await store.startRun({ runId: `${p}${id}` });
          await sleep(5);
        }
        const listed = (await store.listRuns({ limit: 1000 })).map((r) => r.runId).filter((id) => id.startsWith(p));
        assert.deepEqual(listed, [`${p}newest`, `${p}middle`, `${p}older`]);
        assert.equal((await store.listRuns({ limit: 2 })).length, 2);
        assert.equal((await store.listRuns())[0]?.runId, `${p}newest`);
      });

      it('restarting a run keeps its counts and start time', async () => {
        const runId = `${ns('run-restart')}r`;
        const first = await store.startRun({ runId, flow: 'f' });
        await store.addRunCounts(runId, { read: 3 });
        await store.finishRun(runId);
        const again = await store.startRun({ runId });
        assert.equal(again.status, 'running');
        assert.equal(again.finishedAt, null);
        assert.equal(again.flow, 'f');
        assert.equal(again.startedAt, first.startedAt);
        assert.deepEqual(again.counts, { read: 3 });
      });
    });

    describe('JSON columns', () => {
      it('round-trips nested payloads, envelopes and errors with unicode intact', async () => {
        const key = `${ns('json')}Zürich/東京/🚀`;
        const payload = {
          employee: { name: 'Zoë Ørsted-Nakamura', city: 'São Paulo', script: 'عربى', cjk: '山田太郎', emoji: '👩🏽‍💻🎉' },
          lines: [
            { account: '6100', amount: -1234.56, tags: ['a', 'b'], nested: { deep: { deeper: [1, [2, [3, null]]] } } },
            { account: '6200', amount: 0, memo: 'quote " backslash \\ newline \n tab \t' },
          ],
          flags: { active: true, terminated: false, manager: null },
          big: 9007199254740991,
          tiny: 1e-7,
          empty: { obj: {}, arr: [], str: '' },
        };
        const mlc = { key, runId: 'run-json', source: { system: 'ukg', entity: 'employee', id: 'E-1' }, topic: 'ukg/employee', extra: { é: ['ü'] } };
        const source = { system: 'ukg', entity: 'employee', id: 'Ä-1' };
        await store.claim({ key, owner: 'node-ü', payload, mlc, source, runId: 'run-json' });
        await store.markFailed({ key, owner: 'node-ü', error: { message: 'Kostenstelle „CC-200“ fehlt ✗', code: 'MAP_UNKNOWN', source: 'mlc-map' }, payload, mlc });
        const record = await store.get(key);
        assert.ok(record);
        assert.equal(record.key, key);
        assert.deepEqual(record.payload, payload);
        assert.deepEqual(record.mlc, mlc);
        assert.deepEqual(record.source, source);
        assert.equal(record.claimedBy, null, 'the owner reported the failure: the claim ended');
        assert.deepEqual(record.history.map((h) => h.error.message), ['Kostenstelle „CC-200“ fehlt ✗']);
        assert.deepEqual(record.error, { message: 'Kostenstelle „CC-200“ fehlt ✗', code: 'MAP_UNKNOWN', source: 'mlc-map' });
        const [listed] = await store.list({ key });
        assert.deepEqual(listed, record);
      });

      it('keeps scalar and array payloads, and no payload as null', async () => {
        const p = ns('json-scalars');
        const cases: Array<[string, unknown]> = [['string', 'just text ✓'], ['number', 42], ['array', [1, 'two', { three: 3 }]], ['false', false]];
        await store.markFailedMany(cases.map(([k, payload]) => ({ key: `${p}${k}`, error: { message: 'x' }, payload })));
        for (const [k, payload] of cases) assert.deepEqual((await store.get(`${p}${k}`))?.payload, payload);
        await store.markFailed({ key: `${p}none`, error: { message: 'x' } });
        assert.equal((await store.get(`${p}none`))?.payload, null);
      });
    });

    describe('claim holders, crash recovery and leases', () => {
      const holderOf = (instance: string, process: string) => ({ instance, process });

      it('a restarted instance (same host, same pid, new process start) takes its own orphaned claims back at once', async () => {
        const p = ns('orphans');
        const before = holderOf(`host-1:${p}`, 'start-1');
        const afterRestart = holderOf(`host-1:${p}`, 'start-2');
        const other = holderOf(`host-2:${p}`, 'start-9');
        await store.heartbeat(before, 60_000);
        await store.claimMany(['a', 'b'].map((k) => ({ key: `${p}${k}`, owner: 'dedup-1:old', holder: before })));
        claimedAttempts(await store.claim({ key: `${p}c`, owner: 'dedup-1:other', holder: other }));
        assert.equal(await store.recoverOrphans(afterRestart), 2);
        const a = await store.get(`${p}a`);
        assert.equal(a?.status, 'failed');
        assert.equal(a?.error?.code, 'MLC_CLAIM_ORPHANED');
        assert.match(a?.error?.message ?? '', /dedup-1:old/);
        assert.equal(a?.claimedBy, null);
        assert.equal((await store.get(`${p}c`))?.status, 'claimed', "another instance's live claim is not touched");
        assert.equal(claimedAttempts(await store.claim({ key: `${p}a`, owner: 'dedup-1:new', holder: afterRestart })), 2);
        assert.equal(await store.recoverOrphans(afterRestart), 0, 'its own current claims are not orphans');
      });

      it("a restarted instance gives up the read leases of its earlier start, and no one else's", async () => {
        const p = ns('lease-orphans');
        const instance = `host-1:${p}`;
        await store.acquireLease(`read:${p}a`, `${instance}|start-1`, 60_000);
        await store.acquireLease(`read:${p}b`, `host-2:${p}|start-9`, 60_000);
        await store.acquireLease(`read:${p}c`, `${instance}x|start-1`, 60_000);
        await store.recoverOrphans({ instance, process: 'start-2' });
        assert.equal((await store.acquireLease(`read:${p}a`, `${instance}|start-2`, 60_000)).acquired, true, 'its own earlier lease is free at once');
        assert.equal((await store.acquireLease(`read:${p}b`, `${instance}|start-2`, 60_000)).acquired, false, "another instance's stays");
        assert.equal((await store.acquireLease(`read:${p}c`, `${instance}|start-2`, 60_000)).acquired, false, 'an instance whose name only starts the same stays');
      });

      it('an orphaned claim is taken over at claim time even before recovery ran', async () => {
        const p = ns('orphan-claim');
        await store.claim({ key: `${p}a`, owner: 'dedup:old', holder: holderOf(`h:${p}`, 'start-1') });
        assert.equal(claimedAttempts(await store.claim({ key: `${p}a`, owner: 'dedup:new', holder: holderOf(`h:${p}`, 'start-2') })), 2);
      });

      it("another instance's claim stays in progress while its process lease is live, and is taken once the lease lapses", async () => {
        const p = ns('lease');
        const dying = holderOf(`host-a:${p}`, 'start-a');
        const survivor = holderOf(`host-b:${p}`, 'start-b');
        await store.heartbeat(dying, 150);
        claimedAttempts(await store.claim({ key: `${p}a`, owner: 'dedup-a', holder: dying }));
        const live = await store.claim({ key: `${p}a`, owner: 'dedup-b', holder: survivor });
        assert.equal(live.outcome, 'in-progress');
        await sleep(250);
        assert.equal(claimedAttempts(await store.claim({ key: `${p}a`, owner: 'dedup-b', holder: survivor })), 2);
        const record = await store.get(`${p}a`);
        assert.equal(record?.claimedBy, 'dedup-b');
        assert.match(record?.claimedAt ?? '', ISO_UTC);
      });

      it("a failure reported by someone other than the claim's owner joins the history and leaves the live claim alone", async () => {
        const p = ns('foreign-failure');
        const key = `${p}a`;
        claimedAttempts(await store.claim({ key, owner: 'owner-1', payload: { v: 1 } }));
        await store.markFailed({ key, owner: 'owner-2', error: { message: 'from another instance' } });
        await store.markFailed({ key, error: { message: 'a map rejection of a replayed copy', source: 'mlc-map' } });
        let record = await store.get(key);
        assert.equal(record?.status, 'claimed');
        assert.equal(record?.claimedBy, 'owner-1');
        assert.equal(record?.error, null);
        assert.deepEqual(record?.history.map((h) => h.error.message), ['from another instance', 'a map rejection of a replayed copy']);
        await store.markFailed({ key, owner: 'owner-1', error: { message: 'the owner says: 500' } });
        record = await store.get(key);
        assert.equal(record?.status, 'failed');
        assert.equal(record?.history.length, 3);
      });

      it('every attempt keeps its own error: the first cause is never overwritten, and attempts count up', async () => {
        const p = ns('history');
        const key = `${p}a`;
        await store.markFailed({ key, error: { message: 'cost center CC-500 unknown', source: 'mlc-map', node: 'map-1' } });
        for (let i = 1; i <= 30; i++) await store.markFailed({ key, error: { message: `again ${i}` } });
        const record = await store.get(key);
        assert.equal(record?.attempts, 31);
        assert.equal(record?.history.length, 20);
        assert.deepEqual(record?.history[0]?.error, { message: 'cost center CC-500 unknown', source: 'mlc-map', node: 'map-1' });
        assert.equal(record?.history[1]?.error.message, 'again 12');
        assert.equal(record?.history[19]?.error.message, 'again 30');
        assert.equal(record?.history[19]?.attempt, 31);
        assert.deepEqual(record?.error, { message: 'again 30' });
      });

      it('releaseClaims turns chosen claims into failed with the reason; nothing else', async () => {
        const p = ns('release');
        await store.claimMany(['a', 'b'].map((k) => ({ key: `${p}${k}`, owner: 'stuck' })));
        await store.markFailed({ key: `${p}f`, error: { message: 'x' } });
        assert.equal(await store.releaseClaims({ key: `${p}a` }, 'instance host-9 is gone (by admin)'), 1);
        const a = await store.get(`${p}a`);
        assert.equal(a?.status, 'failed');
        assert.equal(a?.error?.code, 'MLC_CLAIM_RELEASED');
        assert.match(a?.error?.message ?? '', /host-9 is gone/);
        assert.equal((await store.get(`${p}b`))?.status, 'claimed');
        assert.equal(await store.releaseClaims({ keyPrefix: p, status: 'failed' }, 'no'), 0, 'only claims are released');
      });

      it('keeps the record as read apart from msg.mlc, and the flow it belongs to', async () => {
        const p = ns('input');
        const key = `${p}a`;
        const mlc = { key, runId: 'run-i', input: { raw: 'as read' }, claimedBy: 'someone' };
        await store.claim({ key, owner: 'o', mlc, payload: { mapped: true }, flow: 'tab-gl' });
        await store.markFailed({ key, owner: 'o', error: { message: 'x' }, mlc, payload: { mapped: true } });
        const record = await store.get(key);
        assert.deepEqual(record?.input, { raw: 'as read' });
        assert.deepEqual(record?.mlc, { key, runId: 'run-i' });
        assert.equal(record?.flow, 'tab-gl');
        await store.markFailed({ key: `${p}b`, error: { message: 'y' }, input: { raw: 2 }, flow: 'tab-other' });
        assert.deepEqual((await store.list({ keyPrefix: p, flow: 'tab-gl' })).map((r) => r.key), [key]);
        assert.deepEqual((await store.resetForReplay({ keyPrefix: p, flow: 'tab-other' })).map((r) => r.input), [{ raw: 2 }]);
      });

      it('a lease has one holder at a time, is renewed by its holder and free again once lapsed or released', async () => {
        const name = `read:${ns('lease')}`;
        const first = await store.acquireLease(name, 'instance-1', 150);
        assert.equal(first.acquired, true);
        const second = await store.acquireLease(name, 'instance-2', 150);
        assert.equal(second.acquired, false);
        assert.equal(second.lease.holder, 'instance-1');
        assert.match(second.lease.expiresAt, ISO_UTC);
        assert.equal((await store.acquireLease(name, 'instance-1', 150)).acquired, true, 'renewed');
        await sleep(250);
        assert.equal((await store.acquireLease(name, 'instance-2', 10_000)).acquired, true, 'lapsed');
        await store.releaseLease(name, 'instance-1');
        assert.equal((await store.acquireLease(name, 'instance-1', 150)).acquired, false, 'a non-holder cannot release it');
        await store.releaseLease(name, 'instance-2');
        assert.equal((await store.acquireLease(name, 'instance-1', 150)).acquired, true);
        await rejectsWithCode(store.acquireLease('', 'x', 10), 'MLC_STORE_BAD_INPUT');
      });
    });

    describe('payload retention', () => {
      it('drops the payload and the record as read of posted records older than the retention, nothing else', async () => {
        const p = ns('retention');
        await store.claim({ key: `${p}old`, owner: 'o', input: { salary: 91000 } });
        await store.markPosted({ key: `${p}old`, target: target(1), payload: { salary: 91000 } });
        await store.markFailed({ key: `${p}failed`, error: { message: 'x' }, payload: { salary: 1 }, input: { salary: 1 } });
        await sleep(30);
        await store.markPosted({ key: `${p}fresh`, target: target(2), payload: { salary: 2 } });
        // Other tests' posted records share the store: they are old enough too.
        assert.ok((await store.prunePostedPayloads(20)) >= 1);
        const old = await store.get(`${p}old`);
        assert.equal(old?.payload, null);
        assert.equal(old?.input, null);
        assert.deepEqual(old?.target, target(1), 'the target stays: dedup still knows it');
        assert.deepEqual((await store.get(`${p}fresh`))?.payload, { salary: 2 });
        assert.deepEqual((await store.get(`${p}failed`))?.payload, { salary: 1 }, 'failed records keep theirs for replay');
        assert.equal((await store.claim({ key: `${p}old`, owner: 'x' })).outcome, 'duplicate');
        assert.equal(await store.prunePostedPayloads(3_600_000), 0, 'nothing posted an hour ago is left with a payload');
        await rejectsWithCode(store.prunePostedPayloads(-1), 'MLC_STORE_BAD_INPUT');
      });
    });

    describe('lifecycle', () => {
      it('rejects every operation after close with MLC_STORE_CLOSED, and closing twice is harmless', async () => {
        const other = await open();
        assert.ok(other.kind === 'sqlite' || other.kind === 'postgres');
        await other.close();
        await other.close();
        await rejectsWithCode(other.claim({ key: `${ns('closed')}a`, owner: 'x' }), 'MLC_STORE_CLOSED');
        await rejectsWithCode(other.get('x'), 'MLC_STORE_CLOSED');
        await rejectsWithCode(other.listRuns(), 'MLC_STORE_CLOSED');
      });

      it('a second instance on the same database sees what the first wrote', async () => {
        const key = `${ns('shared')}a`;
        await store.markPosted({ key, target: target(1) });
        const other = await open();
        try {
          const result = await other.claim({ key, owner: 'node-z' });
          assert.equal(result.outcome, 'duplicate');
          const record: AuditRecord | null = await other.get(key);
          assert.deepEqual(record, await store.get(key));
        } finally {
          await other.close();
        }
      });
    });
  });
}
