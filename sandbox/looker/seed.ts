import { ODOO_FINANCE } from './models';
import { definitionOf } from './query-body';
import type { LookerState } from './state';

/** 2026-12-01T00:00:00Z: when the seeded content was "created". */
const SEEDED_AT_SECONDS = 1_796_083_200;
const SEEDED_AT = new Date(SEEDED_AT_SECONDS * 1000).toISOString();

export const SEEDED_LOOK_ID = '1';
export const SEEDED_PLAN_ID = '1';
export const SEEDED_DATAGROUP_ID = '1';

/** The datagroup, the "GL totals by account" Look and the "Nightly GL totals" plan every start begins with. */
export function seedLooker(state: LookerState): void {
  state.datagroups.push({
    id: state.nextId('datagroup'),
    model_name: ODOO_FINANCE.name,
    name: ODOO_FINANCE.datagroup,
    created_at: SEEDED_AT_SECONDS,
    triggered_at: null,
    stale_before: null,
    trigger_check_at: null,
    trigger_error: null,
    trigger_value: null,
    staleUntilMs: -1,
  });
  const query = state.internQuery(
    definitionOf({
      model: ODOO_FINANCE.name,
      view: 'journal_lines',
      fields: ['journal_lines.account_code', 'accounts.name', 'journal_lines.total_debit', 'journal_lines.total_credit', 'journal_lines.total_balance'],
      sorts: ['journal_lines.account_code'],
      limit: '-1',
    }),
    {},
  );
  state.looks.push({ id: state.nextId('look'), title: 'GL totals by account', description: 'Debit, credit and balance per account over all journal lines', queryId: query.id, folderId: '1' });
  const planId = state.nextId('plan');
  state.plans.push({
    id: planId,
    name: 'Nightly GL totals',
    user_id: '7',
    look_id: SEEDED_LOOK_ID,
    query_id: null,
    dashboard_id: null,
    lookml_dashboard_id: null,
    crontab: '0 6 * * *',
    datagroup: null,
    enabled: true,
    require_results: false,
    require_no_results: false,
    require_change: false,
    run_as_recipient: false,
    timezone: 'UTC',
    filters_string: null,
    created_at: SEEDED_AT,
    updated_at: SEEDED_AT,
    last_run_at: null,
    scheduled_plan_destination: [
      {
        id: state.nextId('destination'),
        scheduled_plan_id: planId,
        type: 'webhook',
        format: 'json',
        // Nothing listens here until a test or a user sets the address (/__sandbox/scheduled-plans/1/destinations).
        address: null,
        parameters: null,
        message: null,
        apply_formatting: false,
        apply_vis: false,
      },
    ],
  });
}
