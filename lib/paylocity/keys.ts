// msg.mlc.key of each Paylocity record the read node emits. The same version of a record read twice
// gives the same key, a changed record a new one; dedup then posts only what changed.
import { createHash } from 'node:crypto';
import { stableJson } from '../envelope';
import type { PaylocityEmployeeRecord } from './employee';

export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 16);
}

/**
 * `paylocity:employee:<companyId>:<employeeId>:h<hash>`: the hash is of everything Paylocity sent for
 * the employee. WebLink gives no change stamp, so the content is the version: it changes exactly when
 * a field does, and an unchanged employee read again is a duplicate for dedup.
 */
export function employeeKey(employee: Pick<PaylocityEmployeeRecord, 'companyId' | 'employeeId' | 'source'>): string {
  return `paylocity:employee:${employee.companyId}:${employee.employeeId}:h${contentHash(employee.source)}`;
}

/** One check: `paylocity:pay-statement:<companyId>:<employeeId>:<checkDate>:<transactionNumber>`. */
export function payStatementKey(companyId: string, employeeId: string, checkDate: string, transactionNumber: string): string {
  return `paylocity:pay-statement:${companyId}:${employeeId}:${checkDate}:${transactionNumber}`;
}

/** `paylocity:code:<companyId>:<resource>:<code>`. */
export function codeKey(companyId: string, resource: string, code: string): string {
  return `paylocity:code:${companyId}:${resource}:${code}`;
}
