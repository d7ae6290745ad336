import { ukgDateTimeToIso, ukgDay } from './dates';
import type { CompensationRecord, EmploymentRecord, PersonRecord } from './records';

/** One employee as flows see it: employment, person and compensation details merged, dates as days. */
export interface UkgEmployee {
  companyId: string;
  employeeId: string;
  employeeNumber: string | null;
  firstName: string | null;
  lastName: string | null;
  preferredName: string | null;
  /** "Preferred (or first) last", for an Odoo employee's name. */
  displayName: string;
  email: string | null;
  /** UKG's status code (tenant-defined; A active, T terminated, L leave are the usual). */
  statusCode: string | null;
  /** True unless terminated: a rehire is active again. */
  active: boolean;
  hireDate: string | null;
  lastHireDate: string | null;
  terminationDate: string | null;
  terminationReason: string | null;
  /** Hired again after a termination. */
  rehired: boolean;
  jobCode: string | null;
  jobTitle: string | null;
  orgLevels: { 1: string | null; 2: string | null; 3: string | null; 4: string | null };
  supervisorId: string | null;
  fullTimeOrPartTime: string | null;
  salaryOrHourly: string | null;
  workLocation: string | null;
  compensation: { annualSalary: number | null; hourlyPayRate: number | null; payGroup: string | null; currency: string | null } | null;
  /** The latest change UKG reports for any of the merged records (ISO, UTC). */
  changedAt: string | null;
  /** The records as UKG sent them, for mappings that need more. */
  source: { employment: EmploymentRecord; person: PersonRecord | null; compensation: CompensationRecord | null };
}

const TERMINATED = new Set(['T']);

export function mergeEmployee(employment: EmploymentRecord, person: PersonRecord | null, compensation: CompensationRecord | null): UkgEmployee {
  const hireDate = ukgDay(employment.originalHireDate);
  const lastHireDate = ukgDay(employment.lastHireDate);
  const terminationDate = ukgDay(employment.dateOfTermination);
  const statusCode = employment.employeeStatusCode ?? null;
  const terminated = statusCode !== null ? TERMINATED.has(statusCode) : terminationDate !== null && (lastHireDate === null || lastHireDate <= terminationDate);
  const first = person?.firstName ?? null;
  const last = person?.lastName ?? null;
  const preferred = person?.preferredName ?? null;
  const changes = [employment.dateTimeChanged, person?.datetimeChanged].map(ukgDateTimeToIso).filter((at): at is string => at !== null).sort();
  return {
    companyId: employment.companyID,
    employeeId: employment.employeeID,
    employeeNumber: employment.employeeNumber ?? null,
    firstName: first,
    lastName: last,
    preferredName: preferred,
    displayName: [preferred || first, last].filter(Boolean).join(' ') || employment.employeeID,
    email: person?.emailAddress ?? null,
    statusCode,
    active: !terminated,
    hireDate,
    lastHireDate,
    terminationDate: terminated ? terminationDate : null,
    terminationReason: terminated ? (employment.terminationReasonDescription ?? employment.termReason ?? null) : null,
    rehired: hireDate !== null && lastHireDate !== null && lastHireDate > hireDate,
    jobCode: employment.primaryJobCode ?? null,
    jobTitle: employment.jobTitle ?? employment.jobDescription ?? null,
    orgLevels: { 1: employment.orgLevel1Code ?? null, 2: employment.orgLevel2Code ?? null, 3: employment.orgLevel3Code ?? null, 4: employment.orgLevel4Code ?? null },
    supervisorId: employment.supervisorID ?? null,
    fullTimeOrPartTime: employment.fullTimeOrPartTimeCode ?? null,
    salaryOrHourly: employment.salaryOrHourly ?? null,
    workLocation: employment.primaryWorkLocationCode ?? null,
    compensation: compensation
      ? {
          annualSalary: compensation.annualSalary ?? null,
          hourlyPayRate: compensation.hourlyPayRate ?? null,
          payGroup: compensation.payGroupCode ?? null,
          currency: compensation.currencyCode ?? null,
        }
      : null,
    changedAt: changes.at(-1) ?? null,
    source: { employment, person, compensation },
  };
}
