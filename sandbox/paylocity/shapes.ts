import type { DetailLine, Employee, PayStatement } from './model';
import { COMPANY } from './seed/company';
import { formatDate, type DateOutputFormat } from './wire/dates';

/** What WebLink sends: the stored records in its field names, dates in the configured format, money in dollars. */

const dollars = (cents: number): number => cents / 100;

/** `GET .../employees`: ids and status only. */
export function employeeInfo(employee: Employee): { employeeId: string; statusCode: string; statusTypeCode: string } {
  return { employeeId: employee.employeeId, statusCode: employee.status.employeeStatus, statusTypeCode: employee.status.statusType };
}

/** `GET .../employees/{employeeId}`: the whole `employee` model; direct deposits are never returned (as documented). */
export function employeeDocument(employee: Employee, format: DateOutputFormat): Record<string, unknown> {
  const d = (date: string | null): string | null => formatDate(date, format);
  const { payroll: _payroll, changedMs: _changed, status, departmentPosition, primaryPayRate, birthDate, ...rest } = employee;
  return {
    ...rest,
    birthDate: d(birthDate),
    companyName: COMPANY.companyName,
    companyFEIN: COMPANY.companyFEIN,
    status: {
      ...status,
      effectiveDate: d(status.effectiveDate),
      hireDate: d(status.hireDate),
      reHireDate: d(status.reHireDate),
      terminationDate: d(status.terminationDate),
      adjustedSeniorityDate: d(status.adjustedSeniorityDate),
    },
    departmentPosition: { ...departmentPosition, effectiveDate: d(departmentPosition.effectiveDate), unionAffiliationDate: d(departmentPosition.unionAffiliationDate) },
    primaryPayRate: { ...primaryPayRate, effectiveDate: d(primaryPayRate.effectiveDate), beginCheckDate: d(primaryPayRate.beginCheckDate) },
  };
}

export function statementSummary(statement: PayStatement, format: DateOutputFormat): Record<string, unknown> {
  return {
    autoPay: statement.autoPay,
    beginDate: formatDate(statement.beginDate, format),
    checkDate: formatDate(statement.checkDate, format),
    checkNumber: statement.checkNumber,
    directDepositAmount: dollars(statement.directDepositCents),
    endDate: formatDate(statement.endDate, format),
    grossPay: dollars(statement.grossCents),
    hours: statement.regularHours + statement.overtimeHours,
    netCheck: dollars(statement.netCheckCents),
    netPay: dollars(statement.netCents),
    overtimeDollars: dollars(statement.overtimeCents),
    overtimeHours: statement.overtimeHours,
    process: statement.process,
    regularDollars: dollars(statement.regularCents),
    regularHours: statement.regularHours,
    transactionNumber: statement.transactionNumber,
    voucherNumber: statement.voucherNumber,
    workersCompCode: statement.workersCompCode,
    year: statement.year,
  };
}

export function statementDetail(statement: PayStatement, line: DetailLine, format: DateOutputFormat): Record<string, unknown> {
  return {
    amount: dollars(line.amountCents),
    checkDate: formatDate(statement.checkDate, format),
    det: line.det,
    detCode: line.detCode,
    detType: line.detType,
    eligibleCompensation: line.eligibleCompensationCents === null ? 0 : dollars(line.eligibleCompensationCents),
    hours: line.hours ?? 0,
    rate: line.rate ?? 0,
    transactionNumber: statement.transactionNumber,
    // The check's kind; every seeded check is a regular (not manual or void) one.
    transactionType: 'Regular',
    year: statement.year,
  };
}

/** `codegroup` narrows details to one code, earning/deduction/tax kind or description, case-insensitively. */
export function matchesCodeGroup(line: DetailLine, codeGroup: string | null): boolean {
  if (codeGroup === null || codeGroup.trim() === '') return true;
  const wanted = codeGroup.trim().toLowerCase();
  return [line.detCode, line.det, line.detType].some((value) => value.toLowerCase() === wanted);
}
