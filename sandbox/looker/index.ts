/** The Looker API 4.0 simulator. */
export { LookerSimulator, type LookerSimulatorOptions } from './simulator';
export { API_USER, VIEWER_API_USER, API_USERS, type LookerApiUser } from './accounts';
export { ACCESS_TOKEN_SECONDS } from './auth';
export { MODELS, ODOO_FINANCE, type ModelDef, type ExploreDef, type ViewDef } from './models';
export { SEEDED_DATAGROUP_ID, SEEDED_LOOK_ID, SEEDED_PLAN_ID } from './seed';
export { CONNECTION_NAME } from './routes';
export { DEFAULT_WAREHOUSE_SCHEMA, DEFAULT_WAREHOUSE_URL, type WarehouseConfig } from './warehouse';
export type { PlanRun, Delivery, DatagroupTrigger } from './state';
