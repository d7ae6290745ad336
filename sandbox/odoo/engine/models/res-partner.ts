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

/** `_compute_complete_name`: what `display_name` shows, stored in Odoo for ordering and search. */
function completeName(row: Row, env: Env): string | false {
  return partnerDisplayName(row, env) || false;
}

function parentName(row: Row, env: Env): string | false {
  const parent = typeof row['parent_id'] === 'number' ? env.db.table('res.partner').get(row['parent_id']) : undefined;
  return typeof parent?.['name'] === 'string' && parent['name'] !== '' ? parent['name'] : false;
}

/** The company a person works for, or the company itself. */
function commercialCompanyName(row: Row, env: Env): string | false {
  let current: Row | undefined = row;
  while (current && current['is_company'] !== true && typeof current['parent_id'] === 'number') {
    current = env.db.table('res.partner').get(current['parent_id']);
  }
  if (current && current['is_company'] === true && typeof current['name'] === 'string') return current['name'];
  return typeof row['company_name'] === 'string' && row['company_name'] !== '' ? row['company_name'] : false;
}

function emailFormatted(row: Row): string | false {
  const email = row['email'];
  if (typeof email !== 'string' || email === '') return false;
  return `"${typeof row['name'] === 'string' ? row['name'] : ''}" <${email}>`;
}

function countryCode(row: Row, env: Env): string | false {
  const country = typeof row['country_id'] === 'number' ? env.db.table('res.country').get(row['country_id']) : undefined;
  return typeof country?.['code'] === 'string' ? country['code'] : false;
}

export const resPartner = defineModel({
  name: 'res.partner',
  description: 'Contact',
  order: 'name, id desc',
  parentName: 'parent_id',
  recNamesSearch: ['display_name', 'email', 'ref', 'vat'],
  displayName: partnerDisplayName,
  /*
   * The stored fields of Odoo's res.partner (odoo/addons/base/models/res_partner.py, `class Partner`) whose
   * targets the simulator has, with Odoo's labels, defaults and ondelete rules; plus `supplier_rank` and
   * `customer_rank` from the account module. Left out: images, tags, titles, industries, bank accounts,
   * users, and fields computed for the web client only. `comment` is Html in Odoo, text here.
   */
  fields: {
    name: fields.char('Name', { indexed: true }),
    complete_name: fields.char('Complete Name', { compute: completeName }),
    is_company: fields.boolean('Is a Company', { default: false, help: 'Check if the contact is a company, otherwise it is a person' }),
    company_type: fields.selection(
      [
        ['person', 'Individual'],
        ['company', 'Company'],
      ],
      'Company Type',
      { stored: false, compute: (row) => (row['is_company'] === true ? 'company' : 'person') },
    ),
    parent_id: fields.many2one('res.partner', 'Related Company', { ondelete: 'restrict', indexed: true }),
    parent_name: fields.char('Parent name', { stored: false, readonly: true, compute: parentName }),
    child_ids: fields.one2many('res.partner', 'parent_id', 'Contact'),
    commercial_company_name: fields.char('Company Name Entity', { compute: commercialCompanyName }),
    company_name: fields.char('Company Name'),
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
    function: fields.char('Job Position'),
    supplier_rank: fields.integer('Supplier Rank', { default: 0 }),
    customer_rank: fields.integer('Customer Rank', { default: 0 }),
    vat: fields.char('Tax ID', {
      indexed: true,
      help: "The Tax Identification Number. Values here will be validated based on the country format. You can use '/' to indicate that the partner is not subject to tax.",
    }),
    company_registry: fields.char('Company ID', {
      help: 'The registry number of the company. Use it if it is different from the Tax ID. It must be unique across all partners of a same country',
    }),
    ref: fields.char('Reference', { indexed: true }),
    barcode: fields.char('Barcode', { help: 'Use a barcode to identify this contact.' }),
    email: fields.char('Email', { indexed: true }),
    email_formatted: fields.char('Formatted Email', { stored: false, compute: emailFormatted, help: 'Format email address "Name <email@domain>"' }),
    phone: fields.char('Phone'),
    website: fields.char('Website Link'),
    street: fields.char('Street'),
    street2: fields.char('Street2'),
    zip: fields.char('Zip'),
    city: fields.char('City'),
    state_id: fields.many2one('res.country.state', 'State', { ondelete: 'restrict' }),
    country_id: fields.many2one('res.country', 'Country', { ondelete: 'restrict' }),
    country_code: fields.char('Country Code', { stored: false, readonly: true, compute: countryCode }),
    partner_latitude: fields.float('Geo Latitude', { digits: 7 }),
    partner_longitude: fields.float('Geo Longitude', { digits: 7 }),
    lang: fields.selection([['en_US', 'English (US)']], 'Language', {
      default: 'en_US',
      help: 'All the emails and documents sent to this contact will be translated in this language.',
    }),
    employee: fields.boolean('Employee', { help: 'Check this box if this contact is an Employee.' }),
    comment: fields.text('Notes'),
    color: fields.integer('Color Index', { default: 0 }),
    company_id: fields.many2one('res.company', 'Company', { indexed: true }),
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
