// Plan-only employee writes to Paylocity: what EmployeeWriter would do with each record, found the way
// it finds them (its own look-ups, employee-writer.ts) and compared the way it compares them (its own
// diff, employee-diff.ts), without writing. Reads only: one GET of the employee per record, as WebLink
// has no read of many employees by id.
import type { PlanFieldChange, PlanOutcome } from '../plan/plan';
import type { PaylocityClient } from './client';
import { changedFields, isSection } from './employee-diff';
import type { EmployeeWriteRequest } from './employee-input';
import { employeeToUpdate, failedEmployeeOutcome, lookUpHire, type EmployeeWriteFailure } from './employee-writer';

/** Paylocity terminates an employee by setting this status; the plan shows it as an archive. */
const TERMINATED = 'T';

export class EmployeePlanner {
  constructor(
    private readonly client: PaylocityClient,
    private readonly signal?: AbortSignal,
  ) {}

  /** One outcome per request, in order (the write nodes' batching drives it like a writer); the calls share the client's pace and concurrency like the writer's. */
  async writeBatch(requests: EmployeeWriteRequest[]): Promise<PlanOutcome[]> {
    return Promise.all(requests.map((request) => this.plan(request, this.signal)));
  }

  private async plan(request: EmployeeWriteRequest, signal?: AbortSignal): Promise<PlanOutcome> {
    try {
      return request.operation === 'hire' ? await this.planHire(request, signal) : await this.planUpdate(request, signal);
    } catch (err) {
      return refused(failedEmployeeOutcome(request.employeeId, err, `paylocity: employee ${request.employeeId} could not be looked up`));
    }
  }

  private async planHire(request: EmployeeWriteRequest, signal?: AbortSignal): Promise<PlanOutcome> {
    const found = await lookUpHire(this.client, request, `paylocity: new hire ${request.employeeId}`, signal);
    if (found.kind === 'absent') return { ok: true, action: 'create', changes: leafChanges(request.body, {}) };
    if (!found.outcome.ok) return refused(found.outcome);
    return { ok: true, action: 'unchanged', id: found.outcome.id, changes: [], note: 'Paylocity has this employee id with the same names (an earlier hire); nothing would be sent' };
  }

  private async planUpdate(request: EmployeeWriteRequest, signal?: AbortSignal): Promise<PlanOutcome> {
    const found = await employeeToUpdate(this.client, request.employeeId, signal);
    if (!found.ok) return refused(found.outcome);
    const changes = leafChanges(changedFields(request.body, found.current), found.current);
    const terminates = changes.some((c) => c.field === 'status.employeeStatus' && c.new === TERMINATED);
    return { ok: true, action: terminates ? 'archive' : changes.length > 0 ? 'update' : 'unchanged', id: request.employeeId, changes };
  }
}

function refused(outcome: EmployeeWriteFailure): PlanOutcome {
  return { ok: false, error: { message: outcome.error.message, code: outcome.error.code } };
}

/** Each value of `values`, by its dotted path (`departmentPosition.costCenter1`), with what `current` holds there (null when nothing). */
function leafChanges(values: Record<string, unknown>, current: Record<string, unknown>, prefix = ''): PlanFieldChange[] {
  return Object.entries(values).flatMap(([field, value]): PlanFieldChange[] => {
    const held = current[field];
    if (isSection(value)) return leafChanges(value, isSection(held) ? held : {}, `${prefix}${field}.`);
    return [{ field: `${prefix}${field}`, old: held ?? null, new: value }];
  });
}

