/** The Procore simulator. */
export { ProcoreSimulator, DEFAULT_RATE_LIMITS, procoreQuotaRules, type ProcoreSimulatorOptions, type RateLimits } from './simulator';
export { COMPANY_ID, OTHER_COMPANY_ID, PROJECT_IDS, DEMO_ACCOUNT, LIMITED_ACCOUNT, SERVICE_ACCOUNTS } from './accounts';
export { COST_CODE_TREE, LINE_ITEM_TYPES, PRODUCT_COST_CODES, VENDOR_SEED } from './seed';
export { TOKEN_LIFETIME_SECONDS } from './auth';
export { SYNC_LIMIT } from './sync';
export { WEBHOOK_RESOURCES } from './webhook-routes';
export { ulid, payloadFor, type ChangeEvent, type Delivery, type EmitOptions, type HookDispatcherOptions } from './webhooks';
export type { WireOptions } from './options';
