// load(fields, rows) in the engine: records and their external ids in one transaction, Odoo's answer
// shape ({ids, messages, nextrow}), and nothing written when any record fails.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerFor, faultOf, newEngine, records, type Caller } from './helpers';

const PAY_JOURNAL = 4;
const WAGES_6100 = 19;
const ACCRUED_WAGES_2100 = 7;

const FIELDS = ['id', 'move_type', 'journal_id/.id', 'date', 'ref', 'line_ids/account_id/.id', 'line_ids/name', 'line_ids/debit', 'line_ids/credit', 'line_ids/analytic_distribution'];

/** One entry as rows: the entry's own cells with its first line, then one continuation row per further line. */
function entryRows(xmlid: string, ref: string, debit: string, credit: string, account = String(WAGES_6100)): string[][] {
  return [
    [xmlid, 'entry', String(PAY_JOURNAL), '2026-11-15', ref, account, 'Wages CC-200', debit, '0', '{"2": 100}'],
    ['', '', '', '', '', String(ACCRUED_WAGES_2100), 'Net wages', '0', credit, ''],
  ];
}

interface LoadAnswer {
  ids: number[] | false;
  messages: Array<Record<string, unknown>>;
  nextrow: number;
}

function load(call: Caller, rows: string[][], context: Record<string, unknown> = {}, fields = FIELDS): LoadAnswer {
  return call('account.move', 'load', [fields, rows], { context }) as unknown as LoadAnswer;
}

function count(call: Caller, model: string, domain: unknown[] = []): number {
  return call(model, 'search_count', [domain]) as number;
}

describe('odoo engine: load()', () => {
  it('creates entries with their lines and external ids in one call', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    const answer = load(call, [...entryRows('mlc.pay_1', 'Pay 1', '100', '100'), ...entryRows('mlc.pay_2', 'Pay 2', '250.5', '250.5')]);
    assert.deepEqual(answer.messages, []);
    assert.equal(answer.nextrow, 0);
    assert.ok(Array.isArray(answer.ids) && answer.ids.length === 2);
    assert.deepEqual(engine.xmlidToResId('mlc.pay_1'), { model: 'account.move', id: answer.ids[0] });
    assert.deepEqual(engine.xmlidToResId('mlc.pay_2'), { model: 'account.move', id: answer.ids[1] });
    const lines = records(call('account.move.line', 'search_read', [[['move_id', '=', answer.ids[1]]]], { fields: ['debit', 'credit', 'analytic_distribution', 'account_id'], order: 'id' }));
    assert.deepEqual(
      lines.map((l) => [l['debit'], l['credit'], l['analytic_distribution']]),
      [
        [250.5, 0, { '2': 100 }],
        [0, 250.5, false],
      ],
    );
    assert.equal(records(call('account.move', 'read', [[answer.ids[0]], ['state']]))[0]!['state'], 'draft');
  });

  it('finds an existing external id instead of creating again; in update mode a noupdate one is left as it is', () => {
    const call = callerFor(newEngine());
    const first = load(call, entryRows('mlc.pay_1', 'Pay 1', '100', '100'), { mode: 'update', noupdate: true });
    const moves = count(call, 'account.move');
    const lines = count(call, 'account.move.line');
    const again = load(call, entryRows('mlc.pay_1', 'Pay 1 changed', '100', '100'), { mode: 'update', noupdate: true });
    assert.deepEqual(again.ids, first.ids);
    assert.equal(count(call, 'account.move'), moves);
    assert.equal(count(call, 'account.move.line'), lines, 'no second set of lines');
    assert.equal(records(call('account.move', 'read', [first.ids, ['ref']]))[0]!['ref'], 'Pay 1');
    const noupdate = records(call('ir.model.data', 'search_read', [[['module', '=', 'mlc'], ['name', '=', 'pay_1']]], { fields: ['noupdate'] }));
    assert.equal(noupdate[0]!['noupdate'], true);
    // The default (init) mode writes the values onto the record the external id names.
    load(call, [[...entryRows('mlc.pay_1', 'Pay 1 changed', '100', '100')[0]!.slice(0, 5)]], {}, FIELDS.slice(0, 5));
    assert.equal(records(call('account.move', 'read', [first.ids, ['ref']]))[0]!['ref'], 'Pay 1 changed');
  });

  it('writes nothing when one record fails, and says which record and rows', () => {
    const call = callerFor(newEngine());
    const moves = count(call, 'account.move');
    const xmlids = count(call, 'ir.model.data');
    const answer = load(call, [...entryRows('mlc.ok_1', 'OK', '10', '10'), ...entryRows('mlc.bad', 'Bad', '10', '9'), ...entryRows('mlc.ok_2', 'OK 2', '5', '5')]);
    assert.equal(answer.ids, false);
    assert.equal(answer.messages.length, 1);
    const [message] = answer.messages;
    assert.equal(message!['type'], 'error');
    assert.equal(message!['record'], 1);
    assert.deepEqual(message!['rows'], { from: 2, to: 3 });
    assert.match(String(message!['message']), /is not balanced/);
    assert.equal(count(call, 'account.move'), moves);
    assert.equal(count(call, 'ir.model.data'), xmlids);
  });

  it('reports a reference to a missing account on the lines field, naming the path', () => {
    const call = callerFor(newEngine());
    const answer = load(call, entryRows('mlc.pay_1', 'Pay 1', '10', '10', '999999'));
    assert.equal(answer.ids, false);
    const errors = answer.messages.filter((m) => m['type'] === 'error');
    assert.equal(errors[0]!['field'], 'line_ids');
    assert.equal(errors[0]!['record'], 0);
    assert.equal(errors[0]!['message'], "No matching record found for database id '999999' in field 'Journal Items/Account'");
  });

  it('creates the record again when its external id names a deleted one', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    const first = load(call, entryRows('mlc.pay_1', 'Pay 1', '10', '10'));
    call('account.move', 'unlink', [first.ids]);
    const again = load(call, entryRows('mlc.pay_1', 'Pay 1', '10', '10'));
    assert.ok(Array.isArray(again.ids) && Array.isArray(first.ids) && again.ids[0] !== first.ids[0]);
    assert.deepEqual(engine.xmlidToResId('mlc.pay_1'), { model: 'account.move', id: (again.ids as number[])[0] });
    assert.equal(count(call, 'ir.model.data', [['module', '=', 'mlc']]), 1);
  });

  it('archives and unarchives through the active column, as text', () => {
    const call = callerFor(newEngine());
    const created = call('hr.employee', 'load', [['id', 'name', 'active'], [['mlc.emp_1', 'Ann Example', '0']]]) as unknown as LoadAnswer;
    assert.deepEqual(created.messages, []);
    const id = (created.ids as number[])[0]!;
    assert.equal(count(call, 'hr.employee', [['id', '=', id]]), 0, 'archived');
    assert.deepEqual((call('hr.employee', 'load', [['id', 'active'], [['mlc.emp_1', '1']]]) as unknown as LoadAnswer).ids, [id]);
    assert.equal(count(call, 'hr.employee', [['id', '=', id]]), 1, 'unarchived');
    // JSON booleans are not text: the converter calls .lower() on them, as Odoo does.
    const fault = faultOf(() => call('hr.employee', 'load', [['id', 'active'], [['mlc.emp_1', true]]]));
    assert.equal(fault.exceptionClass, 'builtins.AttributeError');
  });

  it('an unknown column fails the whole call with a KeyError', () => {
    const call = callerFor(newEngine());
    const fault = faultOf(() => call('res.partner', 'load', [['id', 'no_such_field'], [['mlc.p', 'x']]]));
    assert.equal(fault.exceptionClass, 'builtins.KeyError');
  });
});
