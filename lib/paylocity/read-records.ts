// What the Paylocity read node sends for each record: topic, payload, msg.mlc.key and source. Built here,
// out of Node-RED, so keys and shapes are one definition for the node, the tests and the bench.
import type { RecordRef } from '../envelope';
import type { PaylocityEmployeeRecord } from './employee';
import { codeKey, employeeKey, payStatementKey } from './keys';
import { journalKey, type PayJournalEntry } from './pay-journal';
import type { PaidCheck } from './pay-statements';
import type { CompanyCode } from './records';

export interface PaylocityRecordOut {
  topic: string;
  payload: unknown;
  key: string;
  source: RecordRef;
}

export function employeeOut(employee: PaylocityEmployeeRecord): PaylocityRecordOut {
  return { topic: 'paylocity/employee', payload: employee, key: employeeKey(employee), source: { system: 'paylocity', entity: 'employee', id: `${employee.companyId}/${employee.employeeId}` } };
}

export function payStatementOut(check: PaidCheck): PaylocityRecordOut {
  return {
    topic: 'paylocity/pay-statement',
    payload: check,
    key: payStatementKey(check.companyId, check.employeeId, check.checkDate, check.transactionNumber),
    source: { system: 'paylocity', entity: 'pay-statement', id: `${check.companyId}/${check.employeeId}/${check.checkDate}/${check.transactionNumber}` },
  };
}

export function journalEntryOut(entry: PayJournalEntry): PaylocityRecordOut {
  const key = journalKey(entry);
  return { topic: 'paylocity/journal-entry', payload: entry, key, source: { system: 'paylocity', entity: 'journal-entry', id: key.slice('paylocity:journal:'.length).replaceAll(':', '/') } };
}

export interface CodeRecord extends CompanyCode {
  companyId: string;
  resource: string;
}

export function codeOut(companyId: string, resource: string, code: CompanyCode): PaylocityRecordOut {
  const payload: CodeRecord = { ...code, companyId, resource };
  return { topic: 'paylocity/code', payload, key: codeKey(companyId, resource, code.code), source: { system: 'paylocity', entity: `code:${resource}`, id: code.code } };
}
