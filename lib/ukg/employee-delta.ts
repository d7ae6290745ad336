// Employees changed since the last run, with the high-water mark in the store (a named cursor holding
// an ISO instant). Two ways to find them:
// - employee-changes: UKG's delta feed over the window [cursor, now), at most every minWindowMs (UKG
//   asks for three hours); the changed ids are then read in full through the two-pass read, since the
//   feed's own rows lack compensation and name no change time.
// - dateTimeChanged: employment-details filtered by change day. The filter has day granularity and
//   `>` is "after the day", so it asks for changes after the day *before* the last run: the last run's
//   day is read again (dedup sees the same keys) rather than changes later that day being missed.
// The first run (no cursor yet) reads every employee. The cursor moves only after the run's records
// are sent, or audited if asked, so a failed or stopped run reads the same window again.
import { waitUntilAudited } from '../read/audit-wait';
import type { Store } from '../store/types';
import type { UkgClient } from './client';
import { ukgDate } from './dates';
import type { UkgEmployee } from './employee';
import { nextWindow, readEmployeeChanges, type ChangeWindow } from './employee-changes';
import { readEmployees } from './employee-reader';
import { employeeKey } from './keys';

export type DeltaSource = 'employee-changes' | 'dateTimeChanged';
export type AdvanceWhen = 'audited' | 'sent';

export interface EmployeePage {
  /** 1-based. */
  number: number;
  employees: UkgEmployee[];
  keys: string[];
}

export interface EmployeeSink {
  emit(page: EmployeePage): void | Promise<void>;
}

export interface DeltaOptions {
  source: DeltaSource;
  cursorName: string;
  minWindowMs: number;
  advance: AdvanceWhen;
  auditTimeoutMs: number;
  now?: () => number;
  signal?: AbortSignal;
}

export type DeltaOutcome =
  | { kind: 'read'; basis: 'all' | 'window' | 'filter'; read: number; pages: number; cursor: string; window?: ChangeWindow; filter?: string; changed?: number }
  | { kind: 'too-soon'; waitUntil: string; cursor: string };

export class DeltaCursorError extends Error {
  readonly code = 'MLC_UKG_BAD_CURSOR';
}

export class NotAuditedError extends Error {
  readonly code = 'MLC_UKG_READ_NOT_AUDITED';
}

export async function readEmployeeDelta(client: UkgClient, store: Store, options: DeltaOptions, sink: EmployeeSink): Promise<DeltaOutcome> {
  const nowMs = (options.now ?? Date.now)();
  const last = decodeCursor((await store.getCursor(options.cursorName))?.value, options.cursorName);
  const signal = options.signal;
  const afterPage = options.advance === 'audited' ? auditWait(store, options) : undefined;
  let outcome: Extract<DeltaOutcome, { kind: 'read' }>;
  if (last === null) {
    const counts = await emitEmployeePages(readEmployees(client, signal ? { signal } : {}), sink, afterPage);
    outcome = { kind: 'read', basis: 'all', ...counts, cursor: new Date(nowMs).toISOString() };
  } else if (options.source === 'employee-changes') {
    const plan = nextWindow(last, nowMs, { minWindowMs: options.minWindowMs });
    if ('waitUntil' in plan) return { kind: 'too-soon', waitUntil: plan.waitUntil, cursor: last };
    const changed = await changedEmployees(client, plan, signal);
    const counts = await emitEmployeePages(readEmployees(client, { employees: changed, ...(signal ? { signal } : {}) }), sink, afterPage);
    outcome = { kind: 'read', basis: 'window', ...counts, cursor: plan.end, window: plan, changed: changed.length };
  } else {
    const filter = `>${ukgDate(new Date(Date.parse(last) - 86_400_000).toISOString())}`;
    const counts = await emitEmployeePages(readEmployees(client, { filter: { dateTimeChanged: filter }, ...(signal ? { signal } : {}) }), sink, afterPage);
    outcome = { kind: 'read', basis: 'filter', ...counts, cursor: new Date(nowMs).toISOString(), filter };
  }
  await store.setCursor(options.cursorName, outcome.cursor, { onlyForward: true });
  return outcome;
}

/** Sends page after page; `afterPage` (the audit wait) runs before the next page is fetched. */
export async function emitEmployeePages(
  pages: AsyncIterable<UkgEmployee[]>,
  sink: EmployeeSink,
  afterPage?: (page: EmployeePage) => Promise<void>,
): Promise<{ read: number; pages: number }> {
  let read = 0;
  let number = 0;
  for await (const employees of pages) {
    if (employees.length === 0) continue;
    const page = { number: ++number, employees, keys: employees.map(employeeKey) };
    await sink.emit(page);
    read += employees.length;
    await afterPage?.(page);
  }
  return { read, pages: number };
}

async function changedEmployees(client: UkgClient, window: ChangeWindow, signal: AbortSignal | undefined): Promise<Array<{ companyId: string; employeeId: string }>> {
  const seen = new Map<string, { companyId: string; employeeId: string }>();
  for await (const rows of readEmployeeChanges(client, window, signal)) {
    for (const row of rows) seen.set(`${row.companyId}/${row.employeeId}`, { companyId: row.companyId, employeeId: row.employeeId });
  }
  return [...seen.values()];
}

function auditWait(store: Store, options: DeltaOptions): (page: EmployeePage) => Promise<void> {
  return async (page) => {
    const pending = await waitUntilAudited(store, page.keys, { timeoutMs: options.auditTimeoutMs, ...(options.signal ? { signal: options.signal } : {}) });
    if (pending > 0) {
      throw new NotAuditedError(
        `${pending} of ${page.keys.length} employees of page ${page.number} were not audited (posted, failed or parked) within ${Math.round(options.auditTimeoutMs / 1000)} s; ` +
          `the cursor "${options.cursorName}" stays where it was, so the next run reads them again`,
      );
    }
  };
}

/** null for no cursor yet; a value this code did not write is an error rather than a silent full read. */
function decodeCursor(value: string | null | undefined, name: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/.test(value) || Number.isNaN(Date.parse(value))) {
    throw new DeltaCursorError(`cursor "${name}" holds ${JSON.stringify(value.slice(0, 60))}, not an ISO instant such as 2026-11-20T12:00:00.000Z`);
  }
  return value;
}
