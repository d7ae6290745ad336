import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { callerFor, faultOf, ids, names, newEngine, records, searchIds, type Caller } from './helpers';

/** Five partners tagged with ref DT-n, so domains can be checked against a known set. */
const FIXTURE = [
  { ref: 'DT-1', name: 'Alpha Concrete', supplier_rank: 3, email: 'alpha@dt.example', vat: 'US111', is_company: true },
  { ref: 'DT-2', name: 'Beta_Steel', supplier_rank: 1, email: false, vat: 'US222' },
  { ref: 'DT-3', name: 'gamma 100% Lumber', supplier_rank: 0, customer_rank: 2, email: 'gamma@dt.example' },
  { ref: 'DT-4', name: 'Delta Rentals', supplier_rank: 5, email: 'delta@dt.example', active: false },
  { ref: 'DT-5', name: 'ALPHA Trucking', supplier_rank: 0, email: 'trucks@dt.example' },
];
const TAG = ['ref', '=like', 'DT-%'];

describe('odoo engine: domains', () => {
  let call: Caller;
  const find = (...domain: unknown[]): string[] => names(call, 'res.partner', [TAG, ...domain]);

  before(() => {
    call = callerFor(newEngine());
    call('res.partner', 'create', [FIXTURE]);
  });

  describe('comparison operators', () => {
    it('= and != (which also matches empty values)', () => {
      assert.deepEqual(find(['name', '=', 'Beta_Steel']), ['Beta_Steel']);
      assert.deepEqual(find(['name', '=', 'beta_steel']), []);
      assert.deepEqual(find(['email', '!=', 'alpha@dt.example']), ['ALPHA Trucking', 'Beta_Steel', 'gamma 100% Lumber']);
    });

    it('>, >=, <, <= on integers', () => {
      assert.deepEqual(find(['supplier_rank', '>', 1]), ['Alpha Concrete']);
      assert.deepEqual(find(['supplier_rank', '>=', 1]), ['Alpha Concrete', 'Beta_Steel']);
      assert.deepEqual(find(['supplier_rank', '<', 1]), ['ALPHA Trucking', 'gamma 100% Lumber']);
      assert.deepEqual(find(['supplier_rank', '<=', 1]), ['ALPHA Trucking', 'Beta_Steel', 'gamma 100% Lumber']);
    });

    it('=? ignores the leaf when the value is False or None', () => {
      assert.equal(find(['vat', '=?', false]).length, 4);
      assert.equal(find(['vat', '=?', null]).length, 4);
      assert.deepEqual(find(['vat', '=?', 'US222']), ['Beta_Steel']);
    });

    it('accepts <> and == and upper-case operators as Odoo normalizes them', () => {
      assert.deepEqual(find(['name', '<>', 'Beta_Steel']).length, 3);
      assert.deepEqual(find(['name', '==', 'Beta_Steel']), ['Beta_Steel']);
      assert.deepEqual(find(['name', 'ILIKE', 'alpha']), ['ALPHA Trucking', 'Alpha Concrete']);
    });
  });

  describe('pattern operators', () => {
    it('like is a case-sensitive substring match, ilike a case-insensitive one', () => {
      assert.deepEqual(find(['name', 'like', 'Alpha']), ['Alpha Concrete']);
      assert.deepEqual(find(['name', 'ilike', 'alpha']), ['ALPHA Trucking', 'Alpha Concrete']);
    });

    it('not like / not ilike also match empty values', () => {
      assert.deepEqual(find(['email', 'not ilike', 'ALPHA@']), ['ALPHA Trucking', 'Beta_Steel', 'gamma 100% Lumber']);
      assert.deepEqual(find(['name', 'not like', 'a']), ['ALPHA Trucking']);
    });

    it('% and _ in the value stay wildcards, as Odoo does not escape them', () => {
      assert.deepEqual(find(['name', 'ilike', 'ph_ c']), ['Alpha Concrete']);
      assert.deepEqual(find(['name', 'ilike', 'gamma%lumber']), ['gamma 100% Lumber']);
      assert.deepEqual(find(['name', 'like', 'Beta_']), ['Beta_Steel']);
    });

    it('=like and =ilike take the pattern as given, with backslash escapes', () => {
      assert.deepEqual(find(['name', '=like', 'Alpha%']), ['Alpha Concrete']);
      assert.deepEqual(find(['name', '=ilike', 'alpha%']), ['ALPHA Trucking', 'Alpha Concrete']);
      assert.deepEqual(find(['name', '=like', 'Alpha']), []);
      assert.deepEqual(find(['name', '=like', 'Beta\\_Steel']), ['Beta_Steel']);
      assert.deepEqual(find(['name', '=like', 'Beta\\_']), []);
    });
  });

  describe('in and not in', () => {
    it('match listed values, False in the list standing for empty', () => {
      assert.deepEqual(find(['supplier_rank', 'in', [1, 3]]), ['Alpha Concrete', 'Beta_Steel']);
      assert.deepEqual(find(['email', 'in', [false, 'alpha@dt.example']]), ['Alpha Concrete', 'Beta_Steel']);
      assert.deepEqual(find(['supplier_rank', 'in', []]), []);
    });

    it('not in matches empty values unless False is listed', () => {
      assert.deepEqual(find(['email', 'not in', ['alpha@dt.example', 'gamma@dt.example']]), ['ALPHA Trucking', 'Beta_Steel']);
      assert.deepEqual(find(['email', 'not in', [false, 'alpha@dt.example']]), ['ALPHA Trucking', 'gamma 100% Lumber']);
      assert.equal(find(['supplier_rank', 'not in', []]).length, 4);
    });
  });

  describe('False for empty', () => {
    it('= False finds empty fields, != False filled ones', () => {
      assert.deepEqual(find(['email', '=', false]), ['Beta_Steel']);
      assert.deepEqual(find(['vat', '!=', false]), ['Alpha Concrete', 'Beta_Steel']);
      assert.equal(find(['parent_id', '=', false]).length, 4);
    });

    it('numbers are never empty: = False on an integer finds nothing', () => {
      assert.deepEqual(find(['supplier_rank', '=', false]), []);
      assert.equal(find(['supplier_rank', '!=', false]).length, 4);
    });

    it('booleans: = False matches false', () => {
      assert.deepEqual(find(['is_company', '=', true]), ['Alpha Concrete']);
      assert.equal(find(['is_company', '=', false]).length, 3);
      assert.equal(find(['is_company', '!=', true]).length, 3);
    });

    it('x2many = False finds records without lines', () => {
      const withoutContacts = searchIds(call, 'res.partner', [['supplier_rank', '>', 0], ['child_ids', '=', false]]);
      const withContacts = searchIds(call, 'res.partner', [['supplier_rank', '>', 0], ['child_ids', '!=', false]]);
      assert.deepEqual(withContacts, [1, 2]);
      assert.ok(!withoutContacts.includes(1));
    });
  });

  describe('prefix operators', () => {
    it('| and & in Polish notation, with implicit AND between terms', () => {
      assert.deepEqual(find('|', ['supplier_rank', '=', 3], ['customer_rank', '=', 2]), ['Alpha Concrete', 'gamma 100% Lumber']);
      assert.deepEqual(find('&', ['supplier_rank', '>', 0], ['email', '=', false]), ['Beta_Steel']);
      // ['&', '|', A, B, C] is (A or B) and C
      assert.deepEqual(find('&', '|', ['supplier_rank', '=', 3], ['supplier_rank', '=', 1], ['vat', '=', 'US111']), ['Alpha Concrete']);
      // '|' binds its two following terms; the third is AND-ed
      assert.deepEqual(find('|', ['supplier_rank', '=', 3], ['supplier_rank', '=', 1], ['email', '=', false]), ['Beta_Steel']);
    });

    it('! negates the next term', () => {
      assert.deepEqual(find('!', ['name', 'ilike', 'alpha']), ['Beta_Steel', 'gamma 100% Lumber']);
      assert.deepEqual(find('!', '|', ['supplier_rank', '=', 3], ['supplier_rank', '=', 1]), ['ALPHA Trucking', 'gamma 100% Lumber']);
      assert.deepEqual(find('|', '!', ['supplier_rank', '>', 0], ['vat', '=', 'US111']), ['ALPHA Trucking', 'Alpha Concrete', 'gamma 100% Lumber']);
    });

    it('the cursor domain of an incremental sync', () => {
      const all = records(call('res.partner', 'search_read', [[TAG]], { fields: ['write_date'], order: 'write_date asc, id asc' }));
      const pivot = all[1]!;
      const after = ids(
        call('res.partner', 'search', [
          [TAG, '|', ['write_date', '>', pivot['write_date']], '&', ['write_date', '=', pivot['write_date']], ['id', '>', pivot['id']]],
        ], { order: 'write_date asc, id asc' }),
      );
      assert.deepEqual(after, all.slice(2).map((record) => record['id']));
    });

    it('TRUE_LEAF and FALSE_LEAF', () => {
      assert.equal(find([1, '=', 1]).length, 4);
      assert.deepEqual(find([0, '=', 1]), []);
    });
  });

  describe('active_test', () => {
    it('hides archived records unless the domain mentions active or the context turns it off', () => {
      assert.ok(!find().includes('Delta Rentals'));
      assert.deepEqual(find(['active', '=', false]), ['Delta Rentals']);
      assert.equal(find(['active', 'in', [true, false]]).length, 5);
      assert.equal(names(call, 'res.partner', [TAG], { context: { active_test: false } }).length, 5);
    });

    it('applies to search_count and name_search too', () => {
      assert.equal(call('res.partner', 'search_count', [[TAG]]), 4);
      assert.equal(call('res.partner', 'search_count', [[TAG]], { context: { active_test: false } }), 5);
      assert.deepEqual(call('res.partner', 'name_search', ['Delta Rentals']), []);
    });
  });

  describe('relations', () => {
    it('dotted paths follow many2one fields, through several hops', () => {
      const orders = names(call, 'purchase.order', [['partner_id.supplier_rank', '>=', 2]]);
      assert.ok(orders.length > 0);
      for (const order of records(call('purchase.order', 'search_read', [[['partner_id.supplier_rank', '>=', 2]]], { fields: ['partner_id'] }))) {
        const partnerId = (order['partner_id'] as [number, string])[0];
        const [partner] = records(call('res.partner', 'read', [[partnerId], ['supplier_rank']]));
        assert.ok((partner!['supplier_rank'] as number) >= 2);
      }
      assert.deepEqual(names(call, 'purchase.order', [['order_line.product_id.default_code', '=', 'CONC-3000']]), ['P00002', 'P00010']);
      assert.equal(call('account.move.line', 'search_count', [[['move_id.journal_id.code', '=', 'PAY']]]), 30);
    });

    it('a string on a many2one matches through the target name search', () => {
      assert.deepEqual(names(call, 'purchase.order', [['partner_id', 'ilike', 'acme']]), ['P00001', 'P00008']);
      assert.deepEqual(names(call, 'purchase.order', [['partner_id', '=', 'Acme Lumber Supply']]), ['P00001', 'P00008']);
      assert.equal(names(call, 'purchase.order', [['partner_id', 'not ilike', 'acme']]).length, 8);
    });

    it('ids on a many2one: =, in, != (with empty), = False', () => {
      assert.deepEqual(names(call, 'purchase.order', [['partner_id', '=', 1]]), ['P00001', 'P00008']);
      assert.deepEqual(names(call, 'purchase.order', [['partner_id', 'in', [1, 2]]]), ['P00001', 'P00002', 'P00008', 'P00010']);
      assert.equal(names(call, 'purchase.order', [['partner_id', '!=', 1]]).length, 8);
      assert.equal(call('account.move', 'search_count', [[['partner_id', '=', false]]]), 2);
    });

    it('any / not any take a sub-domain over the relation', () => {
      assert.deepEqual(
        names(call, 'purchase.order', [['order_line', 'any', [['product_id.default_code', '=', 'ELEC-12-2'], ['product_qty', '>', 20]]]]),
        ['P00007'],
      );
      assert.equal(names(call, 'purchase.order', [['order_line', 'not any', [['price_unit', '>', 100]]]]).length, 5);
      assert.deepEqual(names(call, 'purchase.order', [['partner_id', 'any', [['ref', '=', 'V-1013']]]]), ['P00005']);
    });

    it('child_of and parent_of follow parent_id', () => {
      assert.deepEqual(names(call, 'res.partner', [['id', 'child_of', 1]]), ['Acme Lumber Supply', 'Dana Whitfield', 'Mike Torres']);
      const [dana] = ids(call('res.partner', 'search', [[['name', '=', 'Dana Whitfield']]]));
      assert.deepEqual(names(call, 'res.partner', [['id', 'parent_of', [dana]]]), ['Acme Lumber Supply', 'Dana Whitfield']);
      // On a many2one field: employees of Operations and its branches.
      const [operations] = ids(call('hr.department', 'search', [[['name', '=', 'Operations']]]));
      assert.equal(call('hr.employee', 'search_count', [[['department_id', 'child_of', operations]]]), 21);
      assert.equal(call('hr.employee', 'search_count', [[['department_id', 'child_of', 'Operations']]]), 21);
    });

    it('analytic_distribution is searched by analytic account id or name', () => {
      const [northBranch] = ids(call('account.analytic.account', 'search', [[['code', '=', 'CC-200']]]));
      const lines = records(call('purchase.order.line', 'search_read', [[['analytic_distribution', 'in', [northBranch]]]], { fields: ['order_id'] }));
      assert.deepEqual([...new Set(lines.map((line) => (line['order_id'] as [number, string])[1]))].sort(), ['P00001 (AL-Q-4410)', 'P00007', 'P00010']);
      assert.equal(call('account.move.line', 'search_count', [[['analytic_distribution', 'ilike', 'North Branch'], ['move_id.journal_id.code', '=', 'PAY']]]), 6);
    });
  });

  describe('dates', () => {
    it('a date given for a datetime field covers the whole day', () => {
      assert.deepEqual(names(call, 'purchase.order', [['date_order', '>=', '2026-10-19']]), ['P00009', 'P00010']);
      assert.deepEqual(names(call, 'purchase.order', [['date_order', '<=', '2026-10-02']]), ['P00001', 'P00002']);
      assert.deepEqual(names(call, 'purchase.order', [['date_order', '>', '2026-10-15']]), ['P00009', 'P00010']);
      assert.deepEqual(names(call, 'purchase.order', [['date_order', '=', '2026-10-02 14:05:00']]), ['P00002']);
    });

    it('date fields compare as dates', () => {
      assert.equal(call('account.move', 'search_count', [[['date', '>=', '2026-10-20'], ['date', '<', '2026-11-01']]]), 3);
    });
  });

  describe('invalid domains (Odoo 19 wording)', () => {
    it('an unknown field is a ValueError naming the model and the condition', () => {
      const fault = faultOf(() => call('res.partner', 'search', [[['nope', '=', 1]]]));
      assert.equal(fault.exceptionClass, 'builtins.ValueError');
      assert.equal(fault.message, "Invalid field res.partner.nope in condition ('nope', '=', 1)");
      assert.match(faultOf(() => call('res.partner', 'search', [[['parent_id.nope', '=', 1]]])).message, /Invalid field res\.partner\.nope/);
      assert.match(faultOf(() => call('res.partner', 'search', [[['name.foo', '=', 1]]])).message, /Invalid field res\.partner\.name\.foo/);
    });

    it('an unknown operator or a malformed term is refused', () => {
      assert.equal(faultOf(() => call('res.partner', 'search', [[['name', 'contains', 'x']]])).message, "Invalid operator in condition ('name', 'contains', 'x')");
      assert.equal(faultOf(() => call('res.partner', 'search', [[['name', '=']]])).message, "Domain() invalid item in domain: ['name', '=']");
      assert.equal(faultOf(() => call('res.partner', 'search', [['bogus']])).message, "Domain() invalid item in domain: 'bogus'");
      assert.equal(faultOf(() => call('res.partner', 'search', ['not a list'])).exceptionClass, 'builtins.TypeError');
      assert.match(faultOf(() => call('res.partner', 'search', [[['name', 'any', []]]])).message, /^Cannot use 'any' with non-relational fields in condition/);
    });

    it('a prefix operator without its operands is a malformed domain', () => {
      const fault = faultOf(() => call('res.partner', 'search', [['|', ['name', '=', 'x']]]));
      assert.equal(fault.exceptionClass, 'builtins.ValueError');
      assert.equal(fault.message, "Domain() malformed domain ['|', ['name', '=', 'x']]");
    });

    it('dates must be ISO: the T separator and UTC offsets are fine, other formats are not', () => {
      assert.deepEqual(names(call, 'purchase.order', [['date_order', '=', '2026-10-02T14:05:00Z']]), ['P00002']);
      assert.deepEqual(names(call, 'purchase.order', [['date_order', '=', '2026-10-02T08:05:00-06:00']]), ['P00002']);
      const fault = faultOf(() => call('purchase.order', 'search', [[['date_order', '>', '10/01/2026']]]));
      assert.equal(fault.exceptionClass, 'builtins.ValueError');
      assert.equal(fault.message, "Invalid isoformat string: '10/01/2026'");
    });

    it('pattern operators with an empty value', () => {
      assert.equal(find(['name', 'ilike', '']).length, 4);
      assert.deepEqual(find(['name', 'not ilike', false]), []);
      assert.deepEqual(find(['email', '=like', '']), ['Beta_Steel']);
      assert.equal(names(call, 'purchase.order', [['partner_ref', 'ilike', false]]).length, 10);
      assert.equal(call('account.move', 'search_count', [[['partner_id', 'ilike', '']]]), 2);
    });

    it('= and != with a list mean in and not in', () => {
      assert.deepEqual(find(['supplier_rank', '=', [1, 3]]), ['Alpha Concrete', 'Beta_Steel']);
      assert.deepEqual(find(['email', '=', []]), ['Beta_Steel']);
    });
  });
});
