/** The UKG Pro simulator. */
export { UkgSimulator, DEFAULT_QUOTA, type UkgSimulatorOptions } from './simulator';
export { SIGNATURE_HEADER, sign, type ThinEvent, type WebhookMessage, type WebhookSubscription } from './webhooks';
export type { EmployeeChanges, GlRunInput, HireInput } from './control';
export { AfterCommitFaults, type AfterCommitFault } from './after-commit';
