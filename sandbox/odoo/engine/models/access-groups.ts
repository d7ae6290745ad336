import type { AccessGroups } from '../model-def';

/**
 * Group names Odoo lists in AccessError messages ("This operation is allowed for the following
 * groups: ..."), per model family. Only the wording matters: the engine grants rights per user.
 */
const INTERNAL_USER = 'User types/Internal User';

function groups(readers: readonly string[], editors: readonly string[]): AccessGroups {
  return { read: readers, write: editors, create: editors, unlink: editors };
}

export const ACCESS = {
  settings: groups([INTERNAL_USER], ['Administration/Settings']),
  users: groups([INTERNAL_USER], ['Administration/Access Rights']),
  contacts: groups([INTERNAL_USER], ['Extra Rights/Contact Creation']),
  products: groups([INTERNAL_USER], ['Inventory/Administrator', 'Purchase/Administrator', 'Sales/Administrator']),
  accountingSetup: groups(['Invoicing/Billing'], ['Invoicing/Administrator']),
  journalEntries: groups(['Invoicing/Billing', 'Purchase/User'], ['Invoicing/Billing', 'Purchase/User']),
  analytic: groups([INTERNAL_USER], ['Invoicing/Administrator']),
  purchase: groups(['Purchase/User'], ['Purchase/User']),
  employees: groups([INTERNAL_USER], ['Employees/Officer: Manage all employees']),
} as const;
