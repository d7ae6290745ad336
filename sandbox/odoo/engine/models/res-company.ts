import type { Env } from '../env';
import { fields } from '../fields';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';

/** The company currency defaults to USD, the demo company's. */
function usd(env: Env): number | false {
  const [id] = env.db.table('res.currency').lookup('name', 'USD');
  return id ?? false;
}

export const resCompany = defineModel({
  name: 'res.company',
  description: 'Companies',
  order: 'sequence, name',
  fields: {
    name: fields.char('Company Name', { required: true }),
    sequence: fields.integer('Sequence', { default: 10 }),
    currency_id: fields.many2one('res.currency', 'Currency', { required: true, ondelete: 'restrict', default: usd }),
    vat: fields.char('Tax ID'),
    email: fields.char('Email'),
    phone: fields.char('Phone'),
    street: fields.char('Street'),
    city: fields.char('City'),
    zip: fields.char('Zip'),
  },
  access: ACCESS.settings,
  uniques: [{ fields: ['name'], message: 'The company name must be unique!' }],
});
