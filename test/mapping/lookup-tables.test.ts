import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { compileMapping, layerTables, LookupTableError, tableFromRows, tablesFromLookups, TableSet } from '../../lib/mapping';

describe('lookup tables', () => {
  it('reads msg.lookups as objects or arrays of {key, value}', () => {
    const tables = tablesFromLookups({ costCenters: { 'CC-200': 17 }, accounts: [{ key: 6100, value: { id: 61 } }] }, 'msg.lookups');
    assert.equal(tables.get('costCenters')?.get('CC-200'), 17);
    assert.deepEqual(tables.get('accounts')?.get('6100'), { id: 61 });
  });

  it('names the bad table in msg.lookups', () => {
    assert.throws(() => tablesFromLookups('nope', 'msg.lookups'), /msg.lookups must be an object of tables/);
    assert.throws(() => tablesFromLookups({ cc: [{ key: 'a' }] }, 'msg.lookups'), (err: unknown) => err instanceof LookupTableError && /msg.lookups.cc: 0.value/.test(err.message));
    assert.throws(() => tablesFromLookups({ cc: { a: () => 1 } }, 'msg.lookups'), /msg.lookups.cc: a/);
    assert.throws(() => tablesFromLookups({ cc: [{ key: {}, value: 1 }] }, 'msg.lookups'), /msg.lookups.cc/);
  });

  it('refuses a key listed twice with different values, accepts repeats of the same', () => {
    assert.throws(() => tableFromRows('cc', [{ key: 'a', value: 1 }, { key: 'a', value: 2 }]), /key "a" is listed twice/);
    assert.equal(tableFromRows('cc', [{ key: 'a', value: 1 }, { key: ' a ', value: 1 }]).size, 1);
  });

  it('later layers replace whole tables of the same name', () => {
    const merged = layerTables(new Map([['cc', new Map([['a', 1], ['b', 2]])]]), new Map([['cc', new Map([['a', 9]])]]), null);
    assert.deepEqual([...(merged.get('cc') ?? [])], [['a', 9]]);
  });

  it('refuses keys that differ only by case when a rule ignores case', () => {
    const mapping = compileMapping({ rules: [{ op: 'lookup', target: 'x', from: 'x', table: 'cc', caseInsensitive: true }] });
    assert.throws(() => mapping.prepare(new Map([['cc', new Map([['ab', 1], ['AB', 2]])]])), /keys "ab" and "AB" differ only by case/);
    assert.doesNotThrow(() => mapping.prepare(new Map([['cc', new Map([['ab', 1], ['AB', 1]])]])));
  });

  it('a TableSet builds typed-in tables once and loads CSV tables relative to a base directory', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mlc-tables-'));
    try {
      await writeFile(join(dir, 'acc.csv'), 'code;id\n6100;61\n', 'utf8');
      const set = new TableSet(
        [
          { name: 'cc', source: 'rows', rows: [{ key: 'CC-200', value: 17 }] },
          { name: 'acc', source: 'csv', path: 'acc.csv', keyColumn: 'code', valueColumn: 'id', valueType: 'number', delimiter: ';' },
        ],
        (p) => join(dir, p),
      );
      const tables = await set.load();
      assert.equal(tables.get('cc')?.get('CC-200'), 17);
      assert.equal(tables.get('acc')?.get('6100'), 61);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a TableSet names the bad table source', () => {
    assert.throws(() => new TableSet([{ name: 'cc', source: 'csv', path: 'x.csv', keyColumn: '', valueColumn: 'v' }]), /lookup table 1 "cc": keyColumn: key column is empty/);
    assert.throws(() => new TableSet([{ name: 'cc', source: 'rows', rows: [] }, { name: 'cc', source: 'rows', rows: [] }]), /lookup table "cc" is defined twice/);
    assert.throws(() => new TableSet([{ source: 'rows', rows: [] }]), /lookup table 1: name/);
  });
});
