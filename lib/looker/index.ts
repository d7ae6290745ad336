export { LookerClient, type DatagroupRef, type ExploreFields, type LookerClientOptions, type RunOptions } from './client';
export { explainLookerError, isLookerError, lookerErrorBody, LookerError, LookerInputError, type LookerFieldError, type LookerOperation } from './errors';
export { listOf, lookerQuerySchema, type LookerQuery, type LookerQueryInput } from './query';
export type { Datagroup, ExploreField, LookerConnection, LookerRow, LookerUser, LookmlModel, ScheduledPlan } from './records';
export { LOOKER_API_PREFIX, lookerSettingsProblem, lookerSettingsSchema, lookerUrlProblem, type LookerSettings, type LookerSettingsInput } from './settings';
export { testLookerConnection, type LookerConnectionReport } from './connection-test';
export { LOOKER_OPERATIONS, lookerRequestOf, parseFilters, runLookerRequest, workingText, type LookerOperationName, type LookerOperationSettings, type LookerOutcome, type LookerRequest } from './operation';
