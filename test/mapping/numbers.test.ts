import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileNumberParser, type NumberFormat } from '../../lib/mapping/numbers';

const US: NumberFormat = { decimal: '.', thousands: ',', negate: false };
const EU: NumberFormat = { decimal: ',', thousands: '.', negate: false };

describe('number parsing', () => {
  it('reads US and European separators', () => {
    const us = compileNumberParser(US);
    const eu = compileNumberParser(EU);
    assert.equal(us('1,234.56'), 1234.56);
    assert.equal(us('-1,234'), -1234);
    assert.equal(eu('1.234,56'), 1234.56);
    assert.equal(eu('0,5'), 0.5);
    assert.equal(compileNumberParser({ decimal: ',', thousands: ' ', negate: false })('1\u00a0234,5'), 1234.5);
    assert.equal(compileNumberParser({ decimal: '.', thousands: "'", negate: false })("1'234.5"), 1234.5);
  });

  it('passes numbers through and reads accounting negatives in parentheses', () => {
    const us = compileNumberParser(US);
    assert.equal(us(42.5), 42.5);
    assert.equal(us('(1,234.50)'), -1234.5);
    assert.equal(us(' +7 '), 7);
    assert.equal(us('1e3'), 1000);
  });

  it('rejects what is not a number in this format (NaN is never a value)', () => {
    const us = compileNumberParser(US);
    const eu = compileNumberParser(EU);
    for (const bad of ['abc', '', '12abc', '1.2.3', '(-5)', '$12', Number.NaN, Number.POSITIVE_INFINITY, null, {}, true]) {
      assert.equal(us(bad), null, `US ${String(bad)}`);
    }
    assert.equal(eu('1,234.56'), null, 'a US amount read with European separators');
    assert.equal(us('1,23.4'), null, 'thousands separators group by three');
    assert.equal(us('1.234,5'), null);
    assert.equal(us('12,345,678.9'), 12345678.9);
    assert.equal(compileNumberParser({ decimal: '.', thousands: '', negate: false })('1,5'), null);
    assert.equal(compileNumberParser({ decimal: ',', thousands: '', negate: false })('1.5'), null);
  });

  it('rounds half away from zero, without binary surprises', () => {
    const two = compileNumberParser({ ...US, round: 2 });
    assert.equal(two('1.005'), 1.01);
    assert.equal(two('-1.005'), -1.01);
    assert.equal(two('2.675'), 2.68);
    assert.equal(two(0.1 + 0.2), 0.3);
    assert.equal(compileNumberParser({ ...US, round: 0 })('2.5'), 3);
  });

  it('flips the sign, never producing -0', () => {
    const flip = compileNumberParser({ ...US, negate: true });
    assert.equal(flip('1,000.25'), -1000.25);
    assert.equal(flip('-3'), 3);
    assert.ok(Object.is(flip('0'), 0));
  });
});
