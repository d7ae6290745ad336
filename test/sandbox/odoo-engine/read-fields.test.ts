import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callerFor, faultOf, newEngine, records } from './helpers';

describe('odoo engine: read formats', () => {
  it('many2one as [id, display_name], x2many as ids, empty as False, numbers as numbers, dates as strings', () => {
    const call = callerFor(newEngine());
    const [order] = records(
      call('purchase.order', 'read', [[1], ['name', 'partner_id', 'order_line', 'notes', 'amount_total', 'date_order', 'currency_id', 'priority']]),
    );
    assert.deepEqual(order, {
      id: 1,
      name: 'P00001',
      partner_id: [1, 'Acme Lumber Supply'],
      order_line: [1, 2],
      notes: false,
      amount_total: 7085,
      date_order: '2026-10-01 15:30:00',
      currency_id: [2, 'USD'],
      priority: '0',
    });
  });

  it('always includes id, reads every field when none are named, in the order ids were given', () => {
    const call = callerFor(newEngine());
    const [partner] = records(call('res.partner', 'read', [[2]]));
    for (const field of ['id', 'name', 'display_name', 'email', 'supplier_rank', 'child_ids', 'create_date', 'write_uid', 'active']) {
      assert.ok(field in partner!, `${field} present`);
    }
    assert.deepEqual(records(call('res.partner', 'read', [[3, 1], ['name']])).map((p) => p['id']), [3, 1]);
    assert.deepEqual(records(call('res.partner', 'read', [[]])), []);
    // a single id is accepted where a list is expected
    assert.equal(records(call('res.partner', 'read', [1, ['name']]))[0]!['name'], 'Acme Lumber Supply');
  });

  it('load other than _classic_read gives bare many2one ids', () => {
    const call = callerFor(newEngine());
    const [order] = records(call('purchase.order', 'read', [[1], ['partner_id']], { load: null }));
    assert.equal(order!['partner_id'], 1);
    const [viaSearchRead] = records(call('purchase.order', 'search_read', [[['id', '=', 1]]], { fields: ['partner_id'], load: '' }));
    assert.equal(viaSearchRead!['partner_id'], 1);
  });

  it('display names follow each model\'s rules', () => {
    const call = callerFor(newEngine());
    const display = (model: string, domain: unknown[]): string =>
      String(records(call(model, 'search_read', [domain], { fields: ['display_name'], limit: 1 }))[0]!['display_name']);
    assert.equal(display('res.partner', [['name', '=', 'Dana Whitfield']]), 'Acme Lumber Supply, Dana Whitfield');
    assert.equal(display('account.account', [['code', '=', '6100']]), '6100 Wages Expense');
    assert.equal(display('account.analytic.account', [['code', '=', 'CC-200']]), '[CC-200] North Branch');
    assert.equal(display('hr.department', [['name', '=', 'North Branch']]), 'Operations / North Branch');
    assert.equal(display('product.product', [['default_code', '=', 'CONC-3000']]), '[CONC-3000] Ready-Mix Concrete 3000 PSI (cu yd)');
    assert.equal(display('ir.model.data', [['name', '=', 'main_company']]), 'base.main_company');
  });

  it('reading an unknown field is a ValueError', () => {
    const call = callerFor(newEngine());
    const fault = faultOf(() => call('res.partner', 'read', [[1], ['name', 'colour']]));
    assert.equal(fault.exceptionClass, 'builtins.ValueError');
    assert.equal(fault.message, "Invalid field 'colour' on model 'res.partner'");
    assert.equal(faultOf(() => call('res.partner', 'search_read', [[]], { fields: ['nope'] })).message, "Invalid field 'nope' on model 'res.partner'");
  });

  it('archived records can still be read by id', () => {
    const call = callerFor(newEngine());
    const [archived] = records(call('hr.employee', 'search_read', [[['active', '=', false]]], { fields: ['name', 'active', 'departure_date'], limit: 1, order: 'name' }));
    assert.deepEqual(archived, { id: archived!['id'], name: 'Daniel Kim', active: false, departure_date: '2026-10-09' });
    assert.equal(records(call('hr.employee', 'read', [[archived!['id']], ['name']]))[0]!['name'], 'Daniel Kim');
  });
});

describe('odoo engine: fields_get', () => {
  it('describes fields with type, string, required, readonly, relation and selection', () => {
    const call = callerFor(newEngine());
    const described = call('account.move', 'fields_get', [], { attributes: ['type', 'string', 'required', 'readonly', 'relation', 'selection'] }) as Record<
      string,
      Record<string, unknown>
    >;
    assert.deepEqual(described['journal_id'], { type: 'many2one', string: 'Journal', required: true, readonly: false, relation: 'account.journal' });
    assert.deepEqual(described['line_ids'], { type: 'one2many', string: 'Journal Items', required: false, readonly: false, relation: 'account.move.line' });
    assert.deepEqual(described['state'], {
      type: 'selection',
      string: 'Status',
      required: true,
      readonly: true,
      selection: [
        ['draft', 'Draft'],
        ['posted', 'Posted'],
        ['cancel', 'Cancelled'],
      ],
    });
    assert.deepEqual(described['amount_total'], { type: 'monetary', string: 'Total', required: false, readonly: true });
    assert.equal(described['write_date']!['type'], 'datetime');
  });

  it('limits to allfields, ignores unknown names, and never returns None attributes', () => {
    const call = callerFor(newEngine());
    const described = call('res.partner', 'fields_get', [['name', 'child_ids', 'no_such']]) as Record<string, Record<string, unknown>>;
    assert.deepEqual(Object.keys(described).sort(), ['child_ids', 'name']);
    assert.equal(described['child_ids']!['relation_field'], 'parent_id');
    const all = call('hr.employee', 'fields_get', []) as Record<string, Record<string, unknown>>;
    for (const [name, attributes] of Object.entries(all)) {
      for (const [key, value] of Object.entries(attributes)) assert.notEqual(value, null, `${name}.${key}`);
    }
    assert.equal(all['analytic_distribution'], undefined);
    const line = call('purchase.order.line', 'fields_get', [['analytic_distribution']], { attributes: ['type'] });
    assert.deepEqual(line, { analytic_distribution: { type: 'json' } });
  });
});

describe('odoo engine: name_search', () => {
  it('returns [id, display_name] pairs matching the searchable names', () => {
    const call = callerFor(newEngine());
    assert.deepEqual(call('res.partner', 'name_search', ['granite']), [
      [2, 'Granite Ready-Mix Concrete'],
      [28, 'Granite Ready-Mix Concrete, Paula Jensen'],
    ]);
    // partners are also found by reference and email
    assert.deepEqual(call('res.partner', 'name_search', ['V-1003']), [[3, 'Summit Steel Fabricators']]);
    assert.deepEqual(call('account.account', 'name_search', ['6100']), [[19, '6100 Wages Expense']]);
    assert.deepEqual(call('account.analytic.account', 'name_search', ['CC-3']), [[3, '[CC-300] South Branch']]);
  });

  it('honours domain (or the older args), operator and limit', () => {
    const call = callerFor(newEngine());
    const limited = call('res.partner', 'name_search', ['a'], { limit: 3 }) as unknown[];
    assert.equal(limited.length, 3);
    assert.deepEqual(call('res.partner', 'name_search', ['acme'], { domain: [['is_company', '=', true]] }), [[1, 'Acme Lumber Supply']]);
    assert.deepEqual(call('res.partner', 'name_search', ['acme'], { args: [['is_company', '=', true]] }), [[1, 'Acme Lumber Supply']]);
    assert.deepEqual(call('hr.job', 'name_search', ['Laborer'], { operator: '=' }), [[13, 'Laborer']]);
    assert.equal((call('hr.job', 'name_search', [''], { limit: 100 }) as unknown[]).length, 13);
  });
});
