import { COMPANY_ID, OTHER_COMPANY_ID, PROJECT_IDS } from './accounts';
import type { Company, CostCode, DirectCost, LineItemType, Project, PurchaseOrder, Requisition, Vendor } from './model';

/**
 * The demo company: three projects that are the Odoo sandbox's project analytic accounts (same
 * `project_number` = the analytic account's code, same name), a fourth the service account may not
 * see, cost codes per project (CSI divisions; each Odoo product has one, see PRODUCT_COST_CODES),
 * the standard line item types (cost types) and vendors, four of them the Odoo sandbox's (same name,
 * `origin_code` = the Odoo `ref`, but no `origin_id` yet: linking them is the client's job). Fixed
 * values only, so every start is the same.
 */
export const SEED_TIME = '2026-09-01T14:00:00Z';

export const FIRST_IDS = {
  vendor: 7100001,
  costCode: 8200001,
  lineItemType: 9300001,
  purchaseOrder: 1200001,
  contractLine: 1300001,
  directCost: 1500001,
  directCostLine: 1600001,
  requisition: 1700001,
  hook: 1900001,
  trigger: 1910001,
  event: 1920001,
  delivery: 1930001,
};

export const COMPANIES: Company[] = [
  { id: COMPANY_ID, name: 'ML Demo Construction Inc.', is_active: true },
  { id: OTHER_COMPANY_ID, name: 'Summit Builders Group', is_active: true },
];

function project(id: number, companyId: number, number: string, name: string, city: string, stage: string, value: number, start: string): Project {
  return {
    id,
    company_id: companyId,
    name,
    display_name: `${number} - ${name}`,
    project_number: number,
    address: null,
    city,
    state_code: 'CO',
    country_code: 'US',
    zip: null,
    county: null,
    time_zone: 'US/Mountain',
    stage,
    active: true,
    start_date: start,
    completion_date: null,
    total_value: value,
    origin_id: null,
    origin_data: null,
    origin_code: null,
    accounting_project_number: number,
    created_at: SEED_TIME,
    updated_at: SEED_TIME,
  };
}

export function seedProjects(): Project[] {
  const projects = [
    project(PROJECT_IDS.riverside, COMPANY_ID, 'PRJ-1001', 'Riverside Medical Center', 'Denver', 'Course of Construction', 18500000, '2026-03-02'),
    project(PROJECT_IDS.oakStreet, COMPANY_ID, 'PRJ-1002', 'Oak Street Bridge Retrofit', 'Aurora', 'Course of Construction', 6200000, '2026-05-11'),
    project(PROJECT_IDS.harborView, COMPANY_ID, 'PRJ-1003', 'Harbor View Apartments', 'Lakewood', 'Pre-Construction', 24750000, '2026-09-14'),
    project(PROJECT_IDS.westgate, COMPANY_ID, 'PRJ-1004', 'Westgate Office Tower', 'Denver', 'Bidding', 31000000, '2027-01-11'),
    project(PROJECT_IDS.elsewhere, OTHER_COMPANY_ID, 'SB-2201', 'Summit Ridge Lodge', 'Vail', 'Course of Construction', 9800000, '2026-02-02'),
  ];
  projects[0]!.address = '4100 Riverside Dr';
  projects[1]!.address = '1200 Oak St';
  projects[2]!.address = '88 Harbor View Ln';
  return projects;
}

/** Divisions and their codes: `[division, division name, [[code, name], ...]]`. */
export const COST_CODE_TREE: ReadonlyArray<readonly [string, string, ReadonlyArray<readonly [string, string]>]> = [
  ['01', 'General Requirements', [['350', 'Safety'], ['540', 'Equipment Rental'], ['710', 'Surveying']]],
  ['03', 'Concrete', [['200', 'Concrete Reinforcing'], ['300', 'Cast-in-Place Concrete']]],
  ['06', 'Wood and Plastics', [['100', 'Rough Carpentry']]],
  ['09', 'Finishes', [['250', 'Gypsum Board']]],
  ['26', 'Electrical', [['050', 'Electrical Materials']]],
];

/** The Odoo sandbox's products and the full cost code and line item type code each would book to. */
export const PRODUCT_COST_CODES: Readonly<Record<string, readonly [string, string]>> = {
  'CONC-3000': ['03-300', 'M'],
  'REBAR-5': ['03-200', 'M'],
  'LUM-2X4-8': ['06-100', 'M'],
  'DRY-58': ['09-250', 'M'],
  'ELEC-12-2': ['26-050', 'M'],
  'RENT-EXC': ['01-540', 'E'],
  'SVC-SURVEY': ['01-710', 'SC'],
  'PPE-KIT': ['01-350', 'M'],
};

/** Every project gets the same tree (Procore copies the company's standard list into each project). */
export function seedCostCodes(projects: Project[], nextId: () => number): CostCode[] {
  const codes: CostCode[] = [];
  for (const proj of projects) {
    let position = 0;
    for (const [division, divisionName, children] of COST_CODE_TREE) {
      const parent: CostCode = costCode(nextId(), proj.id, null, division, divisionName, position++);
      codes.push(parent);
      for (const [code, name] of children) codes.push(costCode(nextId(), proj.id, parent.id, code, name, position++));
    }
  }
  return codes;
}

function costCode(id: number, projectId: number, parentId: number | null, code: string, name: string, position: number): CostCode {
  return { id, project_id: projectId, parent_id: parentId, code, name, position, standard_cost_code_id: null, origin_id: null, origin_data: null, created_at: SEED_TIME, updated_at: SEED_TIME, deleted_at: null };
}

/** Procore's standard cost types. */
export const LINE_ITEM_TYPES: ReadonlyArray<readonly [string, string, string]> = [
  ['L', 'Labor', 'labor'],
  ['M', 'Materials', 'materials'],
  ['E', 'Equipment', 'equipment'],
  ['SC', 'Subcontract', 'subcontract'],
  ['O', 'Other', 'other'],
];

export function seedLineItemTypes(nextId: () => number): LineItemType[] {
  return LINE_ITEM_TYPES.map(([code, name, baseType]) => ({ id: nextId(), company_id: COMPANY_ID, name, code, base_type: baseType, origin_id: null, origin_data: null, updated_at: SEED_TIME }));
}

/** `[name, city, origin_code (Odoo ref) or null, active]`. */
export const VENDOR_SEED: ReadonlyArray<readonly [string, string, string | null, boolean]> = [
  ['Acme Lumber Supply', 'Denver', 'V-1001', true],
  ['Granite Ready-Mix Concrete', 'Aurora', 'V-1002', true],
  ['Summit Steel Fabricators', 'Golden', 'V-1003', true],
  ['Keystone Equipment Rentals', 'Commerce City', 'V-1006', true],
  ['Rocky Mountain Concrete Pumping', 'Brighton', null, true],
  ['Front Range Electrical Contractors', 'Denver', null, true],
  ['Mile High Demolition', 'Denver', null, false],
];

export function seedVendors(nextId: () => number): Vendor[] {
  return VENDOR_SEED.map(([name, city, originCode, active], index) => {
    const domain = name.toLowerCase().replace(/[^a-z]+/g, '');
    return {
      id: nextId(),
      company_id: COMPANY_ID,
      name,
      abbreviated_name: null,
      trade_name: null,
      legal_name: name,
      address: `${2100 + index * 45} Supply Way`,
      city,
      state_code: 'CO',
      country_code: 'US',
      zip: `80${String(200 + index * 11)}`,
      business_phone: `+1 555 02${String(index).padStart(2, '0')}`,
      mobile_phone: null,
      fax_number: null,
      email_address: `office@${domain}.example`,
      website: null,
      license_number: null,
      notes: null,
      is_active: active,
      prequalified: false,
      origin_id: null,
      origin_code: originCode,
      origin_data: null,
      synced_to_erp: false,
      created_at: SEED_TIME,
      updated_at: SEED_TIME,
    };
  });
}

/**
 * One purchase order contract entered in Procore by hand (no origin_id) on Riverside with two lines,
 * a subcontractor invoice on it, and one direct cost (an expense) on Oak Street.
 */
export function seedCommitments(vendors: Vendor[], codes: CostCode[], types: LineItemType[], ids: { po: () => number; line: () => number; dc: () => number; dcLine: () => number; req: () => number }): { purchaseOrders: PurchaseOrder[]; directCosts: DirectCost[]; requisitions: Requisition[] } {
  const code = (projectId: number, full: string): number => {
    const [division, segment] = full.split('-');
    const parent = codes.find((c) => c.project_id === projectId && c.parent_id === null && c.code === division);
    return codes.find((c) => c.project_id === projectId && c.parent_id === parent?.id && c.code === segment)!.id;
  };
  const type = (c: string): number => types.find((t) => t.code === c)!.id;
  const pumping = vendors.find((v) => v.name === 'Rocky Mountain Concrete Pumping')!;
  const electrical = vendors.find((v) => v.name === 'Front Range Electrical Contractors')!;
  const at = '2026-09-15T16:20:00Z';
  const po: PurchaseOrder = {
    id: ids.po(),
    project_id: PROJECT_IDS.riverside,
    number: '1001-PO-001',
    title: 'Concrete pumping, foundations',
    status: 'Approved',
    description: 'Boom pump with operator for the foundation pours.',
    executed: true,
    private: false,
    vendor_id: pumping.id,
    accounting_method: 'unit',
    contract_date: '2026-09-15',
    delivery_date: null,
    issued_on_date: '2026-09-15',
    execution_date: '2026-09-16',
    payment_terms: 'Net 30',
    ship_to_address: '4100 Riverside Dr, Denver, CO',
    ship_via: null,
    bill_to_address: null,
    retainage_percent: '5.0',
    origin_id: null,
    origin_code: null,
    origin_data: null,
    created_at: at,
    updated_at: at,
    deleted_at: null,
    line_items: [
      { id: ids.line(), amount_cents: 1_140_000, description: 'Boom pump, 38 m, per day', quantity: 6, unit_cost: 1900, uom: 'day', cost_code_id: code(PROJECT_IDS.riverside, '03-300'), line_item_type_id: type('E'), tax_code_id: null, position: 1, origin_id: null, origin_data: null, created_at: at, updated_at: at },
      { id: ids.line(), amount_cents: 372_000, description: 'Pump operator, per hour', quantity: 48, unit_cost: 77.5, uom: 'hr', cost_code_id: code(PROJECT_IDS.riverside, '03-300'), line_item_type_id: type('L'), tax_code_id: null, position: 2, origin_id: null, origin_data: null, created_at: at, updated_at: at },
    ],
  };
  const dcAt = '2026-09-22T18:05:00Z';
  const directCost: DirectCost = {
    id: ids.dc(),
    project_id: PROJECT_IDS.oakStreet,
    direct_cost_type: 'expense',
    direct_cost_date: '2026-09-22',
    invoice_number: null,
    status: 'approved',
    vendor_id: electrical.id,
    employee_id: null,
    payment_date: null,
    received_date: null,
    terms: null,
    description: 'Temporary lighting for night work',
    origin_id: null,
    origin_data: null,
    created_at: dcAt,
    updated_at: dcAt,
    deleted_at: null,
    line_items: [{ id: ids.dcLine(), amount_cents: 86_450, description: 'Light towers (3), one week', quantity: 1, unit_cost: 864.5, uom: 'ls', cost_code_id: code(PROJECT_IDS.oakStreet, '26-050'), line_item_type_id: type('E'), wbs_code_id: null, position: 1, origin_id: null, origin_data: null, created_at: dcAt, updated_at: dcAt }],
  };
  const reqAt = '2026-10-01T15:00:00Z';
  const requisition: Requisition = {
    id: ids.req(),
    project_id: PROJECT_IDS.riverside,
    commitment_id: po.id,
    number: 1,
    status: 'under_review',
    billing_date: '2026-09-30',
    period_id: 4400001,
    invoice_number: 'RMCP-2026-0931',
    requisition_start: '2026-09-01',
    requisition_end: '2026-09-30',
    completed_cents: 570_000,
    retainage_percent: 5,
    origin_id: null,
    origin_data: null,
    created_at: reqAt,
    updated_at: reqAt,
  };
  return { purchaseOrders: [po], directCosts: [directCost], requisitions: [requisition] };
}
