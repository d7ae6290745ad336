import { fields } from '../fields';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';

export const resCurrency = defineModel({
  name: 'res.currency',
  description: 'Currency',
  order: 'active desc, name',
  fields: {
    name: fields.char('Currency', { required: true, indexed: true }),
    full_name: fields.char('Name'),
    symbol: fields.char('Symbol', { required: true }),
    rounding: fields.float('Rounding Factor', { default: 0.01 }),
    decimal_places: fields.integer('Decimal Places', { default: 2 }),
    position: fields.selection(
      [
        ['after', 'After Amount'],
        ['before', 'Before Amount'],
      ],
      'Symbol Position',
      { default: 'after' },
    ),
    active: fields.boolean('Active', { default: true }),
  },
  access: ACCESS.settings,
  uniques: [{ fields: ['name'], message: 'The currency code must be unique!' }],
});
