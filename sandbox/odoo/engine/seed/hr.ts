import type { Seeder } from './seeder';

export const JOBS = [
  'Controller',
  'Accountant',
  'HR Generalist',
  'Payroll Specialist',
  'Estimator',
  'Safety Officer',
  'Project Manager',
  'Site Superintendent',
  'Foreman',
  'Carpenter',
  'Electrician',
  'Equipment Operator',
  'Laborer',
] as const;

type Job = (typeof JOBS)[number];
type Branch = 'Administration' | 'North Branch' | 'South Branch' | 'East Branch';

/** [name, department, job, archived]. The first of each department manages it. */
export const EMPLOYEES: ReadonlyArray<readonly [string, Branch, Job, boolean]> = [
  ['Margaret Chen', 'Administration', 'Controller', false],
  ['David Okafor', 'Administration', 'Accountant', false],
  ['Priya Raman', 'Administration', 'HR Generalist', false],
  ['Linda Alvarez', 'Administration', 'Payroll Specialist', false],
  ['Thomas Becker', 'Administration', 'Estimator', false],
  ["Kevin O'Brien", 'Administration', 'Safety Officer', false],
  ['Marcus Johnson', 'North Branch', 'Site Superintendent', false],
  ['Emily Carter', 'North Branch', 'Project Manager', false],
  ['Luis Hernandez', 'North Branch', 'Foreman', false],
  ['Jake Thompson', 'North Branch', 'Carpenter', false],
  ['Aisha Mohammed', 'North Branch', 'Electrician', false],
  ['Ryan Murphy', 'North Branch', 'Equipment Operator', false],
  ['Sofia Rossi', 'North Branch', 'Laborer', false],
  ['Daniel Kim', 'North Branch', 'Laborer', true],
  ['Grace Williams', 'South Branch', 'Site Superintendent', false],
  ['Carlos Mendoza', 'South Branch', 'Foreman', false],
  ['Hannah Lee', 'South Branch', 'Project Manager', false],
  ['Tyrone Jackson', 'South Branch', 'Carpenter', false],
  ['Olga Petrova', 'South Branch', 'Electrician', false],
  ['Brandon Scott', 'South Branch', 'Equipment Operator', false],
  ['Mei Lin', 'South Branch', 'Laborer', false],
  ['José García', 'South Branch', 'Laborer', true],
  ['Robert Nguyen', 'East Branch', 'Site Superintendent', false],
  ['Samantha Brooks', 'East Branch', 'Project Manager', false],
  ['Ahmed Hassan', 'East Branch', 'Foreman', false],
  ['Chris Walker', 'East Branch', 'Carpenter', false],
  ['Natalie Dubois', 'East Branch', 'Electrician', false],
  ['Victor Silva', 'East Branch', 'Equipment Operator', false],
  ['Emma Fischer', 'East Branch', 'Laborer', true],
  ['Noah Patel', 'East Branch', 'Laborer', false],
];

export interface HrIds {
  departments: Map<string, number>;
  jobs: Map<string, number>;
  employees: Map<string, number>;
}

/** "José García" -> "jose.garcia", "Kevin O'Brien" -> "kevin.obrien". */
function emailLocalPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z ]/g, '')
    .split(' ')
    .join('.');
}

export function seedHr(seed: Seeder, company: number): HrIds {
  const departments = new Map<string, number>();
  departments.set('Administration', seed.create('hr.department', { name: 'Administration', company_id: company }, 'mlc_demo.department_administration'));
  const operations = seed.create('hr.department', { name: 'Operations', company_id: company }, 'mlc_demo.department_operations');
  departments.set('Operations', operations);
  for (const branch of ['North Branch', 'South Branch', 'East Branch'] as const) {
    departments.set(
      branch,
      seed.create('hr.department', { name: branch, parent_id: operations, company_id: company }, `mlc_demo.department_${branch.split(' ')[0]!.toLowerCase()}_branch`),
    );
  }

  const jobs = new Map<string, number>();
  JOBS.forEach((job, index) => {
    jobs.set(job, seed.create('hr.job', { name: job, sequence: 10 + index, company_id: company }, `mlc_demo.job_${job.toLowerCase().replace(/ /g, '_')}`));
  });

  const employees = new Map<string, number>();
  const managers = new Map<string, number>();
  EMPLOYEES.forEach(([name, department, job, archived], index) => {
    const number = 1001 + index;
    const manager = managers.get(department);
    const id = seed.create(
      'hr.employee',
      {
        name,
        department_id: departments.get(department),
        job_id: jobs.get(job),
        parent_id: manager ?? false,
        work_email: `${emailLocalPart(name)}@mldemo-construction.example`,
        work_phone: `+1 555 02${String(index).padStart(2, '0')}`,
        identification_id: `EMP-${number}`,
        barcode: String(2000000 + number),
        company_id: company,
        active: !archived,
        departure_date: archived ? '2026-10-09' : false,
        departure_description: archived ? 'Seasonal contract ended' : false,
      },
      `mlc_demo.employee_${number}`,
    );
    employees.set(name, id);
    if (!manager) managers.set(department, id);
  });
  for (const [department, manager] of managers) seed.write('hr.department', [departments.get(department)!], { manager_id: manager });
  seed.write('hr.department', [operations], { manager_id: managers.get('North Branch')! });
  return { departments, jobs, employees };
}
