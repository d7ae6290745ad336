import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { IMPORT_ONLY_USER, type TransformResult } from '../../../sandbox/servicenow';
import { call, q, startServiceNow, type ServiceNow } from './helpers';

type ImportAnswer = { import_set: string; staging_table: string; result: TransformResult[] };

describe('ServiceNow sandbox: Import Set API', () => {
  let sn: ServiceNow;
  before(async () => {
    sn = await startServiceNow();
  });
  after(() => sn.running.close());
  beforeEach(() => sn.running.reset());

  const stage = async (table: string, row: Record<string, unknown>): Promise<TransformResult> => {
    const answer = await call(sn.url, `/api/now/import/${table}`, { method: 'POST', body: row });
    assert.equal(answer.status, 201, answer.body);
    const body = answer.json<ImportAnswer>();
    assert.equal(body.staging_table, table);
    assert.match(body.import_set, /^ISET\d{7}$/);
    assert.equal(body.result.length, 1);
    return body.result[0]!;
  };

  it('transforms one row synchronously: inserted, then ignored when unchanged, updated when changed (coalesce on the key)', async () => {
    const inserted = await stage('sn_fcms_intg_imp_cost_center', { code: 'CC-500', name: 'West Branch', legal_entity: 'MLC-US', erp_source: 'odoo' });
    assert.equal(inserted.status, 'inserted');
    assert.equal(inserted.transform_map, 'ERP Cost Center to Cost Center');
    assert.equal(inserted.table, 'cmn_cost_center');
    assert.equal(inserted.display_name, 'name');
    assert.equal(inserted.display_value, 'West Branch');
    assert.match(inserted.sys_id!, /^[0-9a-f]{32}$/);
    assert.equal(inserted.record_link, `${sn.url}/api/now/table/cmn_cost_center/${inserted.sys_id}`);

    const again = await stage('sn_fcms_intg_imp_cost_center', { code: 'CC-500', name: 'West Branch', legal_entity: 'MLC-US', erp_source: 'odoo' });
    assert.equal(again.status, 'ignored');
    assert.equal(again.sys_id, inserted.sys_id);
    assert.equal(again.status_message, 'No field values changed');

    const renamed = await stage('sn_fcms_intg_imp_cost_center', { code: 'CC-500', name: 'West Region', account_number: 500100 });
    assert.equal(renamed.status, 'updated');
    assert.equal(renamed.sys_id, inserted.sys_id);
    const target = await call(sn.url, `/api/now/table/cmn_cost_center?sysparm_query=code%3DCC-500&sysparm_fields=name,account_number,erp_source`);
    assert.deepEqual(target.json().result, [{ name: 'West Region', account_number: '500100', erp_source: 'odoo' }]);
  });

  it('rejects a row with an empty mandatory column or an unknown supplier, cost center or GL account, with a clear error_message, and creates nothing', async () => {
    const missing = await stage('sn_fcms_intg_imp_order', { erp_source: 'odoo', supplier: 'V-1001' });
    assert.equal(missing.status, 'error');
    assert.equal(missing.error_message, "Mandatory field 'ERP PO number' (erp_po_number) is empty");
    assert.equal(missing.sys_id, undefined);

    const unknownSupplier = await stage('sn_fcms_intg_imp_order', { erp_po_number: 'P00042', erp_source: 'odoo', supplier: 'V-9999' });
    assert.equal(unknownSupplier.status, 'error');
    assert.equal(unknownSupplier.error_message, "Supplier 'V-9999' (supplier) not found: no sn_fin_supplier record with erp_supplier_id = V-9999");
    const unknownCostCenter = await stage('sn_fcms_intg_imp_order', { erp_po_number: 'P00042', erp_source: 'odoo', supplier: 'V-1001', cost_center: 'CC-777' });
    assert.match(unknownCostCenter.error_message!, /^Cost center 'CC-777'/);
    const orders = await call(sn.url, '/api/now/table/sn_shop_purchase_order?sysparm_query=erp_po_number%3DP00042');
    assert.deepEqual(orders.json().result, []);

    // The staging rows keep their outcome for a later look.
    const rows = await call(sn.url, `/api/now/table/sn_fcms_intg_imp_order?sysparm_fields=sys_import_state,sys_row_error&sysparm_query=${q('ORDERBYsys_created_on^ORDERBYsys_import_set.number')}`);
    assert.deepEqual(rows.json().result.map((row: Record<string, string>) => row.sys_import_state), ['error', 'error', 'error']);
  });

  it('stages a purchase order with lines: references resolved to sys_ids, a re-staged line updates its own record, an unknown GL account rejects the line', async () => {
    const order = await stage('sn_fcms_intg_imp_order', { erp_po_number: 'P00001', erp_source: 'odoo', supplier: 'V-1001', legal_entity: 'MLC-US', cost_center: 'CC-200', po_amount: '7082.50', currency: 'USD', po_status: 'ordered' });
    assert.equal(order.status, 'inserted');
    const line = { erp_po_number: 'P00001', erp_line_number: '1', product_name: 'Lumber 2x4x8 SPF', purchase_quantity: '800', unit_price: '4.25', total_line_amount: '3400.00', gl_account: '5000', cost_center: 'CC-200' };
    const first = await stage('sn_fcms_intg_imp_order_line', line);
    assert.equal(first.status, 'inserted');
    assert.equal((await stage('sn_fcms_intg_imp_order_line', { ...line, erp_line_number: '2', product_name: 'Drywall' })).status, 'inserted');
    const changed = await stage('sn_fcms_intg_imp_order_line', { ...line, purchase_quantity: '900', total_line_amount: '3825.00' });
    assert.equal(changed.status, 'updated');
    assert.equal(changed.sys_id, first.sys_id);
    const badGl = await stage('sn_fcms_intg_imp_order_line', { ...line, erp_line_number: '3', gl_account: '9999' });
    assert.equal(badGl.status, 'error');
    assert.match(badGl.error_message!, /^GL account '9999'/);

    const lines = await call(sn.url, `/api/now/table/sn_shop_purchase_order_line?sysparm_display_value=true&sysparm_exclude_reference_link=true&sysparm_fields=erp_line_number,purchase_order.erp_po_number,gl_account,cost_center,purchase_quantity&sysparm_query=${q('purchase_order.erp_po_number=P00001^ORDERBYerp_line_number')}`);
    assert.deepEqual(lines.json().result, [
      { erp_line_number: '1', 'purchase_order.erp_po_number': 'P00001', gl_account: 'Construction Materials', cost_center: 'North Branch', purchase_quantity: '900' },
      { erp_line_number: '2', 'purchase_order.erp_po_number': 'P00001', gl_account: 'Construction Materials', cost_center: 'North Branch', purchase_quantity: '800' },
    ]);
    const po = await call(sn.url, `/api/now/table/sn_shop_purchase_order/${order.sys_id}?sysparm_fields=number,supplier.erp_supplier_id,total_amount`);
    assert.deepEqual(po.json().result, { number: 'PO0001001', 'supplier.erp_supplier_id': 'V-1001', total_amount: '7082.50' });
  });

  it('stages vendor bills through the u_ columns of the invoice staging tables', async () => {
    const invoice = await stage('sn_spend_intg_imp_invoice', { u_external_invoice_number: 'BILL/2026/10/0001', u_supplier: 'V-1002', u_invoice_date: '2026-10-20', u_currency: 'USD', u_amount_invoiced: '9280.00' });
    assert.equal(invoice.status, 'inserted');
    assert.equal(invoice.table, 'sn_shop_invoice');
    const line = await stage('sn_spend_intg_imp_invoice_line', { u_external_invoice_number: 'BILL/2026/10/0001', u_line_number: '1', u_gl_account: '5000', u_cost_center: 'CC-300', u_line_amount_invoiced: '9280.00' });
    assert.equal(line.status, 'inserted');
    const noCurrency = await stage('sn_spend_intg_imp_invoice', { u_external_invoice_number: 'BILL/2026/10/0002', u_supplier: 'V-1002', u_invoice_date: '2026-10-20' });
    assert.equal(noCurrency.error_message, "Mandatory field 'Currency' (u_currency) is empty");
  });

  it('reads the sn_fcms columns with a u_ prefix when the option says so', async () => {
    await call(sn.url, '/__sandbox/options', { method: 'POST', user: null, body: { fcmsColumnPrefix: 'u_' } });
    const plain = await stage('sn_fcms_intg_gl_account_stage', { number: '6700', account_name: 'Travel' });
    assert.equal(plain.status, 'error');
    const prefixed = await stage('sn_fcms_intg_gl_account_stage', { u_number: '6700', u_account_name: 'Travel', u_entity: 'MLC-US' });
    assert.equal(prefixed.status, 'inserted');
  });

  it('insertMultiple answers with the import set ids at once and transforms later; each row\'s outcome is then readable from the staging table and by sys_id', async () => {
    sn.running.clock.set('2026-12-01T10:00:00Z');
    const records = [
      { erp_supplier_id: 'V-1001', name: 'Acme Lumber Supply', legal_name: 'Acme Lumber Supply', erp_source: 'odoo' },
      { erp_supplier_id: 'V-1013', name: 'Precision Surveying LLC', erp_source: 'odoo' },
      { erp_supplier_id: '', name: 'No Key Inc.' },
      { erp_supplier_id: 'V-1014', name: 'Horizon HVAC Supply', legal_entity: 'NOPE' },
    ];
    const answer = await call(sn.url, '/api/now/import/sn_fcms_intg_imp_supplier/insertMultiple', { method: 'POST', body: { records } });
    assert.equal(answer.status, 201, answer.body);
    const ids = answer.json<{ import_set_id: string; multi_import_set_id: string }>();
    assert.deepEqual(Object.keys(ids).sort(), ['import_set_id', 'multi_import_set_id']);
    assert.match(ids.import_set_id, /^[0-9a-f]{32}$/);

    const rowsPath = `/api/now/table/sn_fcms_intg_imp_supplier?sysparm_fields=sys_id,sys_import_state,sys_import_state_comment,sys_target_sys_id&sysparm_query=${q(`sys_import_set=${ids.import_set_id}^ORDERBYsys_import_row`)}`;
    const pending = (await call(sn.url, rowsPath)).json().result as Array<Record<string, string>>;
    assert.deepEqual(pending.map((row) => row.sys_import_state), ['pending', 'pending', 'pending', 'pending']);
    assert.equal((await call(sn.url, `/api/now/import/sn_fcms_intg_imp_supplier/${pending[1]!.sys_id}`)).json().result[0].status, 'pending');

    sn.running.clock.advance(1000);
    const done = (await call(sn.url, rowsPath)).json().result as Array<Record<string, string>>;
    assert.deepEqual(done.map((row) => row.sys_import_state), ['ignored', 'inserted', 'error', 'error']);
    assert.equal(done[2]!.sys_import_state_comment, "Mandatory field 'ERP supplier id' (erp_supplier_id) is empty");
    assert.match(done[3]!.sys_import_state_comment!, /^Legal entity 'NOPE'/);
    const byId = (await call(sn.url, `/api/now/import/sn_fcms_intg_imp_supplier/${done[1]!.sys_id}`)).json<ImportAnswer>();
    assert.equal(byId.result[0]!.status, 'inserted');
    assert.equal(byId.result[0]!.sys_id, done[1]!.sys_target_sys_id);
    const importSet = (await call(sn.url, `/api/now/table/sys_import_set/${ids.import_set_id}?sysparm_fields=state,mode,row_count,multi_import_set_id`)).json().result;
    assert.deepEqual(importSet, { state: 'processed', mode: 'asynchronous', row_count: '4', multi_import_set_id: ids.multi_import_set_id });
    const everyRow = await call(sn.url, `/api/now/table/sys_import_set_row?sysparm_fields=sys_import_state&sysparm_query=${q(`sys_import_set=${ids.import_set_id}`)}`);
    assert.equal(everyRow.json().result.length, 4);
  });

  it('answers 201 with an empty body when the caller may not read the target table; the row is imported all the same', async () => {
    const answer = await call(sn.url, '/api/now/import/sn_fcms_intg_imp_cost_center', { method: 'POST', user: IMPORT_ONLY_USER, body: { code: 'CC-510', name: 'Hidden' } });
    assert.equal(answer.status, 201);
    assert.equal(answer.body, '');
    const made = await call(sn.url, '/api/now/table/cmn_cost_center?sysparm_query=code%3DCC-510&sysparm_fields=name');
    assert.deepEqual(made.json().result, [{ name: 'Hidden' }]);
    await call(sn.url, '/__sandbox/options', { method: 'POST', user: null, body: { emptyImportBody: 'always' } });
    const always = await call(sn.url, '/api/now/import/sn_fcms_intg_imp_cost_center', { method: 'POST', body: { code: 'CC-511', name: 'Also hidden' } });
    assert.equal(always.status, 201);
    assert.equal(always.body, '');
  });
});
