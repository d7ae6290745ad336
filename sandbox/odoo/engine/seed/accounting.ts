import type { Seeder } from './seeder';

/** A small US chart of accounts for a construction company with payroll. */
export const CHART_OF_ACCOUNTS = [
  ['1000', 'Cash on Hand', 'asset_cash'],
  ['1010', 'Operating Bank Account', 'asset_cash'],
  ['1200', 'Accounts Receivable', 'asset_receivable'],
  ['1400', 'Prepaid Expenses', 'asset_prepayments'],
  ['1500', 'Construction Equipment', 'asset_fixed'],
  ['2000', 'Accounts Payable', 'liability_payable'],
  ['2100', 'Accrued Wages Payable', 'liability_current'],
  ['2110', 'Net Payroll Clearing', 'liability_current'],
  ['2200', 'Federal Payroll Taxes Payable', 'liability_current'],
  ['2210', 'State Payroll Taxes Payable', 'liability_current'],
  ['2300', 'Employee Benefits Payable', 'liability_current'],
  ['2310', '401(k) Contributions Payable', 'liability_current'],
  ['3000', "Owner's Equity", 'equity'],
  ['3900', 'Retained Earnings', 'equity_unaffected'],
  ['4000', 'Construction Contract Revenue', 'income'],
  ['5000', 'Construction Materials', 'expense_direct_cost'],
  ['5100', 'Subcontractor Costs', 'expense_direct_cost'],
  ['5200', 'Equipment Rental', 'expense_direct_cost'],
  ['6100', 'Wages Expense', 'expense'],
  ['6110', 'Overtime Wages Expense', 'expense'],
  ['6200', 'Payroll Tax Expense', 'expense'],
  ['6300', 'Employee Benefits Expense', 'expense'],
  ['6400', "Workers' Compensation Insurance", 'expense'],
  ['6600', 'Office Supplies', 'expense'],
] as const;

/** Branches as cost centers: analytic accounts of the "Cost Centers" plan, matching the departments. */
export const COST_CENTERS = [
  ['CC-100', 'Administration'],
  ['CC-200', 'North Branch'],
  ['CC-300', 'South Branch'],
  ['CC-400', 'East Branch'],
] as const;

export const PROJECTS = [
  ['PRJ-1001', 'Riverside Medical Center'],
  ['PRJ-1002', 'Oak Street Bridge Retrofit'],
  ['PRJ-1003', 'Harbor View Apartments'],
] as const;

export interface AccountingIds {
  accounts: Map<string, number>;
  journals: { misc: number; payroll: number; bills: number; sales: number; bank: number };
  costCenters: Map<string, number>;
  projects: Map<string, number>;
}

export function seedAccounting(seed: Seeder, company: number): AccountingIds {
  const accounts = new Map<string, number>();
  for (const [code, name, type] of CHART_OF_ACCOUNTS) {
    accounts.set(
      code,
      seed.create(
        'account.account',
        { code, name, account_type: type, reconcile: type === 'liability_payable' || type === 'asset_receivable', company_id: company },
        `mlc_demo.account_${code}`,
      ),
    );
  }
  // An archived account, to show that active_test hides accounts too.
  seed.create('account.account', { code: '6900', name: 'Miscellaneous Expense (old)', account_type: 'expense', active: false, company_id: company }, 'mlc_demo.account_6900');

  const journal = (code: string, name: string, type: string, sequence: number, account?: string): number =>
    seed.create(
      'account.journal',
      { code, name, type, sequence, company_id: company, currency_id: false, default_account_id: account ? accounts.get(account) : false },
      `mlc_demo.journal_${code.toLowerCase()}`,
    );
  const journals = {
    sales: journal('INV', 'Customer Invoices', 'sale', 5, '4000'),
    bills: journal('BILL', 'Vendor Bills', 'purchase', 6, '5000'),
    misc: journal('MISC', 'Miscellaneous Operations', 'general', 9),
    payroll: journal('PAY', 'Payroll', 'general', 10),
    bank: journal('BNK1', 'Bank', 'bank', 11, '1010'),
  };

  const costPlan = seed.create('account.analytic.plan', { name: 'Cost Centers', default_applicability: 'optional', sequence: 1 }, 'mlc_demo.plan_cost_centers');
  const projectPlan = seed.create('account.analytic.plan', { name: 'Projects', default_applicability: 'optional', sequence: 2 }, 'mlc_demo.plan_projects');
  const costCenters = new Map<string, number>();
  for (const [code, name] of COST_CENTERS) {
    costCenters.set(
      code,
      seed.create('account.analytic.account', { name, code, plan_id: costPlan, company_id: company }, `mlc_demo.cost_center_${code.slice(3)}`),
    );
  }
  seed.create('account.analytic.account', { name: 'Legacy Yard', code: 'CC-900', plan_id: costPlan, company_id: company, active: false }, 'mlc_demo.cost_center_900');
  const projects = new Map<string, number>();
  for (const [code, name] of PROJECTS) {
    projects.set(
      code,
      seed.create('account.analytic.account', { name, code, plan_id: projectPlan, company_id: company }, `mlc_demo.project_${code.slice(4)}`),
    );
  }
  return { accounts, journals, costCenters, projects };
}
