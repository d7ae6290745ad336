import type { DetailLine, Employee, PayRun, PayStatement } from '../model';
import { addDays, dateToMs } from '../wire/dates';
import { DEDUCTION_CODES, EARNING_CODES, TAX_CODES } from './company';
import { officeByCode } from './employees';
import { SeededRandom } from '../../kit/random';

/**
 * Pay statements computed from the employees, one per employee paid in a run. Every amount is whole
 * cents and the totals are exact: grossPay = sum of the earnings (detType E), netPay = grossPay −
 * deductions (D) − employee taxes (T without the `ER-` prefix). Employer taxes (`ER-…`) are listed but
 * paid by the company, so they are in neither.
 *
 * Deductions: 401(k) as a percentage of gross, medical and dental as fixed Section 125 amounts.
 * Taxes: federal withholding as a percentage of federal taxable wages (gross − 401(k) − Section 125),
 * Oregon income tax 7.5% of the same for the Portland office (Washington has none), Social Security
 * 6.2% and Medicare 1.45% of FICA wages (gross − Section 125) for both sides, FUTA 0.6% of gross and
 * SUTA at the office's rate. No wage bases or caps: simplified, but consistent.
 */
export interface PayRunInput {
  checkDate: string;
  beginDate: string;
  endDate: string;
  /** Run of the day; `processId` is the check date (YYYYMMDD) and this as two digits. */
  runNumber: number;
  /** ISO date-time without offset, e.g. `2026-11-11T10:31:05.9`. */
  processDate: string;
}

export const SEED_RUNS: readonly PayRunInput[] = [
  { checkDate: '2026-11-13', beginDate: '2026-10-25', endDate: '2026-11-07', runNumber: 1, processDate: '2026-11-11T10:31:05.9' },
  { checkDate: '2026-11-27', beginDate: '2026-11-08', endDate: '2026-11-21', runNumber: 1, processDate: '2026-11-25T09:12:44.37' },
];

export interface StatementCounters {
  nextCheckNumber: number;
  nextVoucherNumber: number;
  nextTransactionNumber: number;
}

export const FIRST_COUNTERS: StatementCounters = { nextCheckNumber: 20_001, nextVoucherNumber: 700_001, nextTransactionNumber: 5_000_001 };

export function payRunFor(input: PayRunInput): PayRun {
  return {
    processId: `${input.checkDate.replaceAll('-', '')}${String(input.runNumber).padStart(2, '0')}`,
    runId: String(input.runNumber),
    checkDate: input.checkDate,
    beginDate: input.beginDate,
    endDate: input.endDate,
    processDate: input.processDate,
    status: 'Processed',
  };
}

/** The date the employee's current employment started: the rehire date when there is one. */
export function startDateOf(employee: Employee): string {
  return employee.status.reHireDate ?? employee.status.hireDate;
}

/** The last day worked, when the current employment ended (a termination after the last start). */
export function endDateOf(employee: Employee): string | null {
  const { terminationDate, employeeStatus } = employee.status;
  if (employeeStatus !== 'T' || terminationDate === null || terminationDate < startDateOf(employee)) return null;
  return terminationDate;
}

function weekdays(from: string, to: string): number {
  let count = 0;
  for (let ms = dateToMs(from); ms <= dateToMs(to); ms += 86_400_000) {
    const day = new Date(ms).getUTCDay();
    if (day !== 0 && day !== 6) count += 1;
  }
  return count;
}

const pct = (cents: number, percent: number): number => Math.round((cents * percent) / 100);
const describe = (codes: ReadonlyArray<{ code: string; description: string }>, code: string): string => codes.find((entry) => entry.code === code)?.description ?? code;

/** A stable seed per employee and check date, so OT hours never change between starts. */
function seedFor(employeeId: string, checkDate: string): number {
  let hash = 0x811c9dc5;
  for (const char of `${employeeId}|${checkDate}`) hash = Math.imul(hash ^ char.charCodeAt(0), 0x01000193);
  return hash >>> 0;
}

export function computeStatements(input: PayRunInput, employees: readonly Employee[], counters: StatementCounters): PayStatement[] {
  const statements: PayStatement[] = [];
  const fullDays = weekdays(input.beginDate, input.endDate);
  for (const employee of employees) {
    const start = startDateOf(employee);
    const end = endDateOf(employee);
    if (start > input.endDate || (end !== null && end < input.beginDate)) continue;
    const from = start > input.beginDate ? start : input.beginDate;
    const to = end !== null && end < input.endDate ? end : input.endDate;
    const worked = weekdays(from, to);
    if (worked === 0) continue;
    const share = worked / fullDays;
    const rate = employee.primaryPayRate;
    const position = employee.departmentPosition;
    const random = new SeededRandom(seedFor(employee.employeeId, input.checkDate));
    const regularHours = Math.round(rate.defaultHours * share * 100) / 100;
    const regularCents = rate.payType === 'Salary' ? Math.round(rate.salary * 100 * share) : Math.round(regularHours * rate.baseRate * 100);
    const overtimeHours = rate.payType === 'Hourly' && rate.defaultHours >= 80 && share === 1 ? random.pick([0, 0, 2, 4, 6, 8.5]) : 0;
    const overtimeRate = Math.round(rate.baseRate * 1.5 * 100) / 100;
    const overtimeCents = Math.round(overtimeHours * overtimeRate * 100);
    const grossCents = regularCents + overtimeCents;

    const elections = employee.payroll;
    const retirementCents = pct(grossCents, elections.retirementPercent);
    const section125Cents = elections.medicalCents + elections.dentalCents;
    const federalWages = grossCents - retirementCents - section125Cents;
    const ficaWages = grossCents - section125Cents;
    const office = officeByCode(position.costCenter2);

    const lines: DetailLine[] = [];
    const earning = (code: string, cents: number, hours: number, lineRate: number): void => {
      lines.push({ detType: 'E', detCode: code, det: describe(EARNING_CODES, code), amountCents: cents, hours, rate: lineRate, eligibleCompensationCents: null });
    };
    const deduction = (code: string, cents: number, eligible: number | null): void => {
      if (cents > 0) lines.push({ detType: 'D', detCode: code, det: describe(DEDUCTION_CODES, code), amountCents: cents, hours: null, rate: null, eligibleCompensationCents: eligible });
    };
    const tax = (code: string, cents: number, eligible: number): void => {
      if (cents > 0) lines.push({ detType: 'T', detCode: code, det: describe(TAX_CODES, code), amountCents: cents, hours: null, rate: null, eligibleCompensationCents: eligible });
    };
    earning('REG', regularCents, regularHours, rate.baseRate);
    if (overtimeCents > 0) earning('OT', overtimeCents, overtimeHours, overtimeRate);
    deduction('401K', retirementCents, grossCents);
    deduction('MED', elections.medicalCents, null);
    deduction('DEN', elections.dentalCents, null);
    tax('FITW', pct(federalWages, elections.fitwPercent), federalWages);
    tax('SITW', pct(federalWages, office.sitwPercent), federalWages);
    tax('SS', pct(ficaWages, 6.2), ficaWages);
    tax('MED', pct(ficaWages, 1.45), ficaWages);
    tax('ER-SS', pct(ficaWages, 6.2), ficaWages);
    tax('ER-MED', pct(ficaWages, 1.45), ficaWages);
    tax('ER-FUTA', pct(grossCents, 0.6), grossCents);
    tax('ER-SUTA', pct(grossCents, office.sutaPercent), grossCents);

    const withheld = lines.filter((line) => line.detType === 'D' || (line.detType === 'T' && !isEmployerTax(line.detCode))).reduce((sum, line) => sum + line.amountCents, 0);
    const netCents = grossCents - withheld;
    const paper = elections.paperCheck;
    statements.push({
      employeeId: employee.employeeId,
      checkDate: input.checkDate,
      beginDate: input.beginDate,
      endDate: input.endDate,
      year: Number(input.checkDate.slice(0, 4)),
      process: input.runNumber,
      checkNumber: paper ? counters.nextCheckNumber++ : 0,
      voucherNumber: paper ? 0 : counters.nextVoucherNumber++,
      transactionNumber: counters.nextTransactionNumber++,
      autoPay: rate.isAutoPay,
      workersCompCode: position.workersCompensation,
      regularHours,
      overtimeHours,
      regularCents,
      overtimeCents,
      grossCents,
      netCents,
      directDepositCents: paper ? 0 : netCents,
      netCheckCents: paper ? netCents : 0,
      lines,
    });
  }
  return statements;
}

/** Employer-side taxes are the `ER-` codes (see README). */
export function isEmployerTax(detCode: string): boolean {
  return detCode.startsWith('ER-');
}

/** The default period for a run added without one: the 14 days ending 6 days before the check date. */
export function defaultPeriod(checkDate: string): { beginDate: string; endDate: string } {
  return { beginDate: addDays(checkDate, -19), endDate: addDays(checkDate, -6) };
}
