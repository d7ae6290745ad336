export * from './spec';
export * from './cents';
export * from './read-back';
export { compileControls, ControlAmountError, UNMAPPED_PREFIX, type CompiledControls } from './source-controls';
export { reconcileRun, ReconcileError, summarize, describeDifference, offByText, DEFAULT_READ_BACK_PAGE, type Difference, type ReconcileResult } from './reconcile';
export { odooReadBack, OdooReadBackError, ODOO_LINE_MODELS } from './odoo-read-back';
export { serviceNowReadBack, ServiceNowReadBackError, SERVICENOW_LINE_TABLES } from './servicenow-read-back';
export { waitForRunAudited } from './run-wait';
export { journalControls, type JournalPaths } from './journal-controls';
