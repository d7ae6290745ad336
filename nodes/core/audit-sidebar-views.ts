// What the ml-connector editor sidebar asks of a store and what it gets back, kept apart from the
// plugin so it can be tested without Node-RED. Answers carry only what the store keeps, which holds
// no secrets by design; nothing here reads config node credentials.
import { z } from 'zod';
import type { RecordRef } from '../../lib/envelope';
import { RECORD_STATUSES, type AttemptError, type AuditRecord, type RecordFilter, type RecordStatus, type RunRecord, type Store, type StoredError } from '../../lib/store/types';
import { reconciliationsByRun, type ReconciliationView } from './audit-sidebar-reconciliation';

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

/** Release one claim whose holder the user knows is gone; the reason is kept in the record's error. */
export const ReleaseBodySchema = z
  .object({
    key: z.string().trim().min(1, 'name the claimed record\'s key').max(2000),
    reason: optionalText(500),
  })
  .strict();
export type ReleaseBody = z.infer<typeof ReleaseBodySchema>;

/** What the store keeps as the release reason: who did it, from where, and why if they said. */
export function releaseReason(user: string | null, reason: string | undefined): string {
  const who = user ? `user ${user}` : 'an editor user (no adminAuth login)';
  return `released by ${who} in the ml-connector sidebar${reason ? ` (${reason})` : ''}`;
}

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
  /** That tab's id: records keep it as their `flow`, so the sidebar finds a record's own replay node. */
  flowId: string | null;
  /** What the node replays when asked with no filter (its own flow's failed records by default). */
  scope: 'flow' | 'all' | 'run';
  runId: string | null;
  /** False when its first output goes nowhere, so a replay through it would lose the records. */
  wired: boolean;
}

export interface RecordSummary {
  key: string;
  status: RecordStatus;
  runId: string | null;
  /** The tab id of the flow that recorded it. */
  flow: string | null;
  error: StoredError | null;
  attempts: number;
  note: string | null;
  /** For a claimed record only: who holds it (host:pid:tag:node:n, no secret) and since when. */
  claimedBy: string | null;
  claimedAt: string | null;
  createdAt: string;
  updatedAt: string;
}

/** One failed attempt as the sidebar shows it: the node that failed it named as the editor names it. */
export interface HistoryEntry extends AttemptError {
  /** "name (type) on flow", or null when the error names no node or the node is gone. */
  nodeLabel: string | null;
}

export interface RecordDetail extends RecordSummary {
  /** The flow's name as the editor shows it, when that tab is deployed. */
  flowName: string | null;
  source: RecordRef | null;
  target: RecordRef | null;
  /** Left out (null, with payloadHidden) for a user without the mlc-store.payload permission. */
  payload: unknown;
  payloadHidden?: true;
  /** Every failed attempt's error, oldest first. */
  history: HistoryEntry[];
}

/** Names a node id for people: the routes fill it from the deployed flows. */
export type NodeLabeler = (nodeId: string) => string | null;
/** Names a flow (tab id) as the editor does. */
export type FlowLabeler = (flowId: string) => string | null;

export interface RecordPage {
  records: RecordSummary[];
  /** How many match the filter in all, over every page. */
  total: number;
  /** Pass as afterKey for the next page; null on the last one. */
  nextAfterKey: string | null;
}

export interface RunView {
  runId: string;
  /** What the run recorded as its flow: the tab id of the read node that started it. */
  flow: string | null;
  /** That flow's name in the editor (or the recorded value itself when it is no deployed tab id). */
  flowName: string | null;
  status: RunRecord['status'];
  startedAt: string;
  finishedAt: string | null;
  /**
   * The run's counters as it went. `failed` here is how many failures it met (replayed, released and
   * posted-later ones included), shown apart; `inProgress` keys another claimant held (never duplicates).
   */
  counts: { read: number; posted: number; duplicates: number; inProgress: number; failed: number };
  /** Records of the run whose status is failed now: the same definition as the store's "failed" chip. */
  failedNow: number;
  note: string | null;
  /** The run's last reconciliation with its target, if it had one. */
  reconciliation: ReconciliationView | null;
}

/** Failed records of one flow, and the replay node "Replay all failed" sends them through. */
export interface FlowFailures {
  /** Tab id; null for records that name no deployed flow (recorded before flows were kept, or the tab is gone). */
  flow: string | null;
  flowName: string | null;
  failed: number;
  /** The flow's own replay node of this store (a wired one first), or null when it has none. */
  replayNode: ReplayNodeView | null;
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
    flow: record.flow ?? null,
    error,
    attempts: record.attempts,
    note: record.note ?? null,
    claimedBy: record.status === 'claimed' ? record.claimedBy : null,
    claimedAt: record.status === 'claimed' ? record.claimedAt : null,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * The original msg.mlc and the record as read stay out (the payload is what failed); the claim's
 * owner shows only while it is claimed. History entries name the node that failed each attempt.
 */
export function recordDetail(record: AuditRecord, labels: { node?: NodeLabeler; flow?: FlowLabeler } = {}, showPayload = true): RecordDetail {
  return {
    ...recordSummary(record),
    error: record.error,
    flowName: record.flow ? (labels.flow?.(record.flow) ?? null) : null,
    source: record.source,
    target: record.target,
    payload: showPayload ? record.payload : null,
    ...(showPayload ? {} : { payloadHidden: true as const }),
    history: (record.history ?? []).map((entry) => ({
      ...entry,
      nodeLabel: entry.error.node ? (labels.node?.(entry.error.node) ?? null) : null,
    })),
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

export async function runViews(store: Store, limit: number, flowLabel: FlowLabeler = () => null): Promise<RunView[]> {
  const runs = await store.listRuns({ limit });
  const reconciled = await reconciliationsByRun(store, runs.map((run) => run.runId));
  return Promise.all(
    runs.map(async (run) => ({
      runId: run.runId,
      flow: run.flow,
      flowName: run.flow ? (flowLabel(run.flow) ?? run.flow) : null,
      status: run.status,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      counts: {
        read: run.counts.read ?? 0,
        posted: run.counts.posted ?? 0,
        duplicates: run.counts.duplicates ?? 0,
        inProgress: run.counts.inProgress ?? 0,
        failed: run.counts.failed ?? 0,
      },
      failedNow: await store.count({ status: 'failed', runId: run.runId }),
      note: run.note,
      reconciliation: reconciled.get(run.runId) ?? null,
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

/** A flow's own replay node: one that serves the flow by default and is wired first, then any wired one, then any. */
export function replayNodeOfFlow(nodes: readonly ReplayNodeView[], flowId: string): ReplayNodeView | null {
  const own = nodes.filter((n) => n.flowId === flowId);
  const rank = (n: ReplayNodeView) => (n.wired ? 0 : 2) + (n.scope === 'flow' ? 0 : 1);
  return [...own].sort((a, b) => rank(a) - rank(b) || a.id.localeCompare(b.id))[0] ?? null;
}

/**
 * Failed records per flow, for "Replay all failed": every deployed tab (and every replay node's flow)
 * is counted, and what no such flow holds is one entry with flow null, so nothing is left out.
 */
export async function failuresByFlow(store: Store, flows: ReadonlyMap<string, string>, nodes: readonly ReplayNodeView[]): Promise<FlowFailures[]> {
  const ids = new Set<string>(flows.keys());
  for (const n of nodes) if (n.flowId) ids.add(n.flowId);
  const [total, ...perFlow] = await Promise.all([
    store.count({ status: 'failed' }),
    ...[...ids].map((flow) => store.count({ status: 'failed', flow })),
  ]);
  const result: FlowFailures[] = [...ids]
    .map((flow, i) => ({ flow, flowName: flows.get(flow) ?? null, failed: perFlow[i] ?? 0, replayNode: replayNodeOfFlow(nodes, flow) }))
    .filter((f) => f.failed > 0);
  result.sort((a, b) => (a.flowName ?? a.flow ?? '').localeCompare(b.flowName ?? b.flow ?? ''));
  const rest = (total ?? 0) - result.reduce((sum, f) => sum + f.failed, 0);
  if (rest > 0) result.push({ flow: null, flowName: null, failed: rest, replayNode: null });
  return result;
}

/** The permission that shows payloads (salaries, personal data) in the sidebar. */
export const PAYLOAD_PERMISSION = 'mlc-store.payload';

/**
 * Whether a user's permissions grant `permission`, by Node-RED's rules: '*' grants everything, 'read'
 * (or '*.read') only permissions ending in '.read', a name itself, or any entry of a list. With no
 * adminAuth there is no user on the request, and the editor is everyone's: granted.
 */
export function userHasPermission(user: unknown, permission: string): boolean {
  if (user === undefined || user === null) return true;
  const scope = (user as { permissions?: unknown }).permissions;
  const grants = (one: unknown): boolean => {
    if (one === '*' || one === permission) return true;
    if (one === 'read' || one === '*.read') return /\.read$/.test(permission);
    return false;
  };
  return Array.isArray(scope) ? scope.some(grants) : grants(scope);
}
