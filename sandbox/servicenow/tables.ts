/**
 * The tables the sandbox serves, with just enough dictionary to answer like ServiceNow: field types
 * (references render as `{link, value}`), the display field, number prefixes and the roles the table's
 * ACLs ask for. Field names of the S2P and staging tables are the sandbox's choice where the notes
 * only give labels (B.6); see sandbox/README.md.
 */
export type FieldType = 'string' | 'number' | 'boolean' | 'datetime' | 'date' | 'reference';

export interface FieldDef {
  type: FieldType;
  /** The referenced table, for `reference`. */
  table?: string;
}

export interface TableDef {
  name: string;
  label: string;
  fields: Record<string, FieldDef>;
  /** The field whose value stands for a record in references (`display_value`). */
  displayField: string;
  /** `number` values are this prefix + 7 digits (PO0001001). */
  numberPrefix?: string;
  /** Any one of these roles may read / write; `admin` may always. Empty read roles: every signed-in user. */
  readRoles: string[];
  writeRoles: string[];
  /** Import-set staging tables: rows come in through the Import Set API and carry the transform outcome. */
  staging?: boolean;
}

export const SYSTEM_FIELDS: Record<string, FieldDef> = {
  sys_id: { type: 'string' },
  sys_created_on: { type: 'datetime' },
  sys_created_by: { type: 'string' },
  sys_updated_on: { type: 'datetime' },
  sys_updated_by: { type: 'string' },
  sys_mod_count: { type: 'number' },
  sys_class_name: { type: 'string' },
  sys_tags: { type: 'string' },
  sys_domain: { type: 'string' },
  sys_domain_path: { type: 'string' },
};

/** Staging-row bookkeeping every import set row carries (the `sys_import_set_row` columns). */
export const IMPORT_ROW_FIELDS: Record<string, FieldDef> = {
  sys_import_set: { type: 'reference', table: 'sys_import_set' },
  sys_import_row: { type: 'number' },
  sys_import_state: { type: 'string' },
  sys_import_state_comment: { type: 'string' },
  sys_row_error: { type: 'string' },
  sys_target_sys_id: { type: 'string' },
  sys_target_table: { type: 'string' },
  sys_transform_map: { type: 'string' },
};

export const ROLES = {
  integration: 'sn_fcms_intg.integration_user',
  importer: 'import_transformer',
  procurement: 'sn_shop.procurement_specialist',
  apIntegrator: 'sn_spend_intg.procurement_integrator',
  /** The sandbox's own read-only role (no documented equivalent): reads the finance and S2P tables, writes nothing. */
  viewer: 'sn_fcms_intg.viewer',
} as const;

const str = (): FieldDef => ({ type: 'string' });
const num = (): FieldDef => ({ type: 'number' });
const bool = (): FieldDef => ({ type: 'boolean' });
const ref = (table: string): FieldDef => ({ type: 'reference', table });
const strings = (...names: string[]): Record<string, FieldDef> => Object.fromEntries(names.map((name) => [name, str()]));

const financeRead = [ROLES.integration, ROLES.procurement, ROLES.apIntegrator, ROLES.viewer];
const financeWrite = [ROLES.integration];
const s2pWrite = [ROLES.integration, ROLES.procurement, ROLES.apIntegrator];

const TABLE_LIST: TableDef[] = [
  {
    name: 'sys_user',
    label: 'User',
    displayField: 'name',
    readRoles: [],
    writeRoles: ['user_admin'],
    fields: { ...strings('user_name', 'first_name', 'last_name', 'name', 'email', 'roles'), active: bool() },
  },
  {
    name: 'sn_fin_legal_entity',
    label: 'Legal entity',
    displayField: 'name',
    readRoles: financeRead,
    writeRoles: financeWrite,
    fields: { ...strings('name', 'code', 'currency', 'erp_source', 'country'), active: bool() },
  },
  {
    name: 'sn_fin_supplier',
    label: 'Supplier',
    displayField: 'name',
    readRoles: financeRead,
    writeRoles: financeWrite,
    fields: {
      ...strings('name', 'legal_name', 'tax_id', 'erp_supplier_id', 'erp_company_code', 'erp_source', 'payment_term', 'status', 'email', 'city', 'country'),
      legal_entity: ref('sn_fin_legal_entity'),
      active: bool(),
    },
  },
  {
    name: 'cmn_cost_center',
    label: 'Cost Center',
    displayField: 'name',
    readRoles: financeRead,
    writeRoles: financeWrite,
    fields: {
      ...strings('name', 'code', 'account_number', 'cost_center_type', 'erp_source'),
      legal_entity: ref('sn_fin_legal_entity'),
      manager: ref('sys_user'),
      parent: ref('cmn_cost_center'),
      valid_from: { type: 'datetime' },
      valid_to: { type: 'datetime' },
      active: bool(),
    },
  },
  {
    name: 'sn_fin_gl_account',
    label: 'GL account',
    displayField: 'account_name',
    readRoles: financeRead,
    writeRoles: financeWrite,
    fields: { ...strings('number', 'account_name', 'account_currency', 'category', 'type', 'ledger_type', 'erp_source'), legal_entity: ref('sn_fin_legal_entity'), inactive: bool() },
  },
  {
    name: 'sn_shop_purchase_order',
    label: 'Purchase order',
    displayField: 'number',
    numberPrefix: 'PO',
    readRoles: financeRead,
    writeRoles: s2pWrite,
    fields: {
      ...strings('number', 'erp_po_number', 'erp_source', 'order_type', 'status', 'currency', 'payment_term', 'short_description'),
      supplier: ref('sn_fin_supplier'),
      legal_entity: ref('sn_fin_legal_entity'),
      cost_center: ref('cmn_cost_center'),
      total_amount: num(),
      order_placed: { type: 'datetime' },
    },
  },
  {
    name: 'sn_shop_purchase_order_line',
    label: 'Purchase order line',
    displayField: 'number',
    numberPrefix: 'POL',
    readRoles: financeRead,
    writeRoles: s2pWrite,
    fields: {
      ...strings('number', 'erp_line_number', 'product_name', 'product_type', 'unit'),
      purchase_order: ref('sn_shop_purchase_order'),
      supplier: ref('sn_fin_supplier'),
      gl_account: ref('sn_fin_gl_account'),
      cost_center: ref('cmn_cost_center'),
      purchase_quantity: num(),
      unit_price: num(),
      total_line_amount: num(),
    },
  },
  {
    name: 'sn_shop_invoice',
    label: 'Invoice',
    displayField: 'number',
    numberPrefix: 'INV',
    readRoles: financeRead,
    writeRoles: s2pWrite,
    fields: {
      ...strings('number', 'external_invoice_number', 'supplier_invoice_number', 'invoice_type', 'status', 'currency', 'erp_source'),
      supplier: ref('sn_fin_supplier'),
      purchase_order: ref('sn_shop_purchase_order'),
      legal_entity: ref('sn_fin_legal_entity'),
      invoice_date: { type: 'date' },
      subtotal: num(),
      tax_amount: num(),
      amount_invoiced: num(),
    },
  },
  {
    name: 'sn_shop_invoice_line',
    label: 'Invoice line',
    displayField: 'number',
    numberPrefix: 'INVL',
    readRoles: financeRead,
    writeRoles: s2pWrite,
    fields: {
      ...strings('number', 'line_number', 'line_description'),
      invoice: ref('sn_shop_invoice'),
      purchase_order_line: ref('sn_shop_purchase_order_line'),
      gl_account: ref('sn_fin_gl_account'),
      cost_center: ref('cmn_cost_center'),
      line_quantity: num(),
      line_unit_price: num(),
      line_amount_invoiced: num(),
    },
  },
  {
    name: 'sys_import_set',
    label: 'Import Set',
    displayField: 'number',
    numberPrefix: 'ISET',
    readRoles: [ROLES.importer, ROLES.integration],
    writeRoles: ['admin'],
    fields: { ...strings('number', 'table_name', 'state', 'mode'), multi_import_set_id: str(), row_count: num() },
  },
];

export const TABLES: ReadonlyMap<string, TableDef> = new Map(TABLE_LIST.map((table) => [table.name, table]));

export function tableDef(name: string): TableDef | undefined {
  return TABLES.get(name) ?? STAGING_TABLES.get(name);
}

/** Filled in by staging.ts so the Table API can read staging rows too. */
export const STAGING_TABLES = new Map<string, TableDef>();

/** The parent of every staging table: reading it lists the rows of all of them. */
export const IMPORT_SET_ROW = 'sys_import_set_row';
STAGING_TABLES.set(IMPORT_SET_ROW, {
  name: IMPORT_SET_ROW,
  label: 'Import Set Row',
  displayField: 'sys_import_row',
  readRoles: [ROLES.importer, ROLES.integration],
  writeRoles: ['admin'],
  staging: true,
  fields: { ...IMPORT_ROW_FIELDS },
});

export function fieldDef(table: TableDef, field: string): FieldDef | undefined {
  return table.fields[field] ?? SYSTEM_FIELDS[field] ?? (table.staging ? IMPORT_ROW_FIELDS[field] : undefined);
}

export function mayRead(table: TableDef, roles: readonly string[]): boolean {
  return roles.includes('admin') || table.readRoles.length === 0 || table.readRoles.some((role) => roles.includes(role)) || mayWrite(table, roles);
}

export function mayWrite(table: TableDef, roles: readonly string[]): boolean {
  return roles.includes('admin') || table.writeRoles.some((role) => roles.includes(role));
}
