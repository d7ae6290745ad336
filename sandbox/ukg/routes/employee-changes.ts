import { json, type Router, type SandboxClock } from '../../kit';
import { requireServiceAccount } from '../auth';
import { changedEmployeeIds, MINIMUM_WINDOW_MS, type ChangesFeed } from '../changes-feed';
import type { Employee } from '../model';
import { jobByCode } from '../seed/company';
import { employeeChange } from '../shapes/personnel';
import type { UkgState } from '../state';
import { parseDateTimeParam, ukgDateTime } from '../wire/dates';
import { badRequest, noRecords } from '../wire/errors';
import { pageOf, readPaging } from '../wire/paging';

/** The spec caps `per_page` at 200 here (its odd `maxLength: 200`); more is a 400 rather than a silent cut. */
export const CHANGES_MAX_PER_PAGE = 200;

export function registerEmployeeChanges(router: Router, state: UkgState, feed: ChangesFeed, clock: () => SandboxClock): void {
  const shape = (employee: Employee): Record<string, unknown> =>
    employeeChange(employee, state.company, employee.supervisorId ? state.employee(employee.supervisorId) : undefined, jobByCode(employee.jobCode));

  router.get('/personnel/v1/employee-changes', (request) => {
    const account = requireServiceAccount(request, 'EmployeeExport');
    const requested = request.query.get('per_page') ?? request.query.get('per_Page');
    if (requested !== null && Number(requested) > CHANGES_MAX_PER_PAGE) throw badRequest('per_page', `per_page must be between 1 and ${CHANGES_MAX_PER_PAGE}.`);
    const paging = readPaging(request.query, CHANGES_MAX_PER_PAGE);
    const startRaw = request.query.get('startDate');
    const endRaw = request.query.get('endDate');
    const nowMs = clock().nowMs();
    let window: { startMs: number; endMs: number };
    if (startRaw || endRaw) {
      // An explicit span is read as given (start inclusive); it neither needs nor moves the account's window.
      const startMs = startRaw ? parseDateTimeParam('startDate', startRaw) - 1 : nowMs - MINIMUM_WINDOW_MS;
      const endMs = endRaw ? parseDateTimeParam('endDate', endRaw) : nowMs;
      if (endMs <= startMs) throw badRequest('endDate', 'endDate must be after startDate.');
      window = { startMs, endMs };
    } else {
      window = feed.window(account.username, nowMs, paging.page);
    }
    request.annotate({ resource: 'employee-changes', windowStart: ukgDateTime(window.startMs), windowEnd: ukgDateTime(window.endMs) });
    const employees = changedEmployeeIds(state.changes, window.startMs, window.endMs).flatMap((employeeId) => state.employee(employeeId) ?? []);
    return json(pageOf(employees, paging).map(shape));
  });

  router.get('/personnel/v1/employee-changes/:employeeId', (request) => {
    const account = requireServiceAccount(request, 'EmployeeExport');
    const employee = state.employee(request.params.employeeId);
    const window = feed.window(`${account.username}/${request.params.employeeId.toUpperCase()}`, clock().nowMs(), 1);
    request.annotate({ resource: 'employee-changes' });
    if (!employee || !changedEmployeeIds(state.changes, window.startMs, window.endMs).includes(employee.employeeId)) throw noRecords();
    return json([shape(employee)]);
  });
}
