import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileMapping, LookupTableError, type LookupTables, type MapResult, type MappingSpecInput } from '../../lib/mapping';

const COST_CENTERS: LookupTables = new Map([
  ['costCenters', new Map<string, unknown>([['CC-200', 17], ['CC-300', 18]])],
  ['accounts', new Map<string, unknown>([['GL-6100', { id: 61, code: '6100' }]])],
]);

function mapOne(spec: MappingSpecInput, record: unknown, tables: LookupTables = COST_CENTERS, mlc?: unknown): MapResult {
  return compileMapping(spec).prepare(tables, mlc).mapSync(record);
}

function mapped(result: MapResult): Record<string, unknown> {
  if (!result.ok) assert.fail(`rejected: ${JSON.stringify(result.reasons)}`);
  return result.value;
}

function reasons(result: MapResult): Array<{ field: string; code: string; message: string }> {
  if (result.ok) assert.fail(`mapped: ${JSON.stringify(result.value)}`);
  return result.reasons;
}

describe('mapping ops', () => {
  it('copy and rename read dotted source paths and write dotted targets', () => {
    const out = mapped(
      mapOne(
        {
          rules: [
            { op: 'copy', target: 'partner.name', from: 'employee.name' },
            { op: 'rename', target: 'ref', from: 'id' },
            { op: 'copy', target: 'firstLine', from: 'lines.0.amount' },
          ],
        },
        { id: 'E1', employee: { name: 'Ann' }, lines: [{ amount: 5 }], ignored: true },
      ),
    );
    assert.deepEqual(out, { partner: { name: 'Ann' }, ref: 'E1', firstLine: 5 });
  });

  it('constant writes a JSON value, a fresh copy for every record', () => {
    const mapper = compileMapping({ rules: [{ op: 'constant', target: 'tags', value: { journal: 'PAY', ids: [1] } }] }).prepare(new Map());
    const a = mapped(mapper.mapSync({}));
    const b = mapped(mapper.mapSync({}));
    assert.deepEqual(a, { tags: { journal: 'PAY', ids: [1] } });
    assert.notEqual(a.tags, b.tags, 'records must not share one object');
    assert.deepEqual(mapped(mapOne({ rules: [{ op: 'constant', target: 'x', value: null }] }, {})), { x: null });
  });

  it('date parses with the input format and writes the output format', () => {
    const out = mapped(
      mapOne(
        {
          rules: [
            { op: 'date', target: 'date', from: 'payDate', inputFormat: 'MM/DD/YYYY' },
            { op: 'date', target: 'at', from: 'ts', inputFormat: 'epoch-ms', outputFormat: 'ISO' },
            { op: 'date', target: 'us', from: 'iso', inputFormat: 'ISO', outputFormat: 'MM/DD/YYYY' },
          ],
        },
        { payDate: '11/15/2026', ts: Date.UTC(2026, 10, 15, 8), iso: '2026-11-15' },
      ),
    );
    assert.deepEqual(out, { date: '2026-11-15', at: '2026-11-15T08:00:00.000Z', us: '11/15/2026' });
  });

  it('date rejects an impossible date with a message naming field, value and format', () => {
    const [reason] = reasons(mapOne({ rules: [{ op: 'date', target: 'payDate', from: 'd' }] }, { d: '2026-02-30' }));
    assert.deepEqual(reason, {
      field: 'payDate',
      code: 'invalid_date',
      message: 'field "payDate": "2026-02-30" is not a valid date (format YYYY-MM-DD)',
    });
  });

  it('number parses with separators, rounding and sign flip', () => {
    const spec: MappingSpecInput = {
      rules: [
        { op: 'number', target: 'debit', from: 'amount', decimal: ',', thousands: '.', round: 2 },
        { op: 'number', target: 'credit', from: 'deduction', negate: true },
      ],
    };
    assert.deepEqual(mapped(mapOne(spec, { amount: '1.234,567', deduction: 20 })), { debit: 1234.57, credit: -20 });
    const [reason] = reasons(mapOne(spec, { amount: 'twelve', deduction: 1 }));
    assert.equal(reason?.code, 'invalid_number');
    assert.equal(reason?.message, 'field "debit": "twelve" is not a valid number (decimal separator ",", thousands separator ".")');
  });

  it('lookup finds the value; numbers find string keys', () => {
    const spec: MappingSpecInput = { rules: [{ op: 'lookup', target: 'analytic_id', from: 'cc', table: 'costCenters' }] };
    assert.deepEqual(mapped(mapOne(spec, { cc: 'CC-200' })), { analytic_id: 17 });
    assert.deepEqual(mapped(mapOne(spec, { cc: ' CC-300 ' })), { analytic_id: 18 });
    const numeric: LookupTables = new Map([['costCenters', new Map<string, unknown>([['6100', 'x']])]]);
    assert.deepEqual(mapped(mapOne(spec, { cc: 6100 }, numeric)), { analytic_id: 'x' });
  });

  it('lookup miss: reject by default, with a labelled message', () => {
    const [reason] = reasons(
      mapOne({ rules: [{ op: 'lookup', target: 'analytic_id', from: 'cc', table: 'costCenters', label: 'cost center' }] }, { cc: 'CC-999' }),
    );
    assert.deepEqual(reason, { field: 'analytic_id', code: 'lookup_miss', message: 'cost center "CC-999" not found in table "costCenters"' });
  });

  it('lookup miss: default value, or pass the value through', () => {
    assert.deepEqual(
      mapped(mapOne({ rules: [{ op: 'lookup', target: 'a', from: 'cc', table: 'costCenters', onMiss: 'default', default: 0 }] }, { cc: 'nope' })),
      { a: 0 },
    );
    assert.deepEqual(
      mapped(mapOne({ rules: [{ op: 'lookup', target: 'a', from: 'cc', table: 'costCenters', onMiss: 'passThrough' }] }, { cc: 'nope' })),
      { a: 'nope' },
    );
  });

  it('lookup ignores case when asked', () => {
    const spec: MappingSpecInput = { rules: [{ op: 'lookup', target: 'a', from: 'cc', table: 'costCenters', caseInsensitive: true }] };
    assert.deepEqual(mapped(mapOne(spec, { cc: 'cc-200' })), { a: 17 });
    assert.equal(reasons(mapOne({ rules: [{ op: 'lookup', target: 'a', from: 'cc', table: 'costCenters' }] }, { cc: 'cc-200' }))[0]?.code, 'lookup_miss');
  });

  it('lookup refuses keys that are objects', () => {
    const [reason] = reasons(mapOne({ rules: [{ op: 'lookup', target: 'a', from: 'cc', table: 'costCenters' }] }, { cc: { code: 'CC-200' } }));
    assert.equal(reason?.code, 'invalid_key');
  });

  it('lookup copies object values, so records do not share them', () => {
    const mapper = compileMapping({ rules: [{ op: 'lookup', target: 'account', from: 'gl', table: 'accounts' }] }).prepare(COST_CENTERS);
    const a = mapped(mapper.mapSync({ gl: 'GL-6100' }));
    const b = mapped(mapper.mapSync({ gl: 'GL-6100' }));
    assert.deepEqual(a.account, { id: 61, code: '6100' });
    assert.notEqual(a.account, b.account);
  });

  it('a table a lookup rule needs must be loaded', () => {
    const mapping = compileMapping({ rules: [{ op: 'lookup', target: 'a', from: 'cc', table: 'missing' }] });
    assert.deepEqual(mapping.tableNames, ['missing']);
    assert.throws(() => mapping.prepare(COST_CENTERS), (err: unknown) => {
      assert.ok(err instanceof LookupTableError);
      assert.match(err.message, /lookup table "missing" is not loaded \(known tables: costCenters, accounts\)/);
      return true;
    });
  });

  it('jsonata evaluates against the source record, with $lookup bound to the tables', async () => {
    const mapping = compileMapping({
      rules: [
        { op: 'jsonata', target: 'name', expression: 'first & " " & last' },
        { op: 'jsonata', target: 'analytic', expression: '$lookup("costCenters", cc)' },
        { op: 'jsonata', target: 'viaObject', expression: '$lookup({"a": 1}, "a")' },
        { op: 'jsonata', target: 'missing', expression: '$lookup("costCenters", "CC-999")' },
      ],
    });
    assert.equal(mapping.isAsync, true);
    const result = await mapping.prepare(COST_CENTERS).map({ first: 'Ann', last: 'Lee', cc: 'CC-200' });
    assert.deepEqual(mapped(result), { name: 'Ann Lee', analytic: 17, viaObject: 1 });
  });

  it('jsonata: an error or a required value with no result is a rejection; a default fills in', async () => {
    const mapping = compileMapping({
      rules: [
        { op: 'jsonata', target: 'boom', expression: '$lookup("noSuchTable", cc)' },
        { op: 'jsonata', target: 'needed', expression: 'nothing', required: true },
        { op: 'jsonata', target: 'filled', expression: 'nothing', default: 'n/a' },
      ],
    });
    const result = await mapping.prepare(COST_CENTERS).map({ cc: 'CC-200' });
    const got = reasons(result);
    assert.deepEqual(
      got.map((r) => [r.field, r.code]),
      [
        ['boom', 'expression_error'],
        ['needed', 'missing'],
      ],
    );
    assert.match(got[0]?.message ?? '', /field "boom": the expression failed: \$lookup: no lookup table "noSuchTable"/);
    assert.equal(got[1]?.message, 'field "needed": the expression produced no value');
  });

  it('mapSync refuses a mapping with JSONata; map() works for any mapping', async () => {
    const withJsonata = compileMapping({ rules: [{ op: 'jsonata', target: 'a', expression: '1' }] }).prepare(new Map());
    assert.throws(() => withJsonata.mapSync({}), /use map\(\)/);
    const plain = compileMapping({ rules: [{ op: 'constant', target: 'a', value: 1 }] }).prepare(new Map());
    assert.deepEqual(mapped(await plain.map({})), { a: 1 });
  });
});

describe('required, default and missing values', () => {
  it('rules that read a source are required by default: missing, null and "" are rejections naming the field', () => {
    for (const op of ['copy', 'rename', 'date', 'number'] as const) {
      for (const record of [{}, { src: null }, { src: '' }]) {
        const [reason] = reasons(mapOne({ rules: [{ op, target: 'out', from: 'src' }] }, record));
        assert.deepEqual(reason, { field: 'out', code: 'missing', message: 'field "out" is missing (source "src")' }, `${op} ${JSON.stringify(record)}`);
      }
    }
    const [lookup] = reasons(mapOne({ rules: [{ op: 'lookup', target: 'out', from: 'cc', table: 'costCenters', label: 'cost center' }] }, {}));
    assert.equal(lookup?.message, 'cost center is missing (source "cc")');
  });

  it('not required: the field is left out', () => {
    assert.deepEqual(mapped(mapOne({ rules: [{ op: 'copy', target: 'out', from: 'src', required: false }] }, {})), {});
  });

  it('a default is written when the source value is missing, as given (not converted)', () => {
    const out = mapped(
      mapOne(
        {
          rules: [
            { op: 'copy', target: 'a', from: 'x', default: 'none' },
            { op: 'number', target: 'b', from: 'x', default: 0 },
            { op: 'date', target: 'c', from: 'x', default: null, required: false },
          ],
        },
        {},
      ),
    );
    assert.deepEqual(out, { a: 'none', b: 0, c: null });
  });

  it('a record that is not an object is rejected as a whole', () => {
    for (const record of ['text', 42, null, [1, 2]]) {
      const [reason] = reasons(mapOne({ rules: [{ op: 'constant', target: 'a', value: 1 }] }, record));
      assert.equal(reason?.code, 'not_an_object');
      assert.equal(reason?.field, '(record)');
    }
  });
});

describe('all reasons are collected', () => {
  it('every failing rule, the output schema and the key are reported, in rule order', () => {
    const result = mapOne(
      {
        key: 'gl:{runId}:{account}',
        rules: [
          { op: 'copy', target: 'name', from: 'employee.name', type: 'string' },
          { op: 'lookup', target: 'line.analytic_account_id', from: 'cc', table: 'costCenters', label: 'cost center', type: 'integer' },
          { op: 'date', target: 'payDate', from: 'payDate' },
          { op: 'number', target: 'amount', from: 'amount' },
          { op: 'copy', target: 'hours', from: 'hours', type: 'number' },
        ],
      },
      { employee: {}, cc: 'CC-999', payDate: '2026-02-30', amount: 'abc', hours: 'eight' },
      COST_CENTERS,
      { runId: 'r1' },
    );
    assert.deepEqual(
      reasons(result).map((r) => r.message),
      [
        'field "name" is missing (source "employee.name")',
        'cost center "CC-999" not found in table "costCenters"',
        'field "payDate": "2026-02-30" is not a valid date (format YYYY-MM-DD)',
        'field "amount": "abc" is not a valid number (decimal separator ".")',
        'field "hours" must be a number, got "eight"',
        'key template "gl:{runId}:{account}": {account} has no value in the record or msg.mlc',
      ],
    );
  });
});

describe('keep mode', () => {
  it('starts from a copy of the source; rename moves the field; the source is not changed', () => {
    const source = { id: 'E1', cc: 'CC-200', line: { memo: 'x' }, extra: 1 };
    const before = structuredClone(source);
    const out = mapped(
      mapOne(
        {
          keep: true,
          rules: [
            { op: 'rename', target: 'ref', from: 'id' },
            { op: 'lookup', target: 'line.analytic_id', from: 'cc', table: 'costCenters' },
            { op: 'copy', target: 'ccCopy', from: 'cc' },
          ],
        },
        source,
      ),
    );
    assert.deepEqual(out, { ref: 'E1', cc: 'CC-200', line: { memo: 'x', analytic_id: 17 }, extra: 1, ccCopy: 'CC-200' });
    assert.deepEqual(source, before, 'the source record (and its nested objects) are untouched');
  });

  it('without keep, only the targets are in the output', () => {
    assert.deepEqual(mapped(mapOne({ rules: [{ op: 'rename', target: 'ref', from: 'id' }] }, { id: 'E1', other: 2 })), { ref: 'E1' });
  });
});

describe('key template', () => {
  it('reads the source record first, then msg.mlc', () => {
    const result = mapOne({ key: 'ukg:gl:{runId}:{account}:{cc}', rules: [{ op: 'copy', target: 'a', from: 'account' }] }, { account: 6100, cc: 'CC-200' }, COST_CENTERS, {
      runId: '2026-11-15',
      key: 'ignored',
    });
    assert.equal(result.ok, true);
    assert.equal(result.key, 'ukg:gl:2026-11-15:6100:CC-200');
  });

  it('a rejected record still gets its key when the template resolves', () => {
    const result = mapOne({ key: 'k:{id}', rules: [{ op: 'copy', target: 'a', from: 'missing' }] }, { id: 7 });
    assert.equal(result.ok, false);
    assert.equal(result.key, 'k:7');
  });
});
