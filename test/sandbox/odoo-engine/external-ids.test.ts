import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerFor, faultOf, newEngine, records } from './helpers';

describe('odoo engine: ir.model.data (external ids)', () => {
  it('seeded xmlids resolve through search_read, as an integration looks them up', () => {
    const call = callerFor(newEngine());
    const found = records(
      call('ir.model.data', 'search_read', [[['module', '=', 'mlc_demo'], ['name', '=', 'cost_center_200'], ['model', '=', 'account.analytic.account']]], {
        fields: ['res_id', 'complete_name', 'model'],
      }),
    );
    assert.equal(found.length, 1);
    assert.equal(found[0]!['complete_name'], 'mlc_demo.cost_center_200');
    const [center] = records(call('account.analytic.account', 'read', [[found[0]!['res_id']], ['code']]));
    assert.equal(center!['code'], 'CC-200');
  });

  it('check_object_reference is the public lookup; unknown ids are a ValueError', () => {
    const call = callerFor(newEngine());
    assert.deepEqual(call('ir.model.data', 'check_object_reference', ['base', 'main_company']), ['res.company', 1]);
    assert.deepEqual(call('ir.model.data', 'check_object_reference', ['base', 'user_admin']), ['res.users', 2]);
    const fault = faultOf(() => call('ir.model.data', 'check_object_reference', ['sn_bridge', 'po_missing']));
    assert.equal(fault.exceptionClass, 'builtins.ValueError');
    assert.equal(fault.message, 'External ID not found in the system: sn_bridge.po_missing');
  });

  it('supports the lookup-then-create upsert pattern and refuses duplicate xmlids', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    const lookup = () =>
      records(call('ir.model.data', 'search_read', [[['module', '=', 'sn_bridge'], ['name', '=', 'vendor_SN0042']]], { fields: ['res_id'] }));
    assert.deepEqual(lookup(), []);
    const partner = call('res.partner', 'create', [{ name: 'ServiceNow Vendor 42', supplier_rank: 1 }]) as number;
    call('ir.model.data', 'create', [{ module: 'sn_bridge', name: 'vendor_SN0042', model: 'res.partner', res_id: partner, noupdate: true }]);
    assert.equal(lookup()[0]!['res_id'], partner);
    assert.deepEqual(engine.xmlidToResId('sn_bridge.vendor_SN0042'), { model: 'res.partner', id: partner });

    const duplicate = faultOf(() => call('ir.model.data', 'create', [{ module: 'sn_bridge', name: 'vendor_SN0042', model: 'res.partner', res_id: 1 }]));
    assert.equal(duplicate.exceptionClass, 'odoo.exceptions.ValidationError');
    assert.equal(duplicate.message, 'The operation cannot be completed: You cannot have multiple records with the same external ID in the same module!');
    // the same name in another module is fine
    call('ir.model.data', 'create', [{ module: 'other', name: 'vendor_SN0042', model: 'res.partner', res_id: partner }]);
    assert.equal(
      faultOf(() => call('ir.model.data', 'create', [{ module: 'sn_bridge', name: 'has space', model: 'res.partner', res_id: 1 }])).message,
      'The operation cannot be completed: External IDs cannot contain spaces',
    );
  });

  it('deleting a record deletes its external ids', () => {
    const engine = newEngine();
    const call = callerFor(engine);
    const partner = call('res.partner', 'create', [{ name: 'Short Lived' }]) as number;
    call('ir.model.data', 'create', [{ module: 'sn_bridge', name: 'short_lived', model: 'res.partner', res_id: partner }]);
    call('res.partner', 'unlink', [[partner]]);
    assert.equal(call('ir.model.data', 'search_count', [[['module', '=', 'sn_bridge']]]), 0);
    assert.equal(engine.xmlidToResId('sn_bridge.short_lived'), undefined);
  });
});
