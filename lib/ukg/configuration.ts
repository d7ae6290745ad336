import type { UkgClient } from './client';
import { splitMultiStatus, type ItemOutcome } from './multistatus';
import { jobSchema, orgLevelSchema, parseRecords, type JobCode, type OrgLevel } from './records';

/**
 * Org levels (branches, departments, cost centers): `GET /configuration/v1/org-levels`, unpaged; only
 * those with one of `codes` when given (UKG's bracketed list filter, `code=[CC-100,CC-600]`).
 */
export async function readOrgLevels(client: UkgClient, filter: { level?: number; isActive?: boolean; codes?: readonly string[] } = {}, signal?: AbortSignal): Promise<OrgLevel[]> {
  const query = {
    ...(filter.isActive !== undefined ? { isActive: filter.isActive } : {}),
    ...(filter.codes !== undefined ? { code: `[${filter.codes.join(',')}]` } : {}),
  };
  const rows = await client.request<unknown>({
    method: 'GET',
    path: '/configuration/v1/org-levels',
    ...(Object.keys(query).length > 0 ? { query } : {}),
    acceptStatuses: [404],
    ...(signal ? { signal } : {}),
  });
  if (rows.status === 404 || rows.data === null) return [];
  const levels = parseRecords(orgLevelSchema, Array.isArray(rows.data) ? rows.data : [], 'org level');
  return filter.level === undefined ? levels : levels.filter((level) => level.level === filter.level);
}

/** Job codes: `GET /configuration/v1/jobs`. */
export async function readJobs(client: UkgClient, signal?: AbortSignal): Promise<JobCode[]> {
  const response = await client.request<unknown>({ method: 'GET', path: '/configuration/v1/jobs', acceptStatuses: [404], ...(signal ? { signal } : {}) });
  if (response.status === 404 || !Array.isArray(response.data)) return [];
  return parseRecords(jobSchema, response.data, 'job');
}

export interface OrgLevelWrite {
  level: number;
  code: string;
  description: string;
  glSegment?: string;
  isActive?: boolean;
  [field: string]: unknown;
}

/**
 * Creates org levels in one bulk POST (207 multi-status, one outcome per item) — the Odoo → UKG side of
 * cost-center alignment. The Add role on Company Configuration Integration is needed.
 */
export async function createOrgLevels(client: UkgClient, levels: OrgLevelWrite[], signal?: AbortSignal): Promise<ItemOutcome[]> {
  const response = await client.request<unknown>({ method: 'POST', path: '/configuration/v1/org-levels', json: levels, acceptStatuses: [207], ...(signal ? { signal } : {}) });
  if (response.status === 207) return splitMultiStatus(response.data, levels.length);
  return levels.map((_, index) => ({ index, ok: true as const, status: response.status, body: Array.isArray(response.data) ? response.data[index] : response.data }));
}

/** Updates one org level by its key (level, code): `PATCH /configuration/v1/org-levels/{level}/{code}`. */
export async function updateOrgLevel(client: UkgClient, level: number, code: string, changes: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
  const response = await client.request<unknown>({
    method: 'PATCH',
    path: `/configuration/v1/org-levels/${level}/${encodeURIComponent(code)}`,
    json: changes,
    // Setting the same fields twice leaves the same org level.
    idempotent: true,
    ...(signal ? { signal } : {}),
  });
  return response.data;
}
