import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unkeyedKey } from '../../lib/envelope';
import { sortOutcomes, type MapResult } from '../../lib/mapping';

const OK = (key?: string): MapResult => (key ? { ok: true, value: { mapped: true }, key } : { ok: true, value: { mapped: true } });
const NO = (key?: string): MapResult => {
  const reasons = [{ field: 'a', code: 'missing' as const, message: 'field "a" is missing (source "a")' }];
  return key ? { ok: false, reasons, key } : { ok: false, reasons };
};

describe('sorting map results into outgoing records', () => {
  it("a single record keeps its msg.mlc; a template key replaces the key and keeps the read's as readKey", () => {
    const mlc = { key: 'given', runId: 'r1' };
    assert.deepEqual(sortOutcomes([{}], [OK()], { batch: false, mlc, keyUnkeyedRejections: false }).mapped[0]?.mlc, mlc);
    assert.deepEqual(sortOutcomes([{}], [OK('derived')], { batch: false, mlc, keyUnkeyedRejections: false }).mapped[0]?.mlc, { key: 'derived', runId: 'r1', readKey: 'given' });
    // Mapped a second time: the read's key stays the first one; mapped back to it, there is nothing to follow.
    const again = { key: 'derived', readKey: 'given' };
    assert.deepEqual(sortOutcomes([{}], [OK('other')], { batch: false, mlc: again, keyUnkeyedRejections: false }).mapped[0]?.mlc, { key: 'other', readKey: 'given' });
    assert.deepEqual(sortOutcomes([{}], [OK('given')], { batch: false, mlc: again, keyUnkeyedRejections: false }).mapped[0]?.mlc, { key: 'given' });
  });

  it("records of a read's page take their read keys from msg.mlc.keys by position", () => {
    const mlc = { runId: 'r1', keys: ['read:1', 'read:2'] };
    const out = sortOutcomes([{}, {}], [OK('a'), NO()], { batch: true, mlc, keyUnkeyedRejections: false });
    assert.equal(out.mapped[0]?.mlc?.['readKey'], 'read:1');
    assert.equal(out.rejected[0]?.mlc?.['readKey'], undefined, 'a rejection with no key of its own has nothing to link');
    const uneven = sortOutcomes([{}], [OK('a')], { batch: true, mlc, keyUnkeyedRejections: false });
    assert.equal(uneven.mapped[0]?.mlc?.['readKey'], undefined, 'keys that do not line up with the records are not guessed at');
  });

  it('a rejection carries the source record, the reasons and code MLC_MAP_REJECTED', () => {
    const record = { a: '' };
    const { rejected } = sortOutcomes([record], [NO()], { batch: false, mlc: { key: 'k1' }, keyUnkeyedRejections: false });
    assert.equal(rejected[0]?.record, record);
    assert.deepEqual(rejected[0]?.mlc, { key: 'k1' });
    assert.equal(rejected[0]?.error.code, 'MLC_MAP_REJECTED');
    assert.equal(rejected[0]?.error.message, 'record rejected: field "a" is missing (source "a")');
    assert.equal(rejected[0]?.error.reasons.length, 1);
  });

  it('records of a batch do not inherit the batch key, but keep the rest of its envelope', () => {
    const mlc = { key: 'batch-1', runId: 'r1' };
    const { mapped, rejected } = sortOutcomes([{}, {}, {}], [OK(), NO(), NO('own')], { batch: true, mlc, keyUnkeyedRejections: false });
    assert.deepEqual(mapped[0]?.mlc, { runId: 'r1' });
    assert.deepEqual(rejected[0]?.mlc, { runId: 'r1' });
    assert.deepEqual(rejected[1]?.mlc, { key: 'own', runId: 'r1' });
  });

  it('with a store, an unkeyed rejection gets a key derived from the record, the same one audit derives', () => {
    const record = { b: 2, a: 1 };
    const { rejected } = sortOutcomes([record], [NO()], { batch: true, mlc: undefined, keyUnkeyedRejections: true });
    const key = rejected[0]?.mlc?.key;
    assert.equal(key, unkeyedKey({ a: 1, b: 2 }));
    assert.match(String(key), /^unkeyed:[0-9a-f]+$/);
  });

  it('without a store and without keys, a batch record has no envelope', () => {
    const { rejected } = sortOutcomes([{}], [NO()], { batch: true, mlc: undefined, keyUnkeyedRejections: false });
    assert.equal(rejected[0]?.mlc, undefined);
  });
});
