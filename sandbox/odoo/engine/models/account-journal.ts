import { fields } from '../fields';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';

export const accountJournal = defineModel({
  name: 'account.journal',
  description: 'Journal',
  order: 'sequence, type, code',
  recNamesSearch: ['name', 'code'],
  fields: {
    name: fields.char('Journal Name', { required: true }),
    code: fields.char('Short Code', { required: true, indexed: true }),
    type: fields.selection(
      [
        ['sale', 'Sales'],
        ['purchase', 'Purchase'],
        ['cash', 'Cash'],
        ['bank', 'Bank'],
        ['credit', 'Credit Card'],
        ['general', 'Miscellaneous'],
      ],
      'Type',
      { required: true },
    ),
    sequence: fields.integer('Sequence', { default: 10 }),
    active: fields.boolean('Active', { default: true }),
    default_account_id: fields.many2one('account.account', 'Default Account', { ondelete: 'restrict' }),
    currency_id: fields.many2one('res.currency', 'Currency'),
    company_id: fields.many2one('res.company', 'Company', { required: true, ondelete: 'restrict', default: 1 }),
  },
  access: ACCESS.accountingSetup,
  uniques: [{ fields: ['code', 'company_id'], message: 'Journal codes must be unique per company.' }],
});
