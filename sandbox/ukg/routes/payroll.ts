import { z } from 'zod';
import { json, type Router, type SandboxRequest } from '../../kit';
import { requireServiceAccount } from '../auth';
import type { GlRun, PayCheck } from '../model';
import { glRow, payRegisterRow, payStatementSummary } from '../shapes/payroll';
import type { UkgState } from '../state';
import { msToDate, parseDateTimeParam } from '../wire/dates';
import { badRequest, noRecords } from '../wire/errors';
import { applyFilters, parseBoolean, type FilterSpec } from '../wire/filters';
import { pageFromRequest, pageOf, pagingFromBody } from '../wire/paging';

const checkFilters: Readonly<Record<string, FilterSpec<PayCheck>>> = {
  employeeId: { kind: 'list', get: (check) => check.employeeId },
  companyId: { kind: 'list', get: (check) => check.companyId },
  checkId: { kind: 'list', get: (check) => check.payIdentifier },
  employeeNumber: { kind: 'list', get: (check) => check.employeeNumber },
  documentNumber: { kind: 'list', get: (check) => check.documentNumber },
  payGroup: { kind: 'list', get: (check) => check.payGroup },
  payDate: { kind: 'date', get: (check) => check.payDate },
  periodStartDate: { kind: 'date', get: (check) => check.periodStartDate },
  periodEndDate: { kind: 'date', get: (check) => check.periodEndDate },
};

const summaryFilter = z.object({
  companyId: z.string().nullish(),
  startDate: z.string(),
  endDate: z.string(),
  payGroup: z.string().nullish(),
  page: z.number().int().min(1).nullish(),
  per_Page: z.number().int().min(1).nullish(),
  per_page: z.number().int().min(1).nullish(),
  pagesCount: z.number().nullish(),
});

/** The payroll GL export (v2, blocks), the pay register and company pay-statement summaries. */
export function registerPayroll(router: Router, state: UkgState): void {
  const glRows = (request: SandboxRequest, pathRunId?: string): Record<string, unknown>[] => {
    requireServiceAccount(request, 'Payroll Integration');
    request.annotate({ resource: 'general-ledger' });
    const runId = pathRunId ?? request.query.get('runId') ?? undefined;
    const blockRaw = request.query.get('blockId');
    const mostRecentRaw = request.query.get('mostRecent');
    const mostRecent = mostRecentRaw !== null && mostRecentRaw !== '' && parseBoolean('mostRecent', mostRecentRaw);
    const blockId = blockRaw === null || blockRaw === '' ? undefined : Number(blockRaw);
    if (blockId !== undefined && (!Number.isInteger(blockId) || blockId < 1)) throw badRequest('blockId', `The value '${blockRaw}' is not valid for blockId.`);
    let runs: GlRun[] = [...state.runs].sort((a, b) => a.glRunMs - b.glRunMs);
    if (runId !== undefined) runs = runs.filter((run) => run.runId === runId);
    if (mostRecent) {
      const latest = runs.sort((a, b) => b.glRunMs - a.glRunMs)[0];
      runs = latest ? [latest] : [];
    }
    const rows = runs.flatMap((run) => run.lines.filter((line) => blockId === undefined || line.blockId === blockId).map((line) => glRow(run, line, state.company)));
    return pageFromRequest(request, rows);
  };
  router.get('/payroll/v2/general-ledger', (request) => json(glRows(request)));
  router.get('/payroll/v2/general-ledger/:runId', (request) => json(glRows(request, request.params.runId)));

  router.get('/payroll/v1/pay-register', (request) => {
    requireServiceAccount(request, 'Payroll Integration');
    request.annotate({ resource: 'pay-register' });
    const checks = applyFilters(state.checks, request.query, checkFilters);
    return json(pageFromRequest(request, checks).map((check) => payRegisterRow(check, state.employee(check.employeeId))));
  });

  router.post('/payroll/v1/companies/pay-statements-summary', async (request) => {
    requireServiceAccount(request, 'Employee Pay Statements');
    request.annotate({ resource: 'pay-statements-summary' });
    const parsed = summaryFilter.safeParse(await request.json());
    if (!parsed.success) throw badRequest(parsed.error.issues[0]?.path.join('.') || 'body', 'startDate and endDate (date-time) are required.');
    const filter = parsed.data;
    const from = msToDate(parseDateTimeParam('startDate', filter.startDate));
    const to = msToDate(parseDateTimeParam('endDate', filter.endDate));
    const checks = state.checks.filter(
      (check) =>
        check.payDate >= from &&
        check.payDate <= to &&
        (!filter.companyId || check.companyId === filter.companyId.toUpperCase()) &&
        (!filter.payGroup || check.payGroup === filter.payGroup.toUpperCase()),
    );
    if (checks.length === 0) throw noRecords();
    const paging = pagingFromBody(filter.page ?? undefined, filter.per_Page ?? filter.per_page ?? undefined);
    return json(pageOf(checks, paging).map(payStatementSummary));
  });
}
