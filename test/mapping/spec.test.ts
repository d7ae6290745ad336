import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMapping, MappingSpecError, parseMappingSpec } from '../../lib/mapping';

function specError(spec: unknown): string {
  try {
    compileMapping(spec);
  } catch (err) {
    assert.ok(err instanceof MappingSpecError, `expected MappingSpecError, got ${String(err)}`);
    assert.equal(err.code, 'MLC_MAP_BAD_SPEC');
    return err.message;
  }
  assert.fail('the spec was accepted');
}

describe('mapping spec', () => {
  it('fills defaults for options a rule leaves out', () => {
    const spec = parseMappingSpec({
      rules: [
        { op: 'number', target: 'amount', from: 'amt' },
        { op: 'date', target: 'date', from: 'd' },
        { op: 'lookup', target: 'cc', from: 'cc', table: 't' },
      ],
    });
    assert.equal(spec.keep, false);
    assert.deepEqual(spec.rules[0], { op: 'number', target: 'amount', from: 'amt', decimal: '.', thousands: '', negate: false, type: 'any' });
    assert.deepEqual(spec.rules[1], { op: 'date', target: 'date', from: 'd', inputFormat: 'YYYY-MM-DD', outputFormat: 'YYYY-MM-DD', type: 'any' });
    assert.deepEqual(spec.rules[2], { op: 'lookup', target: 'cc', from: 'cc', table: 't', onMiss: 'reject', caseInsensitive: false, type: 'any' });
  });

  it('names the bad rule by number and target', () => {
    const message = specError({
      rules: [
        { op: 'copy', target: 'a', from: 'a' },
        { op: 'number', target: 'amount', from: 'amt', round: 20 },
      ],
    });
    assert.match(message, /^invalid mapping spec: rule 2 \(target "amount"\): round: /);
  });

  it('names an unknown op and lists the known ones', () => {
    assert.match(specError({ rules: [{ op: 'moveit', target: 'x' }] }), /rule 1 \(target "x"\): op "moveit" is not one of copy, rename, constant, jsonata, date, number, lookup/);
  });

  it('says which option is missing', () => {
    assert.match(specError({ rules: [{ op: 'copy', target: 'x' }] }), /rule 1 \(target "x"\): from is required/);
    assert.match(specError({ rules: [{ op: 'lookup', target: 'x', from: 'y' }] }), /rule 1 \(target "x"\): table is required/);
  });

  it('refuses unknown options, so a typo in a hand-written spec is not silently ignored', () => {
    assert.match(specError({ rules: [{ op: 'copy', target: 'x', form: 'y', from: 'y' }] }), /rule 1 \(target "x"\): .*"form"/);
  });

  it('refuses an empty rule list and bad paths', () => {
    assert.match(specError({ rules: [] }), /rules: a mapping needs at least one rule/);
    assert.match(specError({ rules: [{ op: 'copy', target: 'a..b', from: 'x' }] }), /rule 1 \(target "a..b"\): target: must be a field path/);
    assert.match(specError('not a spec'), /invalid mapping spec/);
  });

  it('refuses two rules writing the same field or a field inside another', () => {
    assert.match(
      specError({ rules: [{ op: 'copy', target: 'a', from: 'x' }, { op: 'copy', target: 'a', from: 'y' }] }),
      /rule 2 \(target "a"\): target: clashes with target "a" of rule 1/,
    );
    assert.match(
      specError({ rules: [{ op: 'copy', target: 'line', from: 'x' }, { op: 'copy', target: 'line.id', from: 'y' }] }),
      /rule 2 \(target "line.id"\): target: clashes with target "line" of rule 1/,
    );
  });

  it('checks options that depend on each other', () => {
    assert.match(specError({ rules: [{ op: 'lookup', target: 'x', from: 'y', table: 't', onMiss: 'default' }] }), /onMiss "default" needs a default value/);
    assert.match(specError({ rules: [{ op: 'number', target: 'x', from: 'y', decimal: ',', thousands: ',' }] }), /thousands separator must differ/);
    assert.match(specError({ rules: [{ op: 'date', target: 'x', from: 'y', inputFormat: 'DD/MM' }] }), /inputFormat: date format "DD\/MM" needs a year/);
    assert.match(specError({ rules: [{ op: 'date', target: 'x', from: 'y', outputFormat: 'MM/DD/YYYY', type: 'date' }] }), /type "date" needs outputFormat YYYY-MM-DD or ISO/);
  });

  it('reports a JSONata syntax error at compile time, naming the rule', () => {
    assert.match(specError({ rules: [{ op: 'jsonata', target: 'memo', expression: 'a & (' }] }), /rule 1 \(target "memo"\): expression: /);
  });

  it('reports a bad key template', () => {
    assert.throws(() => compileMapping({ key: 'gl:{account', rules: [{ op: 'copy', target: 'a', from: 'a' }] }), /unmatched "\{"/);
    assert.throws(() => compileMapping({ key: 'same-for-all', rules: [{ op: 'copy', target: 'a', from: 'a' }] }), /at least one \{field\}/);
  });

  it('lists at most three problems and counts the rest', () => {
    const rules = Array.from({ length: 5 }, (_, i) => ({ op: 'copy', target: `t${i}` }));
    assert.match(specError({ rules }), /\(and 2 more\)$/);
  });
});
