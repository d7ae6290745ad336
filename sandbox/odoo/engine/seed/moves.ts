import { postMoves } from '../business/move-post';
import { roundHalfUp } from '../orm/coerce';
import type { AccountingIds } from './accounting';
import type { Seeder } from './seeder';

/** Gross wages per cost center for the two October pay runs. */
const PAY_RUNS = [
  { date: '2026-10-15', ref: 'Payroll 2026-10-01..2026-10-15', wages: { 'CC-100': 18400, 'CC-200': 42350, 'CC-300': 39875.5, 'CC-400': 36210.25 } },
  { date: '2026-10-31', ref: 'Payroll 2026-10-16..2026-10-31', wages: { 'CC-100': 18400, 'CC-200': 43120.75, 'CC-300': 38990, 'CC-400': 37005.5 } },
] as const;

/**
 * Two posted payroll journal entries (wages, employer taxes and benefits by cost center against
 * accrued wages, taxes and benefits payable), one posted and one draft vendor bill.
 */
export function seedMoves(seed: Seeder, accounting: AccountingIds, vendors: readonly number[], products: ReadonlyMap<string, number>): number[] {
  const { accounts, journals, costCenters, projects } = accounting;
  const ids: number[] = [];
  for (const [index, run] of PAY_RUNS.entries()) {
    const lines: object[] = [];
    let withholding = 0;
    let taxes = 0;
    let benefits = 0;
    let net = 0;
    for (const [costCenter, gross] of Object.entries(run.wages)) {
      const distribution = { [String(costCenters.get(costCenter))]: 100 };
      const employerTax = roundHalfUp(gross * 0.0765, 2);
      const benefit = roundHalfUp(gross * 0.12, 2);
      const withheld = roundHalfUp(gross * 0.22, 2);
      lines.push({ account_id: accounts.get('6100'), name: `Wages ${costCenter}`, debit: gross, analytic_distribution: distribution });
      lines.push({ account_id: accounts.get('6200'), name: `Employer payroll taxes ${costCenter}`, debit: employerTax, analytic_distribution: distribution });
      lines.push({ account_id: accounts.get('6300'), name: `Employer benefits ${costCenter}`, debit: benefit, analytic_distribution: distribution });
      withholding += withheld;
      taxes += employerTax;
      benefits += benefit;
      net += gross - withheld;
    }
    lines.push({ account_id: accounts.get('2200'), name: 'Payroll taxes withheld and employer share', credit: roundHalfUp(withholding + taxes, 2) });
    lines.push({ account_id: accounts.get('2300'), name: 'Benefits payable', credit: roundHalfUp(benefits, 2) });
    lines.push({ account_id: accounts.get('2100'), name: 'Net wages payable', credit: roundHalfUp(net, 2) });
    const id = seed.create(
      'account.move',
      { move_type: 'entry', journal_id: journals.payroll, date: run.date, ref: run.ref, line_ids: lines.map((line) => [0, 0, line]) },
      `mlc_demo.payroll_entry_${index + 1}`,
    );
    seed.run((env) => postMoves(env, [id]));
    ids.push(id);
  }

  const bill = (vendor: number, ref: string, date: string, lines: ReadonlyArray<readonly [string, number, number, string, string]>): number =>
    seed.create('account.move', {
      move_type: 'in_invoice',
      partner_id: vendors[vendor],
      ref,
      invoice_date: date,
      date,
      invoice_line_ids: lines.map(([product, quantity, price, costCenter, project]) => [
        0,
        0,
        {
          product_id: products.get(product),
          name: product,
          quantity,
          price_unit: price,
          account_id: accounts.get(product.startsWith('RENT') ? '5200' : '5000'),
          analytic_distribution: { [`${costCenters.get(costCenter)},${projects.get(project)}`]: 100 },
        },
      ]),
    });
  const posted = bill(0, 'AL-INV-5521', '2026-10-20', [
    ['LUM-2X4-8', 800, 4.25, 'CC-200', 'PRJ-1001'],
    ['DRY-58', 220, 16.75, 'CC-200', 'PRJ-1001'],
  ]);
  seed.run((env) => postMoves(env, [posted]));
  const draft = bill(5, 'KER-88213', '2026-10-28', [['RENT-EXC', 6, 650, 'CC-400', 'PRJ-1003']]);
  ids.push(posted, draft);
  return ids;
}
