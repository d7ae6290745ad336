// Payroll GL lines → journal entries, one per run and group (branch by default). A branch's lines may
// sit in several blocks, so entries are complete only after the last block; the builder keeps cents
// per group as lines arrive and the lines themselves (an entry needs them all anyway).
import { ukgDateTimeToIso, ukgDay } from './dates';
import type { GlBlock } from './general-ledger';
import type { GlLine } from './records';

export type GlGrouping = 'orgLevel1' | 'companyCode' | 'run';
export const GL_GROUPINGS: readonly GlGrouping[] = ['orgLevel1', 'companyCode', 'run'];

export interface GlEntryLine {
  /** The natural account (UKG's baseSegment), falling back to the full GL account string. */
  account: string;
  generalLedgerAccount: string;
  description: string | null;
  debit: number;
  credit: number;
  orgLevel1: string | null;
  orgLevel2: string | null;
  orgLevel3: string | null;
  orgLevel4: string | null;
  project: string | null;
  jobCode: string | null;
  location: string | null;
}

export interface GlEntry {
  runId: string;
  group: string;
  companyCode: string | null;
  payPeriodEndDate: string | null;
  periodStartDate: string | null;
  periodEndDate: string | null;
  glRunDateTime: string | null;
  totals: { debit: number; credit: number };
  balanced: boolean;
  lines: GlEntryLine[];
}

/** Lines with no value for the grouping field land in one group of their own rather than vanish. */
export const UNGROUPED = 'unassigned';

interface Pending {
  entry: GlEntry;
  debitCents: number;
  creditCents: number;
}

export function toCents(amount: number | null | undefined): number {
  return amount === null || amount === undefined || !Number.isFinite(amount) ? 0 : Math.round(amount * 100);
}

export class GlEntryBuilder {
  private readonly groups = new Map<string, Pending>();
  lineCount = 0;

  constructor(private readonly grouping: GlGrouping) {}

  add(block: GlBlock): void {
    for (const line of block.lines) this.addLine(block.runId, line);
  }

  /** Entries in the order their groups first appeared; totals summed in integer cents, so 0.1 + 0.2 balances 0.3. */
  entries(): GlEntry[] {
    return [...this.groups.values()].map(({ entry, debitCents, creditCents }) => ({
      ...entry,
      totals: { debit: debitCents / 100, credit: creditCents / 100 },
      balanced: debitCents === creditCents,
    }));
  }

  private addLine(runId: string, line: GlLine): void {
    this.lineCount++;
    const group = groupOf(line, this.grouping);
    let pending = this.groups.get(group);
    if (!pending) {
      pending = {
        entry: {
          runId,
          group,
          companyCode: line.companyCode ?? null,
          payPeriodEndDate: ukgDay(line.payPeriodEndDate),
          periodStartDate: ukgDay(line.periodStartDate),
          periodEndDate: ukgDay(line.periodEndDate),
          glRunDateTime: ukgDateTimeToIso(line.glRunDateTime),
          totals: { debit: 0, credit: 0 },
          balanced: true,
          lines: [],
        },
        debitCents: 0,
        creditCents: 0,
      };
      this.groups.set(group, pending);
    }
    const debit = toCents(line.debitAmt);
    const credit = toCents(line.creditAmt);
    pending.debitCents += debit;
    pending.creditCents += credit;
    pending.entry.lines.push(entryLine(line, debit, credit));
  }
}

function groupOf(line: GlLine, grouping: GlGrouping): string {
  if (grouping === 'run') return 'run';
  const value = grouping === 'orgLevel1' ? line.orgLevel1 : (line.companyCode ?? line.coId);
  return value?.trim() || UNGROUPED;
}

function entryLine(line: GlLine, debitCents: number, creditCents: number): GlEntryLine {
  const base = line['baseSegment'];
  return {
    account: typeof base === 'string' && base.trim() !== '' ? base : line.generalLedgerAccount,
    generalLedgerAccount: line.generalLedgerAccount,
    description: line.description ?? null,
    debit: debitCents / 100,
    credit: creditCents / 100,
    orgLevel1: line.orgLevel1 ?? null,
    orgLevel2: line.orgLevel2 ?? null,
    orgLevel3: line.orgLevel3 ?? null,
    orgLevel4: line.orgLevel4 ?? null,
    project: line.project ?? null,
    jobCode: line.jobCode ?? null,
    location: line.location ?? null,
  };
}

/** msg.mlc.key of a GL line: the run, the block and UKG's systemId (or the line's place in its block). */
export function glLineKey(runId: string, blockId: number, line: GlLine, index: number): string {
  const id = line.systemId !== null && line.systemId !== undefined ? String(line.systemId) : `#${index}`;
  return `ukg:gl:${runId}:${blockId}:${id}`;
}

export function glEntryKey(entry: Pick<GlEntry, 'runId' | 'group'>): string {
  return `ukg:gl:${entry.runId}:${entry.group}`;
}
