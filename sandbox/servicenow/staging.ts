import { IMPORT_ROW_FIELDS, ROLES, STAGING_TABLES } from './tables';

/** A staging column and where the transform map puts it. */
export interface ColumnMap {
  /** Column name without the configurable prefix (`erp_po_number`; `u_…` is written out for the invoice tables). */
  column: string;
  label: string;
  field: string;
  mandatory?: boolean;
  /** The value names a record of `table` by its `by` field; a value with no such record rejects the row. */
  reference?: { table: string; by: string; label: string };
}

export interface TransformMap {
  name: string;
  staging: string;
  target: string;
  /** `fcms`: the prefix is the `fcmsColumnPrefix` option; `u_`: always `u_` (documented for the invoice tables). */
  columnPrefix: 'fcms' | 'u_';
  columns: ColumnMap[];
  /** Target fields that find the record to update (the transform map's coalesce fields). */
  coalesce: string[];
}

const supplierRef = { table: 'sn_fin_supplier', by: 'erp_supplier_id', label: 'Supplier' };
const entityRef = { table: 'sn_fin_legal_entity', by: 'code', label: 'Legal entity' };
const costCenterRef = { table: 'cmn_cost_center', by: 'code', label: 'Cost center' };
const glRef = { table: 'sn_fin_gl_account', by: 'number', label: 'GL account' };
const plain = (column: string, label: string, field = column): ColumnMap => ({ column, label, field });

/**
 * The ERP integration framework's inbound staging tables (B.6) and one transform map each. Where the
 * docs give labels only, the column names here are the sandbox's choice (see sandbox/README.md).
 */
export const TRANSFORM_MAPS: readonly TransformMap[] = [
  {
    name: 'ERP Supplier to Supplier',
    staging: 'sn_fcms_intg_imp_supplier',
    target: 'sn_fin_supplier',
    columnPrefix: 'fcms',
    coalesce: ['erp_supplier_id'],
    columns: [
      { column: 'erp_supplier_id', label: 'ERP supplier id', field: 'erp_supplier_id', mandatory: true },
      { column: 'name', label: 'Name', field: 'name', mandatory: true },
      plain('legal_name', 'Legal name'),
      plain('tax_id', 'Tax id'),
      plain('erp_company_code', 'ERP company code'),
      plain('erp_source', 'ERP source'),
      plain('payment_term', 'Payment term'),
      plain('status', 'Status'),
      plain('email', 'Email'),
      plain('city', 'City'),
      plain('country', 'Country'),
      { column: 'legal_entity', label: 'Legal entity', field: 'legal_entity', reference: entityRef },
    ],
  },
  {
    name: 'ERP Cost Center to Cost Center',
    staging: 'sn_fcms_intg_imp_cost_center',
    target: 'cmn_cost_center',
    columnPrefix: 'fcms',
    coalesce: ['code'],
    columns: [
      { column: 'code', label: 'Code', field: 'code', mandatory: true },
      { column: 'name', label: 'Name', field: 'name', mandatory: true },
      plain('account_number', 'Account number'),
      plain('cost_center_type', 'Cost center type'),
      plain('erp_source', 'ERP source'),
      plain('valid_from', 'Valid from'),
      plain('valid_to', 'Valid to'),
      plain('active', 'Active'),
      { column: 'legal_entity', label: 'Legal entity', field: 'legal_entity', reference: entityRef },
      { column: 'manager', label: 'Manager', field: 'manager', reference: { table: 'sys_user', by: 'user_name', label: 'Manager' } },
      { column: 'parent', label: 'Parent', field: 'parent', reference: costCenterRef },
    ],
  },
  {
    name: 'ERP GL Account to GL Account',
    staging: 'sn_fcms_intg_gl_account_stage',
    target: 'sn_fin_gl_account',
    columnPrefix: 'fcms',
    coalesce: ['number'],
    columns: [
      { column: 'number', label: 'Number', field: 'number', mandatory: true },
      { column: 'account_name', label: 'Account name', field: 'account_name', mandatory: true },
      plain('account_currency', 'Account currency'),
      plain('category', 'Category'),
      plain('type', 'Type'),
      plain('ledger_type', 'Ledger type'),
      plain('erp_source', 'ERP source'),
      plain('inactive', 'Inactive'),
      { column: 'entity', label: 'Entity', field: 'legal_entity', reference: entityRef },
    ],
  },
  {
    name: 'ERP Order to Purchase Order',
    staging: 'sn_fcms_intg_imp_order',
    target: 'sn_shop_purchase_order',
    columnPrefix: 'fcms',
    coalesce: ['erp_po_number', 'erp_source'],
    columns: [
      { column: 'erp_po_number', label: 'ERP PO number', field: 'erp_po_number', mandatory: true },
      { column: 'erp_source', label: 'ERP source', field: 'erp_source', mandatory: true },
      { column: 'supplier', label: 'Supplier', field: 'supplier', mandatory: true, reference: supplierRef },
      { column: 'legal_entity', label: 'Legal entity', field: 'legal_entity', reference: entityRef },
      { column: 'cost_center', label: 'Cost center', field: 'cost_center', reference: costCenterRef },
      plain('po_amount', 'PO amount', 'total_amount'),
      plain('currency', 'PO amount currency', 'currency'),
      plain('po_status', 'PO status', 'status'),
      plain('order_type', 'Order type'),
      plain('payment_term', 'Payment term'),
      plain('order_date', 'Order placed', 'order_placed'),
      plain('description', 'Description', 'short_description'),
    ],
  },
  {
    name: 'ERP Order Line to Purchase Order Line',
    staging: 'sn_fcms_intg_imp_order_line',
    target: 'sn_shop_purchase_order_line',
    columnPrefix: 'fcms',
    coalesce: ['purchase_order', 'erp_line_number'],
    columns: [
      { column: 'erp_po_number', label: 'ERP PO number', field: 'purchase_order', mandatory: true, reference: { table: 'sn_shop_purchase_order', by: 'erp_po_number', label: 'Purchase order' } },
      { column: 'erp_line_number', label: 'ERP PO line number', field: 'erp_line_number', mandatory: true },
      plain('product_name', 'Product name'),
      plain('product_type', 'Product type'),
      plain('purchase_quantity', 'Purchase quantity'),
      plain('unit', 'Unit'),
      plain('unit_price', 'Unit price'),
      plain('total_line_amount', 'Total line amount'),
      { column: 'gl_account', label: 'GL account', field: 'gl_account', reference: glRef },
      { column: 'cost_center', label: 'Cost center', field: 'cost_center', reference: costCenterRef },
      { column: 'supplier', label: 'Supplier', field: 'supplier', reference: supplierRef },
    ],
  },
  {
    name: 'AP Invoice Import',
    staging: 'sn_spend_intg_imp_invoice',
    target: 'sn_shop_invoice',
    columnPrefix: 'u_',
    coalesce: ['external_invoice_number'],
    columns: [
      { column: 'external_invoice_number', label: 'External invoice number', field: 'external_invoice_number', mandatory: true },
      { column: 'supplier', label: 'Supplier', field: 'supplier', mandatory: true, reference: supplierRef },
      { column: 'invoice_date', label: 'Invoice date', field: 'invoice_date', mandatory: true },
      { column: 'currency', label: 'Currency', field: 'currency', mandatory: true },
      { column: 'purchase_order', label: 'Purchase order', field: 'purchase_order', reference: { table: 'sn_shop_purchase_order', by: 'erp_po_number', label: 'Purchase order' } },
      { column: 'legal_entity', label: 'Legal entity', field: 'legal_entity', reference: entityRef },
      plain('supplier_invoice_number', 'Supplier invoice number'),
      plain('invoice_type', 'Invoice type'),
      plain('subtotal', 'Subtotal'),
      plain('tax_amount', 'Tax amount'),
      plain('amount_invoiced', 'Amount invoiced'),
      plain('erp_source', 'ERP source'),
    ],
  },
  {
    name: 'AP Invoice Line Import',
    staging: 'sn_spend_intg_imp_invoice_line',
    target: 'sn_shop_invoice_line',
    columnPrefix: 'u_',
    coalesce: ['invoice', 'line_number'],
    columns: [
      { column: 'external_invoice_number', label: 'External invoice number', field: 'invoice', mandatory: true, reference: { table: 'sn_shop_invoice', by: 'external_invoice_number', label: 'Invoice' } },
      { column: 'line_number', label: 'Line number', field: 'line_number', mandatory: true },
      plain('line_description', 'Line description'),
      plain('line_quantity', 'Line quantity'),
      plain('line_unit_price', 'Line unit price'),
      plain('line_amount_invoiced', 'Line amount invoiced'),
      { column: 'gl_account', label: 'GL account', field: 'gl_account', reference: glRef },
      { column: 'cost_center', label: 'Cost center', field: 'cost_center', reference: costCenterRef },
    ],
  },
];

export const STAGING_TABLE_NAMES: readonly string[] = TRANSFORM_MAPS.map((map) => map.staging);

for (const map of TRANSFORM_MAPS) {
  STAGING_TABLES.set(map.staging, {
    name: map.staging,
    label: map.name,
    displayField: 'sys_import_row',
    readRoles: [ROLES.importer, ROLES.integration],
    writeRoles: [ROLES.importer, ROLES.integration],
    staging: true,
    fields: { ...IMPORT_ROW_FIELDS },
  });
}

export function transformMapsFor(staging: string): TransformMap[] {
  return TRANSFORM_MAPS.filter((map) => map.staging === staging);
}
