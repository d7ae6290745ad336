// The UKG read node's pure parts: GL lines grouped into journal entries (a branch spanning blocks,
// cents summed exactly, an unbalanced group flagged), keys, and settings + message → read request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GlEntryBuilder } from '../../lib/ukg/gl-entries';
import type { GlBlock } from '../../lib/ukg/general-ledger';
import { compensationSchema, type GlLine } from '../../lib/ukg/records';
import { employeeKey } from '../../lib/ukg/keys';
import { mergeEmployee } from '../../lib/ukg/employee';
import { readRequestFor, ukgReadSettingsFromNode } from '../../nodes/ukg/ukg-read-settings';

const line = (over: Partial<GlLine>): GlLine => ({
  runId: 'R1',
  generalLedgerAccount: '6100-BR-N',
  baseSegment: '6100',
  companyCode: 'MLC',
  orgLevel1: 'BR-N',
  payPeriodEndDate: '2026-11-30T00:00:00',
  periodStartDate: '2026-11-16T00:00:00',
  periodEndDate: '2026-11-30T00:00:00',
  glRunDateTime: '2026-12-01T08:00:00',
  ...over,
});
const block = (blockId: number, lines: GlLine[]): GlBlock => ({ runId: 'R1', blockId, totalBlocks: 2, lines });

describe('UKG read logic', () => {
  it('groups GL lines into one entry per branch across blocks, in whole cents', () => {
    const builder = new GlEntryBuilder('orgLevel1');
    builder.add(block(1, [line({ debitAmt: 0.1 }), line({ debitAmt: 0.2 }), line({ orgLevel1: 'BR-S', debitAmt: 5, baseSegment: undefined })]));
    builder.add(block(2, [line({ creditAmt: 0.3, generalLedgerAccount: '2100-BR-N', baseSegment: '2100' }), line({ orgLevel1: 'BR-S', creditAmt: 4.99 })]));
    const [north, south] = builder.entries();
    assert.deepEqual(north?.totals, { debit: 0.3, credit: 0.3 });
    assert.equal(north?.balanced, true);
    assert.equal(north?.lines.length, 3);
    assert.equal(north?.payPeriodEndDate, '2026-11-30');
    assert.equal(north?.glRunDateTime, '2026-12-01T08:00:00.000Z');
    assert.equal(south?.balanced, false, 'an unbalanced branch is still an entry, flagged');
    assert.deepEqual(south?.totals, { debit: 5, credit: 4.99 });
    assert.equal(south?.lines[0]?.account, '6100-BR-N', 'no baseSegment: the full GL account');
    const whole = new GlEntryBuilder('run');
    whole.add(block(1, [line({ debitAmt: 1.005 }), line({ orgLevel1: null, creditAmt: 1.01 })]));
    assert.deepEqual(whole.entries().map((e) => [e.group, e.lines.length]), [['run', 2]]);
  });

  it('keys an employee by its change stamp, or by its content when UKG gives none', () => {
    const employment = { companyID: 'MLCO1', employeeID: 'E1', dateTimeChanged: '2026-11-20T10:00:00' };
    const key = employeeKey(mergeEmployee(employment, null, null));
    assert.match(key, /^ukg:employee:MLCO1:E1:h[0-9a-f]{16}$/);
    assert.equal(employeeKey(mergeEmployee(employment, null, null)), key, 'the same record, the same key');
    assert.notEqual(employeeKey(mergeEmployee(employment, null, compensationSchema.parse({ employeeID: 'E1', annualSalary: 1 }))), key, 'a compensation change, a new key');
    const unstamped = { companyID: 'MLCO1', employeeID: 'E1', jobTitle: 'Carpenter' };
    const a = employeeKey(mergeEmployee(unstamped, null, null));
    assert.equal(a, employeeKey(mergeEmployee({ ...unstamped }, null, null)));
    assert.notEqual(a, employeeKey(mergeEmployee({ ...unstamped, jobTitle: 'Foreman' }, null, null)));
  });

  it('turns settings and the trigger message into a read request', () => {
    const s = ukgReadSettingsFromNode('n1', { entity: 'employees', employeeMode: 'delta' });
    assert.equal(s.minWindowMs, 3 * 3600_000, "UKG's three hours unless asked otherwise");
    assert.equal(s.cursorName, 'ukg-read:n1:employees');
    assert.deepEqual(readRequestFor(s, { payload: { employees: [{ companyId: 'MLCO1', employeeId: 'E1' }] } }), {
      entity: 'employees',
      mode: 'given',
      employees: [{ companyId: 'MLCO1', employeeId: 'E1' }],
    });
    assert.throws(() => readRequestFor(s, { payload: { employees: [{ companyId: 'MLCO1' }] } }), /msg\.payload\.employees\.0\.employeeId/);
    const gl = ukgReadSettingsFromNode('n1', { entity: 'gl', glRunId: 'GL-1' });
    assert.deepEqual(readRequestFor(gl, { runId: 'GL-2' }), { entity: 'gl', run: { runId: 'GL-2' }, output: 'entry', grouping: 'orgLevel1' });
    const register = ukgReadSettingsFromNode('n1', { entity: 'pay-register', rangeDays: 7 });
    assert.deepEqual(readRequestFor(register, {}, Date.parse('2026-11-30T12:00:00Z')), { entity: 'pay-register', range: { from: '2026-11-24', to: '2026-11-30' } });
    assert.throws(() => readRequestFor(ukgReadSettingsFromNode('n1', { entity: 'pay-statements' }), {}), /per company/);
    assert.throws(() => ukgReadSettingsFromNode('n1', { entity: 'payslips' }), /entity/);
  });
});
