import assert from 'node:assert/strict';
import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { CsvError, LookupTableError, parseCsv } from '../../lib/mapping';
import { CsvTableFile } from '../../lib/mapping/csv-table-file';

describe('CSV parsing (RFC 4180)', () => {
  it('splits plain fields and lines, CRLF or LF, with or without a final line break', () => {
    assert.deepEqual(parseCsv('a,b\r\n1,2\r\n'), [['a', 'b'], ['1', '2']]);
    assert.deepEqual(parseCsv('a,b\n1,2'), [['a', 'b'], ['1', '2']]);
    assert.deepEqual(parseCsv('a,b\r1,2'), [['a', 'b'], ['1', '2']]);
  });

  it('keeps commas, doubled quotes and line breaks inside quoted fields', () => {
    const text = 'key,value\n"CC-200","Sales, West"\n"CC-300","He said ""hi"""\n"CC-400","two\r\nlines"\n';
    assert.deepEqual(parseCsv(text), [
      ['key', 'value'],
      ['CC-200', 'Sales, West'],
      ['CC-300', 'He said "hi"'],
      ['CC-400', 'two\r\nlines'],
    ]);
  });

  it('keeps empty fields, including a quoted empty one and a trailing one', () => {
    assert.deepEqual(parseCsv('a,,""\n,x,\n'), [['a', '', ''], ['', 'x', '']]);
  });

  it('skips blank lines and a byte-order mark', () => {
    assert.deepEqual(parseCsv('\ufeffa,b\n\n1,2\n\n'), [['a', 'b'], ['1', '2']]);
  });

  it('uses another delimiter when told', () => {
    assert.deepEqual(parseCsv('a;b\n"1;5";2', { delimiter: ';' }), [['a', 'b'], ['1;5', '2']]);
    assert.throws(() => parseCsv('a', { delimiter: '"' }), /delimiter/);
  });

  it('refuses malformed quoting, naming the line', () => {
    assert.throws(() => parseCsv('a,b\n"open,2\n'), (err: unknown) => err instanceof CsvError && /unterminated quoted field \(line 2\)/.test(err.message));
    assert.throws(() => parseCsv('a,b\nx"y,2'), /a quote may only start a field \(line 2\)/);
    assert.throws(() => parseCsv('a,b\n"x"y,2'), /a closing quote must end the field \(line 2\)/);
    assert.throws(() => parseCsv('"a\nb",c\n"d'), /unterminated quoted field \(line 3\)/);
  });
});

describe('CSV table files', () => {
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mlc-csv-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads the key and value columns by header name', async () => {
    const path = join(dir, 'cc.csv');
    await writeFile(path, 'name,code,analytic_id\n"Sales, West",CC-200,17\nOps, CC-300 ,18\n,,\n');
    const table = await new CsvTableFile('costCenters', { path, keyColumn: 'code', valueColumn: 'analytic_id', valueType: 'number', delimiter: ',' }).read();
    assert.deepEqual([...table], [['CC-200', 17], ['CC-300', 18]]);
  });

  it('re-reads the file only when it changed', async () => {
    const path = join(dir, 'changing.csv');
    await writeFile(path, 'k,v\na,1\n');
    const file = new CsvTableFile('t', { path, keyColumn: 'k', valueColumn: 'v', valueType: 'string', delimiter: ',' });
    const first = await file.read();
    assert.equal(await file.read(), first, 'unchanged file: the same table object');
    await writeFile(path, 'k,v\na,2\n');
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    const second = await file.read();
    assert.notEqual(second, first);
    assert.equal(second.get('a'), '2');
  });

  it('reads JSON values', async () => {
    const path = join(dir, 'json.csv');
    await writeFile(path, 'k,v\na,"{""id"":1}"\nb,true\n');
    const table = await new CsvTableFile('t', { path, keyColumn: 'k', valueColumn: 'v', valueType: 'json', delimiter: ',' }).read();
    assert.deepEqual(table.get('a'), { id: 1 });
    assert.equal(table.get('b'), true);
  });

  it('explains what is wrong with a file', async () => {
    const read = (name: string, text: string | null, options: Partial<{ keyColumn: string; valueType: 'number' }> = {}): Promise<unknown> => {
      const path = join(dir, name);
      const write = text === null ? Promise.resolve() : writeFile(path, text);
      return write.then(() =>
        new CsvTableFile('t', { path, keyColumn: options.keyColumn ?? 'k', valueColumn: 'v', valueType: options.valueType ?? 'string', delimiter: ',' }).read(),
      );
    };
    const fails = async (promise: Promise<unknown>, pattern: RegExp): Promise<void> => {
      await assert.rejects(promise, (err: unknown) => err instanceof LookupTableError && pattern.test(err.message));
    };
    await fails(read('none.csv', null), /lookup table "t" \(.*none\.csv\): cannot read the file/);
    await fails(read('empty.csv', ''), /the file is empty/);
    await fails(read('cols.csv', 'a,b\n1,2\n'), /no column "k" \(columns: a, b\)/);
    await fails(read('nan.csv', 'k,v\nx,abc\n', { valueType: 'number' }), /data row 1: "abc" is not a number/);
    await fails(read('dup.csv', 'k,v\nx,1\nx,2\n'), /key "x" is listed twice with different values/);
    await fails(read('bad.csv', 'k,v\n"x,1\n'), /unterminated quoted field/);
  });
});
