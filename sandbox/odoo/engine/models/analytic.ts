import type { Env } from '../env';
import { fields, type Row } from '../fields';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';

function rootPlan(env: Env, planId: unknown): number | false {
  const plans = env.db.table('account.analytic.plan');
  let current = typeof planId === 'number' ? plans.get(planId) : undefined;
  while (current && typeof current['parent_id'] === 'number') current = plans.get(current['parent_id']) ?? current;
  return current ? current.id : false;
}

function planPath(env: Env, row: Row): string {
  const name = String(row['name'] ?? '');
  const parent = typeof row['parent_id'] === 'number' ? env.db.table('account.analytic.plan').get(row['parent_id']) : undefined;
  return parent ? `${planPath(env, parent)} / ${name}` : name;
}

export const analyticPlan = defineModel({
  name: 'account.analytic.plan',
  description: 'Analytic Plans',
  order: 'sequence asc, id',
  parentName: 'parent_id',
  displayName: (row, env) => planPath(env, row),
  fields: {
    name: fields.char('Name', { required: true }),
    parent_id: fields.many2one('account.analytic.plan', 'Parent', { ondelete: 'cascade' }),
    children_ids: fields.one2many('account.analytic.plan', 'parent_id', 'Childrens'),
    account_ids: fields.one2many('account.analytic.account', 'plan_id', 'Accounts'),
    sequence: fields.integer('Sequence', { default: 10 }),
    color: fields.integer('Color'),
    default_applicability: fields.selection(
      [
        ['optional', 'Optional'],
        ['mandatory', 'Mandatory'],
        ['unavailable', 'Unavailable'],
      ],
      'Default Applicability',
      { required: true, default: 'optional' },
    ),
  },
  access: ACCESS.analytic,
});

/** "[CC-200] North Branch": Odoo prefixes an analytic account's name with its code. */
export const analyticAccount = defineModel({
  name: 'account.analytic.account',
  description: 'Analytic Account',
  order: 'plan_id, name asc',
  recNamesSearch: ['name', 'code'],
  displayName: (row) => {
    const name = String(row['name'] ?? '');
    return typeof row['code'] === 'string' && row['code'] ? `[${row['code']}] ${name}` : name;
  },
  fields: {
    name: fields.char('Analytic Account', { required: true }),
    code: fields.char('Reference', { indexed: true }),
    plan_id: fields.many2one('account.analytic.plan', 'Plan', { required: true, ondelete: 'restrict' }),
    root_plan_id: fields.many2one('account.analytic.plan', 'Root Plan', {
      readonly: true,
      compute: (row, env) => rootPlan(env, row['plan_id']),
    }),
    partner_id: fields.many2one('res.partner', 'Customer'),
    active: fields.boolean('Active', { default: true }),
    company_id: fields.many2one('res.company', 'Company', { default: 1 }),
    currency_id: fields.many2one('res.currency', 'Currency', { readonly: true, compute: (row, env) => companyCurrency(env, row['company_id']) }),
  },
  access: ACCESS.analytic,
});

export function companyCurrency(env: Env, companyId: unknown): number | false {
  const company = typeof companyId === 'number' ? env.db.table('res.company').get(companyId) : undefined;
  const currency = company?.['currency_id'];
  return typeof currency === 'number' ? currency : false;
}
