/**
 * Developer Managed Service Accounts (client credentials). A company admin installed the app in the demo
 * company and picked the projects it may see; calls on other projects of the company are 403.
 */
export interface ServiceAccount {
  clientId: string;
  clientSecret: string;
  /** The service account's user id (`GET /me`, webhook `user_id`, `source_user_id`). */
  userId: number;
  login: string;
  name: string;
  /** Companies where the app is installed; a call with another `Procore-Company-Id` is 403. */
  companies: number[];
  /** Permitted projects per company. */
  projects: number[];
}

export const COMPANY_ID = 4264807;
/** A real company in the sandbox where the app is not installed: 403 "App is not connected to this company". */
export const OTHER_COMPANY_ID = 4264999;

export const PROJECT_IDS = {
  riverside: 562949953432101,
  oakStreet: 562949953432102,
  harborView: 562949953432103,
  /** In the company, not permitted to the demo service account: 403. */
  westgate: 562949953432104,
  /** In the other company: 404 for everyone here. */
  elsewhere: 562949953432201,
} as const;

export const DEMO_ACCOUNT: ServiceAccount = {
  clientId: 'mlc-demo-client',
  clientSecret: 'mlc-demo-secret',
  userId: 9100001,
  login: 'mlc-demo-dmsa@procore.example',
  name: 'ML Connector (service account)',
  companies: [COMPANY_ID],
  projects: [PROJECT_IDS.riverside, PROJECT_IDS.oakStreet, PROJECT_IDS.harborView],
};

/** Installed in the same company but permitted only on Riverside Medical Center. */
export const LIMITED_ACCOUNT: ServiceAccount = {
  clientId: 'mlc-limited-client',
  clientSecret: 'mlc-limited-secret',
  userId: 9100002,
  login: 'mlc-limited-dmsa@procore.example',
  name: 'ML Connector (limited service account)',
  companies: [COMPANY_ID],
  projects: [PROJECT_IDS.riverside],
};

export const SERVICE_ACCOUNTS: readonly ServiceAccount[] = [DEMO_ACCOUNT, LIMITED_ACCOUNT];
