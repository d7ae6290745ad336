import type { OdooEngine } from '../engine';
import { registerXmlid } from './seeder';

/**
 * A few of the countries and states Odoo's base module loads (base/data/res_country_data.xml and
 * res.country.state data), under Odoo's own external ids for the countries (`base.us`, `base.uk`...).
 * They are created at the seed's first instant without consuming seed timestamps, so the demo records'
 * ids and write_dates stay as they were; their external ids are registered after the rest of the seed.
 */
const COUNTRIES = [
  // [xmlid, code, name, phone code, currency]
  ['base.us', 'US', 'United States', 1, 'USD'],
  ['base.ca', 'CA', 'Canada', 1, 'CAD'],
  ['base.mx', 'MX', 'Mexico', 52, false],
  ['base.uk', 'GB', 'United Kingdom', 44, false],
  ['base.de', 'DE', 'Germany', 49, 'EUR'],
  ['base.fr', 'FR', 'France', 33, 'EUR'],
  ['base.be', 'BE', 'Belgium', 32, 'EUR'],
] as const;

const STATES: Record<string, ReadonlyArray<readonly [string, string]>> = {
  US: [
    ['AZ', 'Arizona'],
    ['CA', 'California'],
    ['CO', 'Colorado'],
    ['NM', 'New Mexico'],
    ['NY', 'New York'],
    ['TX', 'Texas'],
    ['UT', 'Utah'],
    ['WA', 'Washington'],
    ['WY', 'Wyoming'],
  ],
  CA: [
    ['AB', 'Alberta'],
    ['BC', 'British Columbia'],
    ['ON', 'Ontario'],
    ['QC', 'Quebec'],
  ],
};

export interface CountryIds {
  /** Country id by ISO code. */
  country: Map<string, number>;
  /** State id by `<country code>-<state code>`, e.g. `US-CO`. */
  state: Map<string, number>;
  /** Registers the countries' external ids; call once the rest of the seed is in. */
  registerXmlids(): void;
}

export function seedCountries(engine: OdooEngine, at: string): CountryIds {
  return engine.runAsSystem(
    (env) => {
      const currencies = env.db.table('res.currency');
      const country = new Map<string, number>();
      const state = new Map<string, number>();
      const xmlids: Array<[string, number]> = [];
      for (const [xmlid, code, name, phoneCode, currencyCode] of COUNTRIES) {
        const currency = currencyCode ? [...currencies.lookup('name', currencyCode)][0] : undefined;
        const [id] = env.orm.create(env, 'res.country', [
          { code, name, phone_code: phoneCode, currency_id: currency ?? false, state_required: code === 'US' || code === 'CA' || code === 'MX' },
        ]);
        country.set(code, id!);
        xmlids.push([xmlid, id!]);
        for (const [stateCode, stateName] of STATES[code] ?? []) {
          const [stateId] = env.orm.create(env, 'res.country.state', [{ country_id: id!, code: stateCode, name: stateName }]);
          state.set(`${code}-${stateCode}`, stateId!);
        }
      }
      return {
        country,
        state,
        registerXmlids: () =>
          engine.runAsSystem((inner) => {
            for (const [xmlid, id] of xmlids) registerXmlid(inner, xmlid, 'res.country', id);
          }, { at }),
      };
    },
    { at },
  );
}
