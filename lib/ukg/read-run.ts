// One run of the UKG read node, whatever the entity: fetch page by page (or block by block), hand each
// page of records to the sink, and say what the run amounted to. GL entries are the exception to
// streaming: a branch's lines may span blocks, so entries go out after the last block.
import type { Store } from '../store/types';
import type { UkgClient } from './client';
import { readJobs, readOrgLevels } from './configuration';
import { emitEmployeePages, readEmployeeDelta, type DeltaOptions, type EmployeeSink } from './employee-delta';
import { readEmployees } from './employee-reader';
import { readGlRun, type GlRunChoice } from './general-ledger';
import { GlEntryBuilder, type GlGrouping } from './gl-entries';
import { readPayRegister, readPayStatementSummaries } from './payroll';
import { employeeOut, glEntryOut, glLineOut, jobOut, orgLevelOut, payRegisterOut, payStatementOut, type UkgRecordOut } from './read-records';

export interface EmployeeRef {
  companyId: string;
  employeeId: string;
}

export interface DateRange {
  /** YYYY-MM-DD, both ends included. */
  from: string;
  to: string;
}

export type UkgReadRequest =
  | { entity: 'employees'; mode: 'full' }
  | { entity: 'employees'; mode: 'given'; employees: EmployeeRef[] }
  | { entity: 'employees'; mode: 'delta'; delta: Omit<DeltaOptions, 'signal'> }
  | { entity: 'gl'; run: GlRunChoice; output: 'entry' | 'line'; grouping: GlGrouping }
  | { entity: 'pay-register'; range: DateRange }
  | { entity: 'pay-statements'; companyId: string; range: DateRange }
  | { entity: 'org-levels'; level?: number }
  | { entity: 'jobs' };

export interface UkgReadSink {
  /** Sends one page of records; the next page is fetched after this settles. */
  emit(records: UkgRecordOut[], page: number): void | Promise<void>;
}

export interface UkgReadSummary {
  read: number;
  pages: number;
  /** Entity-specific facts for the end-of-run message: the cursor, the GL run, unbalanced groups... */
  details: Record<string, unknown>;
  /** Things the flow should know though nothing failed, e.g. an unbalanced GL group. */
  warnings: string[];
  /** Set when a delta run was skipped because UKG's minimum window has not passed. */
  nextWindowAt?: string;
}

export class UkgReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'UkgReadError';
  }
}

export async function runUkgRead(client: UkgClient, store: Store | null, request: UkgReadRequest, sink: UkgReadSink, signal?: AbortSignal): Promise<UkgReadSummary> {
  const opt = signal ? { signal } : {};
  switch (request.entity) {
    case 'employees': {
      const employeeSink: EmployeeSink = { emit: (page) => sink.emit(page.employees.map((e, i) => employeeOut(e, page.keys[i])), page.number) };
      if (request.mode === 'full') return summary(await emitEmployeePages(readEmployees(client, opt), employeeSink), { mode: 'full' });
      if (request.mode === 'given') return summary(await emitEmployeePages(readEmployees(client, { employees: request.employees, ...opt }), employeeSink), { mode: 'given', asked: request.employees.length });
      if (!store) throw new UkgReadError('ukg read: delta mode keeps its cursor in a store; choose an mlc-store config node', 'MLC_NO_STORE');
      const outcome = await readEmployeeDelta(client, store, { ...request.delta, ...opt }, employeeSink);
      if (outcome.kind === 'too-soon') {
        return { read: 0, pages: 0, details: { mode: 'delta', source: request.delta.source, skipped: true, cursor: outcome.cursor }, warnings: [], nextWindowAt: outcome.waitUntil };
      }
      const { kind: _kind, read, pages, ...details } = outcome;
      return summary({ read, pages }, { mode: 'delta', source: request.delta.source, ...details });
    }
    case 'gl':
      return request.output === 'line' ? glLines(client, request.run, sink, signal) : glEntries(client, request.run, request.grouping, sink, signal);
    case 'pay-register':
      return rowPages(readPayRegister(client, request.range, signal), payRegisterOut, sink, { range: request.range });
    case 'pay-statements':
      return rowPages(readPayStatementSummaries(client, { companyId: request.companyId, ...request.range }, signal), payStatementOut, sink, { companyId: request.companyId, range: request.range });
    case 'org-levels': {
      const levels = await readOrgLevels(client, request.level !== undefined ? { level: request.level } : {}, signal);
      return onePage(levels.map(orgLevelOut), sink, request.level !== undefined ? { level: request.level } : {});
    }
    case 'jobs':
      return onePage((await readJobs(client, signal)).map(jobOut), sink, {});
  }
}

async function glEntries(client: UkgClient, run: GlRunChoice, grouping: GlGrouping, sink: UkgReadSink, signal: AbortSignal | undefined): Promise<UkgReadSummary> {
  const builder = new GlEntryBuilder(grouping);
  let runId = 'runId' in run ? run.runId : '';
  let blocks = 0;
  for await (const block of readGlRun(client, run, signal)) {
    builder.add(block);
    runId = block.runId;
    blocks++;
  }
  const entries = builder.entries();
  if (entries.length > 0) await sink.emit(entries.map(glEntryOut), 1);
  const unbalanced = entries.filter((e) => !e.balanced);
  return {
    read: entries.length,
    pages: entries.length > 0 ? 1 : 0,
    details: { runId, blocks, lines: builder.lineCount, grouping, groups: entries.map((e) => e.group), unbalanced: unbalanced.map((e) => e.group) },
    warnings: unbalanced.map((e) => `GL run ${runId} group ${e.group} does not balance: debit ${e.totals.debit.toFixed(2)}, credit ${e.totals.credit.toFixed(2)}`),
  };
}

async function glLines(client: UkgClient, run: GlRunChoice, sink: UkgReadSink, signal: AbortSignal | undefined): Promise<UkgReadSummary> {
  let read = 0;
  let runId = 'runId' in run ? run.runId : '';
  let blocks = 0;
  for await (const block of readGlRun(client, run, signal)) {
    runId = block.runId;
    blocks++;
    await sink.emit(block.lines.map((line, index) => glLineOut(block.runId, block.blockId, line, index)), block.blockId);
    read += block.lines.length;
  }
  return { read, pages: blocks, details: { runId, blocks }, warnings: [] };
}

async function rowPages(
  pages: AsyncIterable<Array<Record<string, unknown>>>,
  out: (row: Record<string, unknown>) => UkgRecordOut,
  sink: UkgReadSink,
  details: Record<string, unknown>,
): Promise<UkgReadSummary> {
  let read = 0;
  let number = 0;
  for await (const rows of pages) {
    await sink.emit(rows.map(out), ++number);
    read += rows.length;
  }
  return { read, pages: number, details, warnings: [] };
}

async function onePage(records: UkgRecordOut[], sink: UkgReadSink, details: Record<string, unknown>): Promise<UkgReadSummary> {
  if (records.length > 0) await sink.emit(records, 1);
  return { read: records.length, pages: records.length > 0 ? 1 : 0, details, warnings: [] };
}

function summary(counts: { read: number; pages: number }, details: Record<string, unknown>): UkgReadSummary {
  return { ...counts, details, warnings: [] };
}
