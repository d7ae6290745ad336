import type { ContractLine, CostCode, DirectCost, DirectCostLine, LineItemType, Project, PurchaseOrder, Requisition, Vendor } from './model';
import type { ProcoreState } from './state';
import { money } from './wire';

/** Wire shapes (C.10, appendix P): money as decimal strings where Procore sends strings, numbers where it sends numbers. */
export function renderProject(state: ProcoreState, p: Project, view: 'compact' | 'normal' | 'extended' = 'normal'): Record<string, unknown> {
  const company = state.companies.find((c) => c.id === p.company_id);
  if (view === 'compact') return { id: p.id, name: p.name, display_name: p.display_name, project_number: p.project_number, active: p.active, company: { id: p.company_id, name: company?.name ?? null } };
  const { company_id: _company, ...rest } = p;
  return { ...rest, is_demo: false, phone: null, fax: null, latitude: null, longitude: null, estimated_value: p.total_value, project_stage: { id: stageId(p.stage), name: p.stage }, project_template: null, custom_fields: {}, company: { id: p.company_id, name: company?.name ?? null } };
}

function stageId(stage: string): number {
  return 1 + ['Bidding', 'Pre-Construction', 'Course of Construction', 'Post-Construction', 'Warranty'].indexOf(stage);
}

export function renderVendor(state: ProcoreState, v: Vendor): Record<string, unknown> {
  const { company_id: _company, ...rest } = v;
  return {
    ...rest,
    company: v.name,
    company_vendor: true,
    is_connected: false,
    authorized_bidder: false,
    union_member: false,
    non_union_prevailing_wage: false,
    labor_union: null,
    business_id: null,
    logo: null,
    attachments: [],
    primary_contact: null,
    vendor_group: null,
    parent: { id: null, name: null },
    children_count: 0,
    trades: [],
    contact_count: 0,
    project_ids: state.projects.filter((p) => p.company_id === v.company_id).map((p) => p.id),
  };
}

export function fullCode(state: ProcoreState, code: CostCode): string {
  const parent = code.parent_id === null ? undefined : state.costCodes.find((c) => c.id === code.parent_id);
  return parent ? `${fullCode(state, parent)}-${code.code}` : code.code;
}

export function renderLineItemType(t: LineItemType): Record<string, unknown> {
  return { id: t.id, name: t.name, code: t.code, base_type: t.base_type, origin_id: t.origin_id, origin_data: t.origin_data };
}

export function renderCostCode(state: ProcoreState, c: CostCode): Record<string, unknown> {
  const full = fullCode(state, c);
  return {
    id: c.id,
    name: c.name,
    code: c.code,
    full_code: full,
    sortable_code: full,
    parent: { id: c.parent_id },
    position: c.position,
    standard_cost_code_id: c.standard_cost_code_id,
    biller: null,
    biller_id: null,
    biller_type: null,
    biller_origin_id: null,
    budgeted: false,
    origin_id: c.origin_id,
    origin_data: c.origin_data,
    line_item_types: state.lineItemTypes.map(renderLineItemType),
    created_at: c.created_at,
    updated_at: c.updated_at,
    deleted_at: c.deleted_at,
  };
}

function costCodeRef(state: ProcoreState, id: number | null): Record<string, unknown> | null {
  const code = id === null ? undefined : state.costCodes.find((c) => c.id === id);
  return code ? { id: code.id, name: code.name, code: code.code, full_code: fullCode(state, code), origin_id: code.origin_id, origin_data: code.origin_data } : null;
}

function typeRef(state: ProcoreState, id: number | null): Record<string, unknown> | null {
  const type = id === null ? undefined : state.lineItemTypes.find((t) => t.id === id);
  return type ? renderLineItemType(type) : null;
}

export function poTotalCents(po: PurchaseOrder): number {
  return po.line_items.reduce((sum, line) => sum + line.amount_cents, 0);
}

export function renderContractLine(state: ProcoreState, po: PurchaseOrder, line: ContractLine): Record<string, unknown> {
  const project = state.projects.find((p) => p.id === po.project_id);
  const company = state.companies.find((c) => c.id === project?.company_id);
  return {
    id: line.id,
    amount: money(line.amount_cents),
    description: line.description,
    quantity: line.quantity,
    unit_cost: line.unit_cost,
    uom: line.uom,
    total_amount: line.amount_cents / 100,
    extended_amount: line.amount_cents / 100,
    extended_type: 'calculated',
    tax_code_id: line.tax_code_id,
    position: line.position,
    cost_code: costCodeRef(state, line.cost_code_id),
    line_item_type: typeRef(state, line.line_item_type_id),
    wbs_code: null,
    holder: { id: po.id, holder_type: 'PurchaseOrderContract' },
    company: company ? { id: company.id, name: company.name } : null,
    project: project ? { id: project.id, name: project.name } : null,
    origin_id: line.origin_id,
    origin_data: line.origin_data,
    created_at: line.created_at,
    updated_at: line.updated_at,
  };
}

export function renderPurchaseOrder(state: ProcoreState, po: PurchaseOrder, withLines: boolean): Record<string, unknown> {
  const project = state.projects.find((p) => p.id === po.project_id);
  const vendor = po.vendor_id === null ? undefined : state.vendors.find((v) => v.id === po.vendor_id);
  const total = poTotalCents(po);
  const billed = state.requisitions.filter((r) => r.commitment_id === po.id).reduce((sum, r) => sum + r.completed_cents, 0);
  const { line_items: lines, vendor_id: _vendor, project_id: _project, ...rest } = po;
  return {
    ...rest,
    grand_total: money(total),
    approved_change_orders: '0.00',
    pending_change_orders: '0.00',
    draft_change_orders_amount: '0.00',
    revised_contract: money(total),
    pending_revised_contract: money(total),
    total_payments: '0.00',
    percentage_paid: '0.0',
    remaining_balance_outstanding: money(total),
    total_requisitions_amount: money(billed),
    total_draw_requests_amount: '0.00',
    requisitions_are_enabled: true,
    billing_schedule_of_values_status: 'draft',
    show_line_items_to_non_admins: false,
    approval_letter_date: null,
    letter_of_intent_date: null,
    returned_date: null,
    signed_contract_received_date: null,
    assignee: null,
    vendor: vendor ? { id: vendor.id, company: vendor.name } : null,
    project: project ? { id: project.id, name: project.name } : null,
    currency_configuration: { currency_iso_code: 'USD' },
    ...(withLines ? { line_items: lines.map((line) => renderContractLine(state, po, line)), attachments: [] } : {}),
  };
}

export function renderDirectCostLine(state: ProcoreState, dc: DirectCost, line: DirectCostLine): Record<string, unknown> {
  const project = state.projects.find((p) => p.id === dc.project_id);
  return {
    id: line.id,
    amount: money(line.amount_cents),
    description: line.description,
    quantity: line.quantity,
    unit_cost: line.unit_cost,
    uom: line.uom,
    total_amount: line.amount_cents / 100,
    extended_amount: line.amount_cents / 100,
    extended_type: 'manual',
    tax_code_id: null,
    position: line.position,
    cost_code: costCodeRef(state, line.cost_code_id),
    line_item_type: typeRef(state, line.line_item_type_id),
    wbs_code: line.wbs_code_id === null ? null : { id: line.wbs_code_id, flat_code: null, description: null },
    holder: { id: dc.id, holder_type: 'DirectCostItem' },
    project: project ? { id: project.id, name: project.name } : null,
    origin_id: line.origin_id,
    origin_data: line.origin_data,
    created_at: line.created_at,
    updated_at: line.updated_at,
    currency_configuration: { currency_iso_code: 'USD', base_currency_iso_code: 'USD', currency_exchange_rate: 1 },
  };
}

export function renderDirectCost(state: ProcoreState, dc: DirectCost, withLines: boolean): Record<string, unknown> {
  const vendor = dc.vendor_id === null ? undefined : state.vendors.find((v) => v.id === dc.vendor_id);
  const project = state.projects.find((p) => p.id === dc.project_id);
  const total = money(dc.line_items.reduce((sum, line) => sum + line.amount_cents, 0));
  const { line_items: lines, project_id: _project, employee_id: _employee, ...rest } = dc;
  return {
    ...rest,
    amount: total,
    grand_total: total,
    vendor: vendor?.name ?? null,
    vendor_name: vendor?.name ?? null,
    employee: null,
    currency_configuration: { currency_iso_code: 'USD', currency_exchange_rate: '1.0', base_currency_iso_code: 'USD' },
    ...(withLines ? { line_items: lines.map((line) => renderDirectCostLine(state, dc, line)), line_items_count: lines.length, attachments: [], project: project ? { id: project.id, name: project.name } : null } : {}),
  };
}

export function renderRequisition(state: ProcoreState, r: Requisition, version: '1.0' | '1.1'): Record<string, unknown> {
  const po = state.purchaseOrders.find((p) => p.id === r.commitment_id);
  const contract = po ? poTotalCents(po) : 0;
  const retained = Math.round((r.completed_cents * r.retainage_percent) / 100);
  const earned = r.completed_cents - retained;
  const g702 = {
    original_contract_sum: money(contract),
    net_change_by_change_orders: '0.00',
    contract_sum_to_date: money(contract),
    total_completed_and_stored_to_date: money(r.completed_cents),
    total_retainage: money(retained),
    total_earned_less_retainage: money(earned),
    less_previous_certificates_for_payment: '0.00',
    current_payment_due: money(earned),
    balance_to_finish_including_retainage: money(contract - earned),
  };
  const base = {
    id: r.id,
    number: r.number,
    status: r.status,
    billing_date: r.billing_date,
    period_id: r.period_id,
    commitment_id: r.commitment_id,
    invoice_number: r.invoice_number,
    percent_complete: contract === 0 ? '0.0' : ((r.completed_cents / contract) * 100).toFixed(1),
    requisition_start: r.requisition_start,
    requisition_end: r.requisition_end,
    origin_id: r.origin_id,
    origin_data: r.origin_data,
    created_at: r.created_at,
    updated_at: r.updated_at,
    g702,
    attachments: [],
  };
  if (version === '1.0') return base;
  return { ...base, erp_status: 'not_synced', summary: { ...g702, work_completed_this_period: money(r.completed_cents) }, items: [], item_packages: [] };
}
