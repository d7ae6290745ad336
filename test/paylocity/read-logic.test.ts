// The Paylocity read node's pure parts: dates in any of Paylocity's formats, lines grouped into checks,
// the employee record and its key, and settings + trigger message → read request.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { paylocityDay } from '../../lib/paylocity/dates';
import { toEmployeeRecord } from '../../lib/paylocity/employee';
import { employeeKey } from '../../lib/paylocity/keys';
import { groupChecks } from '../../lib/paylocity/pay-statements';
import { employeeSchema } from '../../lib/paylocity/records';
import { paylocityReadSettingsFromNode, readRequestFor } from '../../nodes/paylocity/paylocity-read-settings';

describe('paylocity read logic', () => {
  it('reads dates as Paylocity may send them', () => {
    assert.equal(paylocityDay('2026-11-13'), '2026-11-13');
    assert.equal(paylocityDay('2026-11-13T00:00:00'), '2026-11-13');
    assert.equal(paylocityDay('11/13/2026'), '2026-11-13');
    assert.equal(paylocityDay('11-13-2026'), '2026-11-13');
    assert.equal(paylocityDay('2026-02-30'), null);
    assert.equal(paylocityDay(''), null);
    assert.equal(paylocityDay(null), null);
  });

  it('groups an employee’s lines into checks by transaction number, the run from the summary', () => {
    const checks = groupChecks('MLC01', '1001', '2026-11-13', 2026, [
      { transactionNumber: 5, process: 1, grossPay: 100, netPay: 80, checkDate: '2026-11-13T00:00:00' },
      { transactionNumber: 6, process: 2, grossPay: 10, netPay: 9 },
    ], [
      { transactionNumber: 5, detType: 'E', detCode: 'REG', amount: 100 },
      { transactionNumber: 6, detType: 'E', detCode: 'BON', amount: 10 },
      { transactionNumber: 6, detType: 'T', detCode: 'FITW', amount: 1 },
    ]);
    assert.deepEqual(checks.map((c) => [c.transactionNumber, c.runId, c.details.length, c.grossPay]), [['5', '1', 1, 100], ['6', '2', 2, 10]]);
    const single = groupChecks('MLC01', '1001', '2026-11-13', 2026, [{ transactionNumber: 7, process: 1 }], [{ detType: 'E', detCode: 'REG', amount: 5 }]);
    assert.equal(single[0]?.details.length, 1, 'a line without a transaction number joins the day’s only check');
  });

  it('an employee record: names, status, dates as days, cost centers; the key changes exactly when what Paylocity sent does', () => {
    const raw = employeeSchema.parse({
      employeeId: '1052',
      firstName: 'Ana',
      lastName: 'Ruiz',
      status: { employeeStatus: 'A', hireDate: '2019-03-04T00:00:00', reHireDate: '2026-10-01T00:00:00', terminationDate: '2025-06-30T00:00:00' },
      departmentPosition: { costCenter1: 'CC-200', costCenter2: 'SEA', positionCode: 'CARP', jobTitle: 'Carpenter' },
      workAddress: { emailAddress: 'ana@example.com' },
    });
    const e = toEmployeeRecord('MLC01', raw);
    assert.equal(e.displayName, 'Ana Ruiz');
    assert.equal(e.active, true);
    assert.equal(e.rehired, true);
    assert.equal(e.hireDate, '2019-03-04');
    assert.equal(e.costCenter1, 'CC-200');
    assert.equal(e.email, 'ana@example.com');
    const key = employeeKey(e);
    assert.match(key, /^paylocity:employee:MLC01:1052:h[0-9a-f]{16}$/);
    assert.equal(employeeKey(toEmployeeRecord('MLC01', employeeSchema.parse({ ...raw }))), key);
    assert.notEqual(employeeKey(toEmployeeRecord('MLC01', { ...raw, lastName: 'Ruiz-Soto' })), key);
    const gone = toEmployeeRecord('MLC01', employeeSchema.parse({ employeeId: '1009', status: { employeeStatus: 'T', terminationDate: '10/01/2026' } }));
    assert.equal(gone.active, false);
    assert.equal(gone.terminationDate, '2026-10-01');
  });

  it('settings: defaults, the pay-code table validated, a bad pattern refused', () => {
    const s = paylocityReadSettingsFromNode({});
    assert.equal(s.entity, 'employees');
    assert.equal(s.rules.netPayAccount, '2110');
    assert.equal(s.rules.employerTax.codePattern, '^ER-');
    assert.ok(s.rules.codes.length > 5);
    assert.throws(() => paylocityReadSettingsFromNode({ payCodes: [{ kind: 'employer-tax', code: 'ER-SS', account: '6200' }] }), /row 1: liabilityAccount: employer tax ER-SS needs a liability account/);
    assert.throws(() => paylocityReadSettingsFromNode({ employerTaxPattern: '([' }), /not a regular expression/);
    assert.throws(() => paylocityReadSettingsFromNode({ checkDate: '2026-13-01' }), /is not a date/);
    const t = paylocityReadSettingsFromNode({ employerTaxPattern: '', employerTaxTypes: 'ER, X', taxTypes: 'T' });
    assert.deepEqual(t.rules.employerTax, { codePattern: null, detTypes: ['ER', 'X'] });
  });

  it('messages: webhook payloads choose the employee, or the check date and run', () => {
    const employees = paylocityReadSettingsFromNode({ entity: 'employees' });
    assert.deepEqual(readRequestFor(employees, { payload: 'go' }, 'MLC01'), { entity: 'employees' });
    assert.deepEqual(readRequestFor(employees, { payload: { companyId: 'MLC01', employeeId: 1001 } }, 'MLC01'), { entity: 'employees', employeeIds: ['1001'] });
    assert.deepEqual(readRequestFor(employees, { employees: [{ employeeId: '7' }], payload: {} }, 'MLC01'), { entity: 'employees', employeeIds: ['7'] });
    assert.deepEqual(readRequestFor(paylocityReadSettingsFromNode({ employeeIds: '1, 2' }), {}, 'MLC01'), { entity: 'employees', employeeIds: ['1', '2'] });
    assert.throws(() => readRequestFor(employees, { payload: { companyId: 'C02', employeeId: '1' } }, 'MLC01'), /company C02/);

    const journal = paylocityReadSettingsFromNode({ entity: 'journal' });
    const fromProcessed = readRequestFor(journal, { payload: { companyId: 'MLC01', processId: '2026111302', checkDate: '2026-11-13', runId: '2', status: 'Processed' } }, 'MLC01');
    assert.equal(fromProcessed.entity === 'journal' && `${fromProcessed.checkDate}/${fromProcessed.runId}`, '2026-11-13/2');
    const onlyProcess = readRequestFor(journal, { payload: { processId: '2026112701' } }, 'MLC01');
    assert.equal(onlyProcess.entity === 'journal' && `${onlyProcess.checkDate}/${onlyProcess.runId}`, '2026-11-27/1');
    const latest = readRequestFor(journal, { payload: 'go' }, 'MLC01');
    assert.equal(latest.entity === 'journal' && latest.checkDate, null);
    const fixed = readRequestFor(paylocityReadSettingsFromNode({ entity: 'pay-statements', checkDate: '2026-11-13', payRunId: '01' }), {}, 'MLC01');
    assert.deepEqual(fixed, { entity: 'pay-statements', checkDate: '2026-11-13', runId: '1', parts: 'both' });
    assert.throws(() => readRequestFor(journal, { checkDate: 'soon' }, 'MLC01'), /not a date/);
    assert.deepEqual(readRequestFor(paylocityReadSettingsFromNode({ entity: 'codes' }), { payload: { resource: 'taxes' } }, 'MLC01'), { entity: 'codes', resource: 'taxes' });
  });
});
