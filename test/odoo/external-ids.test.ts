import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { externalIdName } from '../../lib/odoo/external-ids';

describe('externalIdName', () => {
  it('keeps a key that is already a valid name', () => {
    assert.equal(externalIdName('ukg_payrun_2026_11_15'), 'ukg_payrun_2026_11_15');
  });

  it('replaces other characters and adds a hash, so keys that sanitize alike stay apart', () => {
    const a = externalIdName('ukg:payrun:2026-11-15:GL:6100:CC-200');
    const b = externalIdName('ukg:payrun:2026-11-15:GL:6100:CC_200');
    assert.match(a, /^ukg_payrun_2026_11_15_GL_6100_CC_200_[0-9a-f]{16}$/);
    assert.match(b, /^ukg_payrun_2026_11_15_GL_6100_CC_200_[0-9a-f]{16}$/);
    assert.notEqual(a, b);
    assert.equal(externalIdName('ukg:payrun:2026-11-15:GL:6100:CC-200'), a, 'stable');
    assert.doesNotMatch(externalIdName('a b.c/d'), /[ ./]/);
  });

  it('bounds long keys to 120 characters with a hash of the whole key', () => {
    const long = 'x'.repeat(300);
    const name = externalIdName(long);
    assert.equal(name.length, 120);
    assert.notEqual(externalIdName(`${long}y`), name);
  });
});
