import { SeededRandom } from '../kit';
import { CHART_OF_ACCOUNTS, COST_CENTERS } from '../odoo/engine/seed/accounting';
import { VENDORS } from '../odoo/engine/seed/partners';
import { USERS } from './accounts';
import type { ServiceNowState } from './state';
import { TABLES } from './tables';

/** Seed rows carry this instant, so `sys_updated_on` cursors start from a known point. */
export const SEED_TIME_MS = Date.UTC(2026, 8, 1, 8, 0, 0);
export const ERP_SOURCE = 'odoo';
export const LEGAL_ENTITY = { name: 'ML Construction Inc.', code: 'MLC-US', currency: 'USD', country: 'US' } as const;
/** Known to ServiceNow only: a cost center Odoo has no analytic account for. */
export const SERVICENOW_ONLY_COST_CENTER = { code: 'CC-900', name: 'Procurement Shared Services' } as const;
/** The Odoo vendors the S2P instance already knows (V-1001 … V-1012), by their Odoo reference. */
export const SEEDED_SUPPLIER_COUNT = 12;
/** Odoo's expense and payable accounts (A codes 2000, 5xxx, 6xxx). */
export const SEEDED_GL_TYPES = new Set(['liability_payable', 'expense', 'expense_direct_cost']);

/**
 * The legal entity, suppliers matching the Odoo sandbox's vendors (`erp_supplier_id` = Odoo `ref`), cost
 * centers matching its analytic accounts plus one of ServiceNow's own, GL accounts matching its
 * expense and payable accounts, and the users. Values that Odoo does not hold (tax ids, managers) come
 * from a SeededRandom, so every start builds the same data.
 */
export function seedServiceNow(state: ServiceNowState): void {
  const random = new SeededRandom(0x5e41ce);
  const table = (name: string) => {
    const def = TABLES.get(name);
    if (!def) throw new Error(`no table ${name}`);
    return def;
  };
  const add = (name: string, values: Record<string, string>) => state.insert(table(name), values, 'system', SEED_TIME_MS);

  const users = USERS.map((user) =>
    add('sys_user', { user_name: user.userName, first_name: user.firstName, last_name: user.lastName, name: `${user.firstName} ${user.lastName}`, email: `${user.userName}@servicenow.example`, roles: user.roles.join(','), active: 'true' }),
  );
  const manager = users[0]!.sys_id!;
  const entity = add('sn_fin_legal_entity', { ...LEGAL_ENTITY, erp_source: ERP_SOURCE, active: 'true' });

  VENDORS.slice(0, SEEDED_SUPPLIER_COUNT).forEach(([name, , city], index) => {
    add('sn_fin_supplier', {
      name,
      legal_name: name,
      tax_id: `84-${random.chars('0123456789', 7)}`,
      erp_supplier_id: `V-${1001 + index}`,
      erp_company_code: LEGAL_ENTITY.code,
      erp_source: ERP_SOURCE,
      payment_term: random.pick(['Net 30', 'Net 45', 'Net 15']),
      status: 'active',
      email: `ap@${name.toLowerCase().replace(/[^a-z]+/g, '')}.example`,
      city,
      country: 'US',
      legal_entity: entity.sys_id!,
      active: 'true',
    });
  });

  for (const [code, name] of [...COST_CENTERS, [SERVICENOW_ONLY_COST_CENTER.code, SERVICENOW_ONLY_COST_CENTER.name] as const]) {
    add('cmn_cost_center', {
      name,
      code,
      account_number: `${random.int(100000, 999999)}`,
      cost_center_type: 'department',
      erp_source: code === SERVICENOW_ONLY_COST_CENTER.code ? '' : ERP_SOURCE,
      legal_entity: entity.sys_id!,
      manager,
      valid_from: '2026-01-01 00:00:00',
      active: 'true',
    });
  }

  for (const [code, name, type] of CHART_OF_ACCOUNTS) {
    if (!SEEDED_GL_TYPES.has(type)) continue;
    add('sn_fin_gl_account', {
      number: code,
      account_name: name,
      account_currency: LEGAL_ENTITY.currency,
      category: type === 'liability_payable' ? 'liability' : 'expense',
      type,
      ledger_type: 'general',
      erp_source: ERP_SOURCE,
      legal_entity: entity.sys_id!,
      inactive: 'false',
    });
  }
}
