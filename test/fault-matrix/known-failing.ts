// The fault-matrix cells that fail on the current code, each with its reason in one line. They still
// run (node:test `todo`) and report, but do not fail the suite. Empty this as the fixes land (lib/odoo:
// create and external id in one load() call, a lookup after an unknown outcome; lib/store + nodes/core:
// claim owners per process start, orphaned claims taken back at restart, leases on PostgreSQL). A listed
// cell that passes shows as a passing TODO: a hint that it can leave the list.

const CLAIMS_HELD_AFTER_KILL =
  "kill -9: the killed Node-RED's claims stay 'claimed' for staleMinutes (10 min), so the restarted instance (and the other one) skip the records as in progress";
const NO_LOOKUP_AFTER_UNKNOWN_OUTCOME =
  'account.move.create committed but its answer was lost (cut, timeout, 500): no lookup before sending again, the rerun creates every entry a second time (drafts)';
const EXTERNAL_ID_NOT_ATOMIC =
  'entries created but ir.model.data.create never went through (429s, dropped): create and external id are two calls, the rerun cannot find the entries and creates them again';
const RACY_LAST_ANSWER =
  "kill right after the last answer lands before or after audit marks the records posted; before, the claims are held 10 min as above (racy on the current code)";

export const KNOWN_FAILING: ReadonlyMap<string, string> = new Map<string, string>([
  ['odoo-employees/pg2: kill-after-commit at hr.employee.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees/pg2: kill-after-commit at hr.employee.search_read', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees/pg2: kill-after-commit at hr.employee.write', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees/pg2: kill-after-commit at hr.employee.write (call 2)', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees/pg2: kill-on-arrival at hr.employee.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees/pg2: kill-on-arrival at hr.employee.search_read', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees/pg2: kill-on-arrival at hr.employee.write', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees/pg2: kill-on-arrival at hr.employee.write (call 2)', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees: kill-after-commit at hr.employee.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees: kill-after-commit at hr.employee.search_read', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees: kill-after-commit at hr.employee.write', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees: kill-after-commit at hr.employee.write (call 2)', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees: kill-on-arrival at hr.employee.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees: kill-on-arrival at hr.employee.search_read', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees: kill-on-arrival at hr.employee.write', CLAIMS_HELD_AFTER_KILL],
  ['odoo-employees: kill-on-arrival at hr.employee.write (call 2)', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal-xmlrpc: kill-after-commit at account.move.action_post', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal-xmlrpc: kill-after-commit at account.move.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal-xmlrpc: kill-after-commit at ir.model.data.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal-xmlrpc: kill-after-commit at ir.model.data.search_read', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal-xmlrpc: kill-on-arrival at account.move.action_post', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal-xmlrpc: kill-on-arrival at account.move.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal-xmlrpc: kill-on-arrival at ir.model.data.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal-xmlrpc: kill-on-arrival at ir.model.data.search_read', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal/pg2: kill-after-commit at account.move.action_post', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal/pg2: kill-after-commit at account.move.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal/pg2: kill-after-commit at ir.model.data.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal/pg2: kill-after-commit at ir.model.data.search_read', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal/pg2: kill-on-arrival at account.move.action_post', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal/pg2: kill-on-arrival at account.move.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal/pg2: kill-on-arrival at ir.model.data.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal/pg2: kill-on-arrival at ir.model.data.search_read', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal: kill-after-commit at account.move.action_post', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal: kill-after-commit at account.move.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal: kill-after-commit at ir.model.data.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal: kill-after-commit at ir.model.data.search_read', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal: kill-on-arrival at account.move.action_post', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal: kill-on-arrival at account.move.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal: kill-on-arrival at ir.model.data.create', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal: kill-on-arrival at ir.model.data.search_read', CLAIMS_HELD_AFTER_KILL],
  ['ukg-org-levels/pg2: kill-after-commit at PATCH org-levels/:level/:code', CLAIMS_HELD_AFTER_KILL],
  ['ukg-org-levels/pg2: kill-after-commit at POST org-levels', CLAIMS_HELD_AFTER_KILL],
  ['ukg-org-levels/pg2: kill-on-arrival at PATCH org-levels/:level/:code', CLAIMS_HELD_AFTER_KILL],
  ['ukg-org-levels/pg2: kill-on-arrival at POST org-levels', CLAIMS_HELD_AFTER_KILL],
  ['ukg-org-levels: kill-after-commit at PATCH org-levels/:level/:code', CLAIMS_HELD_AFTER_KILL],
  ['ukg-org-levels: kill-after-commit at POST org-levels', CLAIMS_HELD_AFTER_KILL],
  ['ukg-org-levels: kill-on-arrival at PATCH org-levels/:level/:code', CLAIMS_HELD_AFTER_KILL],
  ['ukg-org-levels: kill-on-arrival at POST org-levels', CLAIMS_HELD_AFTER_KILL],
  ['odoo-journal-xmlrpc: 500-after-commit at account.move.create', NO_LOOKUP_AFTER_UNKNOWN_OUTCOME],
  ['odoo-journal-xmlrpc: cut-after-commit at account.move.create', NO_LOOKUP_AFTER_UNKNOWN_OUTCOME],
  ['odoo-journal-xmlrpc: timeout-after-commit at account.move.create', NO_LOOKUP_AFTER_UNKNOWN_OUTCOME],
  ['odoo-journal/pg2: 500-after-commit at account.move.create', NO_LOOKUP_AFTER_UNKNOWN_OUTCOME],
  ['odoo-journal/pg2: cut-after-commit at account.move.create', NO_LOOKUP_AFTER_UNKNOWN_OUTCOME],
  ['odoo-journal/pg2: timeout-after-commit at account.move.create', NO_LOOKUP_AFTER_UNKNOWN_OUTCOME],
  ['odoo-journal: 500-after-commit at account.move.create', NO_LOOKUP_AFTER_UNKNOWN_OUTCOME],
  ['odoo-journal: cut-after-commit at account.move.create', NO_LOOKUP_AFTER_UNKNOWN_OUTCOME],
  ['odoo-journal: timeout-after-commit at account.move.create', NO_LOOKUP_AFTER_UNKNOWN_OUTCOME],
  ['odoo-journal-xmlrpc: 429-until-retries-run-out at ir.model.data.create', EXTERNAL_ID_NOT_ATOMIC],
  ['odoo-journal-xmlrpc: drop-before-read at ir.model.data.create', EXTERNAL_ID_NOT_ATOMIC],
  ['odoo-journal/pg2: 429-until-retries-run-out at ir.model.data.create', EXTERNAL_ID_NOT_ATOMIC],
  ['odoo-journal/pg2: drop-before-read at ir.model.data.create', EXTERNAL_ID_NOT_ATOMIC],
  ['odoo-journal: 429-until-retries-run-out at ir.model.data.create', EXTERNAL_ID_NOT_ATOMIC],
  ['odoo-journal: drop-before-read at ir.model.data.create', EXTERNAL_ID_NOT_ATOMIC],
  ['odoo-employees/pg2: kill-after-last-answer at hr.employee.create', RACY_LAST_ANSWER],
  ['odoo-employees: kill-after-last-answer at hr.employee.create', RACY_LAST_ANSWER],
  ['odoo-journal-xmlrpc: kill-after-last-answer at account.move.action_post', RACY_LAST_ANSWER],
  ['odoo-journal/pg2: kill-after-last-answer at account.move.action_post', RACY_LAST_ANSWER],
  ['odoo-journal: kill-after-last-answer at account.move.action_post', RACY_LAST_ANSWER],
  ['ukg-org-levels/pg2: kill-after-last-answer at PATCH org-levels/:level/:code', RACY_LAST_ANSWER],
  ['ukg-org-levels: kill-after-last-answer at PATCH org-levels/:level/:code', RACY_LAST_ANSWER],
]);
