import type { CountryIds } from './countries';
import type { Seeder } from './seeder';

/** [name, domain for emails, city]. The last two are archived vendors. */
export const VENDORS = [
  ['Acme Lumber Supply', 'acmelumber', 'Denver'],
  ['Granite Ready-Mix Concrete', 'graniteredimix', 'Aurora'],
  ['Summit Steel Fabricators', 'summitsteel', 'Golden'],
  ['Bluewater Plumbing Supply', 'bluewaterplumbing', 'Lakewood'],
  ['Brightline Electrical Wholesale', 'brightline-electric', 'Denver'],
  ['Keystone Equipment Rentals', 'keystonerentals', 'Commerce City'],
  ['Pioneer Roofing Materials', 'pioneerroofing', 'Englewood'],
  ['Evergreen Landscaping Co.', 'evergreenlandscaping', 'Littleton'],
  ['Atlas Scaffolding Services', 'atlasscaffolding', 'Arvada'],
  ['Redwood Drywall Distributors', 'redwooddrywall', 'Thornton'],
  ['Metro Glass & Glazing', 'metroglass', 'Denver'],
  ['Ironclad Safety Gear', 'ironcladsafety', 'Westminster'],
  ['Precision Surveying LLC', 'precisionsurveying', 'Boulder'],
  ['Horizon HVAC Supply', 'horizonhvac', 'Broomfield'],
  ['Cornerstone Masonry Supply', 'cornerstonemasonry', 'Castle Rock'],
  ['Delta Waste Hauling', 'deltawaste', 'Denver'],
  ['Northwind Trucking', 'northwindtrucking', 'Greeley'],
  ['Silverline Fasteners', 'silverlinefasteners', 'Loveland'],
  ['Titan Crane Services', 'titancrane', 'Brighton'],
  ['Liberty Insulation', 'libertyinsulation', 'Parker'],
  ['Coastal Paint & Coatings', 'coastalpaint', 'Centennial'],
  ["O'Malley Fuel Services", 'omalleyfuel', 'Denver'],
  ['Sterling Tile & Stone', 'sterlingtile', 'Highlands Ranch'],
  ['Quantum Fire Protection', 'quantumfire', 'Aurora'],
  ['Benchmark Engineering Group', 'benchmarkeng', 'Denver'],
] as const;

const STREETS = ['Industrial Blvd', 'Quarry Rd', 'Foundry Ave', 'Commerce St', 'Supply Way'];

const ARCHIVED_VENDORS = new Set(['Quantum Fire Protection', 'Benchmark Engineering Group']);

export const CUSTOMERS = [
  ['City of Riverside', 'riverside-city'],
  ['Harbor View Development LLC', 'harborviewdev'],
  ['Oakridge School District', 'oakridge-schools'],
  ['Sunrise Healthcare Partners', 'sunrisehealth'],
] as const;

/** Code, name, type, cost, and the expense account (its code) purchases of it book to. */
export const PRODUCTS = [
  ['CONC-3000', 'Ready-Mix Concrete 3000 PSI (cu yd)', 'consu', 145, '5000'],
  ['LUM-2X4-8', 'Lumber 2x4x8 SPF', 'consu', 4.25, '5000'],
  ['REBAR-5', 'Rebar #5 Grade 60 (20 ft)', 'consu', 18.5, '5000'],
  ['RENT-EXC', 'Excavator Rental (day)', 'service', 650, '5200'],
  ['SVC-SURVEY', 'Site Survey Services', 'service', 1200, '5100'],
  ['PPE-KIT', 'Safety PPE Kit', 'consu', 85, '6600'],
  ['DRY-58', 'Drywall Sheet 5/8 in 4x8', 'consu', 16.75, '5000'],
  ['ELEC-12-2', 'Romex 12/2 Wire (250 ft)', 'consu', 112, '5000'],
] as const;

export interface PartnerIds {
  vendors: number[];
  customers: number[];
  products: Map<string, number>;
}

export function seedPartners(seed: Seeder, countries: CountryIds, accounts: ReadonlyMap<string, number>): PartnerIds {
  const us = countries.country.get('US') ?? false;
  const colorado = countries.state.get('US-CO') ?? false;
  const vendors = VENDORS.map(([name, domain, city], index) => {
    const number = 1001 + index;
    return seed.create(
      'res.partner',
      {
        name,
        is_company: true,
        supplier_rank: 1 + (index % 3),
        vat: `84-${String(3000000 + number * 137).slice(0, 7)}`,
        email: `ap@${domain}.example`,
        phone: `+1 555 01${String(index).padStart(2, '0')}`,
        ref: `V-${number}`,
        street: `${1200 + index * 35} ${STREETS[index % STREETS.length]}`,
        city,
        zip: `80${String(10 + ((index * 7) % 90)).padStart(3, '0')}`,
        state_id: colorado,
        country_id: us,
        website: `https://www.${domain}.example`,
        active: !ARCHIVED_VENDORS.has(name),
      },
      `mlc_demo.vendor_${number}`,
    );
  });
  // Contact people of two vendors, for child_of / parent_id and "Company, Person" display names.
  seed.create('res.partner', { name: 'Dana Whitfield', parent_id: vendors[0], email: 'dana.whitfield@acmelumber.example', type: 'contact', function: 'Accounts Receivable', country_id: us });
  seed.create('res.partner', { name: 'Mike Torres', parent_id: vendors[0], email: 'mike.torres@acmelumber.example', type: 'contact', function: 'Sales Representative', country_id: us });
  seed.create('res.partner', { name: 'Paula Jensen', parent_id: vendors[1], email: 'paula.jensen@graniteredimix.example', type: 'contact', function: 'Dispatcher', country_id: us });

  const customers = CUSTOMERS.map(([name, domain], index) =>
    seed.create(
      'res.partner',
      { name, is_company: true, customer_rank: 1, email: `payables@${domain}.example`, ref: `C-${2001 + index}`, country_id: us, state_id: colorado },
      `mlc_demo.customer_${2001 + index}`,
    ),
  );

  const products = new Map<string, number>();
  for (const [code, name, type, cost, expense] of PRODUCTS) {
    products.set(code, seed.create('product.product', { default_code: code, name, type, standard_price: cost, property_account_expense_id: accounts.get(expense) ?? false }, `mlc_demo.product_${code.toLowerCase().replace(/-/g, '_')}`));
  }
  seed.create('product.product', { default_code: 'FORM-OLD', name: 'Discontinued Plywood Formwork', active: false });
  return { vendors, customers, products };
}
