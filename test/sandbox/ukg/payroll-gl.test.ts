import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { allPages, call, cents, COID, rows, startUkg, type Ukg } from './helpers';

const RUN_1 = 'GL-MLCO1-20261115';
const RUN_2 = 'GL-MLCO1-20261130';

function totals(lines: Array<Record<string, unknown>>): { debit: number; credit: number } {
  return lines.reduce<{ debit: number; credit: number }>((sum, line) => ({ debit: sum.debit + cents(line.debitAmt), credit: sum.credit + cents(line.creditAmt) }), { debit: 0, credit: 0 });
}

describe('UKG payroll GL (v2)', () => {
  let ukg: Ukg;
  before(async () => {
    ukg = await startUkg();
  });
  beforeEach(() => ukg.running.reset());
  after(() => ukg.running.close());

  it('has two closed November runs; each balances in total and per branch (org level 1)', async () => {
    const all = await rows(ukg.url, '/payroll/v2/general-ledger');
    assert.deepEqual([...new Set(all.map((line) => line.runId))], [RUN_1, RUN_2]);
    for (const runId of [RUN_1, RUN_2]) {
      const lines = all.filter((line) => line.runId === runId);
      const { debit, credit } = totals(lines);
      assert.equal(debit, credit, `${runId} balances`);
      assert.ok(debit > 0);
      for (const branch of ['BR-N', 'BR-S', 'BR-E']) {
        const branchTotals = totals(lines.filter((line) => line.orgLevel1 === branch));
        assert.equal(branchTotals.debit, branchTotals.credit, `${runId} ${branch} balances`);
      }
      for (const line of lines) {
        assert.equal(line.coId, COID);
        assert.ok(['6100', '6200', '6300', '2100', '2200', '2300'].includes(String(line.baseSegment)));
        assert.equal(String(line.baseSegment).startsWith('6') ? cents(line.creditAmt) : cents(line.debitAmt), 0, 'expenses debit, liabilities credit');
      }
      console.log(runId, 'debits', debit / 100, JSON.stringify(Object.fromEntries(['6100', '6200', '6300', '2100', '2200', '2300'].map((base) => [base, totals(lines.filter((line) => line.baseSegment === base))]))));
    }
    const unmapped = all.filter((line) => line.orgLevel2 === 'CC-500');
    assert.ok(unmapped.length > 0);
    assert.ok(unmapped.every((line) => line.runId === RUN_2), 'CC-500 appears only in the second run');
  });

  it('splits the second run into 3 blocks that add up to the run; the first is one block', async () => {
    const whole = await rows(ukg.url, `/payroll/v2/general-ledger?runId=${RUN_2}`);
    assert.ok(whole.every((line) => line.totalNrOfBlocks === 3));
    const blocks = await Promise.all([1, 2, 3].map((blockId) => rows(ukg.url, `/payroll/v2/general-ledger?runId=${RUN_2}&blockId=${blockId}`)));
    assert.ok(blocks.every((block, index) => block.length > 0 && block.every((line) => line.blockId === index + 1)));
    assert.equal(blocks.flat().length, whole.length);
    assert.deepEqual(totals(blocks.flat()), totals(whole));
    assert.equal((await call(ukg.url, `/payroll/v2/general-ledger?runId=${RUN_2}&blockId=4`)).status, 404);
    const first = await rows(ukg.url, `/payroll/v2/general-ledger/${RUN_1}`);
    assert.ok(first.every((line) => line.totalNrOfBlocks === 1 && line.blockId === 1));
  });

  it('mostRecent=true returns only the latest run, and pages with per_Page', async () => {
    const recent = await rows(ukg.url, '/payroll/v2/general-ledger?mostRecent=true');
    assert.ok(recent.length > 0 && recent.every((line) => line.runId === RUN_2));
    const paged = await allPages(ukg.url, '/payroll/v2/general-ledger?mostRecent=true', 5);
    assert.deepEqual(paged.map((line) => line.systemId), recent.map((line) => line.systemId));
  });

  it('addGlRun adds a balanced run that becomes the most recent', async () => {
    ukg.running.clock.set('2026-12-11T18:00:00Z');
    const added = ukg.simulator.addGlRun({ periodStartDate: '2026-12-01', periodEndDate: '2026-12-15', totalNrOfBlocks: 2 });
    assert.equal(added.runId, 'GL-MLCO1-20261215');
    assert.equal(added.debitTotal, added.creditTotal);
    const recent = await rows(ukg.url, '/payroll/v2/general-ledger?mostRecent=true');
    assert.ok(recent.every((line) => line.runId === added.runId && line.totalNrOfBlocks === 2));
  });

  it('pay register and pay-statement summaries agree with the GL wages', async () => {
    const gl = await rows(ukg.url, `/payroll/v2/general-ledger?runId=${RUN_1}`);
    const register = await rows(ukg.url, '/payroll/v1/pay-register?payDate=11-15-2026');
    const wages = totals(gl.filter((line) => line.baseSegment === '6100')).debit;
    assert.equal(register.reduce((sum, check) => sum + cents(check.totalEarningsAmount), 0), wages);
    const net = totals(gl.filter((line) => line.baseSegment === '2100')).credit;
    assert.equal(register.reduce((sum, check) => sum + cents(check.netAmount), 0), net);
    assert.ok('organizationLevel1' in (register[0] ?? {}));

    const summary = await call(ukg.url, '/payroll/v1/companies/pay-statements-summary', {
      method: 'POST',
      body: { companyId: COID, startDate: '2026-11-01T00:00:00', endDate: '2026-11-15T23:59:59', page: 1, per_Page: 1000 },
    });
    assert.equal(summary.status, 200);
    const statements = summary.json() as Array<Record<string, unknown>>;
    assert.equal(statements.length, register.length);
    assert.deepEqual(Object.keys(statements[0] ?? {}).sort(), ['document', 'employeeidentifier', 'paydate', 'payidentifier', 'totaldeductions', 'totalearnings', 'totaltaxes']);
    assert.equal(statements.reduce((sum, row) => sum + cents(row.totalearnings), 0), wages);
    const empty = await call(ukg.url, '/payroll/v1/companies/pay-statements-summary', { method: 'POST', body: { startDate: '2025-01-01', endDate: '2025-01-31' } });
    assert.equal(empty.status, 404);
    const invalid = await call(ukg.url, '/payroll/v1/companies/pay-statements-summary', { method: 'POST', body: { startDate: '2026-11-01' } });
    assert.equal(invalid.status, 400);
  });
});
