// One Paylocity employee as flows see it: the fields an Odoo employee needs, named once, dates as days,
// and the record as Paylocity sent it under `source` for mappings that need more.
import { paylocityDay } from './dates';
import type { PaylocityEmployee, PaylocityEmployeeListItem } from './records';

export interface PaylocityEmployeeRecord {
  companyId: string;
  employeeId: string;
  firstName: string | null;
  middleName: string | null;
  lastName: string | null;
  preferredName: string | null;
  /** "Preferred (or first) last", for an Odoo employee's name. */
  displayName: string;
  /** The work e-mail, else the personal one. */
  email: string | null;
  workPhone: string | null;
  /** A active, L leave of absence, T terminated (the employee's status, else the list's). */
  statusCode: string | null;
  statusTypeCode: string | null;
  /** True unless terminated: a leave of absence is still employed, a rehire is active again. */
  active: boolean;
  hireDate: string | null;
  rehireDate: string | null;
  terminationDate: string | null;
  /** Hired again after a termination, and active. */
  rehired: boolean;
  costCenter1: string | null;
  costCenter2: string | null;
  costCenter3: string | null;
  positionCode: string | null;
  jobTitle: string | null;
  employeeType: string | null;
  payGroup: string | null;
  supervisorEmployeeId: string | null;
  payType: string | null;
  payFrequency: string | null;
  baseRate: number | null;
  annualSalary: number | null;
  /** The employee as Paylocity sent it (GET employees/{id}). */
  source: PaylocityEmployee;
}

const str = (value: unknown): string | null => (typeof value === 'string' && value.trim() !== '' ? value.trim() : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

export function toEmployeeRecord(companyId: string, employee: PaylocityEmployee, listed?: PaylocityEmployeeListItem): PaylocityEmployeeRecord {
  const status = employee.status ?? null;
  const position = employee.departmentPosition ?? null;
  const rate = employee.primaryPayRate ?? null;
  const statusCode = str(status?.employeeStatus) ?? str(listed?.statusCode);
  const statusType = str((status as Record<string, unknown> | null)?.['statusType']) ?? str(listed?.statusTypeCode);
  const terminationDate = paylocityDay(status?.terminationDate);
  const rehireDate = paylocityDay(status?.reHireDate);
  const active = statusCode !== null ? statusCode.toUpperCase() !== 'T' : statusType !== null ? statusType.toUpperCase() !== 'T' : terminationDate === null || (rehireDate !== null && rehireDate > terminationDate);
  const first = str(employee.firstName);
  const last = str(employee.lastName);
  const preferred = str(employee.preferredName);
  return {
    companyId,
    employeeId: employee.employeeId,
    firstName: first,
    middleName: str(employee.middleName),
    lastName: last,
    preferredName: preferred,
    displayName: [preferred ?? first, last].filter(Boolean).join(' ') || employee.employeeId,
    email: str(employee.workAddress?.emailAddress) ?? str(employee.homeAddress?.emailAddress),
    workPhone: str(employee.workAddress?.phone),
    statusCode,
    statusTypeCode: statusType,
    active,
    hireDate: paylocityDay(status?.hireDate),
    rehireDate,
    terminationDate,
    rehired: active && rehireDate !== null,
    costCenter1: str(position?.costCenter1),
    costCenter2: str(position?.costCenter2),
    costCenter3: str(position?.costCenter3),
    positionCode: str(position?.positionCode),
    jobTitle: str(position?.jobTitle),
    employeeType: str(position?.employeeType),
    payGroup: str(position?.payGroup),
    supervisorEmployeeId: str(position?.supervisorEmployeeId),
    payType: str(rate?.payType),
    payFrequency: str(rate?.payFrequency),
    baseRate: num(rate?.baseRate),
    annualSalary: num(rate?.annualSalary),
    source: employee,
  };
}
