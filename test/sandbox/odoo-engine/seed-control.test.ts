import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEMO_COMPANY_NAME, OdooEngine, PinnedClock } from '../../../sandbox/odoo/engine';
import { callerFor, newEngine, records } from './helpers';

describe('odoo engine: demo seed', () => {
  it('holds the demo company, chart of accounts, journals and cost centers', () => {
    const call = callerFor(newEngine());
    const [company] = records(call('res.company', 'search_read', [[]], { fields: ['name', 'currency_id'] }));
    assert.deepEqual(company, { id: 1, name: DEMO_COMPANY_NAME, currency_id: [2, 'USD'] });
    const codes = records(call('account.account', 'search_read', [[]], { fields: ['code', 'account_type'] }));
    const byCode = new Map(codes.map((account) => [account['code'], account['account_type']]));
    assert.equal(byCode.get('1010'), 'asset_cash');
    assert.equal(byCode.get('2000'), 'liability_payable');
    assert.equal(byCode.get('2100'), 'liability_current');
    assert.equal(byCode.get('6100'), 'expense');
    assert.equal(byCode.get('6200'), 'expense');
    assert.equal(byCode.get('6300'), 'expense');
    assert.equal(byCode.has('6900'), false, 'archived account hidden');
    const journals = records(call('account.journal', 'search_read', [[]], { fields: ['code', 'type'] })).map((journal) => `${journal['code']}:${journal['type']}`);
    assert.deepEqual(journals.sort(), ['BILL:purchase', 'BNK1:bank', 'INV:sale', 'MISC:general', 'PAY:general']);
    const centers = records(call('account.analytic.account', 'search_read', [[['plan_id.name', '=', 'Cost Centers']]], { fields: ['code', 'name'] }));
    assert.deepEqual(centers.map((center) => `${center['code']} ${center['name']}`).sort(), [
      'CC-100 Administration',
      'CC-200 North Branch',
      'CC-300 South Branch',
      'CC-400 East Branch',
    ]);
  });

  it('holds vendors, customers, purchase orders and employees in the announced numbers', () => {
    const call = callerFor(newEngine());
    assert.equal(call('res.partner', 'search_count', [[['supplier_rank', '>', 0], ['parent_id', '=', false]]]), 23);
    assert.equal(call('res.partner', 'search_count', [[['supplier_rank', '>', 0]]], { context: { active_test: false } }), 25);
    assert.equal(call('res.partner', 'search_count', [[['customer_rank', '>', 0]]]), 4);
    assert.equal(call('purchase.order', 'search_count', [[]]), 10);
    assert.equal(call('hr.employee', 'search_count', [[]]), 27);
    assert.equal(call('hr.employee', 'search_count', [[['active', '=', false]]]), 3);
    assert.equal(call('account.move', 'search_count', [[['state', '=', 'posted']]]), 3);
  });

  it('is deterministic: two engines seed identical data', () => {
    const a = callerFor(newEngine());
    const b = callerFor(new OdooEngine({ clock: new PinnedClock('2030-01-01 00:00:00') }));
    for (const model of ['res.partner', 'account.move.line', 'purchase.order', 'hr.employee', 'ir.model.data']) {
      const fields = ['display_name', 'write_date', 'create_date'];
      const context = { context: { active_test: false } };
      assert.deepEqual(a(model, 'search_read', [[]], { fields, ...context }), b(model, 'search_read', [[]], { fields, ...context }), model);
    }
  });
});

describe('odoo engine: control layer', () => {
  it('reset returns to the seed and forgets writes', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    const seeded = engine.snapshotCounts();
    call('res.partner', 'create', [{ name: 'Temporary' }]);
    call('purchase.order', 'create', [{ partner_id: 1 }]);
    assert.notDeepEqual(engine.snapshotCounts(), seeded);
    engine.reset();
    assert.deepEqual(engine.snapshotCounts(), seeded);
    assert.equal(call('res.partner', 'search_count', [[['name', '=', 'Temporary']]]), 0);
    const order = call('purchase.order', 'create', [{ partner_id: 1 }]) as number;
    assert.equal(records(call('purchase.order', 'read', [[order], ['name']]))[0]!['name'], 'P00011');
    assert.equal(engine.authenticate('mlc_demo', 'admin', 'mlc-demo-key'), 2);
  });

  it('setNow pins the clock used for create/write dates and for date defaults', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    engine.setNow('2027-02-03T04:05:06.789Z');
    assert.equal(engine.now(), '2027-02-03 04:05:06');
    const move = call('account.move', 'create', [{ journal_id: 3 }]) as number;
    assert.deepEqual(records(call('account.move', 'read', [[move], ['date', 'create_date']]))[0], { id: move, date: '2027-02-03', create_date: '2027-02-03 04:05:06' });
  });

  it('snapshot counts list every model', () => {
    const counts = newEngine().snapshotCounts();
    assert.equal(counts['hr.employee'], 30);
    assert.equal(counts['purchase.order'], 10);
    assert.equal(counts['account.account'], 25);
    assert.equal(counts['account.analytic.account'], 8);
  });

  it('an engine without seed data still authenticates', () => {
    const engine = new OdooEngine({ seed: false });
    assert.equal(engine.authenticate('mlc_demo', 'admin', 'mlc-demo-key'), 2);
    assert.equal(engine.snapshotCounts()['res.partner'], 0);
  });
});
