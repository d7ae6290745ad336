// The payroll journal Paylocity does not export: pay-statement details of one check date → one balanced
// journal entry per check date and run (and per cost center when the grouping says so). Pure: no I/O.
//
// Every detail line is one of five kinds, told by its detType (and, for taxes, by the employer-tax
// rule): earnings debit an expense account; deductions and employee taxes credit a liability; employer
// taxes debit an expense and credit a liability; memo lines are left out. The net pay (earnings −
// deductions − employee taxes) credits the net-pay clearing account, so every entry balances. All sums
// are integer cents; amounts go out as numbers rounded to cents.
import { z } from 'zod';

export const PAY_LINE_KINDS = ['earning', 'deduction', 'employee-tax', 'employer-tax', 'memo'] as const;
export type PayLineKind = (typeof PAY_LINE_KINDS)[number];
/** The kinds that post, and so have rows in the pay-code table. */
export const POSTING_KINDS = ['earning', 'deduction', 'employee-tax', 'employer-tax'] as const;
export type PostingKind = (typeof POSTING_KINDS)[number];

/** One pay-statement detail line as WebLink sends it (payStatementDetails), amounts in dollars. */
export interface PayDetail {
  amount: number;
  checkDate: string;
  det: string | null;
  detCode: string;
  detType: string;
  hours: number | null;
  rate: number | null;
  transactionNumber: number | null;
  transactionType: string | null;
  year: number | null;
}

/** One employee's check in a run: its detail lines, the employee's cost center, and the summary's totals when read. */
export interface PayStatementInput {
  employeeId: string;
  checkDate: string;
  runId: string;
  costCenter: string | null;
  details: readonly PayDetail[];
  /** From the pay statement summary, to tie the entry out against: gross and net pay in dollars. */
  summary?: { grossPay: number | null; netPay: number | null } | undefined;
}

/** A row of the pay-code table: which account a pay code posts to. `code` `*` is the default of its kind. */
export interface PayCodeRow {
  kind: PostingKind;
  code: string;
  /** Earning, employer tax: the expense account (debit). Deduction, employee tax: the liability account (credit). */
  account: string;
  /** Employer tax only: the liability account (credit). */
  liabilityAccount?: string | undefined;
}

export interface EmployerTaxRule {
  /** A tax line whose detCode matches this (a regular expression, case-insensitive) is the employer's. */
  codePattern: string | null;
  /** Detail types that are employer taxes whatever their code (e.g. a tenant that sends `ER`). */
  detTypes: readonly string[];
}

export interface DetTypeLetters {
  earning: readonly string[];
  deduction: readonly string[];
  tax: readonly string[];
  memo: readonly string[];
}

export type JournalGrouping = 'run' | 'costCenter';
export type LineDetail = 'code' | 'account';

export interface PayJournalRules {
  codes: readonly PayCodeRow[];
  /** Net pay: the clearing liability the bank payments later clear. */
  netPayAccount: string;
  employerTax: EmployerTaxRule;
  detTypes: DetTypeLetters;
  grouping: JournalGrouping;
  /** One line per pay code and account (default) or per account. */
  lineDetail: LineDetail;
}

/** The sandbox's representation (sandbox/README): employer taxes are tax lines with `ER-` codes. */
export const DEFAULT_EMPLOYER_TAX: EmployerTaxRule = { codePattern: '^ER-', detTypes: [] };
export const DEFAULT_DET_TYPES: DetTypeLetters = { earning: ['E'], deduction: ['D'], tax: ['T'], memo: ['M'] };

/**
 * A starting table on the bundled Odoo sandbox's chart of accounts: wages 6100, overtime 6110, payroll
 * tax expense 6200; liabilities 2200 federal and 2210 state taxes, 2300 benefits, 2310 401(k); net pay
 * 2110. Only earnings have a default row: a deduction or tax code nobody mapped fails the read by name
 * rather than land on a catch-all liability.
 */
export const DEFAULT_PAY_CODES: readonly PayCodeRow[] = [
  { kind: 'earning', code: 'REG', account: '6100' },
  { kind: 'earning', code: 'OT', account: '6110' },
  { kind: 'earning', code: '*', account: '6100' },
  { kind: 'deduction', code: '401K', account: '2310' },
  { kind: 'deduction', code: 'MED', account: '2300' },
  { kind: 'deduction', code: 'DEN', account: '2300' },
  { kind: 'employee-tax', code: 'FITW', account: '2200' },
  { kind: 'employee-tax', code: 'SS', account: '2200' },
  { kind: 'employee-tax', code: 'MED', account: '2200' },
  { kind: 'employee-tax', code: 'SITW', account: '2210' },
  { kind: 'employer-tax', code: 'ER-SS', account: '6200', liabilityAccount: '2200' },
  { kind: 'employer-tax', code: 'ER-MED', account: '6200', liabilityAccount: '2200' },
  { kind: 'employer-tax', code: 'ER-FUTA', account: '6200', liabilityAccount: '2200' },
  { kind: 'employer-tax', code: 'ER-SUTA', account: '6200', liabilityAccount: '2210' },
];
export const DEFAULT_NET_PAY_ACCOUNT = '2110';

export const payCodeRowSchema = z
  .object({
    kind: z.enum(POSTING_KINDS),
    code: z.string().trim().min(1, 'a pay code, or * for the default of its kind'),
    account: z.string().trim().default(''),
    liabilityAccount: z.string().trim().optional(),
  })
  .superRefine((row, ctx) => {
    if (row.account === '') ctx.addIssue({ code: 'custom', path: ['account'], message: `${row.kind} ${row.code} needs an account` });
    if (row.kind === 'employer-tax' && !row.liabilityAccount) {
      ctx.addIssue({ code: 'custom', path: ['liabilityAccount'], message: `employer tax ${row.code} needs a liability account (the credit side) beside its expense account` });
    }
  });

export type JournalLineKind = PayLineKind | 'employer-tax-liability' | 'net-pay';

export interface PayJournalLine {
  /** The account code the map node looks up in Odoo. */
  account: string;
  /** For Odoo's line label: "Regular (REG)", "Net pay". */
  name: string;
  debit: number;
  credit: number;
  kind: JournalLineKind;
  detType: string | null;
  /** The pay code, or null on a line summed per account or on the net-pay line. */
  detCode: string | null;
  /** Expense lines carry the cost center so the map node finds the analytic account; liability lines carry none. */
  costCenter: string | null;
  hours: number | null;
  /** Employees whose checks put an amount on this line. */
  employees: number;
}

export interface PayJournalTotals {
  debit: number;
  credit: number;
  gross: number;
  deductions: number;
  employeeTaxes: number;
  employerTaxes: number;
  net: number;
}

export interface PayJournalEntry {
  companyId: string;
  checkDate: string;
  runId: string;
  /** `run`, or the cost center (`unassigned` for employees with none) when grouped by cost center. */
  group: string;
  costCenter: string | null;
  employees: number;
  checks: number;
  totals: PayJournalTotals;
  /** The summaries' own gross and net, where they were read; `tiedOut` says whether they equal the details' to the cent. */
  statements: { gross: number; net: number; checks: number } | null;
  tiedOut: boolean | null;
  balanced: boolean;
  lines: PayJournalLine[];
}

export const UNASSIGNED = 'unassigned';

export class PayJournalError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly unmapped: ReadonlyArray<{ kind: PostingKind; detType: string; detCode: string; det: string | null; employeeId: string }> = [],
  ) {
    super(message);
    this.name = 'PayJournalError';
  }
}

export function toCents(amount: number | null | undefined): number {
  return amount === null || amount === undefined || !Number.isFinite(amount) ? 0 : Math.round(amount * 100);
}

const fromCents = (cents: number): number => cents / 100;

/** `paylocity:journal:<companyId>:<checkDate>:<runId>[:<costCenter>]`. */
export function journalKey(entry: Pick<PayJournalEntry, 'companyId' | 'checkDate' | 'runId' | 'group'>): string {
  const base = `paylocity:journal:${entry.companyId}:${entry.checkDate}:${entry.runId}`;
  return entry.group === 'run' ? base : `${base}:${entry.group}`;
}

/** Which kind a detail line is, by its detType and, for taxes, the employer-tax rule; null for a detType nobody named. */
export function classify(detail: Pick<PayDetail, 'detType' | 'detCode'>, rules: Pick<PayJournalRules, 'employerTax' | 'detTypes'>, pattern: RegExp | null = compilePattern(rules.employerTax.codePattern)): PayLineKind | null {
  const type = detail.detType.trim().toUpperCase();
  const has = (letters: readonly string[]) => letters.some((letter) => letter.trim().toUpperCase() === type);
  if (has(rules.employerTax.detTypes)) return 'employer-tax';
  if (has(rules.detTypes.earning)) return 'earning';
  if (has(rules.detTypes.deduction)) return 'deduction';
  if (has(rules.detTypes.tax)) return pattern?.test(detail.detCode.trim()) ? 'employer-tax' : 'employee-tax';
  if (has(rules.detTypes.memo)) return 'memo';
  return null;
}

export function compilePattern(pattern: string | null): RegExp | null {
  if (pattern === null || pattern.trim() === '') return null;
  try {
    return new RegExp(pattern.trim(), 'i');
  } catch (err) {
    throw new PayJournalError(`the employer-tax code pattern ${JSON.stringify(pattern)} is not a regular expression: ${(err as Error).message}`, 'MLC_PAYLOCITY_JOURNAL_SETTINGS');
  }
}

/** Looks pay codes up by kind and code (case-insensitive), then the kind's `*` row. */
export class PayCodeTable {
  private readonly exact = new Map<string, PayCodeRow>();
  private readonly defaults = new Map<PostingKind, PayCodeRow>();

  constructor(rows: readonly PayCodeRow[]) {
    for (const row of rows) {
      const code = row.code.trim().toUpperCase();
      if (code === '*') this.defaults.set(row.kind, row);
      else this.exact.set(`${row.kind}|${code}`, row);
    }
  }

  find(kind: PostingKind, detCode: string): PayCodeRow | undefined {
    return this.exact.get(`${kind}|${detCode.trim().toUpperCase()}`) ?? this.defaults.get(kind);
  }
}

interface LineSum {
  line: Omit<PayJournalLine, 'debit' | 'credit' | 'employees' | 'hours'>;
  /** Signed: positive on the line's natural side (debit for expenses, credit for liabilities). */
  cents: number;
  side: 'debit' | 'credit';
  hours: number;
  anyHours: boolean;
  employees: Set<string>;
  order: number;
}

interface Group {
  companyId: string;
  checkDate: string;
  runId: string;
  group: string;
  costCenter: string | null;
  employees: Set<string>;
  checks: number;
  sums: Map<string, LineSum>;
  gross: number;
  deductions: number;
  employeeTaxes: number;
  employerTaxes: number;
  statementGross: number;
  statementNet: number;
  statementChecks: number;
  summariesMissing: boolean;
}

const KIND_ORDER: Record<JournalLineKind, number> = { earning: 0, 'employer-tax': 1, deduction: 2, 'employee-tax': 3, 'employer-tax-liability': 4, 'net-pay': 5, memo: 6 };

/**
 * Builds the entries of one company's statements. Add every check of the check date (statements of
 * several runs and dates land in entries of their own), then take the entries. A detail line whose
 * pay code the table does not map, or whose detType no rule names, fails the whole build, naming every
 * such code at once: an entry missing a code would not be the payroll.
 */
export class PayJournalBuilder {
  private readonly table: PayCodeTable;
  private readonly pattern: RegExp | null;
  private readonly groups = new Map<string, Group>();
  private readonly unmapped = new Map<string, { kind: PostingKind; detType: string; detCode: string; det: string | null; employeeId: string }>();
  private readonly unknownTypes = new Map<string, { detType: string; detCode: string; employeeId: string }>();
  private nextOrder = 0;
  lineCount = 0;

  constructor(
    private readonly companyId: string,
    private readonly rules: PayJournalRules,
  ) {
    this.table = new PayCodeTable(rules.codes);
    this.pattern = compilePattern(rules.employerTax.codePattern);
    if (rules.netPayAccount.trim() === '') throw new PayJournalError('the payroll journal needs a net pay account (the clearing liability the net pay is credited to)', 'MLC_PAYLOCITY_JOURNAL_SETTINGS');
  }

  add(statement: PayStatementInput): void {
    const costCenter = statement.costCenter?.trim() || null;
    const groupName = this.rules.grouping === 'run' ? 'run' : (costCenter ?? UNASSIGNED);
    const id = `${statement.checkDate}|${statement.runId}|${groupName}`;
    let group = this.groups.get(id);
    if (!group) {
      group = {
        companyId: this.companyId,
        checkDate: statement.checkDate,
        runId: statement.runId,
        group: groupName,
        costCenter: this.rules.grouping === 'costCenter' ? costCenter : null,
        employees: new Set(),
        checks: 0,
        sums: new Map(),
        gross: 0,
        deductions: 0,
        employeeTaxes: 0,
        employerTaxes: 0,
        statementGross: 0,
        statementNet: 0,
        statementChecks: 0,
        summariesMissing: false,
      };
      this.groups.set(id, group);
    }
    group.employees.add(statement.employeeId);
    group.checks++;
    if (statement.summary && statement.summary.grossPay !== null && statement.summary.netPay !== null) {
      group.statementGross += toCents(statement.summary.grossPay);
      group.statementNet += toCents(statement.summary.netPay);
      group.statementChecks++;
    } else {
      group.summariesMissing = true;
    }
    for (const detail of statement.details) this.addDetail(group, statement.employeeId, costCenter, detail);
  }

  private addDetail(group: Group, employeeId: string, costCenter: string | null, detail: PayDetail): void {
    this.lineCount++;
    const kind = classify(detail, this.rules, this.pattern);
    if (kind === null) {
      const id = detail.detType.toUpperCase();
      if (!this.unknownTypes.has(id)) this.unknownTypes.set(id, { detType: detail.detType, detCode: detail.detCode, employeeId });
      return;
    }
    // Memo lines (an employer match shown on the stub, say) move no money of this check.
    if (kind === 'memo') return;
    const row = this.table.find(kind, detail.detCode);
    if (!row) {
      const id = `${kind}|${detail.detCode.toUpperCase()}`;
      if (!this.unmapped.has(id)) this.unmapped.set(id, { kind, detType: detail.detType, detCode: detail.detCode, det: detail.det, employeeId });
      return;
    }
    const cents = toCents(detail.amount);
    const hours = detail.hours;
    switch (kind) {
      case 'earning':
        group.gross += cents;
        this.sum(group, 'earning', 'debit', row.account, detail, costCenter, cents, employeeId, hours);
        break;
      case 'deduction':
        group.deductions += cents;
        this.sum(group, 'deduction', 'credit', row.account, detail, null, cents, employeeId, null);
        break;
      case 'employee-tax':
        group.employeeTaxes += cents;
        this.sum(group, 'employee-tax', 'credit', row.account, detail, null, cents, employeeId, null);
        break;
      case 'employer-tax':
        group.employerTaxes += cents;
        this.sum(group, 'employer-tax', 'debit', row.account, detail, costCenter, cents, employeeId, null);
        this.sum(group, 'employer-tax-liability', 'credit', row.liabilityAccount ?? '', detail, null, cents, employeeId, null);
        break;
    }
  }

  private sum(group: Group, kind: JournalLineKind, side: 'debit' | 'credit', account: string, detail: PayDetail, costCenter: string | null, cents: number, employeeId: string, hours: number | null): void {
    const byCode = this.rules.lineDetail === 'code';
    const code = byCode ? detail.detCode.trim() : null;
    const id = `${kind}|${account}|${code ?? ''}|${costCenter ?? ''}`;
    let sum = group.sums.get(id);
    if (!sum) {
      sum = {
        line: { account, name: lineName(kind, detail, byCode), kind, detType: byCode ? detail.detType : null, detCode: code, costCenter },
        cents: 0,
        side,
        hours: 0,
        anyHours: false,
        employees: new Set(),
        order: this.nextOrder++,
      };
      group.sums.set(id, sum);
    }
    sum.cents += cents;
    if (hours !== null && Number.isFinite(hours)) {
      sum.hours += hours;
      sum.anyHours = true;
    }
    sum.employees.add(employeeId);
  }

  /** The entries, ordered by check date, run and group; throws naming every unmapped pay code or unknown detType. */
  entries(): PayJournalEntry[] {
    this.throwIfUnmapped();
    return [...this.groups.values()]
      .sort((a, b) => a.checkDate.localeCompare(b.checkDate) || compareRun(a.runId, b.runId) || a.group.localeCompare(b.group))
      .map((group) => this.entryOf(group));
  }

  private throwIfUnmapped(): void {
    if (this.unknownTypes.size > 0) {
      const types = [...this.unknownTypes.values()];
      throw new PayJournalError(
        `pay statement details of detType ${types.map((t) => `"${t.detType}" (e.g. ${t.detCode} of employee ${t.employeeId})`).join(', ')} are none of earning, deduction, tax or memo; name the letter under the journal's detail types`,
        'MLC_PAYLOCITY_UNKNOWN_DET_TYPE',
      );
    }
    if (this.unmapped.size > 0) {
      const codes = [...this.unmapped.values()];
      throw new PayJournalError(
        `no account for ${codes.map((c) => `${c.kind} ${c.detCode}${c.det ? ` (${c.det})` : ''}`).join(', ')}: add ${codes.length === 1 ? 'it' : 'them'} to the pay-code table (or a * row for the kind); first seen on employee ${codes[0]?.employeeId}`,
        'MLC_PAYLOCITY_UNMAPPED_PAY_CODE',
        codes,
      );
    }
  }

  private entryOf(group: Group): PayJournalEntry {
    const lines: PayJournalLine[] = [];
    const sums = [...group.sums.values()].sort((a, b) => KIND_ORDER[a.line.kind] - KIND_ORDER[b.line.kind] || (a.line.costCenter ?? '').localeCompare(b.line.costCenter ?? '') || a.order - b.order);
    for (const sum of sums) {
      if (sum.cents === 0) continue;
      // A negative sum (a reversal, a negative adjustment) posts on the other side.
      const onNatural = sum.cents > 0;
      const side = onNatural ? sum.side : sum.side === 'debit' ? 'credit' : 'debit';
      const cents = Math.abs(sum.cents);
      lines.push({ ...sum.line, debit: side === 'debit' ? fromCents(cents) : 0, credit: side === 'credit' ? fromCents(cents) : 0, hours: sum.anyHours ? Math.round(sum.hours * 100) / 100 : null, employees: sum.employees.size });
    }
    const netCents = group.gross - group.deductions - group.employeeTaxes;
    if (netCents !== 0) {
      lines.push({
        account: this.rules.netPayAccount.trim(),
        name: 'Net pay',
        debit: netCents < 0 ? fromCents(-netCents) : 0,
        credit: netCents > 0 ? fromCents(netCents) : 0,
        kind: 'net-pay',
        detType: null,
        detCode: null,
        costCenter: null,
        hours: null,
        employees: group.employees.size,
      });
    }
    let debitCents = 0;
    let creditCents = 0;
    for (const line of lines) {
      debitCents += toCents(line.debit);
      creditCents += toCents(line.credit);
    }
    const statements = group.summariesMissing ? null : { gross: fromCents(group.statementGross), net: fromCents(group.statementNet), checks: group.statementChecks };
    return {
      companyId: group.companyId,
      checkDate: group.checkDate,
      runId: group.runId,
      group: group.group,
      costCenter: group.costCenter,
      employees: group.employees.size,
      checks: group.checks,
      totals: {
        debit: fromCents(debitCents),
        credit: fromCents(creditCents),
        gross: fromCents(group.gross),
        deductions: fromCents(group.deductions),
        employeeTaxes: fromCents(group.employeeTaxes),
        employerTaxes: fromCents(group.employerTaxes),
        net: fromCents(netCents),
      },
      statements,
      tiedOut: statements ? group.statementGross === group.gross && group.statementNet === netCents : null,
      balanced: debitCents === creditCents,
      lines,
    };
  }
}

function lineName(kind: JournalLineKind, detail: PayDetail, byCode: boolean): string {
  const suffix = kind === 'employer-tax-liability' ? ' payable' : '';
  if (!byCode) return KIND_NAMES[kind] + suffix;
  const label = detail.det?.trim();
  return `${label ? `${label} (${detail.detCode.trim()})` : detail.detCode.trim()}${suffix}`;
}

const KIND_NAMES: Record<JournalLineKind, string> = {
  earning: 'Earnings',
  deduction: 'Deductions',
  'employee-tax': 'Employee taxes',
  'employer-tax': 'Employer taxes',
  'employer-tax-liability': 'Employer taxes',
  'net-pay': 'Net pay',
  memo: 'Memo',
};

/** Runs are numbers in Paylocity ("1", "2"): compare them as such where they are. */
function compareRun(a: string, b: string): number {
  const x = Number(a);
  const y = Number(b);
  return Number.isFinite(x) && Number.isFinite(y) ? x - y : a.localeCompare(b);
}
