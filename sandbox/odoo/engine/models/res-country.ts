import { fields, type Row } from '../fields';
import type { Env } from '../env';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';

/*
 * res.country and res.country.state with the stored fields of Odoo's base module
 * (odoo/addons/base/models/res_country.py): names, labels, order and unique constraints as declared there.
 */

export const resCountry = defineModel({
  name: 'res.country',
  description: 'Country',
  order: 'name, id',
  fields: {
    name: fields.char('Country Name', { required: true, help: 'The full name of the country.' }),
    code: fields.char('Country Code', {
      required: true,
      indexed: true,
      help: 'The ISO country code in two chars. \nYou can use this field for quick search.',
    }),
    currency_id: fields.many2one('res.currency', 'Currency'),
    phone_code: fields.integer('Country Calling Code'),
    state_ids: fields.one2many('res.country.state', 'country_id', 'States'),
    vat_label: fields.char('Vat Label', { help: 'Use this field if you want to change vat label.' }),
    state_required: fields.boolean('State Required', { default: false }),
    zip_required: fields.boolean('Zip Required', { default: true }),
  },
  access: ACCESS.settings,
  uniques: [
    { fields: ['name'], message: 'The name of the country must be unique!' },
    { fields: ['code'], message: 'The code of the country must be unique!' },
  ],
});

/** "Colorado (US)": Odoo 17+ shows a state with its country's code. */
function stateDisplayName(row: Row, env: Env): string {
  const country = typeof row['country_id'] === 'number' ? env.db.table('res.country').get(row['country_id']) : undefined;
  const name = typeof row['name'] === 'string' ? row['name'] : '';
  return country && typeof country['code'] === 'string' ? `${name} (${country['code']})` : name;
}

export const resCountryState = defineModel({
  name: 'res.country.state',
  description: 'Country state',
  order: 'code, id',
  recNamesSearch: ['name', 'code'],
  displayName: stateDisplayName,
  fields: {
    country_id: fields.many2one('res.country', 'Country', { required: true, indexed: true }),
    name: fields.char('State Name', { required: true, help: 'Administrative divisions of a country. E.g. Fed. State, Departement, Canton' }),
    code: fields.char('State Code', { required: true, help: 'The state code.' }),
  },
  access: ACCESS.settings,
  uniques: [{ fields: ['country_id', 'code'], message: 'The code of the state must be unique by country!' }],
});
