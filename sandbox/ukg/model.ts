/**
 * The simulator's own records. Routes turn them into UKG's per-resource shapes (shapes/), so one
 * employee appears with `employeeId` in person-details and `employeeID` in employment-details.
 * Instants are epoch milliseconds (UTC); calendar dates are `YYYY-MM-DD`.
 */

export type EmployeeStatus = 'A' | 'T';

export interface Employee {
  employeeId: string;
  companyId: string;
  personId: string;
  employeeNumber: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  preferredName: string | null;
  emailAddress: string;
  homePhone: string;
  workPhone: string;
  gender: 'F' | 'M';
  dateOfBirth: string;
  addressLine1: string;
  addressCity: string;
  addressState: string;
  addressZipCode: string;
  jobCode: string;
  orgLevel1Code: string;
  orgLevel2Code: string;
  supervisorId: string | null;
  fullTimeOrPartTime: 'F' | 'P';
  salaryOrHourly: 'S' | 'H';
  /** Yearly pay; for hourly staff the rate times scheduled hours. */
  annualSalary: number;
  hourlyPayRate: number;
  weeklyHours: number;
  payGroup: string;
  originalHireDate: string;
  lastHireDate: string;
  dateInJob: string;
  /** Kept after a rehire, so `lastHireDate > dateOfTermination` marks a rehired employee. */
  dateOfTermination: string | null;
  termReason: string | null;
  status: EmployeeStatus;
  statusStartDate: string;
  createdMs: number;
  changedMs: number;
}

export interface OrgLevel {
  level: number;
  code: string;
  description: string;
  levelDescription: string;
  budgetGroup: string | null;
  glSegment: string | null;
  reportingCategory: string | null;
  isActive: boolean;
  currentYearBudgetFTE: number | null;
  currentYearBudgetSalary: number | null;
  lastYearBudgetFTE: number | null;
  lastYearBudgetSalary: number | null;
}

export interface Job {
  code: string;
  title: string;
  countryCode: string;
  jobFamilyCode: string;
  isActive: boolean;
  salaryOrHourly: 'S' | 'H';
}

export interface Company {
  companyID: string;
  companyCode: string;
  companyName: string;
  federalTaxId: string;
  addressLine1: string;
  addressCity: string;
  addressState: string;
  addressZipCode: string;
  addressCounty: string;
  phoneNumber: string;
}

/** One GL line; amounts in cents so totals are exact. */
export interface GlLine {
  systemId: number;
  blockId: number;
  baseSegment: string;
  generalLedgerAccount: string;
  accountType: 'Expense' | 'Liability';
  description: string;
  debitCents: number;
  creditCents: number;
  orgLevel1: string;
  orgLevel2: string | null;
}

export interface GlRun {
  runId: string;
  payGroup: string;
  periodStartDate: string;
  periodEndDate: string;
  payDate: string;
  glRunMs: number;
  userWhoRanThisGl: string;
  totalNrOfBlocks: number;
  lines: GlLine[];
}

/** One employee's check in a pay run; the pay register and pay-statement summaries read these. */
export interface PayCheck {
  runId: string;
  employeeId: string;
  companyId: string;
  employeeNumber: string;
  payIdentifier: string;
  documentNumber: string;
  payDate: string;
  periodStartDate: string;
  periodEndDate: string;
  payGroup: string;
  jobCode: string;
  orgLevel1: string;
  orgLevel2: string;
  grossCents: number;
  employeeTaxCents: number;
  employeeDeductionCents: number;
  employerTaxCents: number;
  employerBenefitCents: number;
  netCents: number;
  hours: number;
}

/** A change to one employee at one instant: what the employee-changes feed windows over. */
export interface EmployeeChange {
  employeeId: string;
  atMs: number;
}
