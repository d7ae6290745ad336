// What the UKG read node sends for each record: topic, payload, msg.mlc.key and source. Built here, out
// of Node-RED, so keys and shapes are one definition for the node, the tests and the bench.
import type { RecordRef } from '../envelope';
import type { UkgEmployee } from './employee';
import { glEntryKey, glLineKey, type GlEntry } from './gl-entries';
import { employeeKey, jobKey, orgLevelKey, payRegisterKey, payStatementKey } from './keys';
import type { GlLine, JobCode, OrgLevel } from './records';

export interface UkgRecordOut {
  topic: string;
  payload: unknown;
  key: string;
  source: RecordRef;
}

export function employeeOut(employee: UkgEmployee, key: string = employeeKey(employee)): UkgRecordOut {
  return { topic: 'ukg/employee', payload: employee, key, source: { system: 'ukg', entity: 'employee', id: `${employee.companyId}/${employee.employeeId}` } };
}

export function glEntryOut(entry: GlEntry): UkgRecordOut {
  return { topic: 'ukg/gl-entry', payload: entry, key: glEntryKey(entry), source: { system: 'ukg', entity: 'gl-entry', id: `${entry.runId}/${entry.group}` } };
}

export function glLineOut(runId: string, blockId: number, line: GlLine, index: number): UkgRecordOut {
  const key = glLineKey(runId, blockId, line, index);
  return { topic: 'ukg/gl-line', payload: line, key, source: { system: 'ukg', entity: 'gl-line', id: key.slice('ukg:gl:'.length).replaceAll(':', '/') } };
}

export function orgLevelOut(level: OrgLevel): UkgRecordOut {
  return { topic: 'ukg/org-level', payload: level, key: orgLevelKey(level), source: { system: 'ukg', entity: 'org-level', id: `${level.level}/${level.code}` } };
}

export function jobOut(job: JobCode): UkgRecordOut {
  return { topic: 'ukg/job', payload: job, key: jobKey(job), source: { system: 'ukg', entity: 'job', id: job.code } };
}

export function payRegisterOut(row: Record<string, unknown>): UkgRecordOut {
  const { key, id } = payRegisterKey(row);
  return { topic: 'ukg/pay-register', payload: row, key, source: { system: 'ukg', entity: 'pay-register', id } };
}

export function payStatementOut(row: Record<string, unknown>): UkgRecordOut {
  const { key, id } = payStatementKey(row);
  return { topic: 'ukg/pay-statement', payload: row, key, source: { system: 'ukg', entity: 'pay-statement', id } };
}
