/** Web services a UKG service account is granted roles on, named as UKG's admin page and spec name them. */
export const WEB_SERVICES = [
  'Personnel Integration',
  'Employee Person Details',
  'Employee Compensation Details',
  'Company Configuration Integration',
  'Payroll Integration',
  'EmployeeExport',
  'Employee Pay Statements',
] as const;

export type WebService = (typeof WEB_SERVICES)[number];
export type Role = 'View' | 'Add' | 'Edit' | 'Delete';

export interface ServiceAccount {
  username: string;
  password: string;
  roles: ReadonlyMap<WebService, ReadonlySet<Role>>;
}

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
}

export const DEMO_TENANT = 'mlcdemo';
export const DEMO_CUSTOMER_API_KEY = 'MLCDM';

const ALL_ROLES: ReadonlySet<Role> = new Set<Role>(['View', 'Add', 'Edit', 'Delete']);

function grant(services: readonly WebService[]): ReadonlyMap<WebService, ReadonlySet<Role>> {
  return new Map(services.map((service) => [service, ALL_ROLES]));
}

export const DEMO_ACCOUNT: ServiceAccount = {
  username: 'mlc-demo',
  password: 'mlc-demo-password',
  roles: grant(WEB_SERVICES),
};

/** Everything but payroll, so clients can see the 403 a real, narrowly granted account gets. */
export const LIMITED_ACCOUNT: ServiceAccount = {
  username: 'mlc-limited',
  password: 'mlc-limited-password',
  roles: grant(WEB_SERVICES.filter((service) => service !== 'Payroll Integration')),
};

export const SERVICE_ACCOUNTS: readonly ServiceAccount[] = [DEMO_ACCOUNT, LIMITED_ACCOUNT];

export const DEMO_CLIENT: OAuthClient = { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' };

/** The secret the example flow's webhook node checks signatures with; tests subscribe with it. */
export const DEMO_WEBHOOK_SECRET = 'mlc-demo-webhook-secret';
