// One run of the Procore read node: list an entity page by page (`page`/`per_page`, `Total`/`Link` in
// the client), company-wide or project by project, hand each page of records to the sink, and (mode
// incremental) only what changed in a window `filters[updated_at]=<from>...<to>`, whose `to` becomes the
// cursor in the store once every record of the run is audited (or sent). The window's end is fixed when
// the run starts, so the pages of one run read one consistent range; a crash, a redeploy or a record not
// audited leaves the cursor where it was, and the next run reads the window again (same keys: dedup
// posts nothing twice).
import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { RecordRef } from '../envelope';
import { stableJson } from '../envelope';
import { waitUntilAudited } from '../read/audit-wait';
import type { Store } from '../store/types';
import type { ProcoreClient, Query } from './client';
import { procoreId } from './records';

export type ProcoreReadClient = Pick<ProcoreClient, 'companyId' | 'pages'>;

export const PROCORE_ENTITIES = ['companies', 'projects', 'vendors', 'cost-codes', 'line-item-types', 'commitments', 'direct-costs', 'requisitions'] as const;
export type ProcoreEntity = (typeof PROCORE_ENTITIES)[number];

interface EntityInfo {
  /** In keys, topics and sources: `procore:<noun>:...`, `procore/<noun>`. */
  noun: string;
  projectScoped: boolean;
  /** Whether Procore filters the list by `filters[updated_at]` (C.9). */
  incremental: boolean;
  path(companyId: string, projectId: string | null): { path: string; query: Query };
}

export const ENTITY_INFO: Readonly<Record<ProcoreEntity, EntityInfo>> = {
  companies: { noun: 'company', projectScoped: false, incremental: false, path: () => ({ path: '/rest/v1.0/companies', query: {} }) },
  projects: { noun: 'project', projectScoped: false, incremental: true, path: (c) => ({ path: '/rest/v1.0/projects', query: { company_id: c, 'filters[by_status]': 'All' } }) },
  vendors: { noun: 'vendor', projectScoped: false, incremental: true, path: (c) => ({ path: '/rest/v1.0/vendors', query: { company_id: c } }) },
  'line-item-types': { noun: 'line-item-type', projectScoped: false, incremental: false, path: (c) => ({ path: '/rest/v1.0/line_item_types', query: { company_id: c } }) },
  'cost-codes': { noun: 'cost-code', projectScoped: true, incremental: false, path: (_c, p) => ({ path: '/rest/v1.0/cost_codes', query: { project_id: p } }) },
  commitments: { noun: 'commitment', projectScoped: true, incremental: true, path: (_c, p) => ({ path: '/rest/v1.0/purchase_order_contracts', query: { project_id: p } }) },
  'direct-costs': { noun: 'direct-cost', projectScoped: true, incremental: true, path: (_c, p) => ({ path: `/rest/v1.1/projects/${encodeURIComponent(p ?? '')}/direct_costs`, query: {} }) },
  requisitions: { noun: 'requisition', projectScoped: true, incremental: false, path: (_c, p) => ({ path: '/rest/v1.0/requisitions', query: { project_id: p } }) },
};

export type ProcoreReadRequest = {
  entity: ProcoreEntity;
  /** Projects to read a project-scoped entity of; empty: every project of the company the account sees. */
  projectIds: readonly string[];
  /** Only these records (`filters[id][]`), e.g. a webhook's; never moves the cursor. */
  ids: readonly string[];
  perPage: number;
  incremental: { store: Store; cursorName: string; advance: 'audited' | 'sent'; auditTimeoutMs: number; settleSeconds: number } | null;
};

export interface ProcoreRecordOut {
  topic: string;
  payload: Record<string, unknown>;
  key: string;
  source: RecordRef;
}

export interface ProcoreReadSink {
  emit(records: ProcoreRecordOut[], page: number): void | Promise<void>;
  /** `Total` of the list under way, and the project it is of (null: company-wide). */
  total?(total: number, projectId: string | null): void;
  /** A project begins (project-scoped entities): for progress. */
  project?(projectId: string, index: number, of: number): void;
}

export interface ProcoreReadSummary {
  read: number;
  pages: number;
  projects: number;
  window: { from: string | null; to: string } | null;
  cursor: string | null;
}

export class ProcoreReadError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
    this.name = 'ProcoreReadError';
  }
}

const rowSchema = z.looseObject({ id: procoreId, updated_at: z.string().nullish() });
const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;

function hash(value: unknown): string {
  return createHash('sha256').update(stableJson(value)).digest('hex').slice(0, 16);
}

/**
 * `procore:<noun>:<companyId>:<id>:<version>`: the version is `updated_at` as Procore sent it (for a
 * commitment the latest of it and its lines'), else `h<hash of the record>`. A record read again
 * unchanged has the same key; a changed one a new key.
 */
export function recordKey(noun: string, companyId: string, record: Record<string, unknown>, id: string): string {
  const stamps = [record['updated_at'], ...(Array.isArray(record['line_items']) ? (record['line_items'] as Array<Record<string, unknown>>).map((l) => l?.['updated_at']) : [])].filter((s): s is string => typeof s === 'string' && s !== '');
  const version = stamps.length > 0 ? stamps.sort().at(-1) : `h${hash(record)}`;
  return `procore:${noun}:${companyId}:${id}:${version}`;
}

function recordOut(entity: ProcoreEntity, companyId: string, projectId: string | null, raw: unknown): ProcoreRecordOut {
  const parsed = rowSchema.safeParse(raw);
  if (!parsed.success) throw new ProcoreReadError(`procore read: a ${ENTITY_INFO[entity].noun} without an id (${parsed.error.issues[0]?.message ?? 'invalid'})`, 'MLC_PROCORE_READ_BAD_RECORD');
  const { noun } = ENTITY_INFO[entity];
  const company = entity === 'companies' ? parsed.data.id : companyId;
  const payload: Record<string, unknown> = { ...parsed.data, ...(projectId !== null && parsed.data['project_id'] === undefined ? { project_id: projectId } : {}) };
  return {
    topic: `procore/${noun}`,
    payload,
    key: recordKey(noun, company, payload, parsed.data.id),
    source: { system: 'procore', entity: noun, id: projectId !== null ? `${company}/${projectId}/${parsed.data.id}` : `${company}/${parsed.data.id}` },
  };
}

/** The projects a project-scoped read goes through: the given ones, or all the account sees. */
async function projectsOf(client: ProcoreReadClient, request: ProcoreReadRequest, signal?: AbortSignal): Promise<string[]> {
  if (request.projectIds.length > 0) return [...request.projectIds];
  const ids: string[] = [];
  for await (const page of client.pages<unknown>('/rest/v1.0/projects', { company_id: client.companyId, 'filters[by_status]': 'Active' }, { perPage: request.perPage, ...(signal ? { signal } : {}) })) {
    for (const row of page) ids.push(rowSchema.parse(row).id);
  }
  return ids;
}

/** The cursor as stored: the window's end, ISO UTC to the second. */
export function encodeCursor(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function decodeCursor(value: string | null | undefined, name: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (!ISO.test(value)) throw new ProcoreReadError(`cursor "${name}" holds ${JSON.stringify(value.slice(0, 40))}, not an ISO time such as 2026-11-02T08:00:00Z`, 'MLC_PROCORE_BAD_CURSOR');
  return value;
}

export async function runProcoreRead(client: ProcoreReadClient, request: ProcoreReadRequest, sink: ProcoreReadSink, options: { signal?: AbortSignal; now?: () => number } = {}): Promise<ProcoreReadSummary> {
  const { signal } = options;
  const info = ENTITY_INFO[request.entity];
  const inc = request.ids.length === 0 ? request.incremental : null;
  if (inc && !info.incremental) throw new ProcoreReadError(`procore read: ${request.entity} cannot be read incrementally (Procore has no updated_at filter on it); use mode "all"`, 'MLC_PROCORE_READ_NOT_INCREMENTAL');
  let window: { from: string | null; to: string } | null = null;
  if (inc) {
    const from = decodeCursor((await inc.store.getCursor(inc.cursorName))?.value, inc.cursorName);
    const to = encodeCursor(new Date((options.now ?? Date.now)() - inc.settleSeconds * 1000));
    window = { from, to };
  }
  const filters: Query = {
    ...(window ? { 'filters[updated_at]': `${window.from ?? '1970-01-01T00:00:00Z'}...${window.to}` } : {}),
    ...(request.ids.length > 0 ? { 'filters[id][]': [...request.ids] } : {}),
  };
  const projects: Array<string | null> = info.projectScoped ? await projectsOf(client, request, signal) : [null];
  let read = 0;
  let pages = 0;
  for (const [index, projectId] of projects.entries()) {
    signal?.throwIfAborted();
    if (projectId !== null) sink.project?.(projectId, index + 1, projects.length);
    const { path, query } = info.path(client.companyId, projectId);
    for await (const page of client.pages<unknown>(path, { ...query, ...filters }, { perPage: request.perPage, ...(signal ? { signal } : {}), onTotal: (total) => sink.total?.(total, projectId) })) {
      let records = page.map((row) => recordOut(request.entity, client.companyId, projectId, row));
      if (request.entity === 'commitments' && projectId !== null) records = await withLineItems(client, records, projectId, request.perPage, signal);
      pages++;
      read += records.length;
      await sink.emit(records, pages);
      if (inc?.advance === 'audited') {
        const keys = records.map((r) => r.key);
        const pending = await waitUntilAudited(inc.store, keys, { timeoutMs: inc.auditTimeoutMs, ...(signal ? { signal } : {}) });
        if (pending > 0) {
          throw new ProcoreReadError(
            `${pending} of ${new Set(keys).size} ${request.entity} of page ${pages} were not audited (posted, failed or parked) in time; the cursor "${inc.cursorName}" stays at ${window?.from ?? 'its start'}, so the next run reads them again`,
            'MLC_PROCORE_READ_NOT_AUDITED',
          );
        }
      }
    }
  }
  if (inc && window) await inc.store.setCursor(inc.cursorName, window.to, { onlyForward: true });
  return { read, pages, projects: info.projectScoped ? projects.length : 0, window, cursor: window?.to ?? null };
}

/** A purchase order contract's lines (its schedule of values), read with it; the key then covers them. */
async function withLineItems(client: ProcoreReadClient, records: ProcoreRecordOut[], projectId: string, perPage: number, signal?: AbortSignal): Promise<ProcoreRecordOut[]> {
  const out: ProcoreRecordOut[] = [];
  for (const record of records) {
    const id = String(record.payload['id']);
    const lines: unknown[] = [];
    for await (const page of client.pages<unknown>(`/rest/v1.0/purchase_order_contracts/${encodeURIComponent(id)}/line_items`, { project_id: projectId }, { perPage, ...(signal ? { signal } : {}) })) lines.push(...page);
    const payload = { ...record.payload, line_items: lines };
    out.push({ ...record, payload, key: recordKey('commitment', client.companyId, payload, id) });
  }
  return out;
}
