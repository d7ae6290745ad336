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
  for await (const rows of client.pages<unknown>('/personnel/v1/employment-details', options.filter ?? {}, signal ? { signal } : {})) {
    const employments = parseRecords(employmentSchema, rows, 'employment-details record');
    yield await completePage(client, gate, employments, signal);
  }
}

async function completePage(client: UkgClient, gate: ConcurrencyGate, employments: EmploymentRecord[], signal: AbortSignal | undefined): Promise<UkgEmployee[]> {
  return Promise.all(
    employments.map(async (employment) => {
      const [person, compensation] = await Promise.all([
        gate.run(() => one(client, EMPLOYEE_PATH(employment.companyID, employment.employeeID, 'person-details'), personSchema, signal)),
        gate.run(() => one(client, EMPLOYEE_PATH(employment.companyID, employment.employeeID, 'compensation-details'), compensationSchema, signal)),
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
  const response = await client.request<unknown>({ method: 'GET', path, acceptStatuses: [404], ...(signal ? { signal } : {}) });
  if (response.status === 404) return null;
  const value = Array.isArray(response.data) ? response.data[0] : response.data;
  if (value === undefined || value === null) return null;
  return parseRecords(schema, [value], path)[0] ?? null;
}
