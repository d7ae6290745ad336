export { PAYLOCITY_CODE_RESOURCES, PAYLOCITY_RATE_LIMIT_WAIT_MS, PaylocityClient, type PaylocityClientOptions, type PaylocityPageOptions, type PaylocityResponse, type Query } from './client';
export { describeFieldErrors, explainPaylocityError, PaylocityDataError, paylocityErrorMessage, paylocityFieldErrors, type PaylocityFieldError } from './errors';
export type { CompanyCode, PayStatementDetail, PayStatementSummary, PaylocityEmployee, PaylocityEmployeeListItem } from './records';
export { PAYLOCITY_ENVIRONMENTS, PAYLOCITY_HOSTS, paylocitySettingsProblem, paylocitySettingsSchema, type PaylocityEnvironment, type PaylocitySettings, type PaylocitySettingsInput } from './settings';
