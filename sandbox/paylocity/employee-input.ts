import { z } from 'zod';
import type { CompanyCode, Employee } from './model';
import { CODE_RESOURCES, EMPLOYEE_TYPES, GENDERS, MARITAL_STATUSES, PAY_FREQUENCIES, PAY_TYPES, STATUS_CODES } from './seed/company';
import { parseInputDate } from './wire/dates';
import { fieldError, type WebLinkError } from './wire/errors';

/**
 * The `employee` body of POST (new hire) and PATCH (update), checked the way WebLink does: every
 * problem is reported at once as an array of `{field, message, path, options}`, enumerated fields
 * (cost centers, positions, gender...) list their valid values in `options`. Fields the sandbox does
 * not model are accepted and ignored, as .NET model binding ignores unknown members.
 */
const text = z.string().nullable().optional();
const flag = z.boolean().nullable().optional();
const amount = z.number().nullable().optional();

const address = z.looseObject({
  address1: text, address2: text, city: text, state: text, postalCode: text, country: text, county: text,
  emailAddress: text, mobilePhone: text, phone: text, pager: text, phoneExtension: text,
});

export const employeeInputSchema = z.looseObject({
  employeeId: text, firstName: text, middleName: text, lastName: text, preferredName: text, suffix: text, salutation: text,
  priorLastName: text, ssn: text, birthDate: text, gender: text, maritalStatus: text, ethnicity: text, isSmoker: flag,
  veteranDescription: text, disabilityDescription: text, currency: text, isHighlyCompensated: flag, ownerPercent: amount,
  status: z
    .looseObject({
      employeeStatus: text, effectiveDate: text, hireDate: text, reHireDate: text, terminationDate: text, changeReason: text,
      adjustedSeniorityDate: text, isEligibleForRehire: flag,
    })
    .optional(),
  departmentPosition: z
    .looseObject({
      costCenter1: text, costCenter2: text, costCenter3: text, positionCode: text, jobTitle: text, payGroup: text, employeeType: text,
      supervisorEmployeeId: text, supervisorCompanyNumber: text, reviewerEmployeeId: text, reviewerCompanyNumber: text, effectiveDate: text,
      changeReason: text, clockBadgeNumber: text, equalEmploymentOpportunityClass: text, isMinimumWageExempt: flag, isOvertimeExempt: flag,
      isSupervisorReviewer: flag, isUnionDuesCollected: flag, isUnionInitiationCollected: flag, shift: text, tipped: text, unionCode: text,
      unionPosition: text, unionAffiliationDate: text, workersCompensation: text,
    })
    .optional(),
  primaryPayRate: z
    .looseObject({
      payType: text, payFrequency: text, baseRate: amount, annualSalary: amount, salary: amount, ratePer: text, defaultHours: amount,
      isAutoPay: flag, effectiveDate: text, beginCheckDate: text, changeReason: text, payGrade: text,
    })
    .optional(),
  homeAddress: address.optional(),
  workAddress: address.optional(),
  federalTax: z.looseObject({ filingStatus: text, exemptions: amount, amount, percentage: amount, taxCalculationCode: text, w4FormYear: amount }).optional(),
  primaryStateTax: z.looseObject({ taxCode: text, filingStatus: text, exemptions: amount, amount, percentage: amount }).optional(),
  taxSetup: z.looseObject({ suiState: text, taxForm: text, fitwExemptReason: text }).optional(),
  webTime: z.looseObject({ badgeNumber: text, chargeRate: amount, isTimeLaborEnabled: flag }).optional(),
});

export type EmployeeInput = z.infer<typeof employeeInputSchema>;

type Section = 'status' | 'departmentPosition' | 'primaryPayRate' | 'homeAddress' | 'workAddress' | 'federalTax' | 'primaryStateTax' | 'taxSetup' | 'webTime';
const SECTIONS: readonly Section[] = ['status', 'departmentPosition', 'primaryPayRate', 'homeAddress', 'workAddress', 'federalTax', 'primaryStateTax', 'taxSetup', 'webTime'];

const DATE_FIELDS: ReadonlyArray<readonly [Section | null, string]> = [
  [null, 'birthDate'],
  ['status', 'effectiveDate'], ['status', 'hireDate'], ['status', 'reHireDate'], ['status', 'terminationDate'], ['status', 'adjustedSeniorityDate'],
  ['departmentPosition', 'effectiveDate'], ['departmentPosition', 'unionAffiliationDate'],
  ['primaryPayRate', 'effectiveDate'], ['primaryPayRate', 'beginCheckDate'],
];

const MAX_LENGTHS: ReadonlyArray<readonly [Section | null, string, number]> = [
  [null, 'employeeId', 10], [null, 'firstName', 40], [null, 'lastName', 40], [null, 'middleName', 20], [null, 'preferredName', 20],
  [null, 'ssn', 11], ['departmentPosition', 'costCenter1', 10], ['departmentPosition', 'costCenter2', 10], ['departmentPosition', 'costCenter3', 10],
  ['homeAddress', 'state', 2], ['workAddress', 'state', 2],
];

const LABELS: Readonly<Record<string, string>> = {
  firstName: 'First Name', lastName: 'Last Name', hireDate: 'Hire Date', costCenter1: 'Cost Center 1', costCenter2: 'Cost Center 2',
  costCenter3: 'Cost Center 3', payType: 'Pay Type', payFrequency: 'Pay Frequency', positionCode: 'Position', employeeType: 'Employee Type',
  gender: 'Gender', maritalStatus: 'Marital Status', employeeStatus: 'Employee Status', payGrade: 'Pay Grade', reHireDate: 'Rehire Date',
  baseRate: 'Base Rate', annualSalary: 'Annual Salary', birthDate: 'Birth Date', employeeId: 'Employee ID',
};

const label = (field: string): string => LABELS[field] ?? field;
const jsonPath = (section: Section | null, field: string): string => (section ? `$.${section}.${field}` : `$.${field}`);

/** Reads `section.field` (or a top-level field) of the raw input. */
export function valueAt(input: EmployeeInput, section: Section | null, field: string): unknown {
  const holder = section ? (input[section] as Record<string, unknown> | undefined) : (input as Record<string, unknown>);
  return holder?.[field];
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null && !(typeof value === 'string' && value.trim() === '');
}

/** zod's complaints (a wrong type) as WebLink errors. */
export function schemaErrors(issues: readonly z.core.$ZodIssue[]): WebLinkError[] {
  return issues.map((issue) => {
    const field = String(issue.path[issue.path.length - 1] ?? 'employee');
    const path = `$${issue.path.map((part) => (typeof part === 'number' ? `[${part}]` : `.${String(part)}`)).join('')}`;
    return fieldError(field, `The value is not valid for ${label(field)}: ${issue.message}`, path);
  });
}

/**
 * Field-level checks of a parsed body: dates, lengths, enumerated codes. `required` lists the dotted
 * paths the New Hire Template requires (POST only).
 */
export function checkFields(input: EmployeeInput, required: readonly string[]): WebLinkError[] {
  const errors: WebLinkError[] = [];
  for (const path of required) {
    const [first, second] = path.split('.');
    const section = second === undefined ? null : (first as Section);
    const field = second ?? first ?? path;
    if (!present(valueAt(input, section, field))) errors.push(fieldError(field, `${label(field)} is required`, jsonPath(section, field)));
  }
  for (const [section, field] of DATE_FIELDS) {
    const value = valueAt(input, section, field);
    if (typeof value === 'string' && value.trim() !== '' && parseInputDate(value) === undefined) {
      errors.push(fieldError(field, `The value '${value}' is not a valid date for ${label(field)}; use CCYY-MM-DD or MM-DD-CCYY`, jsonPath(section, field)));
    }
  }
  for (const [section, field, max] of MAX_LENGTHS) {
    const value = valueAt(input, section, field);
    if (typeof value === 'string' && value.length > max) errors.push(fieldError(field, `${label(field)} must be at most ${max} characters`, jsonPath(section, field)));
  }
  const coded: ReadonlyArray<readonly [Section | null, string, readonly CompanyCode[]]> = [
    [null, 'gender', GENDERS],
    [null, 'maritalStatus', MARITAL_STATUSES],
    ['status', 'employeeStatus', STATUS_CODES],
    ['departmentPosition', 'costCenter1', CODE_RESOURCES.costcenter1 ?? []],
    ['departmentPosition', 'costCenter2', CODE_RESOURCES.costcenter2 ?? []],
    ['departmentPosition', 'costCenter3', CODE_RESOURCES.costcenter3 ?? []],
    ['departmentPosition', 'positionCode', CODE_RESOURCES.positions ?? []],
    ['departmentPosition', 'employeeType', EMPLOYEE_TYPES],
    ['primaryPayRate', 'payType', PAY_TYPES],
    ['primaryPayRate', 'payFrequency', PAY_FREQUENCIES],
    ['primaryPayRate', 'payGrade', CODE_RESOURCES.paygrade ?? []],
  ];
  for (const [section, field, codes] of coded) {
    const value = valueAt(input, section, field);
    if (typeof value === 'string' && value.trim() !== '' && !codes.some((code) => code.code.toLowerCase() === value.trim().toLowerCase())) {
      errors.push(fieldError(field, `The value '${value}' is not valid for ${label(field)}`, jsonPath(section, field), codes));
    }
  }
  if (input.departmentPosition?.costCenter1 === null) errors.push(fieldError('costCenter1', 'Cost Center 1 is required', '$.departmentPosition.costCenter1', CODE_RESOURCES.costcenter1 ?? []));
  for (const field of ['firstName', 'lastName'] as const) {
    if (input[field] === null || (typeof input[field] === 'string' && input[field].trim() === '' && !required.includes(field))) {
      errors.push(fieldError(field, `${label(field)} is required`, `$.${field}`));
    }
  }
  return dedupe(errors);
}

function dedupe(errors: WebLinkError[]): WebLinkError[] {
  const seen = new Set<string>();
  return errors.filter((error) => {
    const key = `${error.path}|${error.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** A code as the company spells it (input is matched case-insensitively). */
function canonical(value: string, codes: readonly CompanyCode[]): string {
  return codes.find((code) => code.code.toLowerCase() === value.trim().toLowerCase())?.code ?? value;
}

/**
 * Merges the body's fields into an employee (dates normalised to `YYYY-MM-DD`, codes to the company's
 * spelling). Status is left to the caller: hire, termination and rehire have their own rules.
 */
export function mergeInto(employee: Employee, input: EmployeeInput): void {
  const top = employee as unknown as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || key === 'employeeId' || key === 'status' || (SECTIONS as readonly string[]).includes(key)) continue;
    if (!(key in top)) continue; // not modelled: accepted and ignored
    top[key] = key === 'birthDate' && typeof value === 'string' ? (parseInputDate(value) ?? null) : key === 'gender' && typeof value === 'string' ? value.toUpperCase() : value;
  }
  for (const section of SECTIONS) {
    if (section === 'status') continue;
    const given = input[section] as Record<string, unknown> | undefined;
    if (!given) continue;
    const target = employee[section] as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(given)) {
      if (value === undefined || !(key in target)) continue;
      const isDate = DATE_FIELDS.some(([dateSection, field]) => dateSection === section && field === key);
      target[key] = isDate && typeof value === 'string' ? (parseInputDate(value) ?? null) : value;
    }
  }
  const position = employee.departmentPosition;
  for (const key of ['costCenter1', 'costCenter2', 'costCenter3'] as const) {
    const value = position[key];
    if (typeof value === 'string') position[key] = canonical(value, CODE_RESOURCES[key.toLowerCase()] ?? []);
  }
  if (position.positionCode !== null) position.positionCode = canonical(position.positionCode, CODE_RESOURCES.positions ?? []);
  if (position.employeeType !== '') position.employeeType = canonical(position.employeeType, EMPLOYEE_TYPES);
  employee.primaryPayRate.payType = canonical(employee.primaryPayRate.payType, PAY_TYPES) as Employee['primaryPayRate']['payType'];
}

/** The date a status field of the body carries, normalised, or undefined. */
export function statusDate(input: EmployeeInput, field: 'effectiveDate' | 'hireDate' | 'reHireDate' | 'terminationDate' | 'adjustedSeniorityDate'): string | undefined {
  const value = input.status?.[field];
  return typeof value === 'string' && value.trim() !== '' ? parseInputDate(value) : undefined;
}
