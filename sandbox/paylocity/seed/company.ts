import type { Address, CompanyCode } from '../model';

/** The seeded company; WebLink company ids are at most 9 characters. */
export const COMPANY = {
  companyId: 'MLC01',
  companyName: 'ML Construction Co.',
  companyFEIN: '91-4827361',
} as const;

/** The limited demo client is scoped to this company only, which does not exist here: MLC01 answers it 403. */
export const OTHER_COMPANY_ID = 'MLC02';

export const PAY_GROUP = 'BIWEEKLY';
export const PAY_FREQUENCY = 'B';

/**
 * costcenter1: the Odoo sandbox's analytic account codes (CC-100..CC-400, same names) plus CC-500,
 * which Odoo does not have, for "unknown cost center" paths downstream.
 */
export const COST_CENTERS_1: readonly CompanyCode[] = [
  { code: 'CC-100', description: 'Administration' },
  { code: 'CC-200', description: 'North Branch' },
  { code: 'CC-300', description: 'South Branch' },
  { code: 'CC-400', description: 'East Branch' },
  { code: 'CC-500', description: 'Field Services' },
];

export interface Office {
  code: string;
  description: string;
  address: Address;
  /** State income tax withheld there (SITW), as a share of federal taxable wages; WA has none. */
  sitwPercent: number;
  /** Employer state unemployment (SUTA) rate. */
  sutaPercent: number;
}

/** costcenter2: the two offices (work locations). Portland's staff pay Oregon income tax, Seattle's none. */
export const OFFICES: readonly Office[] = [
  {
    code: 'SEA',
    description: 'Seattle Office',
    address: { address1: '1200 Harbor Way', address2: 'Suite 400', city: 'Seattle', state: 'WA', postalCode: '98101', country: 'USA', county: 'King', emailAddress: null, mobilePhone: null, phone: '2065550100' },
    sitwPercent: 0,
    sutaPercent: 1.2,
  },
  {
    code: 'PDX',
    description: 'Portland Office',
    address: { address1: '410 SW Columbia St', address2: null, city: 'Portland', state: 'OR', postalCode: '97201', country: 'USA', county: 'Multnomah', emailAddress: null, mobilePhone: null, phone: '5035550142' },
    sitwPercent: 7.5,
    sutaPercent: 2.1,
  },
];

/** costcenter3 is not used by this company: its code list is empty. */
export const COST_CENTERS_3: readonly CompanyCode[] = [];

export interface Position extends CompanyCode {
  payType: 'Salary' | 'Hourly';
  /** Yearly pay range the seed draws from. */
  payRange: readonly [number, number];
  eeoClass: string;
  workersComp: string;
}

export const POSITIONS: readonly Position[] = [
  { code: 'ADMIN', description: 'Office Administrator', payType: 'Salary', payRange: [48_000, 62_000], eeoClass: '5', workersComp: '8810' },
  { code: 'ACCT', description: 'Payroll Accountant', payType: 'Salary', payRange: [62_000, 84_000], eeoClass: '2', workersComp: '8810' },
  { code: 'PM', description: 'Project Manager', payType: 'Salary', payRange: [92_000, 128_000], eeoClass: '1', workersComp: '8810' },
  { code: 'SUPT', description: 'Site Superintendent', payType: 'Salary', payRange: [86_000, 112_000], eeoClass: '1', workersComp: '5606' },
  { code: 'FORE', description: 'Foreman', payType: 'Hourly', payRange: [68_000, 82_000], eeoClass: '6', workersComp: '5403' },
  { code: 'CARP', description: 'Carpenter', payType: 'Hourly', payRange: [52_000, 70_000], eeoClass: '6', workersComp: '5403' },
  { code: 'ELEC', description: 'Electrician', payType: 'Hourly', payRange: [58_000, 80_000], eeoClass: '6', workersComp: '5190' },
  { code: 'LAB', description: 'General Laborer', payType: 'Hourly', payRange: [40_000, 50_000], eeoClass: '8', workersComp: '5403' },
  { code: 'EQOP', description: 'Equipment Operator', payType: 'Hourly', payRange: [55_000, 72_000], eeoClass: '7', workersComp: '6217' },
  { code: 'FLDTEC', description: 'Field Service Technician', payType: 'Hourly', payRange: [54_000, 68_000], eeoClass: '6', workersComp: '5190' },
];

export function positionByCode(code: string): Position | undefined {
  return POSITIONS.find((position) => position.code === code);
}

export const EARNING_CODES: readonly CompanyCode[] = [
  { code: 'REG', description: 'Regular' },
  { code: 'OT', description: 'Overtime' },
  { code: 'HOL', description: 'Holiday' },
  { code: 'BON', description: 'Bonus' },
];

export const DEDUCTION_CODES: readonly CompanyCode[] = [
  { code: '401K', description: '401(k) Employee Contribution' },
  { code: 'MED', description: 'Medical Insurance (Section 125)' },
  { code: 'DEN', description: 'Dental Insurance (Section 125)' },
];

/**
 * Employee taxes, then the employer's (prefixed `ER-`, see README: Paylocity's pay statement details
 * carry them as tax lines too, and nothing but the code tells the two sides apart).
 * Note `MED` is both a deduction code and the Medicare tax code, as in many real Paylocity companies:
 * a line is identified by detType and detCode together.
 */
export const TAX_CODES: readonly CompanyCode[] = [
  { code: 'FITW', description: 'Federal Income Tax' },
  { code: 'SITW', description: 'State Income Tax' },
  { code: 'SS', description: 'Social Security' },
  { code: 'MED', description: 'Medicare' },
  { code: 'ER-SS', description: 'Employer Social Security' },
  { code: 'ER-MED', description: 'Employer Medicare' },
  { code: 'ER-FUTA', description: 'Employer Federal Unemployment' },
  { code: 'ER-SUTA', description: 'Employer State Unemployment' },
];

export const PAY_GRADES: readonly CompanyCode[] = [
  { code: 'G1', description: 'Grade 1 (trades and field)' },
  { code: 'G2', description: 'Grade 2 (office)' },
  { code: 'G3', description: 'Grade 3 (management)' },
];

export const EMPLOYEE_TYPES: readonly CompanyCode[] = [
  { code: 'RFT', description: 'Regular Full Time' },
  { code: 'RPT', description: 'Regular Part Time' },
  { code: 'SNL', description: 'Seasonal' },
  { code: 'TFT', description: 'Temporary Full Time' },
  { code: 'TPT', description: 'Temporary Part Time' },
];

/** The documented `codeResource` values and what each lists. */
export const CODE_RESOURCES: Readonly<Record<string, readonly CompanyCode[]>> = {
  costcenter1: COST_CENTERS_1,
  costcenter2: OFFICES.map(({ code, description }) => ({ code, description })),
  costcenter3: COST_CENTERS_3,
  deductions: DEDUCTION_CODES,
  earnings: EARNING_CODES,
  taxes: TAX_CODES,
  paygrade: PAY_GRADES,
  positions: POSITIONS.map(({ code, description }) => ({ code, description })),
};

/** Custom field definitions (`GET .../customfields/PayrollAndHR`). */
export const CUSTOM_FIELDS = [
  { category: 'PayrollAndHR', label: 'Odoo Employee Ref', type: 'Text', defaultValue: '', isRequired: false, values: [] },
  { category: 'PayrollAndHR', label: 'Safety Certified', type: 'Boolean', defaultValue: 'false', isRequired: false, values: [] },
  {
    category: 'PayrollAndHR',
    label: 'Crew',
    type: 'DropDown',
    defaultValue: '',
    isRequired: false,
    values: [
      { code: 'A', description: 'Crew A' },
      { code: 'B', description: 'Crew B' },
    ],
  },
] as const;

export const GENDERS: readonly CompanyCode[] = [
  { code: 'M', description: 'Male' },
  { code: 'F', description: 'Female' },
];

export const MARITAL_STATUSES: readonly CompanyCode[] = [
  { code: 'D', description: 'Divorced' },
  { code: 'M', description: 'Married' },
  { code: 'S', description: 'Single' },
  { code: 'W', description: 'Widowed' },
];

export const PAY_TYPES: readonly CompanyCode[] = [
  { code: 'Salary', description: 'Salary' },
  { code: 'Hourly', description: 'Hourly' },
];

export const PAY_FREQUENCIES: readonly CompanyCode[] = [
  { code: 'B', description: 'Bi-Weekly' },
  { code: 'W', description: 'Weekly' },
  { code: 'S', description: 'Semi-Monthly' },
  { code: 'M', description: 'Monthly' },
];

export const STATUS_CODES: readonly CompanyCode[] = [
  { code: 'A', description: 'Active' },
  { code: 'L', description: 'Leave of Absence' },
  { code: 'T', description: 'Terminated' },
];
