/**
 * The LookML the sandbox serves, in one place so the example's author can follow the warehouse's
 * column names (the contract is /work/briefs/warehouse-tables.md; a column renamed there is renamed
 * here). A dimension's `column` is a column of its view's table; a measure without `column` counts the
 * view's primary key. Joins are all many_to_one LEFT OUTER joins on `foreignKey = view.id`, so sums over
 * the base view never fan out and need no symmetric aggregates.
 */

export type DimensionType = 'number' | 'string' | 'date' | 'time' | 'yesno';
export type MeasureType = 'sum' | 'count' | 'count_distinct' | 'average' | 'min' | 'max';

export interface DimensionDef {
  name: string;
  type: DimensionType;
  column: string;
  label?: string;
  primaryKey?: boolean;
}

export interface MeasureDef {
  name: string;
  type: MeasureType;
  /** The column aggregated; `count` without one counts distinct primary keys, as Looker does. */
  column?: string;
  label?: string;
}

export interface ViewDef {
  name: string;
  /** Table (or view) in the connection's schema. */
  table: string;
  dimensions: DimensionDef[];
  measures: MeasureDef[];
}

export interface JoinDef {
  view: string;
  /** Dimension of the explore's base view (or an earlier join) holding the joined view's id, `view.field`. */
  foreignKey: string;
}

export interface ExploreDef {
  name: string;
  label: string;
  description: string;
  view: string;
  joins: JoinDef[];
}

export interface ModelDef {
  name: string;
  label: string;
  projectName: string;
  connection: string;
  /** The datagroup every explore of the model persists with (its query cache). */
  datagroup: string;
  explores: ExploreDef[];
  views: ViewDef[];
}

const str = (name: string, label?: string): DimensionDef => ({ name, type: 'string', column: name, ...(label ? { label } : {}) });
const num = (name: string): DimensionDef => ({ name, type: 'number', column: name });
const day = (name: string): DimensionDef => ({ name, type: 'date', column: name });
const id: DimensionDef = { name: 'id', type: 'number', column: 'id', primaryKey: true };
const count: MeasureDef = { name: 'count', type: 'count' };
const sum = (name: string, column: string): MeasureDef => ({ name, type: 'sum', column });

const views: ViewDef[] = [
  {
    name: 'accounts',
    table: 'accounts',
    dimensions: [id, str('code'), str('name'), str('account_type')],
    measures: [count],
  },
  {
    name: 'journal_entries',
    table: 'journal_entries',
    dimensions: [id, str('name'), day('date'), str('ref'), num('journal_id'), str('journal_name'), str('move_type'), str('state'), num('partner_id'), num('amount_total'), str('currency')],
    measures: [count, sum('total_amount', 'amount_total')],
  },
  {
    name: 'journal_lines',
    table: 'journal_lines',
    dimensions: [
      id,
      num('move_id'),
      str('move_name'),
      day('date'),
      str('parent_state'),
      num('journal_id'),
      str('journal_name'),
      num('account_id'),
      str('account_code'),
      num('partner_id'),
      str('name'),
      num('debit'),
      num('credit'),
      num('balance'),
    ],
    measures: [count, sum('total_debit', 'debit'), sum('total_credit', 'credit'), sum('total_balance', 'balance')],
  },
  {
    name: 'journal_lines_by_analytic',
    table: 'journal_lines_by_analytic',
    dimensions: [{ ...id, primaryKey: false }, num('analytic_account_id'), num('percentage'), num('debit'), num('credit'), num('balance')],
    measures: [{ name: 'count', type: 'count', column: 'id' }, sum('total_debit', 'debit'), sum('total_credit', 'credit'), sum('total_balance', 'balance')],
  },
  {
    name: 'cost_centers',
    table: 'cost_centers',
    dimensions: [id, str('name'), str('code'), num('plan_id'), str('plan_name')],
    measures: [count],
  },
  {
    name: 'vendor_bills',
    table: 'vendor_bills',
    dimensions: [
      id,
      str('name'),
      str('ref'),
      day('invoice_date'),
      day('invoice_date_due'),
      num('partner_id'),
      str('move_type'),
      str('state'),
      str('payment_state'),
      str('invoice_origin'),
      str('currency'),
    ],
    measures: [count, sum('total_untaxed', 'amount_untaxed'), sum('total_tax', 'amount_tax'), sum('total_amount', 'amount_total'), sum('total_residual', 'amount_residual')],
  },
  {
    name: 'purchase_orders',
    table: 'purchase_orders',
    dimensions: [id, str('name'), num('partner_id'), { name: 'date_order', type: 'time', column: 'date_order' }, str('state'), str('currency')],
    measures: [count, sum('total_untaxed', 'amount_untaxed'), sum('total_tax', 'amount_tax'), sum('total_amount', 'amount_total')],
  },
  {
    name: 'employees',
    table: 'employees',
    dimensions: [id, str('name'), str('work_email'), str('job_title'), num('department_id'), num('parent_id')],
    measures: [count],
  },
  {
    name: 'departments',
    table: 'departments',
    dimensions: [id, str('name'), str('complete_name'), num('parent_id'), num('manager_id')],
    measures: [count],
  },
];

export const ODOO_FINANCE: ModelDef = {
  name: 'odoo_finance',
  label: 'Odoo Finance',
  projectName: 'odoo_finance',
  connection: 'odoo_warehouse',
  datagroup: 'odoo_finance_load',
  views,
  explores: [
    {
      name: 'journal_lines',
      label: 'Journal Lines',
      description: 'General ledger lines with their account and journal entry',
      view: 'journal_lines',
      joins: [
        { view: 'accounts', foreignKey: 'journal_lines.account_id' },
        { view: 'journal_entries', foreignKey: 'journal_lines.move_id' },
      ],
    },
    {
      name: 'journal_lines_by_analytic',
      label: 'Journal Lines by Cost Center',
      description: 'Journal lines split by analytic distribution, one row per cost center',
      view: 'journal_lines_by_analytic',
      joins: [{ view: 'cost_centers', foreignKey: 'journal_lines_by_analytic.analytic_account_id' }],
    },
    { name: 'vendor_bills', label: 'Vendor Bills', description: 'Vendor bills and refunds', view: 'vendor_bills', joins: [] },
    { name: 'purchase_orders', label: 'Purchase Orders', description: 'Purchase orders', view: 'purchase_orders', joins: [] },
    {
      name: 'employees',
      label: 'Employees',
      description: 'Employees with their department',
      view: 'employees',
      joins: [{ view: 'departments', foreignKey: 'employees.department_id' }],
    },
  ],
};

export const MODELS: readonly ModelDef[] = [ODOO_FINANCE];
