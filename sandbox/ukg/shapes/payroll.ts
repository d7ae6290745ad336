import type { Company, Employee, GlLine, GlRun, PayCheck } from '../model';
import { ukgDate, ukgDateTime } from '../wire/dates';

const money = (cents: number): number => cents / 100;

/** One `GeneralLedgerRunDetailsV2` row. `baseSegment` is the natural account; orgLevel2 the cost center. */
export function glRow(run: GlRun, line: GlLine, company: Company): Record<string, unknown> {
  return {
    description: line.description,
    runId: run.runId,
    payPeriodEndDate: ukgDate(run.periodEndDate),
    accountType: line.accountType,
    baseSegment: line.baseSegment,
    companyCode: company.companyCode,
    creditAmt: money(line.creditCents),
    debitAmt: money(line.debitCents),
    generalLedgerAccount: line.generalLedgerAccount,
    jobCode: null,
    jobDesc: null,
    location: line.orgLevel1,
    orgLevel1: line.orgLevel1,
    orgLevel2: line.orgLevel2,
    orgLevel3: null,
    orgLevel4: null,
    payGroup: run.payGroup,
    periodEndDate: ukgDate(run.periodEndDate),
    periodStartDate: ukgDate(run.periodStartDate),
    positionCode: null,
    positionDesc: null,
    project: null,
    systemId: line.systemId,
    blockId: line.blockId,
    coId: company.companyID,
    glRunDateTime: ukgDateTime(run.glRunMs),
    totalNrOfBlocks: run.totalNrOfBlocks,
    userWhoRanThisGl: run.userWhoRanThisGl,
    glJson: null,
  };
}

/** One check in the `PayRegister` shape (note `organizationLevel1`, not `orgLevel1`, here). */
export function payRegisterRow(check: PayCheck, employee: Employee | undefined): Record<string, unknown> {
  return {
    annualSalary: employee?.annualSalary ?? null,
    autoAllocate: false,
    bonusTotalHours: 0,
    bonusTotalOTHours: 0,
    checkAddMode: 'R',
    checkAmount: 0,
    companyId: check.companyId,
    payPeriodFrequency: 'S',
    currencyCode: 'USD',
    directDepositAmount: money(check.netCents),
    documentNumber: check.documentNumber,
    earningTaxReportingType: null,
    employeeId: check.employeeId,
    employeeStatus: employee?.status ?? null,
    employeeNumber: check.employeeNumber,
    checkId: check.payIdentifier,
    hourlyPayRate: employee?.hourlyPayRate ?? null,
    isRegularPayForCumulative: 'Y',
    isVoided: false,
    isVoidingRecord: false,
    jobCode: check.jobCode,
    lastRegularPayDate: ukgDate(check.payDate),
    locationCode: check.orgLevel1,
    nameFirst: employee?.firstName ?? null,
    nameLast: employee?.lastName ?? null,
    nameMiddle: employee?.middleName ?? null,
    nameSuffix: null,
    netAmount: money(check.netCents),
    organizationLevel1: check.orgLevel1,
    organizationLevel2: check.orgLevel2,
    organizationLevel3: null,
    organizationLevel4: null,
    originalPayPeriodFrequency: 'S',
    payDate: ukgDate(check.payDate),
    payGroup: check.payGroup,
    periodControl: check.periodEndDate.replaceAll('-', '') + '1',
    periodEndDate: ukgDate(check.periodEndDate),
    periodStartDate: ukgDate(check.periodStartDate),
    project: null,
    reconciled: 'N',
    reconcileDate: null,
    sequenceNumber: 1,
    shift: null,
    ssn: null,
    stateSui: 'WA',
    suiGross: money(check.grossCents),
    taxCalculationGroupID: null,
    taxCalculationSequence: null,
    totalDeductionAmount: money(check.employeeDeductionCents),
    totalEarningsAmount: money(check.grossCents),
    totalHours: check.hours,
    totalHoursWorked: check.hours,
    totalShiftAmount: 0,
    totalTaxAmount: money(check.employeeTaxCents),
    voidDate: null,
  };
}

/** One `CompanyPayStatementModel`: all lower-case property names, as the spec has them. */
export function payStatementSummary(check: PayCheck): Record<string, unknown> {
  return {
    employeeidentifier: { identificationtype: 'EmployeeID', companyidentifier: check.companyId, employeeidentifier: check.employeeId },
    payidentifier: check.payIdentifier,
    paydate: ukgDate(check.payDate),
    document: check.documentNumber,
    totalearnings: money(check.grossCents),
    totaldeductions: money(check.employeeDeductionCents),
    totaltaxes: money(check.employeeTaxCents),
  };
}
