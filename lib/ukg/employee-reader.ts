import { ConcurrencyGate } from '../util/concurrency-gate';
import type { UkgClient } from './client';
import { mergeEmployee, type UkgEmployee } from './employee';
import type { z } from 'zod';
import { compensationSchema, employmentSchema, parseRecords, personSchema, type EmploymentRecord } from './records';

export interface EmployeeReadOptions {
  /** Extra filters on employment-details, e.g. { dateTimeChanged: '>11-01-2026', companyId: 'MLCO1' }. */
  filter?: Record<string, string>;
  /** Only these employees (delta from employee-changes or a webhook): skips the listing pass. */
  employees?: ReadonlyArray<{ companyId: string; employeeId: string }>;
  signal?: AbortSignal;
}

const EMPLOYEE_PATH = (companyId: string, employeeId: string, resource: string): string =>
  `/personnel/v1/companies/${encodeURIComponent(companyId)}/employees/${encodeURIComponent(employeeId)}/${resource}`;

/**
 * The two-pass employee read: list employment-details page by page (pass one: ids plus employment
 * data), then fetch each employee's person and compensation details (pass two) with bounded
 * concurrency. Yields one merged page at a time, so a 10,000-employee tenant never sits in memory.
 */
export async function* readEmployees(client: UkgClient, options: EmployeeReadOptions = {}): AsyncGenerator<UkgEmployee[]> {
  const gate = new ConcurrencyGate(client.settings.concurrency);
  const { signal } = options;
  if (options.employees) {
    for (let at = 0; at < options.employees.length; at += client.settings.pageSize) {
      const chunk = options.employees.slice(at, at + client.settings.pageSize);
      const employments = await Promise.all(chunk.map((ref) => gate.run(() => employmentOf(client, ref.companyId, ref.employeeId, signal))));
      const found = employments.filter((record): record is EmploymentRecord => record !== null);
      yield await completePage(client, gate, found, signal);
    }
    return;
  }
  yield* pipelinedPages(client, gate, options.filter ?? {}, signal);
}

/**
 * Pass one and pass two overlap: the next employment-details page is fetched, and its employees' details
 * queued, while the current page's details are still in flight. Without that the pool idled at every
 * page boundary (a 500-record list page takes UKG far longer than one detail call) and drained at the
 * end of each page. The list fetch takes a slot of the same gate, so no more than `concurrency`
 * requests are ever in flight; at most two pages are held, plus the list page being fetched.
 */
async function* pipelinedPages(client: UkgClient, gate: ConcurrencyGate, filter: Record<string, string>, signal: AbortSignal | undefined): AsyncGenerator<UkgEmployee[]> {
  const listing = client.pages<unknown>('/personnel/v1/employment-details', filter, signal ? { signal } : {})[Symbol.asyncIterator]();
  // Each next() of the listing is one request, so it goes through the gate like the detail calls.
  const fetchList = (): Promise<IteratorResult<unknown[]>> => handled(gate.run(() => listing.next()));
  let list = fetchList();
  let previous: Promise<UkgEmployee[]> | null = null;
  try {
    for (;;) {
      const page = await list;
      if (page.done) break;
      const employments = parseRecords(employmentSchema, page.value, 'employment-details record');
      // Queued ahead of this page's details: it starts as soon as a slot frees up.
      list = fetchList();
      const completing = handled(completePage(client, gate, employments, signal));
      if (previous) yield await previous;
      previous = completing;
    }
    if (previous) yield await previous;
  } finally {
    await listing.return(undefined);
  }
}

/** Marks a promise that is awaited later as handled now, so a failure while it waits is not "unhandled". */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

async function completePage(client: UkgClient, gate: ConcurrencyGate, employments: EmploymentRecord[], signal: AbortSignal | undefined): Promise<UkgEmployee[]> {
  return Promise.all(
    employments.map(async (employment) => {
      const personPath = EMPLOYEE_PATH(employment.companyID, employment.employeeID, 'person-details');
      const compensationPath = EMPLOYEE_PATH(employment.companyID, employment.employeeID, 'compensation-details');
      // The gate bounds requests in flight: a slot is given up as soon as the answer is in, and the
      // answer checked after, so the next request is not held behind this one's schema.
      const [person, compensation] = await Promise.all([
        gate.run(() => fetchOne(client, personPath, signal)).then((answer) => parseOne(personSchema, answer, personPath)),
        gate.run(() => fetchOne(client, compensationPath, signal)).then((answer) => parseOne(compensationSchema, answer, compensationPath)),
      ]);
      return mergeEmployee(employment, person, compensation);
    }),
  );
}

function employmentOf(client: UkgClient, companyId: string, employeeId: string, signal: AbortSignal | undefined): Promise<EmploymentRecord | null> {
  return one(client, EMPLOYEE_PATH(companyId, employeeId, 'employment-details'), employmentSchema, signal);
}

/** A single-employee resource: UKG answers an object or a one-element array, and 404 when there is none. */
async function one<T>(client: UkgClient, path: string, schema: z.ZodType<T>, signal: AbortSignal | undefined): Promise<T | null> {
  return parseOne(schema, await fetchOne(client, path, signal), path);
}

/** The single-employee answer as sent (undefined for a 404), not yet checked. */
async function fetchOne(client: UkgClient, path: string, signal: AbortSignal | undefined): Promise<unknown> {
  const response = await client.request<unknown>({ method: 'GET', path, acceptStatuses: [404], ...(signal ? { signal } : {}) });
  if (response.status === 404) return undefined;
  return Array.isArray(response.data) ? response.data[0] : response.data;
}

function parseOne<T>(schema: z.ZodType<T>, value: unknown, path: string): T | null {
  if (value === undefined || value === null) return null;
  return parseRecords(schema, [value], path)[0] ?? null;
}
