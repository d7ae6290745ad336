// One run of the Paylocity read node, whatever it reads: fetch page by page, hand each page of records
// to the sink, and say what the run amounted to. The payroll journal is the exception to streaming: an
// entry sums every check of its run, so entries go out after the last employee.
import { journalEntryOut, codeOut, employeeOut, payStatementOut, type PaylocityRecordOut } from './read-records';
import { readEmployees } from './employee-reader';
import { PayJournalBuilder, type PayJournalRules } from './pay-journal';
import { latestCheckDate, readChecks, type CostCenterField, type StatementParts } from './pay-statements';
import type { PaylocityReadClient } from './reader-client';

export type PaylocityReadRequest =
  | { entity: 'employees'; employeeIds?: readonly string[] }
  | { entity: 'pay-statements'; checkDate: string | null; runId: string | null; parts: StatementParts }
  | { entity: 'journal'; checkDate: string | null; runId: string | null; costCenter: CostCenterField; rules: PayJournalRules }
  | { entity: 'codes'; resource: string };

export interface PaylocityReadSink {
  /** Sends one page of records; the next page is awaited after this settles. */
  emit(records: PaylocityRecordOut[], page: number): void | Promise<void>;
  /** The number of employees to go through (X-Pcty-Total-Count, or the given set), for progress. */
  total?(total: number): void;
  /** Employees gone through so far (pay statements, journal), after each list page: for progress, sends nothing. */
  progress?(employees: number, page: number): void | Promise<void>;
}

export interface PaylocityReadSummary {
  read: number;
  pages: number;
  details: Record<string, unknown>;
  warnings: string[];
}

export class PaylocityReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'PaylocityReadError';
  }
}

export async function runPaylocityRead(client: PaylocityReadClient, request: PaylocityReadRequest, sink: PaylocityReadSink, signal?: AbortSignal): Promise<PaylocityReadSummary> {
  const opt = signal ? { signal } : {};
  const onTotal = sink.total ? { onTotal: (n: number) => sink.total?.(n) } : {};
  switch (request.entity) {
    case 'employees': {
      let read = 0;
      let pages = 0;
      const notFound: string[] = [];
      for await (const page of readEmployees(client, { ...opt, ...onTotal, ...(request.employeeIds ? { employeeIds: request.employeeIds } : {}) })) {
        notFound.push(...page.notFound);
        if (page.employees.length === 0) continue;
        await sink.emit(page.employees.map(employeeOut), ++pages);
        read += page.employees.length;
      }
      const details: Record<string, unknown> = { mode: request.employeeIds ? 'given' : 'all' };
      if (request.employeeIds) details['asked'] = request.employeeIds.length;
      if (notFound.length > 0) details['notFound'] = notFound;
      return { read, pages, details, warnings: [] };
    }
    case 'pay-statements': {
      const checkDate = request.checkDate ?? (await latestOrFail(client, signal));
      let read = 0;
      let pages = 0;
      let asked = 0;
      const employees = new Set<string>();
      for await (const page of readChecks(client, { checkDate, parts: request.parts, runId: request.runId, ...opt, ...onTotal })) {
        asked += page.asked;
        await sink.progress?.(asked, pages);
        if (page.checks.length === 0) continue;
        await sink.emit(page.checks.map(payStatementOut), ++pages);
        read += page.checks.length;
        for (const check of page.checks) employees.add(check.employeeId);
      }
      return { read, pages, details: { checkDate, ...(request.runId ? { payRunId: request.runId } : {}), parts: request.parts, employeesAsked: asked, employeesPaid: employees.size }, warnings: [] };
    }
    case 'journal': {
      const checkDate = request.checkDate ?? (await latestOrFail(client, signal));
      const builder = new PayJournalBuilder(client.companyId, request.rules);
      let asked = 0;
      let checks = 0;
      for await (const page of readChecks(client, { checkDate, parts: 'both', runId: request.runId, costCenter: request.costCenter, ...opt, ...onTotal })) {
        asked += page.asked;
        await sink.progress?.(asked, 0);
        for (const check of page.checks) {
          checks++;
          builder.add({
            employeeId: check.employeeId,
            checkDate: check.checkDate,
            runId: check.runId ?? request.runId ?? '1',
            costCenter: check.costCenter ?? null,
            details: check.details.map((d) => ({
              amount: d.amount ?? 0,
              checkDate: check.checkDate,
              det: d.det ?? null,
              detCode: d.detCode ?? '',
              detType: d.detType ?? '',
              hours: d.hours ?? null,
              rate: d.rate ?? null,
              transactionNumber: d.transactionNumber ?? null,
              transactionType: d.transactionType ?? null,
              year: d.year ?? null,
            })),
            summary: check.summary ? { grossPay: check.summary.grossPay ?? null, netPay: check.summary.netPay ?? null } : undefined,
          });
        }
      }
      const entries = builder.entries();
      if (entries.length > 0) await sink.emit(entries.map(journalEntryOut), 1);
      const off = entries.filter((e) => e.tiedOut === false);
      return {
        read: entries.length,
        pages: entries.length > 0 ? 1 : 0,
        details: {
          checkDate,
          payRunIds: [...new Set(entries.map((e) => e.runId))],
          grouping: request.rules.grouping,
          groups: entries.map((e) => e.group),
          checks,
          lines: builder.lineCount,
          employeesAsked: asked,
          notTiedOut: off.map((e) => e.group),
        },
        warnings: off.map(
          (e) => `payroll journal ${e.checkDate} run ${e.runId} ${e.group}: the details give gross ${e.totals.gross.toFixed(2)} and net ${e.totals.net.toFixed(2)}, the summaries ${e.statements?.gross.toFixed(2)} and ${e.statements?.net.toFixed(2)}`,
        ),
      };
    }
    case 'codes': {
      const codes = await client.companyCodes(request.resource, signal);
      const records = codes.map((code) => codeOut(client.companyId, request.resource, code));
      if (records.length > 0) await sink.emit(records, 1);
      return { read: records.length, pages: records.length > 0 ? 1 : 0, details: { resource: request.resource }, warnings: [] };
    }
  }
}

async function latestOrFail(client: PaylocityReadClient, signal: AbortSignal | undefined): Promise<string> {
  const latest = await latestCheckDate(client, signal ? { signal } : {});
  if (latest === null) throw new PaylocityReadError(`paylocity read: no pay statements found this year or last for company ${client.companyId}; give a check date (setting, msg.checkDate or a Payroll Processed payload)`, 'MLC_PAYLOCITY_NO_CHECK_DATE');
  return latest;
}
