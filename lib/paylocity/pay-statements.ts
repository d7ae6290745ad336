// Pay statements of one check date across every employee paid on it. WebLink has no company-wide pay
// statement call: the employee list is paged, and for each employee the summaries and/or details of the
// check date are asked for (404, nothing paid that day, is an empty list), with bounded concurrency
// under the client's pace. An employee's lines are grouped into checks by their transactionNumber; a
// check's run is its summary's `process` (the run of the day, as in the Payroll Processed webhook's runId).
import { ConcurrencyGate } from '../util/concurrency-gate';
import { paylocityDay } from './dates';
import { pipelined } from './employee-reader';
import type { PayStatementDetail, PayStatementSummary, PaylocityEmployeeListItem } from './records';
import type { PaylocityReadClient } from './reader-client';

export type StatementParts = 'both' | 'summaries' | 'details';
export type CostCenterField = 'costCenter1' | 'costCenter2' | 'costCenter3' | 'none';
export const COST_CENTER_FIELDS: readonly CostCenterField[] = ['costCenter1', 'costCenter2', 'costCenter3', 'none'];

/** One employee's check of the check date: its summary and its detail lines. */
export interface PaidCheck {
  companyId: string;
  employeeId: string;
  checkDate: string;
  year: number;
  /** The summary's `process` (run of the day) as text; null when only details were read. */
  runId: string | null;
  transactionNumber: string;
  checkNumber: number | null;
  voucherNumber: number | null;
  beginDate: string | null;
  endDate: string | null;
  grossPay: number | null;
  netPay: number | null;
  hours: number | null;
  /** The employee's cost center, when asked for (the journal). */
  costCenter?: string | null;
  summary: PayStatementSummary | null;
  details: PayStatementDetail[];
}

export interface CheckReadOptions {
  checkDate: string;
  parts: StatementParts;
  /** Only checks of this run (summaries needed to know it). */
  runId?: string | null;
  /** Also GET each paid employee for this cost center field. */
  costCenter?: CostCenterField;
  signal?: AbortSignal;
  onTotal?: (total: number) => void;
}

export interface CheckPage {
  checks: PaidCheck[];
  /** Employees of the list page asked (paid or not). */
  asked: number;
}

export async function* readChecks(client: PaylocityReadClient, options: CheckReadOptions): AsyncGenerator<CheckPage> {
  const gate = new ConcurrencyGate(client.settings.concurrency);
  const { signal } = options;
  const listing = client.listEmployees({ ...(signal ? { signal } : {}), ...(options.onTotal ? { onTotal: options.onTotal } : {}) });
  yield* pipelined(listing, gate, async (rows: PaylocityEmployeeListItem[]) => {
    const perEmployee = await Promise.all(rows.map((row) => gate.run(() => checksOf(client, row.employeeId, options))));
    return { checks: perEmployee.flat(), asked: rows.length };
  });
}

/** One employee's checks of the date (none when not paid on it). */
export async function checksOf(client: PaylocityReadClient, employeeId: string, options: CheckReadOptions): Promise<PaidCheck[]> {
  const { checkDate, parts, signal } = options;
  const year = Number(checkDate.slice(0, 4));
  const [summaries, details] = await Promise.all([
    parts === 'details' ? Promise.resolve([]) : client.payStatementSummaries(employeeId, year, checkDate, signal),
    parts === 'summaries' ? Promise.resolve([]) : client.payStatementDetails(employeeId, year, checkDate, signal),
  ]);
  // The date asked for only: a tenant that ignored the path's check date must not leak other checks in.
  const onDate = <T extends { checkDate?: string | null | undefined }>(rows: T[]): T[] => rows.filter((row) => row.checkDate == null || paylocityDay(row.checkDate) === checkDate);
  let checks = groupChecks(client.companyId, employeeId, checkDate, year, onDate(summaries), onDate(details));
  if (options.runId) checks = checks.filter((check) => check.runId === null || check.runId === options.runId);
  if (checks.length === 0) return [];
  const field = options.costCenter ?? 'none';
  if (field !== 'none') {
    const employee = await client.getEmployee(employeeId, signal);
    const value = employee?.departmentPosition?.[field];
    const costCenter = typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
    for (const check of checks) check.costCenter = costCenter;
  }
  return checks;
}

const txn = (value: number | null | undefined): string | null => (value === null || value === undefined ? null : String(value));

export function groupChecks(companyId: string, employeeId: string, checkDate: string, year: number, summaries: PayStatementSummary[], details: PayStatementDetail[]): PaidCheck[] {
  const checks = new Map<string, PaidCheck>();
  const only = summaries.length === 1 ? txn(summaries[0]?.transactionNumber) : null;
  const checkOf = (transactionNumber: string): PaidCheck => {
    let check = checks.get(transactionNumber);
    if (!check) {
      check = {
        companyId,
        employeeId,
        checkDate,
        year,
        runId: null,
        transactionNumber,
        checkNumber: null,
        voucherNumber: null,
        beginDate: null,
        endDate: null,
        grossPay: null,
        netPay: null,
        hours: null,
        summary: null,
        details: [],
      };
      checks.set(transactionNumber, check);
    }
    return check;
  };
  for (const summary of summaries) {
    const check = checkOf(txn(summary.transactionNumber) ?? '0');
    check.summary = summary;
    check.runId = txn(summary.process);
    check.checkNumber = summary.checkNumber ?? null;
    check.voucherNumber = summary.voucherNumber ?? null;
    check.beginDate = paylocityDay(summary.beginDate);
    check.endDate = paylocityDay(summary.endDate);
    check.grossPay = summary.grossPay ?? null;
    check.netPay = summary.netPay ?? null;
    check.hours = summary.hours ?? null;
  }
  // A line with no transaction number belongs to the one check of the day, when there is one.
  for (const detail of details) checkOf(txn(detail.transactionNumber) ?? only ?? '0').details.push(detail);
  return [...checks.values()];
}

/**
 * The latest check date Paylocity has statements for: the newest summary date of the first active
 * employees with statements this year (last year's when this year has none yet). WebLink lists no pay
 * runs, so this samples; a Payroll Processed webhook's checkDate, or msg.checkDate, is exact.
 */
export async function latestCheckDate(client: PaylocityReadClient, options: { now?: Date; sample?: number; signal?: AbortSignal } = {}): Promise<string | null> {
  const year = (options.now ?? new Date()).getUTCFullYear();
  const sample = options.sample ?? Math.max(4, client.settings.concurrency);
  const { signal } = options;
  for (const y of [year, year - 1]) {
    let latest: string | null = null;
    let found = 0;
    const gate = new ConcurrencyGate(client.settings.concurrency);
    for await (const page of client.listEmployees(signal ? { signal } : {})) {
      const active = page.filter((row) => (row.statusCode ?? row.statusTypeCode ?? 'A').toUpperCase() !== 'T');
      for (let at = 0; at < active.length && found < sample; at += sample) {
        const batch = active.slice(at, at + sample);
        const dates = await Promise.all(
          batch.map((row) =>
            gate.run(async () => {
              const summaries = await client.payStatementSummaries(row.employeeId, y, undefined, signal);
              return summaries.map((s) => paylocityDay(s.checkDate)).filter((d): d is string => d !== null);
            }),
          ),
        );
        for (const list of dates) {
          if (list.length === 0) continue;
          found++;
          for (const day of list) if (latest === null || day > latest) latest = day;
        }
      }
      if (found >= sample) break;
    }
    if (latest !== null) return latest;
  }
  return null;
}
