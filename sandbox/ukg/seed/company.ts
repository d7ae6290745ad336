import type { Company, Job, OrgLevel } from '../model';

export const COMPANY: Company = {
  companyID: 'MLCO1',
  companyCode: 'MLC',
  companyName: 'ML Construction Co.',
  federalTaxId: '91-4827361',
  addressLine1: '1200 Harbor Way',
  addressCity: 'Seattle',
  addressState: 'WA',
  addressZipCode: '98101',
  addressCounty: 'King',
  phoneNumber: '2065550100',
};

export const PAY_GROUP = 'SEMI';
export const PAY_GROUP_DESCRIPTION = 'Semi-monthly';

/** Level 1 = branch, level 2 = cost center; cost-center codes are the Odoo sandbox's analytic account codes. */
export const BRANCHES = [
  { code: 'BR-N', description: 'North' },
  { code: 'BR-S', description: 'South' },
  { code: 'BR-E', description: 'East' },
] as const;

export interface CostCenterSeed {
  code: string;
  description: string;
  branch: string;
  isActive: boolean;
}

/** CC-500 is deliberately missing from the Odoo sandbox (an unmapped cost center); CC-900 is retired. */
export const COST_CENTERS: readonly CostCenterSeed[] = [
  { code: 'CC-100', description: 'Administration', branch: 'BR-N', isActive: true },
  { code: 'CC-200', description: 'North Branch', branch: 'BR-N', isActive: true },
  { code: 'CC-300', description: 'South Branch', branch: 'BR-S', isActive: true },
  { code: 'CC-400', description: 'East Branch', branch: 'BR-E', isActive: true },
  { code: 'CC-500', description: 'Field Services', branch: 'BR-E', isActive: true },
  { code: 'CC-900', description: 'Legacy Yard', branch: 'BR-S', isActive: false },
];

export function seedOrgLevels(): OrgLevel[] {
  const blank = { budgetGroup: null, reportingCategory: null, currentYearBudgetFTE: null, currentYearBudgetSalary: null, lastYearBudgetFTE: null, lastYearBudgetSalary: null };
  return [
    ...BRANCHES.map((branch): OrgLevel => ({ ...blank, level: 1, code: branch.code, description: branch.description, levelDescription: 'Branch', glSegment: branch.code, isActive: true, reportingCategory: 'BRANCH' })),
    ...COST_CENTERS.map((center): OrgLevel => ({ ...blank, level: 2, code: center.code, description: center.description, levelDescription: 'Cost Center', glSegment: center.code, isActive: center.isActive, budgetGroup: center.branch })),
  ];
}

interface JobSeed extends Job {
  /** Yearly pay range the seed draws from. */
  payRange: readonly [number, number];
}

export const JOBS: readonly JobSeed[] = [
  { code: 'ADMIN', title: 'Office Administrator', countryCode: 'USA', jobFamilyCode: 'ADM', isActive: true, salaryOrHourly: 'S', payRange: [48_000, 62_000] },
  { code: 'ACCT', title: 'Payroll Accountant', countryCode: 'USA', jobFamilyCode: 'FIN', isActive: true, salaryOrHourly: 'S', payRange: [62_000, 84_000] },
  { code: 'PM', title: 'Project Manager', countryCode: 'USA', jobFamilyCode: 'MGT', isActive: true, salaryOrHourly: 'S', payRange: [92_000, 128_000] },
  { code: 'SUPT', title: 'Site Superintendent', countryCode: 'USA', jobFamilyCode: 'MGT', isActive: true, salaryOrHourly: 'S', payRange: [86_000, 112_000] },
  { code: 'FORE', title: 'Foreman', countryCode: 'USA', jobFamilyCode: 'FLD', isActive: true, salaryOrHourly: 'H', payRange: [68_000, 82_000] },
  { code: 'CARP', title: 'Carpenter', countryCode: 'USA', jobFamilyCode: 'TRD', isActive: true, salaryOrHourly: 'H', payRange: [52_000, 70_000] },
  { code: 'ELEC', title: 'Electrician', countryCode: 'USA', jobFamilyCode: 'TRD', isActive: true, salaryOrHourly: 'H', payRange: [58_000, 80_000] },
  { code: 'LAB', title: 'General Laborer', countryCode: 'USA', jobFamilyCode: 'FLD', isActive: true, salaryOrHourly: 'H', payRange: [40_000, 50_000] },
  { code: 'EQOP', title: 'Equipment Operator', countryCode: 'USA', jobFamilyCode: 'FLD', isActive: true, salaryOrHourly: 'H', payRange: [55_000, 72_000] },
  { code: 'FLDTEC', title: 'Field Service Technician', countryCode: 'USA', jobFamilyCode: 'FLD', isActive: true, salaryOrHourly: 'H', payRange: [54_000, 68_000] },
  { code: 'DRAFT', title: 'Draftsperson', countryCode: 'USA', jobFamilyCode: 'ENG', isActive: false, salaryOrHourly: 'S', payRange: [50_000, 60_000] },
];

export function seedJobs(): Job[] {
  return JOBS.map(({ payRange: _range, ...job }) => ({ ...job }));
}

export function jobByCode(code: string): JobSeed | undefined {
  return JOBS.find((job) => job.code === code);
}
