import type { Employee, GlLine, GlRun, PayCheck } from '../model';
import { dateToMs } from '../wire/dates';
import { BRANCHES, COMPANY, PAY_GROUP } from './company';

/**
 * Pay runs computed from the employees, so the GL, the pay register and the pay-statement summaries
 * agree with each other and with employment-details. Every amount is whole cents.
 *
 * Per check: employer FICA 7.65% + unemployment 1.8% (6200); employee FICA 7.65% + federal withholding
 * 11% (withheld into 2200); 401(k) 4% employee / 3% employer match and medical ($85.00 employee,
 * $525.00 employer, full-time only) into 2300 and 6300. Debits go to branch + cost center, credits to
 * the branch, so each branch balances on its own.
 */
export interface PayRunInput {
  runId: string;
  periodStartDate: string;
  periodEndDate: string;
  payDate: string;
  glRunMs: number;
  totalNrOfBlocks: number;
  userWhoRanThisGl?: string;
}

const pct = (cents: number, rate: number): number => Math.round(cents * rate);

export function wasEmployedDuring(employee: Employee, start: string, end: string): boolean {
  if (employee.lastHireDate > end) return false;
  const leftBeforeStart = employee.dateOfTermination !== null && employee.dateOfTermination >= employee.lastHireDate && employee.dateOfTermination < start;
  return !leftBeforeStart;
}

export function computeChecks(input: PayRunInput, employees: readonly Employee[], firstDocument: number): PayCheck[] {
  const paid = employees.filter((employee) => employee.payGroup === PAY_GROUP && wasEmployedDuring(employee, input.periodStartDate, input.periodEndDate));
  return paid.map((employee, offset): PayCheck => {
    const fullTime = employee.fullTimeOrPartTime === 'F';
    const grossCents = Math.round((employee.annualSalary * 100) / 24);
    const employeeTaxCents = pct(grossCents, 0.0765) + pct(grossCents, 0.11);
    const employeeDeductionCents = pct(grossCents, 0.04) + (fullTime ? 8_500 : 0);
    const employerTaxCents = pct(grossCents, 0.0765) + pct(grossCents, 0.018);
    const employerBenefitCents = pct(grossCents, 0.03) + (fullTime ? 52_500 : 0);
    return {
      runId: input.runId,
      employeeId: employee.employeeId,
      companyId: employee.companyId,
      employeeNumber: employee.employeeNumber,
      payIdentifier: `${input.payDate.replaceAll('-', '')}-${employee.employeeNumber}`,
      documentNumber: `DD${String(firstDocument + offset).padStart(8, '0')}`,
      payDate: input.payDate,
      periodStartDate: input.periodStartDate,
      periodEndDate: input.periodEndDate,
      payGroup: employee.payGroup,
      jobCode: employee.jobCode,
      orgLevel1: employee.orgLevel1Code,
      orgLevel2: employee.orgLevel2Code,
      grossCents,
      employeeTaxCents,
      employeeDeductionCents,
      employerTaxCents,
      employerBenefitCents,
      netCents: grossCents - employeeTaxCents - employeeDeductionCents,
      hours: Math.round(((employee.weeklyHours * 52) / 24) * 100) / 100,
    };
  });
}

const DEBITS = [
  { base: '6100', description: 'Wages Expense', amount: (check: PayCheck) => check.grossCents },
  { base: '6200', description: 'Payroll Tax Expense', amount: (check: PayCheck) => check.employerTaxCents },
  { base: '6300', description: 'Employee Benefits Expense', amount: (check: PayCheck) => check.employerBenefitCents },
] as const;

const CREDITS = [
  { base: '2100', description: 'Accrued Wages Payable', amount: (check: PayCheck) => check.netCents },
  { base: '2200', description: 'Payroll Taxes Payable', amount: (check: PayCheck) => check.employeeTaxCents + check.employerTaxCents },
  { base: '2300', description: 'Employee Benefits Payable', amount: (check: PayCheck) => check.employeeDeductionCents + check.employerBenefitCents },
] as const;

const sum = (checks: readonly PayCheck[], amount: (check: PayCheck) => number): number => checks.reduce((total, check) => total + amount(check), 0);

/** The GL lines of one run, split into `totalNrOfBlocks` consecutive blocks as UKG pages large runs. */
export function computeGlRun(input: PayRunInput, checks: readonly PayCheck[], firstSystemId: number): GlRun {
  const unblocked: Array<Omit<GlLine, 'systemId' | 'blockId'>> = [];
  for (const branch of BRANCHES) {
    const branchChecks = checks.filter((check) => check.orgLevel1 === branch.code);
    if (branchChecks.length === 0) continue;
    const centers = [...new Set(branchChecks.map((check) => check.orgLevel2))].sort();
    for (const center of centers) {
      const centerChecks = branchChecks.filter((check) => check.orgLevel2 === center);
      for (const debit of DEBITS) {
        unblocked.push({ baseSegment: debit.base, generalLedgerAccount: `${debit.base}-${center}`, accountType: 'Expense', description: debit.description, debitCents: sum(centerChecks, debit.amount), creditCents: 0, orgLevel1: branch.code, orgLevel2: center });
      }
    }
    for (const credit of CREDITS) {
      unblocked.push({ baseSegment: credit.base, generalLedgerAccount: `${credit.base}-${branch.code}`, accountType: 'Liability', description: credit.description, debitCents: 0, creditCents: sum(branchChecks, credit.amount), orgLevel1: branch.code, orgLevel2: null });
    }
  }
  const blockSize = Math.max(1, Math.ceil(unblocked.length / input.totalNrOfBlocks));
  const lines = unblocked.map((line, index): GlLine => ({ ...line, systemId: firstSystemId + index, blockId: Math.floor(index / blockSize) + 1 }));
  const totalNrOfBlocks = lines.length === 0 ? 0 : Math.max(...lines.map((line) => line.blockId));
  return {
    runId: input.runId,
    payGroup: PAY_GROUP,
    periodStartDate: input.periodStartDate,
    periodEndDate: input.periodEndDate,
    payDate: input.payDate,
    glRunMs: input.glRunMs,
    userWhoRanThisGl: input.userWhoRanThisGl ?? 'dwhitfield',
    totalNrOfBlocks,
    lines,
  };
}

/** The two closed November 2026 semi-monthly runs; the second is the most recent and comes in 3 blocks. */
export const SEED_RUNS: readonly PayRunInput[] = [
  { runId: `GL-${COMPANY.companyID}-20261115`, periodStartDate: '2026-11-01', periodEndDate: '2026-11-15', payDate: '2026-11-15', glRunMs: dateToMs('2026-11-13') + 17.5 * 3_600_000, totalNrOfBlocks: 1 },
  { runId: `GL-${COMPANY.companyID}-20261130`, periodStartDate: '2026-11-16', periodEndDate: '2026-11-30', payDate: '2026-11-30', glRunMs: dateToMs('2026-11-25') + 17.5 * 3_600_000, totalNrOfBlocks: 3 },
];
