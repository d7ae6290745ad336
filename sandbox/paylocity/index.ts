/** The Paylocity (WebLink) simulator. */
export { PaylocitySimulator, DEFAULT_QUOTA, type PaylocitySimulatorOptions } from './simulator';
export { WEBHOOK_EVENTS, type EmitOptions, type WebhookEvent, type WebhookMessage, type WebhookPayload, type WebhookTarget } from './webhooks';
export type { HireInput } from './control';
export type { EmployeeInput } from './employee-input';
export type { WireOptions } from './options';
export { API_CLIENTS, DEMO_CLIENT, LIMITED_CLIENT, DEMO_WEBHOOK_USER, DEMO_WEBHOOK_PASSWORD } from './accounts';
export { COMPANY, OTHER_COMPANY_ID } from './seed/company';
