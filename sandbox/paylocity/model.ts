/**
 * The simulator's own records, kept close to WebLink's `employee` model so a PATCH can merge into them
 * field by field. Calendar dates are `YYYY-MM-DD` here; wire/dates.ts turns them into the configured
 * output format. Money is in cents, so a pay statement's totals are exact.
 */

export type EmployeeStatusCode = 'A' | 'L' | 'T';

export interface EmployeeStatus {
  employeeStatus: EmployeeStatusCode;
  /** A = active, T = terminated (WebLink's `statusTypeCode`; leave of absence keeps type A). */
  statusType: 'A' | 'T';
  effectiveDate: string;
  hireDate: string;
  reHireDate: string | null;
  terminationDate: string | null;
  changeReason: string | null;
  adjustedSeniorityDate: string | null;
  isEligibleForRehire: boolean | null;
}

export interface DepartmentPosition {
  costCenter1: string;
  costCenter2: string | null;
  costCenter3: string | null;
  positionCode: string | null;
  jobTitle: string | null;
  payGroup: string;
  employeeType: string;
  supervisorEmployeeId: string | null;
  supervisorCompanyNumber: string | null;
  reviewerEmployeeId: string | null;
  reviewerCompanyNumber: string | null;
  effectiveDate: string;
  changeReason: string | null;
  clockBadgeNumber: string | null;
  equalEmploymentOpportunityClass: string | null;
  isMinimumWageExempt: boolean;
  isOvertimeExempt: boolean;
  isSupervisorReviewer: boolean;
  isUnionDuesCollected: boolean;
  isUnionInitiationCollected: boolean;
  shift: string | null;
  tipped: string | null;
  unionCode: string | null;
  unionPosition: string | null;
  unionAffiliationDate: string | null;
  workersCompensation: string | null;
}

export interface PrimaryPayRate {
  payType: 'Salary' | 'Hourly';
  payFrequency: string;
  /** Hourly rate (hourly staff) or the salary's hourly equivalent; dollars with cents. */
  baseRate: number;
  annualSalary: number;
  /** Per pay period, for salaried staff; 0 for hourly. */
  salary: number;
  ratePer: 'Hour' | 'Year';
  defaultHours: number;
  isAutoPay: boolean;
  effectiveDate: string;
  beginCheckDate: string | null;
  changeReason: string | null;
  payGrade: string | null;
}

export interface Address {
  address1: string | null;
  address2: string | null;
  city: string | null;
  state: string | null;
  postalCode: string | null;
  country: string | null;
  county: string | null;
  emailAddress: string | null;
  mobilePhone: string | null;
  phone: string | null;
}

export interface WorkAddress extends Address {
  pager: string | null;
  phoneExtension: string | null;
}

export interface Employee {
  employeeId: string;
  firstName: string;
  middleName: string | null;
  lastName: string;
  preferredName: string | null;
  suffix: string | null;
  salutation: string | null;
  priorLastName: string | null;
  ssn: string;
  birthDate: string | null;
  gender: 'M' | 'F' | null;
  maritalStatus: string | null;
  ethnicity: string | null;
  isSmoker: boolean;
  veteranDescription: string | null;
  disabilityDescription: string | null;
  currency: string;
  isHighlyCompensated: boolean;
  ownerPercent: number | null;
  status: EmployeeStatus;
  departmentPosition: DepartmentPosition;
  primaryPayRate: PrimaryPayRate;
  homeAddress: Address;
  workAddress: WorkAddress;
  federalTax: { filingStatus: string; exemptions: number; amount: number; percentage: number; taxCalculationCode: string | null; w4FormYear: number };
  primaryStateTax: { taxCode: string; filingStatus: string | null; exemptions: number; amount: number; percentage: number };
  taxSetup: { suiState: string; taxForm: string; fitwExemptReason: string | null };
  webTime: { badgeNumber: string | null; chargeRate: number | null; isTimeLaborEnabled: boolean };
  /** Per-period deductions the pay runs take (not part of the `employee` model; WebLink has them under `/deductions`). */
  payroll: { retirementPercent: number; medicalCents: number; dentalCents: number; fitwPercent: number; paperCheck: boolean };
  /** When the record last changed (sandbox clock ms); not sent. */
  changedMs: number;
}

/** One line of a pay statement (WebLink `payStatementDetails`). */
export interface DetailLine {
  /** E earning, D deduction, T tax (employee and employer side; see README for how employer taxes are told apart). */
  detType: 'E' | 'D' | 'T';
  detCode: string;
  det: string;
  amountCents: number;
  hours: number | null;
  rate: number | null;
  /** Taxable or eligible wages for taxes and percentage deductions; null for earnings. */
  eligibleCompensationCents: number | null;
}

/** One check of one pay run (WebLink `payStatementSummary` plus its detail lines). */
export interface PayStatement {
  employeeId: string;
  checkDate: string;
  beginDate: string;
  endDate: string;
  year: number;
  process: number;
  checkNumber: number;
  voucherNumber: number;
  transactionNumber: number;
  autoPay: boolean;
  workersCompCode: string | null;
  regularHours: number;
  overtimeHours: number;
  regularCents: number;
  overtimeCents: number;
  grossCents: number;
  netCents: number;
  directDepositCents: number;
  netCheckCents: number;
  lines: DetailLine[];
}

/** One processed payroll (what the Payroll Processed webhook announces). */
export interface PayRun {
  processId: string;
  runId: string;
  checkDate: string;
  beginDate: string;
  endDate: string;
  /** ISO date-time without offset, as in Paylocity's payload: `2026-11-11T10:31:05.90`. */
  processDate: string;
  status: 'Processed';
}

export interface CompanyCode {
  code: string;
  description: string;
}
