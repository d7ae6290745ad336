import type { SandboxClock } from '../kit';
import type { Employee } from './model';
import { COMPANY, COST_CENTERS, jobByCode, PAY_GROUP } from './seed/company';
import { employeeIdFor, employeeNumberFor, payFor, personIdFor, uniqueEmail } from './seed/employees';
import { SeededRandom } from '../kit/random';
import type { PayRunInput } from './seed/payroll';
import type { UkgState } from './state';
import { msToDate, parseDateTimeParam } from './wire/dates';
import type { Operation, WebhookSender } from './webhooks';

/**
 * In-process test control (the kit has no simulator-specific control routes). Each change stamps
 * `dateTimeChanged` from the sandbox clock, feeds employee-changes and sends webhook events. The event
 * names for hire, termination and rehire are not confirmed by UKG material; the change events follow
 * the documented `Employee…ChangeEvent` pattern.
 */
export interface HireInput {
  firstName: string;
  lastName: string;
  jobCode: string;
  /** Cost center (org level 2); the branch follows from it unless given. */
  orgLevel2Code: string;
  orgLevel1Code?: string;
  hireDate?: string;
  emailAddress?: string;
  partTime?: boolean;
  annualSalary?: number;
}

export type EmployeeChanges = Partial<
  Pick<
    Employee,
    'firstName' | 'middleName' | 'lastName' | 'preferredName' | 'emailAddress' | 'homePhone' | 'addressLine1' | 'addressCity' | 'addressState' | 'addressZipCode' | 'jobCode' | 'orgLevel1Code' | 'orgLevel2Code' | 'supervisorId' | 'annualSalary'
  >
>;

export interface GlRunInput {
  periodStartDate: string;
  periodEndDate: string;
  payDate?: string;
  runId?: string;
  /** ISO instant; default the sandbox clock's now. */
  glRunDateTime?: string;
  totalNrOfBlocks?: number;
}

const CHANGE_EVENTS: ReadonlyArray<{ type: string; fields: ReadonlyArray<keyof EmployeeChanges> }> = [
  { type: 'EmployeePersonNameChangeEvent', fields: ['firstName', 'middleName', 'lastName', 'preferredName'] },
  { type: 'EmployeeEmailAddressChangeEvent', fields: ['emailAddress'] },
  { type: 'EmployeePhoneChangeEvent', fields: ['homePhone'] },
  { type: 'EmployeeAddressChangeEvent', fields: ['addressLine1', 'addressCity', 'addressState', 'addressZipCode'] },
  { type: 'EmployeeJobChangeEvent', fields: ['jobCode', 'orgLevel1Code', 'orgLevel2Code', 'supervisorId'] },
  { type: 'EmployeeCompensationChangeEvent', fields: ['annualSalary'] },
];

export class EmployeeControl {
  constructor(
    private readonly state: UkgState,
    private readonly clock: () => SandboxClock,
    private readonly webhooks: WebhookSender,
  ) {}

  hire(input: HireInput): Employee {
    const job = jobByCode(input.jobCode);
    if (!job) throw new Error(`unknown job code ${input.jobCode}`);
    const center = COST_CENTERS.find((candidate) => candidate.code === input.orgLevel2Code);
    if (!center) throw new Error(`unknown cost center ${input.orgLevel2Code}`);
    const nowMs = this.clock().nowMs();
    const index = this.state.employees.length + 1;
    const random = new SeededRandom(0x41ee_0000 + index);
    const hireDate = input.hireDate ?? msToDate(nowMs);
    const pay = payFor(input.jobCode, input.partTime ?? false, random);
    const annualSalary = input.annualSalary ?? pay.annualSalary;
    const taken = this.state.takenEmails();
    const employee: Employee = {
      employeeId: employeeIdFor(index, random),
      companyId: COMPANY.companyID,
      personId: personIdFor(random),
      employeeNumber: employeeNumberFor(index),
      firstName: input.firstName,
      middleName: null,
      lastName: input.lastName,
      preferredName: null,
      emailAddress: input.emailAddress ?? uniqueEmail(input.firstName, input.lastName, taken),
      homePhone: '2065550000',
      workPhone: `206555${String(1000 + index).padStart(4, '0')}`,
      gender: 'F',
      dateOfBirth: '1990-01-01',
      addressLine1: '100 Main St',
      addressCity: 'Seattle',
      addressState: 'WA',
      addressZipCode: '98101',
      jobCode: job.code,
      orgLevel1Code: input.orgLevel1Code ?? center.branch,
      orgLevel2Code: center.code,
      supervisorId: this.state.employees.find((candidate) => candidate.orgLevel2Code === center.code && candidate.status === 'A')?.employeeId ?? null,
      fullTimeOrPartTime: input.partTime ? 'P' : 'F',
      salaryOrHourly: job.salaryOrHourly,
      annualSalary,
      hourlyPayRate: Math.round((annualSalary / (pay.weeklyHours * 52)) * 100) / 100,
      weeklyHours: pay.weeklyHours,
      payGroup: PAY_GROUP,
      originalHireDate: hireDate,
      lastHireDate: hireDate,
      dateInJob: hireDate,
      dateOfTermination: null,
      termReason: null,
      status: 'A',
      statusStartDate: hireDate,
      createdMs: nowMs,
      changedMs: nowMs,
    };
    this.state.employees.push(employee);
    taken.add(employee.emailAddress);
    this.state.recordChange(employee, nowMs);
    this.notify(employee, 'EmployeeHireEvent', 'Insert');
    return { ...employee };
  }

  terminate(employeeId: string, options: { date?: string; reason?: string } = {}): Employee {
    const employee = this.find(employeeId);
    if (employee.status === 'T') throw new Error(`${employee.employeeId} is already terminated`);
    const nowMs = this.clock().nowMs();
    const date = options.date ?? msToDate(nowMs);
    employee.status = 'T';
    employee.dateOfTermination = date;
    employee.termReason = options.reason ?? 'Resigned';
    employee.statusStartDate = date;
    this.state.recordChange(employee, nowMs);
    this.notify(employee, 'EmployeeTerminationEvent', 'Update');
    return { ...employee };
  }

  rehire(employeeId: string, options: { date?: string } = {}): Employee {
    const employee = this.find(employeeId);
    if (employee.status !== 'T') throw new Error(`${employee.employeeId} is not terminated`);
    const nowMs = this.clock().nowMs();
    const date = options.date ?? msToDate(nowMs);
    if (employee.dateOfTermination !== null && date <= employee.dateOfTermination) throw new Error(`rehire date ${date} must be after the termination on ${employee.dateOfTermination}`);
    employee.status = 'A';
    employee.lastHireDate = date;
    employee.dateInJob = date;
    employee.statusStartDate = date;
    this.state.recordChange(employee, nowMs);
    this.notify(employee, 'EmployeeRehireEvent', 'Update');
    return { ...employee };
  }

  change(employeeId: string, changes: EmployeeChanges): Employee {
    const employee = this.find(employeeId);
    if (changes.jobCode !== undefined && !jobByCode(changes.jobCode)) throw new Error(`unknown job code ${changes.jobCode}`);
    const changed = (Object.keys(changes) as Array<keyof EmployeeChanges>).filter((field) => changes[field] !== undefined && changes[field] !== employee[field]);
    if (changed.length === 0) return { ...employee };
    const nowMs = this.clock().nowMs();
    Object.assign(employee, changes);
    if (changes.emailAddress !== undefined) this.state.takenEmails().add(changes.emailAddress);
    if (changes.annualSalary !== undefined) employee.hourlyPayRate = Math.round((changes.annualSalary / (employee.weeklyHours * 52)) * 100) / 100;
    if (changes.jobCode !== undefined) employee.dateInJob = msToDate(nowMs);
    this.state.recordChange(employee, nowMs);
    for (const event of CHANGE_EVENTS) {
      if (event.fields.some((field) => changed.includes(field))) this.notify(employee, event.type, 'Update');
    }
    return { ...employee };
  }

  /** Adds a closed GL run computed from today's employees (with pay register and pay statements). */
  addGlRun(input: GlRunInput): { runId: string; totalNrOfBlocks: number; lines: number; debitTotal: number; creditTotal: number } {
    const payDate = input.payDate ?? input.periodEndDate;
    const run: PayRunInput = {
      runId: input.runId ?? `GL-${COMPANY.companyID}-${payDate.replaceAll('-', '')}`,
      periodStartDate: input.periodStartDate,
      periodEndDate: input.periodEndDate,
      payDate,
      glRunMs: input.glRunDateTime ? parseDateTimeParam('glRunDateTime', input.glRunDateTime) : this.clock().nowMs(),
      totalNrOfBlocks: input.totalNrOfBlocks ?? 1,
    };
    const added = this.state.addRun(run);
    const total = (pick: 'debitCents' | 'creditCents'): number => added.lines.reduce((sum, line) => sum + line[pick], 0) / 100;
    return { runId: added.runId, totalNrOfBlocks: added.totalNrOfBlocks, lines: added.lines.length, debitTotal: total('debitCents'), creditTotal: total('creditCents') };
  }

  private find(employeeId: string): Employee {
    const employee = this.state.employee(employeeId);
    if (!employee) throw new Error(`no employee ${employeeId}`);
    return employee;
  }

  private notify(employee: Employee, eventType: string, operation: Operation): void {
    // Delivery runs in the background; tests await `webhooks.idle()`.
    void this.webhooks.emit({ EventType: eventType, Operation: operation, Payload: { CoId: employee.companyId, EeId: employee.employeeId } });
  }
}
