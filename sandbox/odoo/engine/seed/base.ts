import type { UserDirectory } from '../users';
import type { Seeder } from './seeder';

export const DEMO_DATABASE = 'mlc_demo';
export const DEMO_COMPANY_NAME = 'ML Demo Construction Inc.';
/**
 * The demo administrator: every right. Over XML-RPC and JSON-RPC the API key or the password opens the
 * account; the session login (`/web/session/authenticate`) takes the password only, as in Odoo 19.
 */
export const DEMO_ADMIN = { login: 'admin', apiKey: 'mlc-demo-key', password: 'mlc-demo-password', name: 'Mitchell Admin' } as const;
/** A user who can read every model and change nothing. */
export const DEMO_READER = { login: 'reader', apiKey: 'mlc-reader-key', password: 'mlc-reader-password', name: 'Report Reader' } as const;

export interface BaseIds {
  usd: number;
  company: number;
  admin: number;
  reader: number;
}

/** Currencies, the company and the users, in an order that gives Odoo's familiar ids (admin is uid 2). */
export function seedBase(seed: Seeder, users: UserDirectory): BaseIds {
  seed.create('res.currency', { name: 'EUR', full_name: 'Euro', symbol: '€', position: 'after', active: false }, 'base.EUR');
  const usd = seed.create('res.currency', { name: 'USD', full_name: 'US Dollar', symbol: '$', position: 'before' }, 'base.USD');
  seed.create('res.currency', { name: 'CAD', full_name: 'Canadian Dollar', symbol: '$', position: 'before', active: false }, 'base.CAD');
  const company = seed.create(
    'res.company',
    {
      name: DEMO_COMPANY_NAME,
      currency_id: usd,
      vat: '84-2719036',
      email: 'accounting@mldemo-construction.example',
      phone: '+1 555 0100',
      street: '1200 Foundry Lane',
      city: 'Denver',
      zip: '80202',
    },
    'base.main_company',
  );
  // uid 1 is the superuser (OdooBot), inactive and unable to log in, as in every Odoo database.
  seed.create('res.users', { login: '__system__', name: 'OdooBot', active: false, company_id: company }, 'base.user_root');
  const admin = seed.create(
    'res.users',
    { login: DEMO_ADMIN.login, name: DEMO_ADMIN.name, email: 'admin@mldemo-construction.example', company_id: company, tz: 'America/Denver' },
    'base.user_admin',
  );
  const reader = seed.create(
    'res.users',
    { login: DEMO_READER.login, name: DEMO_READER.name, email: 'reports@mldemo-construction.example', company_id: company, tz: 'America/Denver' },
    'mlc_demo.user_reader',
  );
  users.set({ uid: 1, password: null, apiKeys: [], rights: { kind: 'all' } });
  users.set({ uid: admin, password: DEMO_ADMIN.password, apiKeys: [DEMO_ADMIN.apiKey], rights: { kind: 'all' } });
  users.set({ uid: reader, password: DEMO_READER.password, apiKeys: [DEMO_READER.apiKey], rights: { kind: 'read-only' } });
  return { usd, company, admin, reader };
}
