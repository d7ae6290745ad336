// What the ml-connector editor sidebar asks of a store and what it gets back, kept apart from the
// plugin so it can be tested without Node-RED. Answers carry only what the store keeps, which holds
// no secrets by design; nothing here reads config node credentials.
import { z } from 'zod';
import type { RecordRef } from '../../lib/envelope';
import { RECORD_STATUSES, type AuditRecord, type RecordFilter, type RecordStatus, type RunRecord, type Store, type StoredError } from '../../lib/store/types';

/** Query values the editor leaves blank arrive as ''; they mean "no filter", not "match ''". */
const optionalText = (max: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.string().trim().min(1).max(max).optional());

const STATUSES = RECORD_STATUSES as readonly [RecordStatus, ...RecordStatus[]];

export const RecordsQuerySchema = z.object({
  status: z.enum(STATUSES).default('failed'),
  runId: optionalText(500),
  keyPrefix: optionalText(500),
  afterKey: optionalText(2000),
  limit: z.coerce.number().int().min(1).max(500).default(50),
});
export type RecordsQuery = z.infer<typeof RecordsQuerySchema>;

export const RecordQuerySchema = z.object({ key: z.string().min(1).max(2000) });

export const RunsQuerySchema = z.object({ limit: z.coerce.number().int().min(1).max(200).default(20) });

export const ParkBodySchema = z
  .object({
    key: optionalText(2000),
    runId: optionalText(500),
    reason: z.string().trim().min(1, 'say why the record is set aside').max(500),
  })
  .strict()
  .refine((body) => body.key !== undefined || body.runId !== undefined, { message: 'name a record key or a run id' });
export type ParkBody = z.infer<typeof ParkBodySchema>;

/** The first zod issue as one line, for a 400 answer the sidebar shows as it is. */
export function issueText(error: z.ZodError): string {
  const issue = error.issues[0];
  return `${issue?.path.length ? issue.path.join('.') + ': ' : ''}${issue?.message ?? 'invalid request'}`;
}

export interface StoreView {
  id: string;
  name: string;
  describe: string;
}

export interface ReplayNodeView {
  id: string;
  name: string;
  /** The tab or subflow it sits on, as the editor names it. */
  flow: string | null;
  /** What the node replays when asked with no filter; the sidebar always gives one. */
  scope: 'all' | 'run';
  runId: string | null;
  /** False when its first output goes nowhere, so a replay through it would lose the records. */
  wired: boolean;
}

export interface RecordSummary {
  key: string;
  status: RecordStatus;
  runId: string | null;
  error: StoredError | null;
  attempts: number;
  note: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface RecordDetail extends RecordSummary {
  source: RecordRef | null;
  target: RecordRef | null;
  payload: unknown;
}

export interface RecordPage {
  records: RecordSummary[];
  /** How many match the filter in all, over every page. */
  total: number;
  /** Pass as afterKey for the next page; null on the last one. */
  nextAfterKey: string | null;
}

export interface RunView {
  runId: string;
  flow: string | null;
  status: RunRecord['status'];
  startedAt: string;
  finishedAt: string | null;
  counts: { read: number; posted: number; duplicates: number; failed: number };
  /** Records of the run that are failed now; the run's `failed` counter also counts replayed ones. */
  failedNow: number;
  note: string | null;
}

/** A long error message (a stack, an HTML error page) is cut in lists; the record view has it whole. */
const LIST_ERROR_CHARS = 300;

export function recordSummary(record: AuditRecord): RecordSummary {
  const error = record.error && record.error.message.length > LIST_ERROR_CHARS
    ? { ...record.error, message: `${record.error.message.slice(0, LIST_ERROR_CHARS)}…` }
    : record.error;
  return {
    key: record.key,
    status: record.status,
    runId: record.runId,
    error,
    attempts: record.attempts,
    note: record.note ?? null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** claimedBy (host, pid, node id) and the original msg.mlc stay out: the sidebar has no use for them. */
export function recordDetail(record: AuditRecord): RecordDetail {
  return {
    ...recordSummary(record),
    error: record.error,
    source: record.source,
    target: record.target,
    payload: record.payload,
  };
}

export function recordFilterOf(query: RecordsQuery): RecordFilter {
  return {
    status: query.status,
    ...(query.runId ? { runId: query.runId } : {}),
    ...(query.keyPrefix ? { keyPrefix: query.keyPrefix } : {}),
  };
}

export async function recordPage(store: Store, query: RecordsQuery): Promise<RecordPage> {
  const filter = recordFilterOf(query);
  const [records, total] = await Promise.all([
    store.list({ ...filter, limit: query.limit, ...(query.afterKey ? { afterKey: query.afterKey } : {}) }),
    store.count(filter),
  ]);
  const last = records[records.length - 1];
  return {
    records: records.map(recordSummary),
    total,
    nextAfterKey: records.length === query.limit && last ? last.key : null,
  };
}

export async function runViews(store: Store, limit: number): Promise<RunView[]> {
  const runs = await store.listRuns({ limit });
  return Promise.all(
    runs.map(async (run) => ({
      runId: run.runId,
      flow: run.flow,
      status: run.status,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      counts: {
        read: run.counts.read ?? 0,
        posted: run.counts.posted ?? 0,
        duplicates: run.counts.duplicates ?? 0,
        failed: run.counts.failed ?? 0,
      },
      failedNow: await store.count({ status: 'failed', runId: run.runId }),
      note: run.note,
    })),
  );
}

export async function statusCounts(store: Store): Promise<Record<RecordStatus, number>> {
  const counts = await Promise.all(RECORD_STATUSES.map((status) => store.count({ status })));
  return Object.fromEntries(RECORD_STATUSES.map((status, i) => [status, counts[i] ?? 0])) as Record<RecordStatus, number>;
}

export function parkFilter(body: ParkBody): RecordFilter {
  return { ...(body.key ? { key: body.key } : {}), ...(body.runId ? { runId: body.runId } : {}) };
}
