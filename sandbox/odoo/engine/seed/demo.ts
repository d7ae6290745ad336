import type { Database } from '../database';
import type { OdooEngine } from '../engine';
import type { UserDirectory } from '../users';
import { seedAccounting } from './accounting';
import { seedBase } from './base';
import { seedCountries } from './countries';
import { seedHr } from './hr';
import { seedMoves } from './moves';
import { seedPartners } from './partners';
import { seedPurchaseOrders } from './purchase';
import { Seeder } from './seeder';
import { SeedStamps } from './stamps';

export { DEMO_ADMIN, DEMO_COMPANY_NAME, DEMO_DATABASE, DEMO_READER } from './base';

/** Seed write_dates start here and advance one second per five records. */
export const SEED_START = '2026-11-02 08:00:00';
const RECORDS_PER_SECOND = 5;

/**
 * The demo database "ML Demo Construction Inc.", always the same ids and timestamps. `usersOnly`
 * loads just currencies, the company and the users (an empty but usable database).
 */
export function seedDemoData(engine: OdooEngine, db: Database, users: UserDirectory, options: { usersOnly?: boolean } = {}): void {
  const seed = new Seeder(engine, new SeedStamps(SEED_START, RECORDS_PER_SECOND));
  const base = seedBase(seed, users);
  const countries = seedCountries(engine, SEED_START);
  if (options.usersOnly) {
    countries.registerXmlids();
    return;
  }
  const accounting = seedAccounting(seed, base.company);
  const partners = seedPartners(seed, countries, accounting.accounts);
  seedHr(seed, base.company);
  seedPurchaseOrders(seed, partners.vendors, partners.products, accounting.costCenters, accounting.projects);
  seedMoves(seed, accounting, partners.vendors, partners.products);
  // Orders continue after the seeded ones whatever numbers failed calls consumed while seeding.
  db.setSequence('purchase.order', 10);
  countries.registerXmlids();
}
