import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerFor, faultOf, ids, newEngine, records } from './helpers';

describe('odoo engine: create', () => {
  it('one dict returns one id, a list of dicts a list of ids', () => {
    const call = callerFor(newEngine());
    const single = call('res.partner', 'create', [{ name: 'Solo Supply', supplier_rank: 1 }]);
    assert.equal(typeof single, 'number');
    const many = ids(call('res.partner', 'create', [[{ name: 'Batch A' }, { name: 'Batch B' }]]));
    assert.equal(many.length, 2);
    assert.equal(many[1], many[0]! + 1);
    assert.deepEqual(ids(call('res.partner', 'create', [[]])), []);
    // By keyword, as vals_list.
    assert.equal(typeof call('res.partner', 'create', [], { vals_list: { name: 'Keyword Supply' } }), 'number');
  });

  it('applies defaults and stores what was given', () => {
    const call = callerFor(newEngine());
    const id = call('res.partner', 'create', [{ name: 'Defaults Inc.' }]) as number;
    const [partner] = records(call('res.partner', 'read', [[id], ['active', 'type', 'supplier_rank', 'is_company', 'email', 'company_id']]));
    assert.deepEqual(partner, { id, active: true, type: 'contact', supplier_rank: 0, is_company: false, email: false, company_id: false });
  });

  it('a batch is all or nothing: one bad record leaves nothing created', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    const before = engine.snapshotCounts()['res.partner'];
    const fault = faultOf(() => call('res.partner', 'create', [[{ name: 'Good One' }, { name: 'Good Two' }, { name: 'Bad', no_such_field: 1 }]]));
    assert.equal(fault.exceptionClass, 'builtins.ValueError');
    assert.equal(fault.message, "Invalid field 'no_such_field' in 'res.partner'");
    assert.equal(engine.snapshotCounts()['res.partner'], before);
    assert.equal(call('res.partner', 'search_count', [[['name', 'like', 'Good']]]), 0);
  });

  it('rolls back nested records too (an order and its lines)', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    const before = engine.snapshotCounts();
    faultOf(() =>
      call('purchase.order', 'create', [
        [
          { partner_id: 1, order_line: [[0, 0, { product_id: 1, product_qty: 2, price_unit: 10 }]] },
          { partner_id: 1, order_line: [[0, 0, { product_id: 99999, product_qty: 1 }]] },
        ],
      ]),
    );
    assert.deepEqual(engine.snapshotCounts(), before);
  });

  it('a missing required field is a ValidationError worded like the NOT NULL IntegrityError', () => {
    const call = callerFor(newEngine());
    const fault = faultOf(() => call('account.account', 'create', [{ name: 'No Code', account_type: 'expense' }]));
    assert.equal(fault.exceptionClass, 'odoo.exceptions.ValidationError');
    assert.equal(
      fault.message,
      'The operation cannot be completed:\n- Create/update: a mandatory field is not set.\n' +
        '- Delete: another model requires the record being deleted. If possible, archive it instead.\n\n' +
        'Model: Account (account.account)\nField: Code (code)\n',
    );
  });

  it('a many2one to a record that does not exist is a foreign key ValidationError', () => {
    const call = callerFor(newEngine());
    const fault = faultOf(() => call('res.partner', 'create', [{ name: 'Orphan', parent_id: 424242 }]));
    assert.equal(fault.exceptionClass, 'odoo.exceptions.ValidationError');
    assert.match(fault.message, /another model requires the record being deleted[\s\S]*Constraint: res_partner_parent_id_fkey/);
  });

  it('wrong values are refused: selection, integer, date', () => {
    const call = callerFor(newEngine());
    assert.equal(
      faultOf(() => call('res.partner', 'create', [{ name: 'X', type: 'alien' }])).message,
      "Wrong value for res.partner.type: 'alien'",
    );
    assert.equal(
      faultOf(() => call('res.partner', 'create', [{ name: 'X', supplier_rank: 'many' }])).message,
      "invalid literal for int() with base 10: 'many'",
    );
    assert.match(faultOf(() => call('hr.employee', 'create', [{ name: 'X', departure_date: '10/31/2026' }])).message, /does not match format '%Y-%m-%d'/);
  });

  it('unique constraints (SQL) report their message', () => {
    const call = callerFor(newEngine());
    const fault = faultOf(() => call('account.account', 'create', [{ code: '6100', name: 'Duplicate', account_type: 'expense' }]));
    assert.equal(fault.exceptionClass, 'odoo.exceptions.ValidationError');
    assert.equal(fault.message, 'The operation cannot be completed: The code of the account must be unique per company!');
  });

  it('context default_* keys fill fields the caller left out; default_get shows them', () => {
    const call = callerFor(newEngine());
    const bill = call('account.move', 'create', [{ partner_id: 6, invoice_date: '2026-11-12' }], { context: { default_move_type: 'in_invoice' } }) as number;
    const [read] = records(call('account.move', 'read', [[bill], ['move_type', 'journal_id']]));
    assert.deepEqual(read, { id: bill, move_type: 'in_invoice', journal_id: [2, 'Vendor Bills'] });
    assert.deepEqual(call('account.move', 'default_get', [['move_type', 'state', 'company_id', 'ref']], { context: { default_ref: 'X-1' } }), {
      move_type: 'entry',
      state: 'draft',
      company_id: 1,
      ref: 'X-1',
    });
  });

  it('rounds monetary amounts to the cent', () => {
    const call = callerFor(newEngine());
    const move = call('account.move', 'create', [
      {
        journal_id: 4,
        line_ids: [
          [0, 0, { account_id: 19, debit: 100.005 }],
          [0, 0, { account_id: 7, credit: 100.005 }],
        ],
      },
    ]) as number;
    const lines = records(call('account.move.line', 'search_read', [[['move_id', '=', move]]], { fields: ['debit', 'credit'], order: 'id' }));
    assert.deepEqual(lines.map((line) => [line['debit'], line['credit']]), [[100.01, 0], [0, 100.01]]);
  });
});

describe('odoo engine: write and unlink', () => {
  it('write changes every given record and returns true', () => {
    const call = callerFor(newEngine());
    const created = ids(call('res.partner', 'create', [[{ name: 'W1' }, { name: 'W2' }]]));
    assert.equal(call('res.partner', 'write', [created, { supplier_rank: 4, email: 'w@example.com' }]), true);
    for (const partner of records(call('res.partner', 'read', [created, ['supplier_rank', 'email']]))) {
      assert.equal(partner['supplier_rank'], 4);
      assert.equal(partner['email'], 'w@example.com');
    }
    // False and None clear a value
    call('res.partner', 'write', [created, { email: false }]);
    call('res.partner', 'write', [[created[0]], { email: null }]);
    assert.deepEqual(records(call('res.partner', 'read', [created, ['email']])).map((p) => p['email']), [false, false]);
  });

  it('writes to missing ids are a MissingError with Odoo text', () => {
    const call = callerFor(newEngine());
    const fault = faultOf(() => call('res.partner', 'write', [[1, 999999], { name: 'Ghost' }]));
    assert.equal(fault.exceptionClass, 'odoo.exceptions.MissingError');
    assert.equal(fault.message, 'Record does not exist or has been deleted.\n(Record: res.partner(999999,), User: 2)');
    const read = faultOf(() => call('res.partner', 'read', [[999998, 999999], ['name']]));
    assert.equal(read.message, 'Record does not exist or has been deleted.\n(Record: res.partner(999998, 999999), User: 2)');
  });

  it('writes to unknown fields fail; writes to computed and log fields are ignored', () => {
    const call = callerFor(newEngine());
    assert.equal(faultOf(() => call('res.partner', 'write', [[1], { colour: 'red' }])).message, "Invalid field 'colour' in 'res.partner'");
    call('purchase.order', 'write', [[1], { amount_total: 1, write_date: '2000-01-01 00:00:00', notes: 'checked' }]);
    const [order] = records(call('purchase.order', 'read', [[1], ['amount_total', 'write_date', 'notes']]));
    assert.equal(order!['notes'], 'checked');
    assert.notEqual(order!['amount_total'], 1);
    assert.notEqual(order!['write_date'], '2000-01-01 00:00:00');
  });

  it('unlink deletes and returns true; the records are gone for read and search', () => {
    const call = callerFor(newEngine());
    const [a, b] = ids(call('res.partner', 'create', [[{ name: 'U1' }, { name: 'U2' }]]));
    assert.equal(call('res.partner', 'unlink', [[a]]), true);
    assert.equal(faultOf(() => call('res.partner', 'read', [[a], ['name']])).exceptionClass, 'odoo.exceptions.MissingError');
    assert.deepEqual(ids(call('res.partner', 'search', [[['name', 'in', ['U1', 'U2']]]])), [b]);
    assert.equal(faultOf(() => call('res.partner', 'unlink', [[a]])).exceptionClass, 'odoo.exceptions.MissingError');
  });

  it('unlink follows ondelete: restrict refuses, cascade deletes lines, set null clears links', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    // restrict: a vendor with purchase orders
    const restricted = faultOf(() => call('res.partner', 'unlink', [[1]]));
    assert.equal(restricted.exceptionClass, 'odoo.exceptions.ValidationError');
    assert.match(restricted.message, /^The operation cannot be completed: another model requires the record being deleted/);
    // cascade: a draft order takes its lines along
    const lineCount = call('purchase.order.line', 'search_count', [[['order_id', '=', 6]]]);
    assert.ok((lineCount as number) > 0);
    call('purchase.order', 'unlink', [[6]]);
    assert.equal(call('purchase.order.line', 'search_count', [[['order_id', '=', 6]]]), 0);
    // set null: the manager of a department
    const [department] = records(call('hr.department', 'search_read', [[['name', '=', 'Administration']]], { fields: ['manager_id'] }));
    const managerId = (department!['manager_id'] as [number, string])[0];
    call('hr.employee', 'write', [[managerId], { department_id: false }]);
    call('hr.employee', 'unlink', [[managerId]]);
    const [after] = records(call('hr.department', 'read', [[department!['id']], ['manager_id']]));
    assert.equal(after!['manager_id'], false);
  });
});

describe('odoo engine: x2many commands', () => {
  function newMove(call: ReturnType<typeof callerFor>, lines: unknown[]): number {
    return call('account.move', 'create', [{ journal_id: 4, ref: 'cmd test', line_ids: lines }]) as number;
  }
  const lineIds = (call: ReturnType<typeof callerFor>, move: number): number[] =>
    (records(call('account.move', 'read', [[move], ['line_ids']]))[0]!['line_ids'] as number[]).slice().sort((a, b) => a - b);

  it('(0, 0, vals) creates lines linked to the new move', () => {
    const call = callerFor(newEngine());
    const move = newMove(call, [
      [0, 0, { account_id: 19, name: 'Wages', debit: 500 }],
      [0, 0, { account_id: 7, name: 'Accrued', credit: 500 }],
    ]);
    const lines = records(call('account.move.line', 'search_read', [[['move_id', '=', move]]], { fields: ['name', 'debit', 'credit', 'move_id'], order: 'id' }));
    assert.deepEqual(lines.map((line) => line['name']), ['Wages', 'Accrued']);
    assert.deepEqual(lines[0]!['move_id'], [move, 'Draft Entry (* ' + move + ') (cmd test)']);
  });

  it('(1, id, vals) updates, (2, id, 0) deletes, all in one balanced write', () => {
    const call = callerFor(newEngine());
    const move = newMove(call, [
      [0, 0, { account_id: 19, debit: 500 }],
      [0, 0, { account_id: 7, credit: 300 }],
      [0, 0, { account_id: 8, credit: 200 }],
    ]);
    const [debitLine, , thirdLine] = lineIds(call, move);
    call('account.move', 'write', [[move], { line_ids: [[1, debitLine, { debit: 300 }], [2, thirdLine, 0]] }]);
    const lines = records(call('account.move.line', 'search_read', [[['move_id', '=', move]]], { fields: ['debit', 'credit'], order: 'id' }));
    assert.deepEqual(lines.map((line) => [line['debit'], line['credit']]), [[300, 0], [0, 300]]);
    assert.equal(call('account.move.line', 'search_count', [[['id', '=', thirdLine]]]), 0);
  });

  it('(5, 0, 0) clears and (6, 0, ids) replaces; removed move lines are deleted (required inverse)', () => {
    const call = callerFor(newEngine());
    const move = newMove(call, [
      [0, 0, { account_id: 19, debit: 50 }],
      [0, 0, { account_id: 7, credit: 50 }],
    ]);
    const before = lineIds(call, move);
    call('account.move', 'write', [[move], { line_ids: [[5, 0, 0], [0, 0, { account_id: 19, debit: 70 }], [0, 0, { account_id: 7, credit: 70 }]] }]);
    const after = lineIds(call, move);
    assert.equal(after.length, 2);
    assert.ok(after.every((id) => !before.includes(id)));
    assert.equal(call('account.move.line', 'search_count', [[['id', 'in', before]]]), 0);
    call('account.move', 'write', [[move], { line_ids: [[6, 0, after]] }]);
    assert.deepEqual(lineIds(call, move), after);
  });

  it('(3, id) unlinks and (4, id) links on a many2many-like one2many without a required inverse', () => {
    const call = callerFor(newEngine());
    const company = call('res.partner', 'create', [{ name: 'Parent Co', is_company: true }]) as number;
    const person = call('res.partner', 'create', [{ name: 'Loose Person' }]) as number;
    call('res.partner', 'write', [[company], { child_ids: [[4, person, 0]] }]);
    assert.deepEqual(records(call('res.partner', 'read', [[company], ['child_ids']]))[0]!['child_ids'], [person]);
    call('res.partner', 'write', [[company], { child_ids: [[3, person, 0]] }]);
    assert.deepEqual(records(call('res.partner', 'read', [[company], ['child_ids']]))[0]!['child_ids'], []);
    // unlinked, not deleted: parent_id is optional
    assert.deepEqual(records(call('res.partner', 'read', [[person], ['parent_id']]))[0]!['parent_id'], false);
  });

  it('an unbalanced result of commands is refused and nothing changes', () => {
    const call = callerFor(newEngine());
    const move = newMove(call, [
      [0, 0, { account_id: 19, debit: 10 }],
      [0, 0, { account_id: 7, credit: 10 }],
    ]);
    const before = lineIds(call, move);
    const fault = faultOf(() => call('account.move', 'write', [[move], { line_ids: [[0, 0, { account_id: 19, debit: 5 }]] }]));
    assert.equal(fault.exceptionClass, 'odoo.exceptions.UserError');
    assert.deepEqual(lineIds(call, move), before);
  });

  it('invalid commands are refused', () => {
    const call = callerFor(newEngine());
    assert.match(faultOf(() => call('account.move', 'write', [[1], { line_ids: [[9, 0, 0]] }])).message, /^Invalid x2many command/);
  });
});
