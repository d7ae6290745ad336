// Which request one mlc-looker message makes: the node's settings, each overridden by the msg
// property of the same name, and what is refused before anything is sent.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lookerRequestOf, parseFilters, type LookerOperationSettings } from '../../lib/looker/operation';

const QUERY: LookerOperationSettings = { operation: 'inline-query', model: 'odoo_finance', explore: 'journal_lines', fields: 'accounts.code, journal_lines.total_debit', filters: '{"journal_lines.date": "2026-11-01 to 2026-12-01"}', limit: '500' };

describe('lookerRequestOf', () => {
  it('builds the inline query of the settings, the limit as a string', () => {
    const request = lookerRequestOf(QUERY, {});
    assert.deepEqual(request, {
      ok: true,
      value: { operation: 'inline-query', query: { model: 'odoo_finance', view: 'journal_lines', fields: ['accounts.code', 'journal_lines.total_debit'], filters: { 'journal_lines.date': '2026-11-01 to 2026-12-01' }, limit: '500' } },
    });
  });

  it('lets msg properties override each setting, and msg.query name the whole body', () => {
    const request = lookerRequestOf(QUERY, { fields: ['accounts.name'], filters: { 'accounts.code': '6%' }, limit: -1, cache: false });
    assert.ok(request.ok && request.value.operation === 'inline-query');
    assert.deepEqual(request.value.query.fields, ['accounts.name']);
    assert.deepEqual(request.value.query.filters, { 'accounts.code': '6%' });
    assert.equal(request.value.query.limit, '-1');
    assert.equal(request.value.cache, false);
    const whole = lookerRequestOf(QUERY, { query: { model: 'other', view: 'vendor_bills', fields: ['vendor_bills.count'], sorts: ['vendor_bills.count desc'] } });
    assert.ok(whole.ok && whole.value.operation === 'inline-query');
    assert.equal(whole.value.query.model, 'other');
    assert.deepEqual(whole.value.query.sorts, ['vendor_bills.count desc']);
  });

  it('refuses what cannot be a query before anything is sent', () => {
    assert.deepEqual(lookerRequestOf({ operation: 'inline-query', model: 'm' }, {}), { ok: false, problem: 'the query needs an explore' });
    assert.deepEqual(lookerRequestOf({ operation: 'inline-query', model: 'm', explore: 'e' }, {}), { ok: false, problem: 'the query needs a field' });
    const badField = lookerRequestOf(QUERY, { fields: ['total_debit'] });
    assert.ok(!badField.ok && /a field is view\.field/.test(badField.problem), JSON.stringify(badField));
    const badFilters = lookerRequestOf(QUERY, { filters: ['not', 'an', 'object'] });
    assert.ok(!badFilters.ok && /msg\.filters must be an object/.test(badFilters.problem));
    assert.deepEqual(lookerRequestOf({ operation: 'drop-everything' }, {}).ok, false);
    assert.equal(parseFilters('{not json').ok, false);
  });

  it('takes a datagroup by id, or by name within its model', () => {
    assert.deepEqual(lookerRequestOf({ operation: 'trigger-datagroup', datagroup: '12' }, {}), { ok: true, value: { operation: 'trigger-datagroup', datagroup: { id: '12' }, label: '12' } });
    assert.deepEqual(lookerRequestOf({ operation: 'trigger-datagroup', model: 'odoo_finance' }, { datagroup: 'odoo_finance_load' }), {
      ok: true,
      value: { operation: 'trigger-datagroup', datagroup: { model: 'odoo_finance', name: 'odoo_finance_load' }, label: 'odoo_finance_load' },
    });
    const noModel = lookerRequestOf({ operation: 'trigger-datagroup', datagroup: 'odoo_finance_load' }, {});
    assert.ok(!noModel.ok && /give its model too \(msg\.model\)/.test(noModel.problem));
  });

  it('switches operation from msg, and needs the ids of Looks and plans', () => {
    assert.deepEqual(lookerRequestOf(QUERY, { operation: 'run-look', lookId: 7, limit: '10' }), { ok: true, value: { operation: 'run-look', lookId: '7', limit: 10 } });
    assert.deepEqual(lookerRequestOf(QUERY, { operation: 'run-plan', planId: '3' }), { ok: true, value: { operation: 'run-plan', planId: '3' } });
    assert.equal(lookerRequestOf(QUERY, { operation: 'run-look' }).ok, false);
    assert.deepEqual(lookerRequestOf({}, {}), { ok: true, value: { operation: 'models' } });
  });
});
