// The payroll journal built from Paylocity pay-statement details: balanced entries, sums in cents,
// grouping by run or cost center, the employer-tax rule, unmapped codes named, totals equal to the
// statements' own.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  classify,
  DEFAULT_DET_TYPES,
  DEFAULT_EMPLOYER_TAX,
  DEFAULT_NET_PAY_ACCOUNT,
  DEFAULT_PAY_CODES,
  journalKey,
  PayJournalBuilder,
  PayJournalError,
  payCodeRowSchema,
  type PayDetail,
  type PayJournalEntry,
  type PayJournalRules,
  type PayStatementInput,
} from '../../lib/paylocity/pay-journal';

const rules = (over: Partial<PayJournalRules> = {}): PayJournalRules => ({
  codes: DEFAULT_PAY_CODES,
  netPayAccount: DEFAULT_NET_PAY_ACCOUNT,
  employerTax: DEFAULT_EMPLOYER_TAX,
  detTypes: DEFAULT_DET_TYPES,
  grouping: 'run',
  lineDetail: 'code',
  ...over,
});

const d = (detType: string, detCode: string, amount: number, over: Partial<PayDetail> = {}): PayDetail => ({
  amount,
  checkDate: '2026-11-13',
  det: null,
  detCode,
  detType,
  hours: null,
  rate: null,
  transactionNumber: 1,
  transactionType: null,
  year: 2026,
  ...over,
});

/** A check as the sandbox computes one: gross = earnings, net = gross − deductions − employee taxes. */
function check(employeeId: string, costCenter: string | null, reg: number, ot = 0, runId = '1'): PayStatementInput {
  const gross = Math.round((reg + ot) * 100);
  const pct = (cents: number, p: number) => Math.round((cents * p) / 100);
  const k401 = pct(gross, 5);
  const fitw = pct(gross - k401 - 12_000, 11);
  const ss = pct(gross - 12_000, 6.2);
  const med = pct(gross - 12_000, 1.45);
  const details = [
    d('E', 'REG', reg, { det: 'Regular', hours: 80 }),
    ...(ot ? [d('E', 'OT', ot, { det: 'Overtime', hours: 4 })] : []),
    d('D', '401K', k401 / 100),
    d('D', 'MED', 100),
    d('D', 'DEN', 20),
    d('T', 'FITW', fitw / 100),
    d('T', 'SS', ss / 100),
    d('T', 'MED', med / 100),
    d('T', 'ER-SS', ss / 100),
    d('T', 'ER-MED', med / 100),
    d('T', 'ER-FUTA', pct(gross, 0.6) / 100),
  ];
  const net = gross - k401 - 12_000 - fitw - ss - med;
  return { employeeId, checkDate: '2026-11-13', runId, costCenter, details, summary: { grossPay: gross / 100, netPay: net / 100 } };
}

const build = (statements: PayStatementInput[], r = rules()): PayJournalEntry[] => {
  const builder = new PayJournalBuilder('MLC01', r);
  for (const s of statements) builder.add(s);
  return builder.entries();
};

const cents = (n: number) => Math.round(n * 100);
const sumCents = (entry: PayJournalEntry, side: 'debit' | 'credit') => entry.lines.reduce((s, l) => s + cents(l[side]), 0);

describe('payroll journal from pay statements', () => {
  it('one balanced entry per check date and run: earnings and employer taxes debit, deductions, taxes and net pay credit', () => {
    const [entry, ...rest] = build([check('E1', 'CC-200', 3076.92, 210.45), check('E2', 'CC-300', 2500)]);
    assert.equal(rest.length, 0);
    assert.ok(entry);
    assert.equal(entry.balanced, true);
    assert.equal(sumCents(entry, 'debit'), sumCents(entry, 'credit'));
    assert.equal(entry.totals.debit, entry.totals.credit);
    assert.equal(entry.group, 'run');
    assert.equal(entry.employees, 2);
    assert.equal(journalKey(entry), 'paylocity:journal:MLC01:2026-11-13:1');
    const line = (kind: string, code: string | null, costCenter: string | null = null) => entry.lines.find((l) => l.kind === kind && l.detCode === code && l.costCenter === costCenter);
    assert.deepEqual({ account: line('earning', 'REG', 'CC-200')?.account, debit: line('earning', 'REG', 'CC-200')?.debit }, { account: '6100', debit: 3076.92 });
    assert.equal(line('earning', 'OT', 'CC-200')?.account, '6110');
    assert.equal(line('earning', 'REG', 'CC-300')?.debit, 2500);
    assert.equal(line('deduction', '401K')?.account, '2310');
    assert.equal(line('deduction', 'MED')?.account, '2300', 'MED the deduction');
    assert.equal(line('employee-tax', 'MED')?.account, '2200', 'MED the Medicare tax: detType tells them apart');
    assert.equal(line('deduction', 'MED')?.credit, 200);
    assert.equal(line('employer-tax', 'ER-SS', 'CC-200')?.account, '6200');
    assert.equal(line('employer-tax-liability', 'ER-SS')?.account, '2200');
    assert.equal(line('employer-tax-liability', 'ER-SS')?.credit, cents(line('employer-tax', 'ER-SS', 'CC-200')?.debit ?? 0) / 100 + (line('employer-tax', 'ER-SS', 'CC-300')?.debit ?? 0));
    const net = entry.lines.find((l) => l.kind === 'net-pay');
    assert.equal(net?.account, '2110');
    assert.equal(net?.credit, entry.totals.net);
    assert.ok(entry.lines.filter((l) => l.kind === 'earning' || l.kind === 'employer-tax').every((l) => l.costCenter !== null), 'expense lines carry the cost center');
    assert.ok(entry.lines.filter((l) => l.credit > 0).every((l) => l.costCenter === null), 'liability lines carry none');
    assert.equal(entry.lines.find((l) => l.detCode === 'REG' && l.costCenter === 'CC-200')?.name, 'Regular (REG)');
    assert.equal(entry.lines.find((l) => l.detCode === 'REG' && l.costCenter === 'CC-200')?.hours, 80);
  });

  it('totals equal the statements to the cent: gross, net, and the summaries tie out', () => {
    const statements = Array.from({ length: 250 }, (_, i) => check(`E${i}`, `CC-${(i % 4) + 1}00`, 1000 + i * 13.37 + 0.01 * (i % 7), i % 3 ? 0 : 45.55));
    const [entry] = build(statements);
    assert.ok(entry);
    const gross = statements.reduce((s, st) => s + cents(st.summary?.grossPay ?? 0), 0);
    const net = statements.reduce((s, st) => s + cents(st.summary?.netPay ?? 0), 0);
    assert.equal(cents(entry.totals.gross), gross);
    assert.equal(cents(entry.totals.net), net);
    assert.deepEqual(entry.statements, { gross: gross / 100, net: net / 100, checks: 250 });
    assert.equal(entry.tiedOut, true);
    assert.equal(entry.balanced, true);
    const earnings = statements.flatMap((s) => s.details).filter((x) => x.detType === 'E').reduce((s, x) => s + cents(x.amount), 0);
    assert.equal(entry.lines.filter((l) => l.kind === 'earning').reduce((s, l) => s + cents(l.debit), 0), earnings);
    // Float addition of the same amounts drifts; the builder's cents do not.
    assert.ok(entry.lines.every((l) => cents(l.debit) / 100 === l.debit && cents(l.credit) / 100 === l.credit));
  });

  it('sums in cents: 0.1 + 0.2 is 0.3', () => {
    const statements = [0.1, 0.2].map((amount, i): PayStatementInput => ({ employeeId: `E${i}`, checkDate: '2026-11-13', runId: '1', costCenter: 'CC-100', details: [d('E', 'REG', amount)] }));
    const [entry] = build(statements);
    assert.equal(entry?.lines[0]?.debit, 0.3);
    assert.equal(entry?.totals.net, 0.3);
    assert.equal(entry?.statements, null, 'no summaries read: nothing to tie out against');
    assert.equal(entry?.tiedOut, null);
  });

  it('a summary that disagrees with its details is not tied out, naming nothing but the flag (the node warns)', () => {
    const off = check('E1', 'CC-100', 1000);
    off.summary = { grossPay: 1000, netPay: (off.summary?.netPay ?? 0) + 0.01 };
    const [entry] = build([off]);
    assert.equal(entry?.tiedOut, false);
    assert.equal(entry?.balanced, true);
  });

  it('groups by cost center: one entry each, keyed with it; employees without one land in "unassigned"', () => {
    const entries = build([check('E1', 'CC-200', 1000), check('E2', 'CC-300', 2000), check('E3', 'CC-200', 1500), check('E4', null, 900)], rules({ grouping: 'costCenter' }));
    assert.deepEqual(entries.map((e) => e.group), ['CC-200', 'CC-300', 'unassigned']);
    assert.deepEqual(entries.map((e) => journalKey(e)), ['paylocity:journal:MLC01:2026-11-13:1:CC-200', 'paylocity:journal:MLC01:2026-11-13:1:CC-300', 'paylocity:journal:MLC01:2026-11-13:1:unassigned']);
    assert.equal(entries[0]?.employees, 2);
    assert.equal(entries[0]?.costCenter, 'CC-200');
    assert.equal(entries[2]?.costCenter, null);
    assert.ok(entries.every((e) => e.balanced && e.tiedOut));
    const whole = build([check('E1', 'CC-200', 1000), check('E2', 'CC-300', 2000), check('E3', 'CC-200', 1500), check('E4', null, 900)]);
    assert.equal(entries.reduce((s, e) => s + cents(e.totals.debit), 0), cents(whole[0]?.totals.debit ?? 0));
  });

  it('separates runs and check dates into entries of their own, in order', () => {
    const second = { ...check('E1', 'CC-100', 500, 0, '2'), checkDate: '2026-11-13' };
    const later = { ...check('E2', 'CC-100', 700), checkDate: '2026-11-27' };
    const entries = build([later, second, check('E1', 'CC-100', 1000)]);
    assert.deepEqual(entries.map((e) => `${e.checkDate}:${e.runId}`), ['2026-11-13:1', '2026-11-13:2', '2026-11-27:1']);
    assert.ok(entries.every((e) => e.balanced));
  });

  it('sums per account when asked: one line per account and cost center', () => {
    const [entry] = build([check('E1', 'CC-200', 3000, 100), check('E2', 'CC-200', 2000)], rules({ lineDetail: 'account' }));
    const earnings = entry?.lines.filter((l) => l.kind === 'earning') ?? [];
    assert.deepEqual(earnings.map((l) => [l.account, l.detCode, l.name]), [['6100', null, 'Earnings'], ['6110', null, 'Earnings']]);
    assert.equal(entry?.lines.filter((l) => l.account === '2200' && l.kind === 'employee-tax').length, 1);
    assert.equal(entry?.balanced, true);
  });

  it('an unmapped pay code fails the build, naming every such code with its kind', () => {
    const statement = check('E7', 'CC-100', 1000);
    statement.details = [...statement.details, d('D', 'GARN', 50, { det: 'Garnishment' }), d('T', 'LOCAL', 3), d('E', 'BON', 250)];
    assert.throws(
      () => build([statement]),
      (err: unknown) => {
        assert.ok(err instanceof PayJournalError);
        assert.equal(err.code, 'MLC_PAYLOCITY_UNMAPPED_PAY_CODE');
        assert.match(err.message, /deduction GARN \(Garnishment\)/);
        assert.match(err.message, /employee-tax LOCAL/);
        assert.doesNotMatch(err.message, /BON/, 'earnings have a * default');
        assert.match(err.message, /employee E7/);
        assert.deepEqual(err.unmapped.map((u) => u.detCode), ['GARN', 'LOCAL']);
        return true;
      },
    );
    const [entry] = build([statement], rules({ codes: [...DEFAULT_PAY_CODES, { kind: 'deduction', code: '*', account: '2300' }, { kind: 'employee-tax', code: 'local', account: '2210' }] }));
    assert.equal(entry?.lines.find((l) => l.detCode === 'GARN')?.account, '2300', 'the * row of its kind');
    assert.equal(entry?.lines.find((l) => l.detCode === 'LOCAL')?.account, '2210', 'codes match case-insensitively');
    assert.equal(entry?.lines.find((l) => l.detCode === 'BON')?.account, '6100');
    assert.equal(entry?.balanced, true);
  });

  it('a detType no rule names fails, naming it; memo lines post nothing', () => {
    const statement = check('E1', 'CC-100', 1000);
    statement.details = [...statement.details, d('X', 'ODD', 5)];
    assert.throws(() => build([statement]), /detType "X" \(e\.g\. ODD of employee E1\)/);
    const memo = check('E1', 'CC-100', 1000);
    memo.details = [...memo.details, d('M', 'ER401K', 50)];
    const [entry] = build([memo]);
    assert.equal(entry?.tiedOut, true);
    assert.ok(!entry?.lines.some((l) => l.detCode === 'ER401K'));
  });

  it('the employer-tax rule is configurable: by code pattern, by detType, or none', () => {
    const r = rules();
    assert.equal(classify({ detType: 'T', detCode: 'ER-SS' }, r), 'employer-tax');
    assert.equal(classify({ detType: 'T', detCode: 'SS' }, r), 'employee-tax');
    assert.equal(classify({ detType: 't', detCode: 'er-med' }, r), 'employer-tax');
    const byType = rules({ employerTax: { codePattern: null, detTypes: ['ER'] } });
    assert.equal(classify({ detType: 'ER', detCode: 'SS' }, byType), 'employer-tax');
    assert.equal(classify({ detType: 'T', detCode: 'ER-SS' }, byType), 'employee-tax');
    const suffix = rules({ employerTax: { codePattern: '_ER$', detTypes: [] } });
    assert.equal(classify({ detType: 'T', detCode: 'SS_ER' }, suffix), 'employer-tax');
    assert.equal(classify({ detType: 'Q', detCode: 'SS' }, r), null);
    assert.throws(() => new PayJournalBuilder('MLC01', rules({ employerTax: { codePattern: '([', detTypes: [] } })), /not a regular expression/);
  });

  it('a negative amount (a reversal) posts on the other side; a negative net debits the clearing account', () => {
    const statements: PayStatementInput[] = [
      { employeeId: 'E1', checkDate: '2026-11-13', runId: '1', costCenter: 'CC-100', details: [d('E', 'REG', -100), d('D', 'MED', 20)] },
    ];
    const [entry] = build(statements);
    assert.deepEqual(entry?.lines.map((l) => [l.kind, l.debit, l.credit]), [['earning', 0, 100], ['deduction', 0, 20], ['net-pay', 120, 0]]);
    assert.equal(entry?.balanced, true);
  });

  it('validates pay-code rows: employer taxes need a liability account, every posting row an account', () => {
    assert.equal(payCodeRowSchema.safeParse({ kind: 'employer-tax', code: 'ER-SS', account: '6200' }).success, false);
    assert.equal(payCodeRowSchema.safeParse({ kind: 'deduction', code: '401K', account: '' }).success, false);
    assert.equal(payCodeRowSchema.safeParse({ kind: 'earning', code: '*', account: '6100' }).success, true);
    assert.throws(() => new PayJournalBuilder('MLC01', rules({ netPayAccount: ' ' })), /net pay account/);
  });
});
