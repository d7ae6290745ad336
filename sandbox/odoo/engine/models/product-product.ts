import { fields } from '../fields';
import { defineModel } from '../model-def';
import { ACCESS } from './access-groups';

export const productProduct = defineModel({
  name: 'product.product',
  description: 'Product Variant',
  order: 'default_code, name, id',
  recNamesSearch: ['default_code', 'name'],
  displayName: (row) => {
    const name = typeof row['name'] === 'string' ? row['name'] : '';
    return typeof row['default_code'] === 'string' && row['default_code'] ? `[${row['default_code']}] ${name}` : name;
  },
  fields: {
    name: fields.char('Name', { required: true }),
    default_code: fields.char('Internal Reference', { indexed: true }),
    barcode: fields.char('Barcode'),
    type: fields.selection(
      [
        ['consu', 'Goods'],
        ['service', 'Service'],
        ['combo', 'Combo'],
      ],
      'Product Type',
      { default: 'consu', required: true },
    ),
    standard_price: fields.float('Cost', { digits: 2 }),
    list_price: fields.float('Sales Price', { digits: 2, default: 1 }),
    purchase_ok: fields.boolean('Purchase', { default: true }),
    sale_ok: fields.boolean('Sales', { default: true }),
    active: fields.boolean('Active', { default: true }),
    // On product.template in Odoo (company-dependent, falling back to the category's); product.product
    // shows it through the template, so a client reads it from either model the same way.
    property_account_expense_id: fields.many2one('account.account', 'Expense Account'),
  },
  access: ACCESS.products,
});
