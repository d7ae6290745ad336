import { COMPANY, OTHER_COMPANY_ID } from './seed/company';

/**
 * API clients as Paylocity provisions them: a client id and secret, and the companies the client may
 * call (its scope is fixed at provisioning; another company's data answers 403).
 */
export interface ApiClient {
  clientId: string;
  clientSecret: string;
  companies: readonly string[];
}

export const DEMO_CLIENT: ApiClient = { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret', companies: [COMPANY.companyId] };

/** Scoped to another company only, so a client can see the 403 for MLC01. */
export const LIMITED_CLIENT: ApiClient = { clientId: 'mlc-limited-client', clientSecret: 'mlc-limited-secret', companies: [OTHER_COMPANY_ID] };

export const API_CLIENTS: readonly ApiClient[] = [DEMO_CLIENT, LIMITED_CLIENT];

/** What the example flows' webhook node checks (HTTP Basic on the receiving endpoint). */
export const DEMO_WEBHOOK_USER = 'mlc-webhook';
export const DEMO_WEBHOOK_PASSWORD = 'mlc-webhook-password';
