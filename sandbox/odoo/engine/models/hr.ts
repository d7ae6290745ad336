import type { Env, Vals } from '../env';
import { fields, type Row } from '../fields';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';

function departmentPath(env: Env, row: Row, depth = 0): string {
  const name = String(row['name'] ?? '');
  const parentId = row['parent_id'];
  const parent = typeof parentId === 'number' && depth < 20 ? env.db.table('hr.department').get(parentId) : undefined;
  return parent ? `${departmentPath(env, parent, depth + 1)} / ${name}` : name;
}

function jobName(env: Env, jobId: unknown): string | undefined {
  const job = typeof jobId === 'number' ? env.db.table('hr.job').get(jobId) : undefined;
  return typeof job?.['name'] === 'string' ? job['name'] : undefined;
}

/** `job_title` follows `job_id` unless the caller sets it (Odoo computes it, editable, from the job). */
function withJobTitle(env: Env, vals: Vals): Vals {
  if (vals['job_title'] !== undefined || vals['job_id'] === undefined) return vals;
  const name = jobName(env, vals['job_id']);
  return name === undefined ? vals : { ...vals, job_title: name };
}

export const hrDepartment = defineModel({
  name: 'hr.department',
  description: 'Department',
  order: 'name',
  parentName: 'parent_id',
  recNamesSearch: ['complete_name'],
  displayName: (row, env) => departmentPath(env, row),
  fields: {
    name: fields.char('Department Name', { required: true }),
    complete_name: fields.char('Complete Name', { compute: (row, env) => departmentPath(env, row) }),
    parent_id: fields.many2one('hr.department', 'Parent Department'),
    child_ids: fields.one2many('hr.department', 'parent_id', 'Child Departments'),
    manager_id: fields.many2one('hr.employee', 'Manager'),
    member_ids: fields.one2many('hr.employee', 'department_id', 'Members', { readonly: true }),
    company_id: fields.many2one('res.company', 'Company', { default: 1 }),
    active: fields.boolean('Active', { default: true }),
  },
  access: ACCESS.employees,
});

export const hrJob = defineModel({
  name: 'hr.job',
  description: 'Job Position',
  order: 'sequence',
  fields: {
    name: fields.char('Job Position', { required: true }),
    sequence: fields.integer('Sequence', { default: 10 }),
    department_id: fields.many2one('hr.department', 'Department'),
    active: fields.boolean('Active', { default: true }),
    company_id: fields.many2one('res.company', 'Company', { default: 1 }),
  },
  access: ACCESS.employees,
  uniques: [{ fields: ['name', 'company_id', 'department_id'], message: 'The name of the job position must be unique per department in company!' }],
});

export const hrEmployee = defineModel({
  name: 'hr.employee',
  description: 'Employee',
  order: 'name',
  recNamesSearch: ['name', 'work_email'],
  fields: {
    name: fields.char('Employee Name', { required: true, indexed: true }),
    active: fields.boolean('Active', { default: true }),
    work_email: fields.char('Work Email', { indexed: true }),
    work_phone: fields.char('Work Phone'),
    mobile_phone: fields.char('Work Mobile'),
    department_id: fields.many2one('hr.department', 'Department'),
    job_id: fields.many2one('hr.job', 'Job Position'),
    job_title: fields.char('Job Title'),
    parent_id: fields.many2one('hr.employee', 'Manager'),
    coach_id: fields.many2one('hr.employee', 'Coach'),
    user_id: fields.many2one('res.users', 'User'),
    company_id: fields.many2one('res.company', 'Company', { required: true, default: 1 }),
    employee_type: fields.selection(
      [
        ['employee', 'Employee'],
        ['worker', 'Worker'],
        ['student', 'Student'],
        ['trainee', 'Trainee'],
        ['contractor', 'Contractor'],
        ['freelance', 'Freelancer'],
      ],
      'Employee Type',
      { required: true, default: 'employee' },
    ),
    identification_id: fields.char('Identification No', { indexed: true }),
    barcode: fields.char('Badge ID', { indexed: true }),
    departure_date: fields.date('Departure Date'),
    departure_description: fields.text('Additional Information'),
  },
  hooks: {
    prepareCreate: withJobTitle,
    prepareWrite: (env, _ids, vals) => withJobTitle(env, vals),
  },
  access: ACCESS.employees,
  uniques: [{ fields: ['barcode'], message: 'The Badge ID must be unique, this one is already assigned to another employee.' }],
});
