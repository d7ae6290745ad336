import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerFor, faultOf, newEngine, records, type Caller } from './helpers';

const PAY_JOURNAL = 4;
const WAGES_6100 = 19;
const ACCRUED_WAGES_2100 = 7;
const PAYROLL_TAXES_2200 = 9;
const MATERIALS_5000 = 16;

function payrollEntry(call: Caller, debit: number, credit: number, context?: Record<string, unknown>): number {
  return call(
    'account.move',
    'create',
    [
      {
        move_type: 'entry',
        journal_id: PAY_JOURNAL,
        date: '2026-11-15',
        ref: 'Payroll 2026-11-01..2026-11-15',
        line_ids: [
          [0, 0, { account_id: WAGES_6100, name: 'Wages CC-200', debit, analytic_distribution: { '2': 100 } }],
          [0, 0, { account_id: ACCRUED_WAGES_2100, name: 'Net wages', credit }],
        ],
      },
    ],
    context ? { context } : {},
  ) as number;
}

/** The requested fields of one move, without the `id` read always adds. */
function readMove(call: Caller, id: number, fields: string[]): Record<string, unknown> {
  const { id: _id, ...values } = records(call('account.move', 'read', [[id], fields]))[0]!;
  return values;
}

describe('odoo engine: journal entries', () => {
  it('computes amount_total and each line balance', () => {
    const call = callerFor(newEngine());
    const move = payrollEntry(call, 1250.5, 1250.5);
    assert.equal(readMove(call, move, ['amount_total'])['amount_total'], 1250.5);
    const lines = records(call('account.move.line', 'search_read', [[['move_id', '=', move]]], { fields: ['balance', 'debit', 'credit'], order: 'id' }));
    assert.deepEqual(lines.map((line) => line['balance']), [1250.5, -1250.5]);
  });

  it('posts a balanced entry: state posted, number from the journal sequence, returns False', () => {
    const call = callerFor(newEngine());
    const move = payrollEntry(call, 800, 800);
    assert.deepEqual(readMove(call, move, ['name', 'state', 'display_name']), {
      name: '/',
      state: 'draft',
      display_name: `Draft Entry (* ${move}) (Payroll 2026-11-01..2026-11-15)`,
    });
    assert.equal(call('account.move', 'action_post', [[move]]), false);
    assert.deepEqual(readMove(call, move, ['name', 'state', 'display_name']), {
      name: 'PAY/2026/11/0001',
      state: 'posted',
      display_name: 'PAY/2026/11/0001 (Payroll 2026-11-01..2026-11-15)',
    });
    const second = payrollEntry(call, 10, 10);
    call('account.move', 'action_post', [[second]]);
    assert.equal(readMove(call, second, ['name'])['name'], 'PAY/2026/11/0002');
  });

  it('numbers the moves of one action_post in order, each prefix continuing from its own highest number', () => {
    const call = callerFor(newEngine());
    const inMonth = (date: string): number => {
      const id = payrollEntry(call, 5, 5);
      call('account.move', 'write', [[id], { date }]);
      return id;
    };
    const earlier = [inMonth('2026-11-20'), inMonth('2026-11-21')];
    call('account.move', 'action_post', [earlier]);
    const batch = [inMonth('2026-11-22'), inMonth('2026-12-01'), inMonth('2026-11-23'), inMonth('2026-12-02')];
    call('account.move', 'action_post', [batch]);
    const names = (ids: number[]): unknown[] => ids.map((id) => readMove(call, id, ['name'])['name']);
    assert.deepEqual(names(earlier), ['PAY/2026/11/0001', 'PAY/2026/11/0002']);
    assert.deepEqual(names(batch), ['PAY/2026/11/0003', 'PAY/2026/12/0001', 'PAY/2026/11/0004', 'PAY/2026/12/0002']);
  });

  it('refuses to create an unbalanced entry, with Odoo\'s message', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    const before = engine.snapshotCounts()['account.move'];
    const fault = faultOf(() => payrollEntry(call, 1000, 999.99));
    assert.equal(fault.exceptionClass, 'odoo.exceptions.UserError');
    const [, moveId] = /\(\* (\d+)\)/.exec(fault.message) ?? [];
    assert.equal(
      fault.message,
      'An error has occurred.\n\n' +
        `The move (Draft Entry (* ${moveId}) (Payroll 2026-11-01..2026-11-15)) is not balanced.\n` +
        'The total of debits equals $\u00a01,000.00 and the total of credits equals $\u00a0999.99.\n' +
        'You might want to specify a default account on journal "Payroll" to automatically balance each move.',
    );
    assert.equal(engine.snapshotCounts()['account.move'], before);
  });

  it('action_post of an unbalanced entry (saved with check_move_validity off) fails and stays draft', () => {
    const call = callerFor(newEngine());
    const move = payrollEntry(call, 100, 90, { check_move_validity: false });
    const fault = faultOf(() => call('account.move', 'action_post', [[move]]));
    assert.equal(fault.exceptionClass, 'odoo.exceptions.UserError');
    assert.match(fault.message, /^An error has occurred\.\n\nThe move \(PAY\/2026\/11\/0001 \(Payroll 2026-11-01\.\.2026-11-15\)\) is not balanced\.\n/);
    assert.match(fault.message, /The total of debits equals \$\u00a0100\.00 and the total of credits equals \$\u00a090\.00\./);
    assert.deepEqual(readMove(call, move, ['state', 'name']), { state: 'draft', name: '/' });
  });

  it('balances to the cent: a difference below half a cent is balanced', () => {
    const call = callerFor(newEngine());
    const move = call('account.move', 'create', [
      {
        journal_id: PAY_JOURNAL,
        line_ids: [
          [0, 0, { account_id: WAGES_6100, debit: 0.1 }],
          [0, 0, { account_id: WAGES_6100, debit: 0.2 }],
          [0, 0, { account_id: ACCRUED_WAGES_2100, credit: 0.3 }],
        ],
      },
    ]) as number;
    assert.equal(call('account.move', 'action_post', [[move]]), false);
  });

  it('cannot post without lines, or twice', () => {
    const call = callerFor(newEngine());
    const empty = call('account.move', 'create', [{ journal_id: PAY_JOURNAL }]) as number;
    const noLines = faultOf(() => call('account.move', 'action_post', [[empty]]));
    assert.equal(noLines.exceptionClass, 'odoo.exceptions.UserError');
    assert.equal(noLines.message, 'You need to add a line before posting.');
    const move = payrollEntry(call, 5, 5);
    call('account.move', 'action_post', [[move]]);
    assert.equal(faultOf(() => call('account.move', 'action_post', [[move]])).message, `The entry PAY/2026/11/0001 (id ${move}) is already posted.`);
  });

  it('button_draft resets a posted entry, keeping its number; posted entries cannot be deleted', () => {
    const call = callerFor(newEngine());
    const move = payrollEntry(call, 5, 5);
    call('account.move', 'action_post', [[move]]);
    assert.equal(faultOf(() => call('account.move', 'unlink', [[move]])).message, 'You cannot delete an entry which has been posted once.');
    assert.equal(faultOf(() => call('account.move.line', 'unlink', [[readMove(call, move, ['line_ids'])['line_ids'] as number[]][0]!])).exceptionClass, 'odoo.exceptions.UserError');
    assert.equal(call('account.move', 'button_draft', [[move]]), false);
    assert.deepEqual(readMove(call, move, ['state', 'name']), { state: 'draft', name: 'PAY/2026/11/0001' });
    assert.equal(faultOf(() => call('account.move', 'button_draft', [[move]])).message, 'Only posted/cancelled journal entries can be reset to draft.');
    call('account.move', 'action_post', [[move]]);
    assert.equal(readMove(call, move, ['name'])['name'], 'PAY/2026/11/0001');
  });

  it('a line without an account is refused', () => {
    const call = callerFor(newEngine());
    const fault = faultOf(() => payrollEntryWithoutAccount(call));
    assert.equal(fault.message, 'The operation cannot be completed: Missing required account on accountable line.');
  });

  it('debit and credit given together fold into one balance', () => {
    const call = callerFor(newEngine());
    const move = call('account.move', 'create', [
      {
        journal_id: PAY_JOURNAL,
        line_ids: [
          [0, 0, { account_id: WAGES_6100, debit: 100, credit: 40 }],
          [0, 0, { account_id: PAYROLL_TAXES_2200, balance: -60 }],
        ],
      },
    ]) as number;
    const lines = records(call('account.move.line', 'search_read', [[['move_id', '=', move]]], { fields: ['debit', 'credit'], order: 'id' }));
    assert.deepEqual(lines.map((line) => [line['debit'], line['credit']]), [[60, 0], [0, 60]]);
  });

  it('lines read their date, journal and state from the move', () => {
    const call = callerFor(newEngine());
    const move = payrollEntry(call, 5, 5);
    const [line] = records(call('account.move.line', 'search_read', [[['move_id', '=', move]]], { fields: ['date', 'journal_id', 'parent_state', 'analytic_distribution'], limit: 1, order: 'id' }));
    assert.deepEqual(line, { id: line!['id'], date: '2026-11-15', journal_id: [PAY_JOURNAL, 'Payroll'], parent_state: 'draft', analytic_distribution: { '2': 100 } });
  });
});

function payrollEntryWithoutAccount(call: Caller): unknown {
  return call('account.move', 'create', [{ journal_id: PAY_JOURNAL, line_ids: [[0, 0, { name: 'no account', debit: 0 }]] }]);
}

describe('odoo engine: vendor bills', () => {
  function bill(call: Caller, vals: Record<string, unknown> = {}): number {
    return call('account.move', 'create', [
      {
        move_type: 'in_invoice',
        partner_id: 3,
        invoice_date: '2026-11-10',
        date: '2026-11-10',
        ref: 'SSF-90001',
        invoice_line_ids: [
          [0, 0, { name: 'Rebar #5', quantity: 100, price_unit: 18.5, account_id: MATERIALS_5000 }],
          [0, 0, { name: 'Delivery', quantity: 1, price_unit: 75, account_id: MATERIALS_5000 }],
        ],
        ...vals,
      },
    ]) as number;
  }

  it('balances product lines with a payable line and totals the bill', () => {
    const call = callerFor(newEngine());
    const move = bill(call);
    const read = readMove(call, move, ['journal_id', 'amount_total', 'invoice_line_ids', 'line_ids', 'state']);
    assert.deepEqual(read['journal_id'], [2, 'Vendor Bills']);
    assert.equal(read['amount_total'], 1925);
    assert.equal((read['invoice_line_ids'] as number[]).length, 2);
    assert.equal((read['line_ids'] as number[]).length, 3);
    const payable = records(call('account.move.line', 'search_read', [[['move_id', '=', move], ['display_type', '=', 'payment_term']]], { fields: ['account_id', 'credit', 'partner_id'] }));
    assert.deepEqual(payable[0]!['account_id'], [6, '2000 Accounts Payable']);
    assert.equal(payable[0]!['credit'], 1925);
    assert.deepEqual(payable[0]!['partner_id'], [3, 'Summit Steel Fabricators']);
  });

  it('follows line changes and posts as BILL/yyyy/mm/nnnn', () => {
    const call = callerFor(newEngine());
    const move = bill(call);
    const [first] = readMove(call, move, ['invoice_line_ids'])['invoice_line_ids'] as number[];
    call('account.move', 'write', [[move], { invoice_line_ids: [[1, first, { quantity: 200 }]] }]);
    assert.equal(readMove(call, move, ['amount_total'])['amount_total'], 3775);
    call('account.move', 'action_post', [[move]]);
    assert.deepEqual(readMove(call, move, ['name', 'state', 'invoice_date_due']), { name: 'BILL/2026/11/0001', state: 'posted', invoice_date_due: '2026-11-10' });
  });

  it('needs a vendor and a bill date to post', () => {
    const call = callerFor(newEngine());
    const noVendor = bill(call, { partner_id: false });
    assert.equal(
      faultOf(() => call('account.move', 'action_post', [[noVendor]])).message,
      "The field 'Vendor' is required, please complete it to validate the Vendor Bill.",
    );
    const noDate = bill(call, { invoice_date: false });
    assert.equal(faultOf(() => call('account.move', 'action_post', [[noDate]])).message, 'The Bill/Refund date is required to validate this document.');
  });

  it('a purchase document must use a purchase journal', () => {
    const call = callerFor(newEngine());
    const fault = faultOf(() => bill(call, { journal_id: PAY_JOURNAL }));
    assert.equal(fault.exceptionClass, 'odoo.exceptions.ValidationError');
    assert.equal(fault.message, 'Cannot create a purchase document in a non purchase journal');
  });
});
