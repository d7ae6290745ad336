import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerFor, faultOf, ids, newEngine, records, TEST_NOW } from './helpers';

describe('odoo engine: purchase orders', () => {
  it('numbers new orders from the sequence and totals their lines', () => {
    const call = callerFor(newEngine());
    const order = call('purchase.order', 'create', [
      {
        partner_id: 3,
        order_line: [
          [0, 0, { product_id: 3, product_qty: 40, price_unit: 18.5, analytic_distribution: { '3': 100 } }],
          [0, 0, { product_id: 6, product_qty: 3, price_unit: 84.99 }],
        ],
      },
    ]) as number;
    const [read] = records(call('purchase.order', 'read', [[order], ['name', 'state', 'amount_total', 'date_order', 'currency_id', 'user_id']]));
    assert.deepEqual(read, {
      id: order,
      name: 'P00011',
      state: 'draft',
      amount_total: 994.97,
      date_order: TEST_NOW,
      currency_id: [2, 'USD'],
      user_id: [2, 'Mitchell Admin'],
    });
    const lines = records(call('purchase.order.line', 'search_read', [[['order_id', '=', order]]], { fields: ['name', 'price_subtotal', 'date_planned', 'analytic_distribution'] }));
    assert.deepEqual(lines.map((line) => line['name']), ['[REBAR-5] Rebar #5 Grade 60 (20 ft)', '[PPE-KIT] Safety PPE Kit']);
    assert.deepEqual(lines.map((line) => line['price_subtotal']), [740, 254.97]);
    assert.equal(lines[0]!['date_planned'], TEST_NOW);
    assert.deepEqual(lines[1]!['analytic_distribution'], false);
  });

  it('a product line needs a product', () => {
    const call = callerFor(newEngine());
    const fault = faultOf(() => call('purchase.order', 'create', [{ partner_id: 3, order_line: [[0, 0, { name: 'Misc', product_qty: 1, price_unit: 5 }]] }]));
    assert.equal(fault.message, 'The operation cannot be completed: Missing required fields on accountable purchase order line.');
  });

  it('button_confirm confirms drafts; confirmed orders cannot be deleted, nor their lines', () => {
    const call = callerFor(newEngine());
    assert.equal(call('purchase.order', 'button_confirm', [[6]]), true);
    const [order] = records(call('purchase.order', 'read', [[6], ['state', 'date_approve']]));
    assert.deepEqual(order, { id: 6, state: 'purchase', date_approve: TEST_NOW });
    assert.equal(faultOf(() => call('purchase.order', 'unlink', [[6]])).message, 'In order to delete a purchase order, you must cancel it first.');
    const [line] = ids(call('purchase.order.line', 'search', [[['order_id', '=', 6]]]));
    assert.equal(faultOf(() => call('purchase.order.line', 'unlink', [[line]])).message, 'Cannot delete a purchase order line which is in state “Purchase Order”.');
    call('purchase.order', 'button_cancel', [[6]]);
    assert.deepEqual(call('purchase.order', 'button_draft', [[6]]), {});
    assert.equal(call('purchase.order', 'unlink', [[6]]), true);
  });

  it('a line change moves the order write_date (cursor syncs see it)', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    const [line] = ids(call('purchase.order.line', 'search', [[['order_id', '=', 7]]]));
    engine.setNow('2026-11-21 09:30:00');
    call('purchase.order.line', 'write', [[line], { product_qty: 31 }]);
    const [order] = records(call('purchase.order', 'read', [[7], ['write_date', 'amount_total']]));
    assert.equal(order!['write_date'], '2026-11-21 09:30:00');
    assert.equal(order!['amount_total'], (31 + 18) * 112);
  });
});

describe('odoo engine: employees', () => {
  it('archive and unarchive (termination and rehire)', () => {
    const call = callerFor(newEngine());
    const [employee] = ids(call('hr.employee', 'search', [[['identification_id', '=', 'EMP-1010']]]));
    assert.equal(call('hr.employee', 'action_archive', [[employee]]), true);
    assert.deepEqual(ids(call('hr.employee', 'search', [[['identification_id', '=', 'EMP-1010']]])), []);
    assert.deepEqual(ids(call('hr.employee', 'search', [[['identification_id', '=', 'EMP-1010']]], { context: { active_test: false } })), [employee]);
    assert.equal(call('hr.employee', 'action_unarchive', [[employee]]), true);
    assert.deepEqual(ids(call('hr.employee', 'search', [[['identification_id', '=', 'EMP-1010']]])), [employee]);
    // archiving by write, as older integrations do
    call('hr.employee', 'write', [[employee], { active: false }]);
    assert.equal(call('hr.employee', 'search_count', [[['id', '=', employee]]]), 0);
  });

  it('job_title follows the job unless given; badge ids are unique', () => {
    const call = callerFor(newEngine());
    const [foreman] = ids(call('hr.job', 'search', [[['name', '=', 'Foreman']]]));
    const created = call('hr.employee', 'create', [{ name: 'New Hire', job_id: foreman, department_id: 3, barcode: '3000001' }]) as number;
    assert.equal(records(call('hr.employee', 'read', [[created], ['job_title']]))[0]!['job_title'], 'Foreman');
    const titled = call('hr.employee', 'create', [{ name: 'Titled Hire', job_id: foreman, job_title: 'Lead Foreman' }]) as number;
    assert.equal(records(call('hr.employee', 'read', [[titled], ['job_title']]))[0]!['job_title'], 'Lead Foreman');
    const duplicate = faultOf(() => call('hr.employee', 'create', [{ name: 'Clone', barcode: '3000001' }]));
    assert.equal(duplicate.message, 'The operation cannot be completed: The Badge ID must be unique, this one is already assigned to another employee.');
  });

  it('departments nest and list their members', () => {
    const call = callerFor(newEngine());
    const [north] = records(call('hr.department', 'search_read', [[['name', '=', 'North Branch']]], { fields: ['complete_name', 'parent_id', 'manager_id', 'member_ids'] }));
    assert.equal(north!['complete_name'], 'Operations / North Branch');
    assert.deepEqual(north!['parent_id'], [2, 'Operations']);
    assert.deepEqual(north!['manager_id'], [7, 'Marcus Johnson']);
    assert.equal((north!['member_ids'] as number[]).length, 7, 'archived members are not listed');
  });
});
