/**
 * The simulator's records, kept close to Procore's wire shapes (snake_case) so the routes mostly copy
 * fields out. Money is in cents (integers) here; wire.ts turns it into the decimal strings Procore sends.
 * Timestamps are ISO strings without fractions (`2026-10-01T15:30:00Z`), as Procore writes them.
 */
export interface Company {
  id: number;
  name: string;
  is_active: boolean;
}

export interface Project {
  id: number;
  company_id: number;
  name: string;
  display_name: string;
  project_number: string | null;
  address: string | null;
  city: string | null;
  state_code: string | null;
  country_code: string | null;
  zip: string | null;
  county: string | null;
  time_zone: string;
  stage: string;
  active: boolean;
  start_date: string | null;
  completion_date: string | null;
  total_value: number | null;
  origin_id: string | null;
  origin_data: string | null;
  origin_code: string | null;
  accounting_project_number: string | null;
  created_at: string;
  updated_at: string;
}

export interface Vendor {
  id: number;
  company_id: number;
  name: string;
  abbreviated_name: string | null;
  trade_name: string | null;
  legal_name: string | null;
  address: string | null;
  city: string | null;
  state_code: string | null;
  country_code: string | null;
  zip: string | null;
  business_phone: string | null;
  mobile_phone: string | null;
  fax_number: string | null;
  email_address: string | null;
  website: string | null;
  license_number: string | null;
  notes: string | null;
  is_active: boolean;
  prequalified: boolean;
  origin_id: string | null;
  origin_code: string | null;
  origin_data: string | null;
  synced_to_erp: boolean;
  created_at: string;
  updated_at: string;
}

export interface CostCode {
  id: number;
  project_id: number;
  parent_id: number | null;
  /** The segment, without the parent's prefix: `300` under division `03`. */
  code: string;
  name: string;
  position: number;
  standard_cost_code_id: number | null;
  origin_id: string | null;
  origin_data: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export interface LineItemType {
  id: number;
  company_id: number;
  name: string;
  code: string;
  base_type: string;
  origin_id: string | null;
  origin_data: string | null;
  updated_at: string;
}

export interface ContractLine {
  id: number;
  amount_cents: number;
  description: string | null;
  quantity: number;
  unit_cost: number;
  uom: string | null;
  cost_code_id: number | null;
  line_item_type_id: number | null;
  tax_code_id: number | null;
  position: number;
  origin_id: string | null;
  origin_data: string | null;
  created_at: string;
  updated_at: string;
}

export interface PurchaseOrder {
  id: number;
  project_id: number;
  number: string;
  title: string | null;
  status: string;
  description: string | null;
  executed: boolean;
  private: boolean;
  vendor_id: number | null;
  accounting_method: 'amount' | 'unit';
  contract_date: string | null;
  delivery_date: string | null;
  issued_on_date: string | null;
  execution_date: string | null;
  payment_terms: string | null;
  ship_to_address: string | null;
  ship_via: string | null;
  bill_to_address: string | null;
  retainage_percent: string | null;
  origin_id: string | null;
  origin_code: string | null;
  origin_data: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  line_items: ContractLine[];
}

export interface DirectCostLine {
  id: number;
  amount_cents: number;
  description: string | null;
  quantity: number;
  unit_cost: number;
  uom: string | null;
  cost_code_id: number | null;
  line_item_type_id: number | null;
  wbs_code_id: number | null;
  position: number;
  origin_id: string | null;
  origin_data: string | null;
  created_at: string;
  updated_at: string;
}

export const DIRECT_COST_TYPES = ['invoice', 'expense', 'payroll'] as const;
export const DIRECT_COST_STATUSES = ['draft', 'pending', 'revise_and_resubmit', 'approved'] as const;
export const PO_STATUSES = ['Draft', 'Processing', 'Submitted', 'Partially Received', 'Received', 'Approved', 'Closed'] as const;

export interface DirectCost {
  id: number;
  project_id: number;
  direct_cost_type: (typeof DIRECT_COST_TYPES)[number];
  direct_cost_date: string | null;
  invoice_number: string | null;
  status: (typeof DIRECT_COST_STATUSES)[number];
  vendor_id: number | null;
  employee_id: number | null;
  payment_date: string | null;
  received_date: string | null;
  terms: string | null;
  description: string | null;
  origin_id: string | null;
  origin_data: string | null;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
  line_items: DirectCostLine[];
}

export interface Requisition {
  id: number;
  project_id: number;
  commitment_id: number;
  number: number;
  status: string;
  billing_date: string;
  period_id: number;
  invoice_number: string | null;
  requisition_start: string;
  requisition_end: string;
  /** Work completed this period, in cents: the G702 figures are computed from it and the commitment. */
  completed_cents: number;
  retainage_percent: number;
  origin_id: string | null;
  origin_data: string | null;
  created_at: string;
  updated_at: string;
}

export interface Hook {
  id: number;
  owned_by_company_id: number | null;
  owned_by_project_id: number | null;
  owned_by_user_id: number;
  namespace: string;
  api_version: string;
  destination_url: string;
  destination_headers: Record<string, string>;
}

export interface Trigger {
  id: number;
  webhook_hook_id: number;
  resource_name: string;
  event_type: 'create' | 'update' | 'delete';
  company_id: number | null;
  project_id: number | null;
  user_id: number;
}
