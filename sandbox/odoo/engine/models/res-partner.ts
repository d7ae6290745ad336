import { fields, type Row } from '../fields';
import type { Env } from '../env';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';

/** "Acme Lumber Supply, Dana Whitfield" for a contact person of a company, as Odoo shows it. */
function partnerDisplayName(row: Row, env: Env): string {
  const name = typeof row['name'] === 'string' ? row['name'] : '';
  const parentId = row['parent_id'];
  if (typeof parentId === 'number' && row['is_company'] !== true) {
    const parent = env.db.table('res.partner').get(parentId);
    const parentName = parent ? partnerDisplayName(parent, env) : '';
    if (parentName) return name ? `${parentName}, ${name}` : parentName;
  }
  return name;
}

export const resPartner = defineModel({
  name: 'res.partner',
  description: 'Contact',
  order: 'name, id desc',
  parentName: 'parent_id',
  recNamesSearch: ['display_name', 'email', 'ref', 'vat'],
  displayName: partnerDisplayName,
  fields: {
    name: fields.char('Name'),
    is_company: fields.boolean('Is a Company', { default: false }),
    parent_id: fields.many2one('res.partner', 'Related Company', { ondelete: 'restrict' }),
    child_ids: fields.one2many('res.partner', 'parent_id', 'Contact'),
    type: fields.selection(
      [
        ['contact', 'Contact'],
        ['invoice', 'Invoice Address'],
        ['delivery', 'Delivery Address'],
        ['other', 'Other Address'],
      ],
      'Address Type',
      { default: 'contact' },
    ),
    supplier_rank: fields.integer('Supplier Rank', { default: 0 }),
    customer_rank: fields.integer('Customer Rank', { default: 0 }),
    vat: fields.char('Tax ID', { indexed: true, help: 'The Tax Identification Number.' }),
    ref: fields.char('Reference', { indexed: true }),
    email: fields.char('Email', { indexed: true }),
    phone: fields.char('Phone'),
    street: fields.char('Street'),
    city: fields.char('City'),
    zip: fields.char('Zip'),
    comment: fields.text('Notes'),
    company_id: fields.many2one('res.company', 'Company'),
    active: fields.boolean('Active', { default: true }),
  },
  access: ACCESS.contacts,
  checks: [
    {
      holds: (row) => row['type'] !== 'contact' || (typeof row['name'] === 'string' && row['name'] !== ''),
      message: 'Contacts require a name',
    },
  ],
});
