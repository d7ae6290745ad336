// msg.mlc.key of each UKG record the read node emits. Keys are what dedup claims: the same version of
// a record read twice must give the same key, a changed record a new one.
import { createHash } from 'node:crypto';
import { stableJson } from '../envelope';
import type { UkgEmployee } from './employee';
import type { JobCode, OrgLevel } from './records';

export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 16);
}

/**
 * `ukg:employee:<companyId>:<employeeId>:<version>`: the version is a hash of everything UKG sent for
 * the employee (employment, person and compensation details). UKG's change stamps are not enough: a
 * compensation-only change need not move the employment record's stamp, and some tenants leave it
 * empty; the hash changes exactly when a field does.
 */
export function employeeKey(employee: UkgEmployee): string {
  return `ukg:employee:${employee.companyId}:${employee.employeeId}:h${contentHash(employee.source)}`;
}

export function orgLevelKey(level: OrgLevel): string {
  return `ukg:org-level:${level.level}:${level.code}`;
}

export function jobKey(job: JobCode): string {
  return `ukg:job:${job.code}`;
}

/** A check: company, employee and UKG's pay identifier (its document number when it has none). */
export function payRegisterKey(row: Record<string, unknown>): RowKey {
  return rowKey('pay-register', [row['companyId'], row['employeeId'], row['checkId'] ?? row['documentNumber']], row);
}

/** Pay statement summaries name their employee in a nested identifier, with lower-case property names. */
export function payStatementKey(row: Record<string, unknown>): RowKey {
  const who = (row['employeeidentifier'] ?? {}) as Record<string, unknown>;
  return rowKey('pay-statement', [who['companyidentifier'], who['employeeidentifier'], row['payidentifier'] ?? row['document']], row);
}

export interface RowKey {
  key: string;
  /** For msg.mlc.source.id: the identifying parts joined by '/'. */
  id: string;
}

/** A row missing an identifying part is keyed by its content, so it is still claimed once. */
function rowKey(kind: string, parts: unknown[], row: unknown): RowKey {
  const texts = parts.map((value) => (typeof value === 'string' || typeof value === 'number' ? String(value) : ''));
  if (texts.some((text) => text === '')) {
    const hash = contentHash(row);
    return { key: `ukg:${kind}:h${hash}`, id: hash };
  }
  return { key: `ukg:${kind}:${texts.join(':')}`, id: texts.join('/') };
}
