// What the ERP integration framework's transform maps (B.6) do with a staged row, as the sandbox's maps
// do it (sandbox/README.md; the docs give labels only, so an instance's maps may differ): which staging
// column lands in which target field, which columns name another record by a key, and which target
// fields the map coalesces on. The write node's look-ups after an unknown outcome (staging-keys.ts) and
// its plan-only mode (write-plan.ts) read these; nothing here talks to ServiceNow.

export interface StagingColumn {
  /** The staging column without a prefix; a row may hold it plain or with `u_` (an instance that prefixes its columns). */
  column: string;
  /** The target field the transform sets. */
  field: string;
  /** An empty value rejects the row. */
  mandatory?: true;
  /** The value names a record of `table` by its `by` column; the target field holds that record's sys_id. */
  reference?: { table: string; by: string; label: string };
}

export interface StagingMap {
  target: string;
  columns: readonly StagingColumn[];
  /** Target fields the map finds an existing record by. */
  coalesce: readonly string[];
}

const col = (column: string, field = column): StagingColumn => ({ column, field });
const must = (column: string, field = column): StagingColumn => ({ column, field, mandatory: true });
const ref = (column: string, table: string, by: string, label: string, options: { field?: string; mandatory?: true } = {}): StagingColumn => ({
  column,
  field: options.field ?? column,
  reference: { table, by, label },
  ...(options.mandatory ? { mandatory: true as const } : {}),
});

const SUPPLIER = ['sn_fin_supplier', 'erp_supplier_id', 'Supplier'] as const;
const ENTITY = ['sn_fin_legal_entity', 'code', 'Legal entity'] as const;
const COST_CENTER = ['cmn_cost_center', 'code', 'Cost center'] as const;
const GL_ACCOUNT = ['sn_fin_gl_account', 'number', 'GL account'] as const;

export const STAGING_MAPS: Readonly<Record<string, StagingMap>> = {
  sn_fcms_intg_imp_supplier: {
    target: 'sn_fin_supplier',
    coalesce: ['erp_supplier_id'],
    columns: [must('erp_supplier_id'), must('name'), col('legal_name'), col('tax_id'), col('erp_company_code'), col('erp_source'), col('payment_term'), col('status'), col('email'), col('city'), col('country'), ref('legal_entity', ...ENTITY)],
  },
  sn_fcms_intg_imp_cost_center: {
    target: 'cmn_cost_center',
    coalesce: ['code'],
    columns: [
      must('code'),
      must('name'),
      col('account_number'),
      col('cost_center_type'),
      col('erp_source'),
      col('valid_from'),
      col('valid_to'),
      col('active'),
      ref('legal_entity', ...ENTITY),
      ref('manager', 'sys_user', 'user_name', 'Manager'),
      ref('parent', 'cmn_cost_center', 'code', 'Parent'),
    ],
  },
  sn_fcms_intg_gl_account_stage: {
    target: 'sn_fin_gl_account',
    coalesce: ['number'],
    columns: [must('number'), must('account_name'), col('account_currency'), col('category'), col('type'), col('ledger_type'), col('erp_source'), col('inactive'), ref('entity', ...ENTITY, { field: 'legal_entity' })],
  },
  sn_fcms_intg_imp_order: {
    target: 'sn_shop_purchase_order',
    coalesce: ['erp_po_number', 'erp_source'],
    columns: [
      must('erp_po_number'),
      must('erp_source'),
      ref('supplier', ...SUPPLIER, { mandatory: true }),
      ref('legal_entity', ...ENTITY),
      ref('cost_center', ...COST_CENTER),
      col('po_amount', 'total_amount'),
      col('currency'),
      col('po_status', 'status'),
      col('order_type'),
      col('payment_term'),
      col('order_date', 'order_placed'),
      col('description', 'short_description'),
    ],
  },
  sn_fcms_intg_imp_order_line: {
    target: 'sn_shop_purchase_order_line',
    coalesce: ['purchase_order', 'erp_line_number'],
    columns: [
      ref('erp_po_number', 'sn_shop_purchase_order', 'erp_po_number', 'Purchase order', { field: 'purchase_order', mandatory: true }),
      must('erp_line_number'),
      col('product_name'),
      col('product_type'),
      col('purchase_quantity'),
      col('unit'),
      col('unit_price'),
      col('total_line_amount'),
      ref('gl_account', ...GL_ACCOUNT),
      ref('cost_center', ...COST_CENTER),
      ref('supplier', ...SUPPLIER),
    ],
  },
  sn_spend_intg_imp_invoice: {
    target: 'sn_shop_invoice',
    coalesce: ['external_invoice_number'],
    columns: [
      must('external_invoice_number'),
      ref('supplier', ...SUPPLIER, { mandatory: true }),
      must('invoice_date'),
      must('currency'),
      ref('purchase_order', 'sn_shop_purchase_order', 'erp_po_number', 'Purchase order'),
      ref('legal_entity', ...ENTITY),
      col('supplier_invoice_number'),
      col('invoice_type'),
      col('subtotal'),
      col('tax_amount'),
      col('amount_invoiced'),
      col('erp_source'),
    ],
  },
  sn_spend_intg_imp_invoice_line: {
    target: 'sn_shop_invoice_line',
    coalesce: ['invoice', 'line_number'],
    columns: [
      ref('external_invoice_number', 'sn_shop_invoice', 'external_invoice_number', 'Invoice', { field: 'invoice', mandatory: true }),
      must('line_number'),
      col('line_description'),
      col('line_quantity'),
      col('line_unit_price'),
      col('line_amount_invoiced'),
      ref('gl_account', ...GL_ACCOUNT),
      ref('cost_center', ...COST_CENTER),
    ],
  },
};

export function stagingMapOf(staging: string): StagingMap | undefined {
  return Object.prototype.hasOwnProperty.call(STAGING_MAPS, staging) ? STAGING_MAPS[staging] : undefined;
}

/** The staging column's value in a row, trimmed, plain or `u_`-prefixed; '' when the row has none. */
export function stagedValue(values: Readonly<Record<string, unknown>>, column: string): string {
  for (const name of [column, `u_${column}`]) {
    const value = values[name];
    if (value !== undefined && value !== null && String(value).trim() !== '') return String(value).trim();
  }
  return '';
}

/** Where the target holds each coalesce field, dot-walked through a reference (`purchase_order.erp_po_number`), and the staging column that gives it. */
export function coalesceColumnsOf(map: StagingMap): Array<{ lookup: string; column: string | undefined }> {
  return map.coalesce.map((field) => {
    const column = map.columns.find((c) => c.field === field);
    return { lookup: column?.reference ? `${field}.${column.reference.by}` : field, column: column?.column };
  });
}

/** The row's coalesce key as the target is queried by it; undefined when a key column is empty. */
export function coalesceKeyOf(map: StagingMap, values: Readonly<Record<string, unknown>>): Array<{ field: string; value: string }> | undefined {
  const key: Array<{ field: string; value: string }> = [];
  for (const { lookup, column } of coalesceColumnsOf(map)) {
    const value = column ? stagedValue(values, column) : '';
    if (value === '') return undefined;
    key.push({ field: lookup, value });
  }
  return key;
}
