export { idValue, PROCORE_SYNC_MAX, ProcoreClient, type Body, type ProcoreClientOptions, type ProcorePageOptions, type ProcoreResponse, type Query } from './client';
export { describeFieldErrors, explainProcoreError, ProcoreDataError, procoreErrorMessage } from './errors';
export { ProcoreRateLimiter, rateLimitResetMs, type RateLimitWindow } from './rate-limit';
export type { ProcoreCommitment, ProcoreDirectCost, ProcoreLineItem, ProcoreProject, ProcoreSyncAnswer, ProcoreVendor } from './records';
export { PROCORE_ENVIRONMENTS, PROCORE_HOSTS, procoreSettingsProblem, procoreSettingsSchema, type ProcoreEnvironment, type ProcoreSettings, type ProcoreSettingsInput } from './settings';
