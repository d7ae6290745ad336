// The two-pass Paylocity employee read: the list gives ids and status only, so each employee is then
// fetched in full (GET employees/{id}) with bounded concurrency, under the client's pace. The next list
// page is fetched while the current page's employees are still in flight, so the pool does not idle at
// page boundaries; at most two pages are held.
import { ConcurrencyGate } from '../util/concurrency-gate';
import { toEmployeeRecord, type PaylocityEmployeeRecord } from './employee';
import type { PaylocityEmployeeListItem } from './records';
import { handled, type PaylocityReadClient } from './reader-client';

export interface EmployeeReadOptions {
  /** Only these employees (a webhook's, a given set): no listing pass. */
  employeeIds?: readonly string[];
  signal?: AbortSignal;
  /** The list's X-Pcty-Total-Count (or the size of the given set), for progress. */
  onTotal?: (total: number) => void;
}

export interface EmployeePage {
  employees: PaylocityEmployeeRecord[];
  /** Ids of the given set that Paylocity does not know (404), or listed ones gone by the second pass. */
  notFound: string[];
}

export async function* readEmployees(client: PaylocityReadClient, options: EmployeeReadOptions = {}): AsyncGenerator<EmployeePage> {
  const gate = new ConcurrencyGate(client.settings.concurrency);
  const { signal } = options;
  const fetchOne = (employeeId: string, listed?: PaylocityEmployeeListItem) =>
    gate.run(async () => {
      const employee = await client.getEmployee(employeeId, signal);
      return employee ? toEmployeeRecord(client.companyId, employee, listed) : employeeId;
    });
  const pageOf = async (work: Array<Promise<PaylocityEmployeeRecord | string>>): Promise<EmployeePage> => {
    const done = await Promise.all(work);
    return { employees: done.filter((e): e is PaylocityEmployeeRecord => typeof e !== 'string'), notFound: done.filter((e): e is string => typeof e === 'string') };
  };

  if (options.employeeIds) {
    const ids = [...new Set(options.employeeIds)];
    options.onTotal?.(ids.length);
    for (let at = 0; at < ids.length; at += client.settings.pageSize) {
      yield await pageOf(ids.slice(at, at + client.settings.pageSize).map((id) => fetchOne(id)));
    }
    return;
  }

  yield* pipelined(
    client.listEmployees({ ...(signal ? { signal } : {}), ...(options.onTotal ? { onTotal: options.onTotal } : {}) }),
    gate,
    (rows) => pageOf(rows.map((row) => fetchOne(row.employeeId, row))),
  );
}

/**
 * Pages of a listing, each completed by `complete` (its per-record calls), with the next list page
 * fetched (through the same gate, so no more than `concurrency` calls are in flight) while the
 * current page completes. Yields completed pages in list order.
 */
export async function* pipelined<I, O>(listing: AsyncGenerator<I[]>, gate: ConcurrencyGate, complete: (rows: I[]) => Promise<O>): AsyncGenerator<O> {
  const fetchList = (): Promise<IteratorResult<I[]>> => handled(gate.run(() => listing.next()));
  let list = fetchList();
  let previous: Promise<O> | null = null;
  try {
    for (;;) {
      const page = await list;
      if (page.done) break;
      list = fetchList();
      const completing = handled(complete(page.value));
      if (previous) yield await previous;
      previous = completing;
    }
    if (previous) yield await previous;
  } finally {
    await listing.return(undefined);
  }
}
