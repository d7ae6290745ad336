/**
 * The Odoo simulator's data engine: transports (XML-RPC, JSON-RPC, JSON-2) and the sandbox control
 * layer use only what is exported here.
 */
export { OdooEngine, type EngineOptions, type EngineSnapshot, type KwCall, type NamedCall } from './engine';
export { OdooFault, faults, isOdooFault, type OdooExceptionClass } from './faults';
export { json2ErrorBody, json2HttpStatus, jsonRpcErrorData, pythonTraceback, xmlRpcFault } from './fault-wire';
export { PinnedClock, formatDatetime, type EngineClock } from './clock';
export type { UserRights } from './access';
export type { OdooStruct, OdooValue } from './values';
export type { BulkPartnerOptions } from './seed/bulk-partners';
export { DEMO_ADMIN, DEMO_COMPANY_NAME, DEMO_DATABASE, DEMO_READER, SEED_START } from './seed/demo';
export { pyStr } from './py-repr';
