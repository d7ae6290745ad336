// Which web-service role of the service account each UKG resource needs, so a 403 can say what to ask
// the UKG administrator for (Service Account Administration → the account's web services).

interface RoleRule {
  prefix: string;
  service: string;
}

const RULES: readonly RoleRule[] = [
  { prefix: '/personnel/v1/person-details', service: 'Employee Person Details' },
  { prefix: '/personnel/v1/compensation-details', service: 'Employee Compensation Details' },
  { prefix: '/personnel/v1/employee-changes', service: 'EmployeeExport' },
  { prefix: '/personnel/v1/employee-ids', service: 'Personnel Integration (View and Add)' },
  { prefix: '/personnel/v1/', service: 'Personnel Integration' },
  { prefix: '/configuration/v1/', service: 'Company Configuration Integration' },
  { prefix: '/payroll/v1/companies/pay-statements', service: 'Employee Pay Statements' },
  { prefix: '/payroll/', service: 'Payroll Integration' },
];

export function webServiceFor(path: string): string | undefined {
  // Company-scoped forms (/personnel/v1/companies/{co}/employees/{ee}/person-details) need the same role.
  const normalized = path.replace(/\/companies\/[^/]+(\/employees\/[^/]+)?/, '');
  return RULES.find((rule) => normalized.startsWith(rule.prefix) || path.startsWith(rule.prefix))?.service;
}

export function roleFor(method: string, path: string): string | undefined {
  const service = webServiceFor(path);
  if (!service) return undefined;
  const right = method === 'GET' ? 'View' : method === 'POST' ? 'Add' : 'Edit';
  return service.includes('(') ? service : `${right} on "${service}"`;
}
