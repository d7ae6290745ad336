import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMapping, type MapResult } from '../../lib/mapping';

function check(type: string, value: unknown, required = true): MapResult {
  return compileMapping({ rules: [{ op: 'constant', target: 'out.field', value: value as null, type: type as 'any', required }] })
    .prepare(new Map())
    .mapSync({});
}

describe('output schema', () => {
  const accepted: Array<[string, unknown]> = [
    ['string', 'x'],
    ['number', 1.5],
    ['integer', 3],
    ['boolean', false],
    ['date', '2026-11-15'],
    ['date', '2026-11-15T08:00:00.000Z'],
    ['date', '2026-11-15T08:00:00+02:00'],
    ['object', { a: 1 }],
    ['array', [1]],
    ['any', 'anything'],
  ];
  for (const [type, value] of accepted) {
    it(`accepts ${JSON.stringify(value)} as ${type}`, () => assert.equal(check(type, value).ok, true));
  }

  const refused: Array<[string, unknown, string]> = [
    ['string', 5, 'field "out.field" must be a string, got 5'],
    ['number', '5', 'field "out.field" must be a number, got "5"'],
    ['integer', 1.5, 'field "out.field" must be a whole number, got 1.5'],
    ['boolean', 'true', 'field "out.field" must be true or false, got "true"'],
    ['date', '2026-02-30', 'field "out.field" must be a date (YYYY-MM-DD or an ISO date-time), got "2026-02-30"'],
    ['date', '11/15/2026', 'field "out.field" must be a date (YYYY-MM-DD or an ISO date-time), got "11/15/2026"'],
    ['object', [1], 'field "out.field" must be an object, got [1]'],
    ['array', { a: 1 }, 'field "out.field" must be an array, got {"a":1}'],
    ['string', null, 'field "out.field" is required but has no value'],
    ['any', null, 'field "out.field" is required but has no value'],
  ];
  for (const [type, value, message] of refused) {
    it(`refuses ${JSON.stringify(value)} as a required ${type}, naming the field`, () => {
      const result = check(type, value);
      assert.equal(result.ok, false);
      if (!result.ok) assert.deepEqual(result.reasons.map((r) => [r.field, r.message]), [['out.field', message]]);
    });
  }

  it('an optional field may be absent or null, but not of the wrong type', () => {
    assert.equal(check('number', null, false).ok, true);
    assert.equal(compileMapping({ rules: [{ op: 'copy', target: 'n', from: 'n', type: 'number', required: false }] }).prepare(new Map()).mapSync({}).ok, true);
    assert.equal(check('number', 'x', false).ok, false);
  });

  it('uses the label in type messages', () => {
    const result = compileMapping({ rules: [{ op: 'copy', target: 'h', from: 'h', type: 'number', label: 'hours worked' }] })
      .prepare(new Map())
      .mapSync({ h: 'eight' });
    assert.equal(result.ok ? '' : result.reasons[0]?.message, 'hours worked must be a number, got "eight"');
  });

  it('does not report a field twice when its rule already rejected it', () => {
    const result = compileMapping({ rules: [{ op: 'copy', target: 'line.id', from: 'id', type: 'integer' }] })
      .prepare(new Map())
      .mapSync({});
    assert.equal(result.ok, false);
    if (!result.ok) assert.deepEqual(result.reasons.map((r) => r.code), ['missing']);
  });

  it('checks only the listed fields in keep mode', () => {
    const result = compileMapping({ keep: true, rules: [{ op: 'copy', target: 'n', from: 'n', type: 'number' }] })
      .prepare(new Map())
      .mapSync({ n: 1, other: 'whatever' });
    assert.deepEqual(result, { ok: true, value: { n: 1, other: 'whatever' } });
  });
});
