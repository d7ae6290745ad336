// The usual controls of a journal entry from a payroll GL: debit and credit per entry, per account and
// per cost center, the account and cost center turned into Odoo ids by the mapping's lookup tables.
// The UKG GL example names the same in its map node's settings.
import type { ControlSpec } from './spec';

export interface JournalPaths {
  /** Where the entry's lines are in the source record. */
  lines: string;
  account: string;
  costCenter: string;
  accountTable?: string;
  costCenterTable?: string;
}

export function journalControls(paths: JournalPaths): ControlSpec {
  return {
    lines: paths.lines,
    amounts: [
      { name: 'debit', from: 'debit', target: 'debit' },
      { name: 'credit', from: 'credit', target: 'credit' },
    ],
    dimensions: [
      { name: 'account', from: paths.account, table: paths.accountTable ?? 'accounts', target: 'account_id' },
      { name: 'cost center', from: paths.costCenter, table: paths.costCenterTable ?? 'costCenters', target: 'analytic_distribution' },
    ],
  };
}
