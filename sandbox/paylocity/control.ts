import type { SandboxClock } from '../kit';
import { checkFields, mergeInto, statusDate, type EmployeeInput } from './employee-input';
import type { Employee, PayRun } from './model';
import { COMPANY, CODE_RESOURCES, OFFICES, PAY_FREQUENCY, PAY_GROUP, positionByCode } from './seed/company';
import { electionsFor, officeByCode, payFor, uniqueEmail } from './seed/employees';
import { defaultPeriod, type PayRunInput } from './seed/payroll';
import { SeededRandom } from '../kit/random';
import type { PaylocityState } from './state';
import { formatDateTime, msToDate } from './wire/dates';
import { fieldError, type WebLinkError } from './wire/errors';
import type { EmitOptions, WebhookPayload, WebhookSender } from './webhooks';

/** Friendlier input for the in-process and control-API `hire`. */
export interface HireInput {
  firstName: string;
  lastName: string;
  costCenter1: string;
  /** Office (costcenter2); default from the cost center's usual office. */
  costCenter2?: string;
  positionCode?: string;
  hireDate?: string;
  employeeId?: string;
  middleName?: string | null;
  partTime?: boolean;
}

export type WriteResult = { ok: true; employee: Employee } | { ok: false; errors: WebLinkError[] };

/**
 * Groups of fields Paylocity watches for the Employee Change webhook. It polls every minute, so one
 * edit that touches several groups is announced once per group: several notifications for one edit.
 */
const CHANGE_GROUPS: ReadonlyArray<{ name: string; fields: ReadonlyArray<(employee: Employee) => unknown> }> = [
  { name: 'name', fields: [(e) => e.firstName, (e) => e.middleName, (e) => e.lastName] },
  { name: 'personal', fields: [(e) => e.ssn, (e) => e.birthDate, (e) => e.gender, (e) => e.ethnicity, (e) => e.maritalStatus] },
  { name: 'address', fields: [(e) => e.homeAddress.address1, (e) => e.homeAddress.address2, (e) => e.homeAddress.city, (e) => e.homeAddress.state, (e) => e.homeAddress.postalCode, (e) => e.homeAddress.mobilePhone, (e) => e.homeAddress.emailAddress] },
  { name: 'status', fields: [(e) => e.status.employeeStatus, (e) => e.status.hireDate, (e) => e.status.terminationDate, (e) => e.status.changeReason, (e) => e.status.reHireDate] },
  { name: 'position', fields: [(e) => e.departmentPosition.costCenter1, (e) => e.departmentPosition.costCenter2, (e) => e.departmentPosition.costCenter3, (e) => e.departmentPosition.employeeType, (e) => e.departmentPosition.jobTitle, (e) => e.departmentPosition.equalEmploymentOpportunityClass, (e) => e.departmentPosition.payGroup] },
  { name: 'pay', fields: [(e) => e.primaryPayRate.annualSalary, (e) => e.primaryPayRate.baseRate, (e) => e.primaryPayRate.defaultHours, (e) => e.primaryPayRate.payFrequency, (e) => e.primaryPayRate.payType, (e) => e.primaryPayRate.effectiveDate] },
  { name: 'work', fields: [(e) => e.workAddress.phone, (e) => e.workAddress.emailAddress, (e) => e.workAddress.address1, (e) => e.workAddress.city] },
];

/** The usual office of each cost center, for hires that do not name one. */
const HOME_OFFICE: Readonly<Record<string, string>> = { 'CC-100': 'SEA', 'CC-200': 'SEA', 'CC-300': 'PDX', 'CC-400': 'PDX', 'CC-500': 'SEA' };

/**
 * Every change to the employees goes through here, from the API (POST new hire, PATCH update) and from
 * the test controls alike, so both send the same webhooks: New Hire for a hire, Termination plus
 * Employee Change for a termination, Employee Change (once per changed group) for anything else.
 */
export class EmployeeControl {
  constructor(
    private readonly state: PaylocityState,
    private readonly clock: () => SandboxClock,
    private readonly webhooks: WebhookSender,
  ) {}

  private today(): string {
    return msToDate(this.clock().nowMs());
  }

  /** `POST .../employees`: validates against the New Hire Template, assigns the id when empty. */
  create(input: EmployeeInput, required: readonly string[]): WriteResult {
    const errors = checkFields(input, required);
    const requestedId = typeof input.employeeId === 'string' ? input.employeeId.trim() : '';
    if (requestedId !== '' && this.state.employee(requestedId)) errors.push(fieldError('employeeId', `Employee ID ${requestedId} already exists`));
    const payType = input.primaryPayRate?.payType?.toLowerCase();
    if (payType === 'hourly' && typeof input.primaryPayRate?.baseRate !== 'number') errors.push(fieldError('baseRate', 'Base Rate is required for hourly employees', '$.primaryPayRate.baseRate'));
    if (payType === 'salary' && typeof input.primaryPayRate?.annualSalary !== 'number' && typeof input.primaryPayRate?.salary !== 'number') {
      errors.push(fieldError('annualSalary', 'Annual Salary or Salary is required for salaried employees', '$.primaryPayRate.annualSalary'));
    }
    if (input.status?.employeeStatus && input.status.employeeStatus.toUpperCase() === 'T') errors.push(fieldError('employeeStatus', 'A new hire cannot be terminated', '$.status.employeeStatus'));
    if (errors.length > 0) return { ok: false, errors };

    const employeeId = requestedId !== '' ? requestedId : this.state.nextEmployeeId();
    const hireDate = statusDate(input, 'hireDate') ?? this.today();
    const employee = this.blankEmployee(employeeId, String(input.firstName ?? ''), String(input.lastName ?? ''), hireDate, String(input.departmentPosition?.costCenter1 ?? 'CC-100'));
    mergeInto(employee, input);
    const position = positionByCode(employee.departmentPosition.positionCode ?? '');
    if (position && employee.departmentPosition.jobTitle === null) employee.departmentPosition.jobTitle = position.description;
    if (position && employee.departmentPosition.workersCompensation === null) employee.departmentPosition.workersCompensation = position.workersComp;
    const rate = employee.primaryPayRate;
    if (rate.payType === 'Salary') {
      if (typeof input.primaryPayRate?.annualSalary !== 'number' && typeof input.primaryPayRate?.salary === 'number') rate.annualSalary = Math.round(input.primaryPayRate.salary * 26 * 100) / 100;
      rate.salary = Math.round((rate.annualSalary / 26) * 100) / 100;
      rate.baseRate = typeof input.primaryPayRate?.baseRate === 'number' ? input.primaryPayRate.baseRate : Math.round((rate.annualSalary / 2080) * 100) / 100;
      rate.ratePer = 'Year';
    } else {
      rate.salary = 0;
      rate.annualSalary = Math.round(rate.baseRate * rate.defaultHours * 26 * 100) / 100;
      rate.ratePer = 'Hour';
    }
    const status = input.status?.employeeStatus?.toUpperCase();
    employee.status.employeeStatus = status === 'L' ? 'L' : 'A';
    employee.status.effectiveDate = statusDate(input, 'effectiveDate') ?? hireDate;
    employee.status.changeReason = input.status?.changeReason ?? 'New Hire';
    this.state.employees.push(employee);
    employee.changedMs = this.clock().nowMs();
    this.state.touch();
    this.send('NewHire', this.newHirePayload(employee));
    return { ok: true, employee };
  }

  /** `PATCH .../employees/{id}`: a partial update; `status` terminates (T) or rehires (A with a rehire date). */
  update(employeeId: string, input: EmployeeInput): WriteResult | undefined {
    const employee = this.state.employee(employeeId);
    if (!employee) return undefined;
    const errors = checkFields(input, []);
    const before = structuredClone(employee);
    const requested = input.status?.employeeStatus?.toUpperCase();
    const rehireDate = statusDate(input, 'reHireDate');
    const current = employee.status.employeeStatus;
    let transition: 'terminate' | 'rehire' | 'leave' | 'return' | undefined;
    if (requested === 'T' && current !== 'T') transition = 'terminate';
    else if (requested === 'T') errors.push(fieldError('employeeStatus', `Employee ${employeeId} is already terminated`, '$.status.employeeStatus'));
    else if (current === 'T' && (requested === 'A' || rehireDate !== undefined)) transition = 'rehire';
    else if (current === 'T' && requested === 'L') errors.push(fieldError('employeeStatus', 'A terminated employee cannot go on leave', '$.status.employeeStatus'));
    else if (requested === 'L' && current === 'A') transition = 'leave';
    else if (requested === 'A' && current === 'L') transition = 'return';
    if (rehireDate !== undefined && current !== 'T') errors.push(fieldError('reHireDate', `Employee ${employeeId} is not terminated; a Rehire Date applies to terminated employees only`, '$.status.reHireDate'));
    const effective = statusDate(input, 'effectiveDate');
    if (transition === 'rehire') {
      const date = rehireDate ?? effective;
      if (date === undefined) errors.push(fieldError('reHireDate', 'Rehire Date is required to rehire a terminated employee', '$.status.reHireDate'));
      else if (employee.status.terminationDate !== null && date <= employee.status.terminationDate) {
        errors.push(fieldError('reHireDate', `Rehire Date must be after the termination date ${employee.status.terminationDate}`, '$.status.reHireDate'));
      }
    }
    if (errors.length > 0) return { ok: false, errors };

    mergeInto(employee, input);
    const status = employee.status;
    switch (transition) {
      case 'terminate': {
        const date = statusDate(input, 'terminationDate') ?? effective ?? this.today();
        Object.assign(status, { employeeStatus: 'T', statusType: 'T', effectiveDate: date, terminationDate: date, changeReason: input.status?.changeReason ?? 'Terminated' });
        if (typeof input.status?.isEligibleForRehire === 'boolean') status.isEligibleForRehire = input.status.isEligibleForRehire;
        break;
      }
      case 'rehire': {
        const date = rehireDate ?? effective ?? this.today();
        Object.assign(status, { employeeStatus: 'A', statusType: 'A', effectiveDate: date, reHireDate: date, changeReason: input.status?.changeReason ?? 'Rehire', isEligibleForRehire: null });
        status.adjustedSeniorityDate = statusDate(input, 'adjustedSeniorityDate') ?? status.adjustedSeniorityDate;
        break;
      }
      case 'leave':
      case 'return':
        Object.assign(status, { employeeStatus: transition === 'leave' ? 'L' : 'A', statusType: 'A', effectiveDate: effective ?? this.today(), changeReason: input.status?.changeReason ?? (transition === 'leave' ? 'Leave of Absence' : 'Return from Leave') });
        break;
      case undefined:
        if (input.status?.changeReason !== undefined) status.changeReason = input.status.changeReason;
        if (typeof input.status?.isEligibleForRehire === 'boolean') status.isEligibleForRehire = input.status.isEligibleForRehire;
        for (const field of ['hireDate', 'adjustedSeniorityDate'] as const) {
          const date = statusDate(input, field);
          if (date !== undefined) status[field] = date;
        }
    }
    if (input.primaryPayRate?.annualSalary !== undefined && employee.primaryPayRate.payType === 'Salary') {
      employee.primaryPayRate.salary = Math.round((employee.primaryPayRate.annualSalary / 26) * 100) / 100;
    }
    if (input.departmentPosition?.positionCode && input.departmentPosition.jobTitle === undefined) {
      employee.departmentPosition.jobTitle = positionByCode(employee.departmentPosition.positionCode ?? '')?.description ?? employee.departmentPosition.jobTitle;
    }
    const changedGroups = CHANGE_GROUPS.filter((group) => group.fields.some((read) => JSON.stringify(read(before)) !== JSON.stringify(read(employee))));
    if (JSON.stringify(before) !== JSON.stringify(employee)) {
      employee.changedMs = this.clock().nowMs();
      this.state.touch();
    }
    if (transition === 'terminate') this.send('Termination', this.terminationPayload(employee));
    for (let i = 0; i < changedGroups.length; i += 1) this.send('EmployeeChange', this.changePayload(employee));
    return { ok: true, employee };
  }

  hire(input: HireInput): Employee {
    const position = positionByCode(input.positionCode ?? 'LAB');
    const body: EmployeeInput = {
      employeeId: input.employeeId ?? null,
      firstName: input.firstName,
      lastName: input.lastName,
      middleName: input.middleName ?? null,
      status: { hireDate: input.hireDate ?? this.today() },
      departmentPosition: {
        costCenter1: input.costCenter1,
        costCenter2: input.costCenter2 ?? HOME_OFFICE[input.costCenter1] ?? 'SEA',
        positionCode: position?.code ?? input.positionCode ?? null,
        employeeType: input.partTime ? 'RPT' : 'RFT',
      },
      primaryPayRate: { payType: position?.payType ?? 'Hourly', payFrequency: PAY_FREQUENCY },
    };
    const random = new SeededRandom(0x41ee_0000 + this.state.employees.length);
    const pay = payFor(position?.code ?? 'LAB', input.partTime ?? false, random);
    body.primaryPayRate = { ...body.primaryPayRate, baseRate: pay.baseRate, annualSalary: pay.annualSalary, defaultHours: pay.defaultHours, isAutoPay: pay.isAutoPay };
    const result = this.create(body, []);
    if (!result.ok) throw new Error(`hire refused: ${result.errors.map((error) => error.message).join('; ')}`);
    return structuredClone(result.employee);
  }

  terminate(employeeId: string, options: { date?: string; reason?: string; eligibleForRehire?: boolean } = {}): Employee {
    return this.mustUpdate(employeeId, {
      status: { employeeStatus: 'T', effectiveDate: options.date ?? this.today(), changeReason: options.reason ?? 'Resigned', ...(options.eligibleForRehire !== undefined ? { isEligibleForRehire: options.eligibleForRehire } : {}) },
    });
  }

  rehire(employeeId: string, options: { date?: string } = {}): Employee {
    return this.mustUpdate(employeeId, { status: { employeeStatus: 'A', reHireDate: options.date ?? this.today() } });
  }

  /** Any partial `employee` body, as a PATCH would send it. */
  change(employeeId: string, changes: EmployeeInput): Employee {
    return this.mustUpdate(employeeId, changes);
  }

  /**
   * Processes a payroll: statements for everyone employed in the period (from today's data), then the
   * Payroll Processed webhook. Period default: the 14 days ending 6 days before the check date.
   */
  processPayroll(input: { checkDate: string; beginDate?: string; endDate?: string; runNumber?: number; processDate?: string }, emit: EmitOptions = {}): PayRun {
    const period = defaultPeriod(input.checkDate);
    const run: PayRunInput = {
      checkDate: input.checkDate,
      beginDate: input.beginDate ?? period.beginDate,
      endDate: input.endDate ?? period.endDate,
      runNumber: input.runNumber ?? 1,
      processDate: input.processDate ?? formatDateTime(this.clock().nowMs()),
    };
    const added = this.state.addRun(run);
    this.send('PayrollProcessed', payrollPayload(added), emit);
    return { ...added };
  }

  /** Announces an already processed run again (by processId or check date). */
  payrollProcessed(processIdOrCheckDate: string, emit: EmitOptions = {}): ReturnType<WebhookSender['emit']> {
    return this.webhooks.emit('PayrollProcessed', this.payrollPayloadFor(processIdOrCheckDate), emit);
  }

  /** The payload an event would carry for one employee now (for the control API's emit). */
  payloadFor(event: 'NewHire' | 'Termination' | 'EmployeeChange', employeeId: string): WebhookPayload {
    const employee = this.state.employee(employeeId);
    if (!employee) throw new Error(`no employee ${employeeId}`);
    return event === 'NewHire' ? this.newHirePayload(employee) : event === 'Termination' ? this.terminationPayload(employee) : this.changePayload(employee);
  }

  payrollPayloadFor(processIdOrCheckDate: string): WebhookPayload {
    const run = this.state.runs.find((candidate) => candidate.processId === processIdOrCheckDate || candidate.checkDate === processIdOrCheckDate);
    if (!run) throw new Error(`no processed payroll ${processIdOrCheckDate}`);
    return payrollPayload(run);
  }

  newHirePayload(employee: Employee): WebhookPayload {
    const position = employee.departmentPosition;
    const supervisor = position.supervisorEmployeeId ? this.state.employee(position.supervisorEmployeeId) : undefined;
    return {
      companyId: COMPANY.companyId,
      companyName: COMPANY.companyName,
      employeeAddressLine1: employee.homeAddress.address1,
      employeeAddressLine2: employee.homeAddress.address2,
      employeeBadgeClockNumber: position.clockBadgeNumber,
      employeeCity: employee.homeAddress.city,
      employeeCostCenter1: costCenterLabel('costcenter1', position.costCenter1),
      employeeCostCenter2: costCenterLabel('costcenter2', position.costCenter2),
      employeeCostCenter3: costCenterLabel('costcenter3', position.costCenter3),
      employeeEEOClass: position.equalEmploymentOpportunityClass,
      employeeFirstName: employee.firstName,
      employeeGender: employee.gender,
      employeeHireDate: `${employee.status.reHireDate ?? employee.status.hireDate}T00:00:00`,
      employeeId: employee.employeeId,
      employeeJobTitle: position.jobTitle,
      employeeLastName: employee.lastName,
      employeeMaritalStatus: employee.maritalStatus,
      employeeMiddleInitial: employee.middleName ? employee.middleName.slice(0, 1) : null,
      employeePayFrequency: employee.primaryPayRate.payFrequency,
      employeePayType: employee.primaryPayRate.payType,
      employeePosition: position.positionCode,
      employeeState: employee.homeAddress.state,
      employeeSupervisor: supervisor ? `${supervisor.firstName} ${supervisor.lastName}` : null,
      employeeSupervisorId: position.supervisorEmployeeId,
      employeeTaxForm: employee.taxSetup.taxForm,
      employeeType: position.employeeType,
      employeeWorkEMailAddress: employee.workAddress.emailAddress,
      employeeWorkPhone: employee.workAddress.phone,
      employeeZip: employee.homeAddress.postalCode,
    };
  }

  terminationPayload(employee: Employee): WebhookPayload {
    const position = employee.departmentPosition;
    return {
      companyId: COMPANY.companyId,
      employeeCostCenter1: costCenterLabel('costcenter1', position.costCenter1),
      employeeCostCenter2: costCenterLabel('costcenter2', position.costCenter2),
      employeeCostCenter3: costCenterLabel('costcenter3', position.costCenter3),
      employeeFirstName: employee.firstName,
      employeeId: employee.employeeId,
      employeeLastName: employee.lastName,
      employeeMiddleInitial: employee.middleName ? employee.middleName.slice(0, 1) : null,
      employeeJobTitle: position.jobTitle,
      employeeWorkEMailAddress: employee.workAddress.emailAddress,
      employeeTerminationDate: employee.status.terminationDate === null ? null : `${employee.status.terminationDate}T00:00:00`,
    };
  }

  changePayload(employee: Employee): WebhookPayload {
    return { companyId: COMPANY.companyId, employeeId: employee.employeeId };
  }

  private mustUpdate(employeeId: string, input: EmployeeInput): Employee {
    const result = this.update(employeeId, input);
    if (!result) throw new Error(`no employee ${employeeId}`);
    if (!result.ok) throw new Error(`change refused: ${result.errors.map((error) => error.message).join('; ')}`);
    return structuredClone(result.employee);
  }

  private send(event: Parameters<WebhookSender['emit']>[0], payload: WebhookPayload, options: EmitOptions = {}): void {
    // Delivery runs in the background; tests await `webhooks.idle()`.
    void this.webhooks.emit(event, payload, options);
  }

  /** A new employee with the company's defaults; the body's fields are merged over it. */
  private blankEmployee(employeeId: string, firstName: string, lastName: string, hireDate: string, costCenter1: string): Employee {
    const random = new SeededRandom(0x41ee_1000 + this.state.employees.length);
    const office = officeByCode(HOME_OFFICE[costCenter1] ?? OFFICES[0]?.code ?? 'SEA');
    const taken = new Set(this.state.employees.map((employee) => employee.workAddress.emailAddress ?? ''));
    const lead = this.state.employees.find((candidate) => candidate.departmentPosition.costCenter1 === costCenter1 && candidate.departmentPosition.isSupervisorReviewer && candidate.status.employeeStatus !== 'T');
    return {
      employeeId,
      firstName,
      middleName: null,
      lastName,
      preferredName: null,
      suffix: null,
      salutation: null,
      priorLastName: null,
      ssn: `900-00-${employeeId.slice(-4).padStart(4, '0')}`,
      birthDate: null,
      gender: null,
      maritalStatus: null,
      ethnicity: null,
      isSmoker: false,
      veteranDescription: null,
      disabilityDescription: null,
      currency: 'USD',
      isHighlyCompensated: false,
      ownerPercent: null,
      status: { employeeStatus: 'A', statusType: 'A', effectiveDate: hireDate, hireDate, reHireDate: null, terminationDate: null, changeReason: 'New Hire', adjustedSeniorityDate: null, isEligibleForRehire: null },
      departmentPosition: {
        costCenter1,
        costCenter2: office.code,
        costCenter3: null,
        positionCode: null,
        jobTitle: null,
        payGroup: PAY_GROUP,
        employeeType: 'RFT',
        supervisorEmployeeId: lead?.employeeId ?? null,
        supervisorCompanyNumber: lead ? COMPANY.companyId : null,
        reviewerEmployeeId: null,
        reviewerCompanyNumber: null,
        effectiveDate: hireDate,
        changeReason: null,
        clockBadgeNumber: null,
        equalEmploymentOpportunityClass: null,
        isMinimumWageExempt: false,
        isOvertimeExempt: false,
        isSupervisorReviewer: false,
        isUnionDuesCollected: false,
        isUnionInitiationCollected: false,
        shift: null,
        tipped: null,
        unionCode: null,
        unionPosition: null,
        unionAffiliationDate: null,
        workersCompensation: null,
      },
      primaryPayRate: { payType: 'Hourly', payFrequency: PAY_FREQUENCY, baseRate: 0, annualSalary: 0, salary: 0, ratePer: 'Hour', defaultHours: 80, isAutoPay: false, effectiveDate: hireDate, beginCheckDate: null, changeReason: null, payGrade: null },
      homeAddress: { address1: null, address2: null, city: null, state: office.address.state, postalCode: null, country: 'USA', county: null, emailAddress: null, mobilePhone: null, phone: null },
      workAddress: { ...office.address, emailAddress: uniqueEmail(firstName || 'new', lastName || 'hire', taken), mobilePhone: null, pager: null, phoneExtension: null },
      federalTax: { filingStatus: 'S', exemptions: 0, amount: 0, percentage: 0, taxCalculationCode: null, w4FormYear: 2020 },
      primaryStateTax: { taxCode: office.address.state ?? 'WA', filingStatus: null, exemptions: 0, amount: 0, percentage: 0 },
      taxSetup: { suiState: office.address.state ?? 'WA', taxForm: 'W2', fitwExemptReason: null },
      webTime: { badgeNumber: null, chargeRate: null, isTimeLaborEnabled: false },
      payroll: electionsFor(random, false),
      changedMs: this.clock().nowMs(),
    };
  }
}

/** Cost centers in webhooks read `"CC-200 - North Branch"` (code − description); null when empty. */
function costCenterLabel(resource: string, code: string | null): string | null {
  if (code === null || code === '') return null;
  const found = (CODE_RESOURCES[resource] ?? []).find((entry) => entry.code === code);
  return found ? `${found.code} - ${found.description}` : code;
}

export function payrollPayload(run: PayRun): WebhookPayload {
  return { companyId: COMPANY.companyId, processId: run.processId, checkDate: run.checkDate, runId: run.runId, processDate: run.processDate, status: run.status };
}
