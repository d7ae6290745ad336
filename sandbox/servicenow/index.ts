/** The ServiceNow simulator. */
export { ServiceNowSimulator, type ServiceNowSimulatorOptions } from './simulator';
export { INTEGRATION_USER, VIEWER_USER, NO_ROLES_USER, IMPORT_ONLY_USER, OAUTH_CLIENT, USERS, type SandboxUser } from './accounts';
export { ACCESS_TOKEN_SECONDS, REFRESH_TOKEN_SECONDS } from './auth';
export { ERP_SOURCE, LEGAL_ENTITY, SERVICENOW_ONLY_COST_CENTER, SEEDED_SUPPLIER_COUNT } from './seed';
export { TRANSFORM_MAPS, STAGING_TABLE_NAMES, type TransformMap } from './staging';
export { ROLES, TABLES } from './tables';
export type { RateLimitRule } from './rate-limits';
export type { TransformResult, ImportStatus } from './imports';
export type { WireOptions } from './options';
