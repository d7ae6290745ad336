export { nextOffset, ServiceNowClient, type DisplayValue, type ListOptions, type ReadOptions, type ServiceNowClientOptions, type ServiceNowResponse, type WriteOptions } from './client';
export { testServiceNowConnection, type AccessCheck, type ServiceNowConnectionReport, type TableCheck } from './connection-test';
export { checkField, checkRawQuery, encodeCondition, encodeQuery, EncodedQueryError, type Condition, type OrderBy, type QuerySpec } from './encoded-query';
export {
  explainServiceNowError,
  isServiceNowError,
  ServiceNowDataError,
  serviceNowErrorMessage,
  ServiceNowError,
  ServiceNowImportError,
  ServiceNowInputError,
  serviceNowSaid,
  type ServiceNowOperation,
} from './errors';
export { ServiceNowRateGate, type ServiceNowRateLimit } from './rate-gate';
export { fieldValue, glideDateTime, IMPORT_STATUSES, stringValues, type ImportResult, type ImportRowOutcome, type ImportStatus, type InsertMultipleAnswer, type ServiceNowRow, type TransformResult } from './records';
export { instanceUrlProblem, isLoopbackHost, SERVICENOW_AUTH_MODES, SERVICENOW_MAX_PAGE, serviceNowSettingsProblem, serviceNowSettingsSchema, type ServiceNowAuthMode, type ServiceNowSettings, type ServiceNowSettingsInput } from './settings';
