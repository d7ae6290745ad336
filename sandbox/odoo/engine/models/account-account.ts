import { fields } from '../fields';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';

export const ACCOUNT_TYPES = [
  ['asset_receivable', 'Receivable'],
  ['asset_cash', 'Bank and Cash'],
  ['asset_current', 'Current Assets'],
  ['asset_non_current', 'Non-current Assets'],
  ['asset_prepayments', 'Prepayments'],
  ['asset_fixed', 'Fixed Assets'],
  ['liability_payable', 'Payable'],
  ['liability_credit_card', 'Credit Card'],
  ['liability_current', 'Current Liabilities'],
  ['liability_non_current', 'Non-current Liabilities'],
  ['equity', 'Equity'],
  ['equity_unaffected', 'Current Year Earnings'],
  ['income', 'Income'],
  ['income_other', 'Other Income'],
  ['expense', 'Expenses'],
  ['expense_depreciation', 'Depreciation'],
  ['expense_direct_cost', 'Cost of Revenue'],
  ['off_balance', 'Off-Balance Sheet'],
] as const;

export const accountAccount = defineModel({
  name: 'account.account',
  description: 'Account',
  order: 'code, company_id',
  recNamesSearch: ['code', 'name'],
  displayName: (row) => `${String(row['code'] ?? '')} ${String(row['name'] ?? '')}`.trim(),
  fields: {
    code: fields.char('Code', { required: true, indexed: true }),
    name: fields.char('Account Name', { required: true }),
    account_type: fields.selection(ACCOUNT_TYPES, 'Type', { required: true }),
    reconcile: fields.boolean('Allow Reconciliation', { default: false }),
    deprecated: fields.boolean('Deprecated', { default: false }),
    active: fields.boolean('Active', { default: true }),
    currency_id: fields.many2one('res.currency', 'Account Currency'),
    company_id: fields.many2one('res.company', 'Company', { required: true, ondelete: 'restrict', default: 1 }),
  },
  access: ACCESS.accountingSetup,
  uniques: [{ fields: ['code', 'company_id'], message: 'The code of the account must be unique per company!' }],
});
