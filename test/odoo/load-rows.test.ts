// A record's values as load() rows: column names and cell texts, checked on the rows themselves (the
// writer tests check what Odoo makes of them).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FieldInfo } from '../../lib/odoo/client';
import { columnsKey, loadTable, NotLoadable, recordRows, type FieldInfos } from '../../lib/odoo/load-rows';

const info = (type: string, relation?: string): FieldInfo => (relation ? { type, relation } : { type });
const MOVE: FieldInfos = new Map([
  ['name', info('char')],
  ['journal_id', info('many2one', 'account.journal')],
  ['date', info('date')],
  ['checked', info('boolean')],
  ['line_ids', info('one2many', 'account.move.line')],
]);
const LINE: FieldInfos = new Map([
  ['name', info('char')],
  ['account_id', info('many2one', 'account.account')],
  ['tax_ids', info('many2many', 'account.tax')],
  ['debit', info('monetary')],
  ['analytic_distribution', info('json')],
]);
const lines = (): FieldInfos => LINE;
const asObjects = (rows: ReturnType<typeof recordRows>): Array<Record<string, string>> => rows.map((row) => Object.fromEntries(row));

describe('load() rows of a record', () => {
  it('names each column once per field, relations by database id, and writes every cell as text', () => {
    const rows = recordRows(
      'account.move',
      'mlc.k1',
      {
        name: 'Payroll',
        journal_id: { id: 4, name: 'Payroll' },
        date: '2026-11-15T10:00:00Z',
        checked: false,
        line_ids: [
          [0, 0, { name: 'Wages', account_id: 19, tax_ids: [[6, 0, [1, 2]]], debit: 1000.5, analytic_distribution: { '2': 100 } }],
          [0, 0, { name: 'Accrued', account_id: null, debit: '0' }],
        ],
      },
      MOVE,
      lines,
    );
    assert.deepEqual(asObjects(rows), [
      {
        id: 'mlc.k1',
        name: 'Payroll',
        'journal_id/.id': '4',
        date: '2026-11-15',
        checked: '0',
        'line_ids/name': 'Wages',
        'line_ids/account_id/.id': '19',
        'line_ids/tax_ids/.id': '1,2',
        'line_ids/debit': '1000.5',
        'line_ids/analytic_distribution': '{"2":100}',
      },
      { 'line_ids/name': 'Accrued', 'line_ids/account_id/.id': '', 'line_ids/debit': '0' },
    ]);
  });

  it('names a field by its own model\'s type when another model has a field of that name with another type', () => {
    const asText: FieldInfos = new Map([['journal_id', info('char')]]);
    const asRelation = recordRows('account.move', 'mlc.a', { journal_id: 4 }, MOVE, lines);
    const asChar = recordRows('x.model', 'mlc.b', { journal_id: 'PAY' }, asText, lines);
    const again = recordRows('account.move', 'mlc.c', { journal_id: 5 }, MOVE, lines);
    assert.deepEqual([asRelation, asChar, again].map(asObjects), [[{ id: 'mlc.a', 'journal_id/.id': '4' }], [{ id: 'mlc.b', journal_id: 'PAY' }], [{ id: 'mlc.c', 'journal_id/.id': '5' }]]);
  });

  it('refuses what load() cannot create, naming the field', () => {
    const refused = (values: Record<string, unknown>): NotLoadable => {
      try {
        recordRows('account.move', 'mlc.x', values, MOVE, lines);
      } catch (err) {
        assert.ok(err instanceof NotLoadable);
        return err;
      }
      assert.fail('not refused');
    };
    assert.equal(refused({ partner: 1 }).unknownField, true);
    assert.match(refused({ line_ids: [[0, 0, { bogus: 1 }]] }).message, /Invalid field 'bogus' on model 'account.move.line'/);
    assert.match(refused({ line_ids: [[1, 7, { debit: 1 }]] }).message, /only new lines/);
    assert.match(refused({ line_ids: [[0, 0, { debit: 'lots' }]] }).message, /account\.move\.line\.debit: a number was expected/);
    assert.match(refused({ line_ids: [[0, 0, { name: undefined }]] }).message, /line 1 has no values/);
    assert.match(refused({ journal_id: 'PAY' }).message, /account\.move\.journal_id: a record id was expected/);
  });

  it('puts records with the same columns in one table, whatever order their fields came in', () => {
    const a = recordRows('account.move', 'mlc.a', { name: 'A', date: '2026-11-15' }, MOVE, lines);
    const b = recordRows('account.move', 'mlc.b', { date: '2026-11-16', name: 'B' }, MOVE, lines);
    const c = recordRows('account.move', 'mlc.c', { name: 'C' }, MOVE, lines);
    assert.equal(columnsKey(a), columnsKey(b));
    assert.notEqual(columnsKey(a), columnsKey(c));
    assert.deepEqual(loadTable([a, b]), { fields: ['id', 'name', 'date'], rows: [['mlc.a', 'A', '2026-11-15'], ['mlc.b', 'B', '2026-11-16']] });
  });
});
