import { isHttpError, outcomeUnknown } from '../http/errors';
import type { PaylocityClient } from './client';
import { changedFields } from './employee-diff';
import type { EmployeeWriteRequest } from './employee-input';
import type { PaylocityEmployee } from './records';

/**
 * Writes employees into Paylocity, one call each (WebLink has no bulk write): a new hire is a POST, an
 * update a PATCH of only the fields given.
 *
 * Exactly once under faults. A new hire's identity is the employee id the flow gives it (derived from
 * the source record, at most 10 characters), sent in the POST body, so Paylocity stores it in the same
 * call that creates the employee. The writer looks that id up (GET employees/{id}) **before every
 * POST**, so a replay, a rerun after a crash, or a second instance never hires twice: an employee found
 * with the names sent is the earlier attempt's hire and counts as written (`confirmedBy: 'lookup'`);
 * one found with other names fails as MLC_PAYLOCITY_EMPLOYEE_ID_TAKEN (the id belongs to someone
 * else). After a POST whose outcome is unknown (timeout, cut or lost answer, dropped connection, 5xx)
 * it looks the id up again before it sends anything: found, written; not found, the POST is sent once
 * more; unknown twice, or a look-up that fails, leaves the record failed with
 * MLC_PAYLOCITY_OUTCOME_UNKNOWN (transient: a replay looks it up first the same way). A 400 is
 * Paylocity's definitive refusal: failed at once, with one line per field Paylocity named.
 *
 * An update sets values (PATCH, 200 with no body), so sending it twice leaves the employee as once:
 * the client retries it like a GET, and a replay simply sends it again. With `onlyChanged` (the node's
 * default) the employee is read first and only the fields that differ are sent; when none differ,
 * nothing is sent and the record counts as written (`unchanged`).
 */
export interface EmployeeWriteError {
  message: string;
  code: string;
  status?: number;
  /** Whether the same record may succeed later unchanged (replay it). */
  transient?: boolean;
}

export type EmployeeWriteOutcome =
  | { ok: true; id: string; operation: EmployeeWriteRequest['operation']; created: boolean; confirmedBy?: 'lookup'; unchanged?: true; sent?: Record<string, unknown> }
  | { ok: false; id: string; error: EmployeeWriteError };

/** A record not written, and why. */
export type EmployeeWriteFailure = Extract<EmployeeWriteOutcome, { ok: false }>;

export { outcomeUnknown } from '../http/errors';

export function failedEmployeeOutcome(id: string, err: unknown, what?: string): EmployeeWriteFailure {
  const base = err instanceof Error ? err : new Error(String(err));
  const own = (base as { code?: unknown }).code;
  const status = isHttpError(base) ? base.status : undefined;
  const transient = isHttpError(base) ? base.transient : (base as { transient?: unknown }).transient === true;
  // Paylocity's own words (one line per field) lead; the call that failed follows.
  const said = isHttpError(base) && base.systemMessage && status !== undefined && status < 500 ? `${base.systemMessage} (${base.message.split(':')[0]}: ${base.method} ${base.path} answered ${status})` : base.message;
  return {
    ok: false,
    id,
    error: { message: what ? `${what}: ${said}` : said, code: typeof own === 'string' ? own : 'MLC_PAYLOCITY_WRITE_FAILED', ...(status !== undefined ? { status } : {}), ...(transient ? { transient } : {}) },
  };
}

const norm = (value: unknown): string => (typeof value === 'string' ? value.trim().toLowerCase() : '');

/** Whether the employee found under the id is the one this hire describes (names compared where both are given). */
function sameEmployee(request: EmployeeWriteRequest, found: PaylocityEmployee): boolean {
  if (request.firstName && norm(found.firstName) !== '' && norm(found.firstName) !== norm(request.firstName)) return false;
  if (request.lastName && norm(found.lastName) !== '' && norm(found.lastName) !== norm(request.lastName)) return false;
  return true;
}

export interface EmployeeWriterOptions {
  /** Update: read the employee first and PATCH only the fields that differ (none: nothing is sent). */
  onlyChanged?: boolean;
}

export class EmployeeWriter {
  constructor(
    private readonly client: PaylocityClient,
    private readonly options: EmployeeWriterOptions = {},
  ) {}

  /** One outcome per request, in order; the calls run side by side within the client's concurrency and pace. */
  async writeBatch(requests: EmployeeWriteRequest[], signal?: AbortSignal): Promise<EmployeeWriteOutcome[]> {
    return Promise.all(requests.map((request) => this.write(request, signal)));
  }

  async write(request: EmployeeWriteRequest, signal?: AbortSignal): Promise<EmployeeWriteOutcome> {
    return request.operation === 'hire' ? this.hire(request, signal) : this.update(request, signal);
  }

  private async update(request: EmployeeWriteRequest, signal?: AbortSignal): Promise<EmployeeWriteOutcome> {
    const { employeeId } = request;
    try {
      let body = request.body;
      if (this.options.onlyChanged) {
        const found = await employeeToUpdate(this.client, employeeId, signal);
        if (!found.ok) return found.outcome;
        body = changedFields(request.body, found.current);
        if (Object.keys(body).length === 0) return { ok: true, id: employeeId, operation: 'update', created: false, unchanged: true, sent: {} };
      }
      await this.client.updateEmployee(employeeId, body, signal);
      return { ok: true, id: employeeId, operation: 'update', created: false, sent: body };
    } catch (err) {
      if (isHttpError(err) && err.status === 404) return employeeNotFound(this.client, employeeId);
      return failedEmployeeOutcome(employeeId, err, `paylocity: employee ${employeeId} was not updated`);
    }
  }

  private async hire(request: EmployeeWriteRequest, signal?: AbortSignal): Promise<EmployeeWriteOutcome> {
    const { employeeId } = request;
    const what = `paylocity: new hire ${employeeId}`;
    // Looked up before every POST: an earlier attempt (a crash, a lost answer, another instance) may have hired them.
    const before = await lookUpHire(this.client, request, what, signal);
    if (before.kind !== 'absent') return before.outcome;

    let lastCause = '';
    for (let attempt = 1; attempt <= 2; attempt++) {
      try {
        const id = await this.client.createEmployee(request.body, signal);
        return { ok: true, id, operation: 'hire', created: true };
      } catch (err) {
        if (!outcomeUnknown(err)) return failedEmployeeOutcome(employeeId, err, `${what} was not hired`);
        lastCause = err instanceof Error ? err.message : String(err);
      }
      // The POST may or may not have been stored: look before sending anything again.
      const after = await lookUpHire(this.client, request, what, signal, lastCause);
      if (after.kind !== 'absent') return after.outcome;
    }
    return {
      ok: false,
      id: employeeId,
      error: { message: `${what} is not in Paylocity after two POSTs whose outcome was unknown (last: ${lastCause}); not sent again. Replay it later: it is looked up first`, code: 'MLC_PAYLOCITY_OUTCOME_UNKNOWN', transient: true },
    };
  }
}

/**
 * The look-up before every POST (and after one whose outcome is unknown): absent, or settled as written
 * (the same names: an earlier attempt hired them) or failed (the id is someone else's, or the look-up failed).
 */
export async function lookUpHire(
  client: PaylocityClient,
  request: EmployeeWriteRequest,
  what: string,
  signal: AbortSignal | undefined,
  unknownCause?: string,
): Promise<{ kind: 'absent' } | { kind: 'settled'; outcome: EmployeeWriteOutcome }> {
  const { employeeId } = request;
  let found: PaylocityEmployee | undefined;
  try {
    found = await client.getEmployee(employeeId, signal);
  } catch (err) {
    const text = err instanceof Error ? err.message : String(err);
    const message = unknownCause
      ? `${what}: the POST's outcome is unknown (${unknownCause}) and looking the employee up failed (${text}); not sent again. Replay it once Paylocity answers: it is looked up first`
      : `${what} was not sent: looking the employee up first failed (${text})`;
    const code = unknownCause ? 'MLC_PAYLOCITY_OUTCOME_UNKNOWN' : isHttpError(err) ? err.code : 'MLC_PAYLOCITY_WRITE_FAILED';
    const transient = unknownCause !== undefined || (isHttpError(err) && err.transient);
    const status = isHttpError(err) ? err.status : undefined;
    return { kind: 'settled', outcome: { ok: false, id: employeeId, error: { message, code, ...(status !== undefined && !unknownCause ? { status } : {}), ...(transient ? { transient } : {}) } } };
  }
  if (!found) return { kind: 'absent' };
  if (sameEmployee(request, found)) return { kind: 'settled', outcome: { ok: true, id: found.employeeId, operation: 'hire', created: false, confirmedBy: 'lookup' } };
  const names = [found.firstName, found.lastName].filter((n) => typeof n === 'string' && n !== '').join(' ');
  return {
    kind: 'settled',
    outcome: {
      ok: false,
      id: employeeId,
      error: {
        message: `${what} was not hired: employee id ${employeeId} already belongs to ${names || 'another employee'} in company ${client.companyId}; give this hire another id`,
        code: 'MLC_PAYLOCITY_EMPLOYEE_ID_TAKEN',
      },
    },
  };
}

/** An update of an employee Paylocity does not know. */
export function employeeNotFound(client: PaylocityClient, employeeId: string): EmployeeWriteFailure {
  return {
    ok: false,
    id: employeeId,
    error: { message: `paylocity: employee ${employeeId} was not updated: Paylocity has no employee with this id in company ${client.companyId}`, code: 'MLC_PAYLOCITY_EMPLOYEE_NOT_FOUND', status: 404 },
  };
}

/** The read before an update: the employee as Paylocity holds it, or the not-found outcome. */
export async function employeeToUpdate(
  client: PaylocityClient,
  employeeId: string,
  signal?: AbortSignal,
): Promise<{ ok: true; current: Record<string, unknown> } | { ok: false; outcome: EmployeeWriteFailure }> {
  const current = await client.getEmployee(employeeId, signal);
  return current ? { ok: true, current: current as Record<string, unknown> } : { ok: false, outcome: employeeNotFound(client, employeeId) };
}
