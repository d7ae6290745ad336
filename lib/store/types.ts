// The contract every store implementation honours. The dedup, audit and replay nodes, and the read
// nodes' high-water marks, speak only this interface, so SQLite and PostgreSQL are interchangeable.
import type { MlcEnvelope, RecordRef } from '../envelope';
import type { ControlFigure, ControlSpec, RecordControls } from '../reconcile/spec';
import type { PlanStore } from './plan-types';

/**
 * Life of a record key:
 * - `claimed`: a dedup node holds it and a write is under way.
 * - `posted`: the target system has it; `target` says where. Claims of this key are duplicates.
 * - `failed`: the write or the mapping failed; `error` and `payload` are kept for replay.
 * - `replay`: a user asked to replay it; the next claim wins it again.
 * - `parked`: set aside on purpose (e.g. "will fix by hand"); claims neither win nor count as duplicate.
 */
export type RecordStatus = 'claimed' | 'posted' | 'failed' | 'replay' | 'parked';
export const RECORD_STATUSES: readonly RecordStatus[] = ['claimed', 'posted', 'failed', 'replay', 'parked'];

export interface StoredError {
  message: string;
  code?: string;
  /** The node (or system) that reported it, e.g. "mlc-map" or "odoo". */
  source?: string;
  /** The id of the node that reported it, so the sidebar can say where in the flow it failed. */
  node?: string;
}

/** One failed attempt, kept in the record's history so a later failure never hides the first cause. */
export interface AttemptError {
  at: string; // ISO-8601 UTC
  /** The record's attempts counter when it failed. */
  attempt: number;
  error: StoredError;
}

/** How many failures a record's history keeps: the first, and the latest ones up to this many in all. */
export const HISTORY_LIMIT = 20;

/**
 * Who holds a claim: the Node-RED instance (stable across its restarts: host and user directory)
 * and the process start (random per start). A restarted instance knows a claim of its own earlier
 * start is orphaned; other instances know it is dead when the process's lease lapses.
 */
export interface ClaimHolder {
  instance: string;
  process: string;
}

export interface AuditRecord {
  key: string;
  status: RecordStatus;
  runId: string | null;
  source: RecordRef | null;
  target: RecordRef | null;
  /** How many times the key was claimed (1 on first claim, +1 for each replay claim). */
  attempts: number;
  error: StoredError | null;
  /** The record as it was when it failed: what replay re-emits as msg.payload. */
  payload: unknown;
  /** The original msg.mlc, so replay re-emits the same journey. */
  mlc: MlcEnvelope | null;
  /** Opaque id of the claimant (node id + process), so a stale claim can be told from a live one. */
  claimedBy: string | null;
  /** When the current claim was taken (null unless claimed). */
  claimedAt: string | null;
  /** The record as it entered the mapping (msg.mlc.input): what replay sends through the flow's mapping again. */
  input: unknown;
  /** The flow (tab) whose nodes recorded it, so a replay node serves its own flow's records. */
  flow: string | null;
  /** Every failed attempt, oldest first (the first always kept; see HISTORY_LIMIT). */
  history: AttemptError[];
  /**
   * Why the record was parked, or a failure reported after it was already posted (such a report is
   * kept here and never turns a posted record into a failed one). Stores always fill it in.
   */
  note?: string | null;
  createdAt: string; // ISO-8601 UTC
  updatedAt: string; // ISO-8601 UTC
}

export interface ClaimRequest {
  key: string;
  owner: string;
  runId?: string | null;
  source?: RecordRef | null;
  mlc?: MlcEnvelope | null;
  payload?: unknown;
  /** A claim older than this (by another owner) is taken over: its holder is presumed dead. */
  staleAfterMs?: number;
  /** The claimant's instance and process start, so its claims can be recovered after a crash. */
  holder?: ClaimHolder | null;
  /** The record as it entered the mapping. */
  input?: unknown;
  flow?: string | null;
}

export type ClaimResult =
  | { outcome: 'claimed'; attempts: number }
  | { outcome: 'duplicate'; target: RecordRef | null; record: AuditRecord }
  | { outcome: 'in-progress'; claimedBy: string | null }
  | { outcome: 'parked'; record: AuditRecord };

export interface FailureReport {
  key: string;
  error: StoredError;
  payload?: unknown;
  mlc?: MlcEnvelope | null;
  runId?: string | null;
  source?: RecordRef | null;
  /**
   * The claim owner this failure belongs to (msg.mlc.claim from dedup). A claimed record changes to
   * failed only when its owner reports it: a failure reported by anyone else (another instance, a
   * map rejection of a replayed copy) goes into the history and leaves the live claim alone.
   */
  owner?: string | null;
  /** The record as it entered the mapping. */
  input?: unknown;
  flow?: string | null;
}

export interface PostedReport {
  key: string;
  target: RecordRef;
  payload?: unknown;
  mlc?: MlcEnvelope | null;
  runId?: string | null;
  source?: RecordRef | null;
  input?: unknown;
  flow?: string | null;
}

/** A read record (`readKey`, the key its read gave it) and a record it went on as under another key. */
export interface ReadKeyLink {
  readKey: string;
  key: string;
}

export interface RecordFilter {
  status?: RecordStatus | RecordStatus[];
  runId?: string;
  key?: string;
  /**
   * Only records whose key is one of these (duplicates are harmless); an empty list matches no
   * record. One parameter however long, so a page of thousands of keys is one statement.
   */
  keys?: readonly string[];
  /** Keys starting with this prefix, e.g. "ukg:payrun:2026-11-15:". */
  keyPrefix?: string;
  /** Records of this flow (tab id). */
  flow?: string;
  limit?: number;
  /** Keyset paging: only keys greater than this (records are ordered by key). */
  afterKey?: string;
}

export interface Cursor {
  name: string;
  value: string;
  updatedAt: string;
}

export interface RunCounts {
  read?: number;
  posted?: number;
  duplicates?: number;
  /** Keys another claimant held while this run met them: neither new nor duplicate. */
  inProgress?: number;
  failed?: number;
  [counter: string]: number | undefined;
}

export interface RunRecord {
  runId: string;
  flow: string | null;
  status: 'running' | 'finished' | 'failed';
  startedAt: string;
  finishedAt: string | null;
  counts: RunCounts;
  note: string | null;
}

/** A run's control totals: every record's figures summed per dimension value and measure. */
export interface RunControls {
  runId: string;
  /** The controls the run's records were counted with (the latest, if a mapping changed mid-run). */
  spec: ControlSpec | null;
  figures: ControlFigure[];
}

export type ReconciliationStatus = 'tied' | 'off';

/** The last reconciliation of a run; `result` is what mlc-reconcile sent (lib/reconcile ReconcileResult). */
export interface RunReconciliation {
  runId: string;
  status: ReconciliationStatus;
  checkedAt: string;
  result: unknown;
}

export interface Lease {
  name: string;
  holder: string;
  expiresAt: string;
}

export interface Store extends PlanStore {
  /** "sqlite" or "postgres", for status text and logs. */
  readonly kind: 'sqlite' | 'postgres';

  /**
   * Atomic: among concurrent claimants of one key (in this process or another) exactly one wins.
   * Wins when there is no row, the row is failed or replay, or another owner's claim is older than
   * staleAfterMs; each win adds one to attempts. A key the same owner already holds answers
   * in-progress and changes nothing: owners are unique per node instance, so that is a second
   * message with the same key in flight in one node.
   */
  claim(request: ClaimRequest): Promise<ClaimResult>;
  /** The same as many claim() calls, in one transaction; results in request order. */
  claimMany(requests: ClaimRequest[]): Promise<ClaimResult[]>;

  /** Records the key as posted (creating the row if no claim preceded it), whatever its state; clears error and note. */
  markPosted(report: PostedReport): Promise<void>;
  markPostedMany(reports: PostedReport[]): Promise<void>;
  /**
   * Records the key as failed with its error and payload (creating the row if needed). A posted key
   * stays posted and the failure becomes its `note`; a parked key stays parked (error and payload
   * are updated).
   */
  markFailed(report: FailureReport): Promise<void>;
  markFailedMany(reports: FailureReport[]): Promise<void>;
  /**
   * Sets records aside; returns how many changed. Takes failed and replay records, or claimed ones
   * when the filter asks for status claimed; never posted ones. No limit unless the filter gives one.
   */
  park(filter: RecordFilter, reason?: string): Promise<number>;

  get(key: string): Promise<AuditRecord | null>;
  list(filter: RecordFilter): Promise<AuditRecord[]>;
  /** How many match; `limit` is ignored. */
  count(filter: RecordFilter): Promise<number>;
  /**
   * Moves the matching failed (or parked) records to `replay` and returns them as they were,
   * so their next claim wins. Posted records are never reset.
   */
  resetForReplay(filter: RecordFilter): Promise<AuditRecord[]>;

  /**
   * Claims this holder's earlier process starts left behind (the instance restarted, possibly with
   * the same host name and pid, as a container does) become failed with MLC_CLAIM_ORPHANED: the
   * write's outcome is unknown, and the next claim, a rerun or a replay, wins them at once. The
   * leases those starts held (a read's, `instance|process`) are given up too, so the restarted
   * instance reads again at once. Returns how many claims it released.
   */
  recoverOrphans(holder: ClaimHolder): Promise<number>;
  /**
   * Keeps this process start alive for `leaseMs`. Claims of a process whose lease lapsed may be taken
   * over by any other claimant at once (a dead instance's records are not held for staleAfterMs).
   */
  heartbeat(holder: ClaimHolder, leaseMs: number): Promise<void>;
  /**
   * Turns claims matching the filter (status claimed) into failed with MLC_CLAIM_RELEASED and the
   * reason; for a user who knows the claimant is gone. Returns how many changed.
   */
  releaseClaims(filter: RecordFilter, reason: string): Promise<number>;
  /**
   * Takes the named lease for `ttlMs` when it is free, lapsed or already this holder's (then it is
   * renewed). Answers the lease as it stands, so a refusal says who holds it until when.
   */
  acquireLease(name: string, holder: string, ttlMs: number): Promise<{ acquired: boolean; lease: Lease }>;
  /** Gives the lease up if this holder has it. */
  releaseLease(name: string, holder: string): Promise<void>;

  /**
   * Drops what a posted record carried (payload, the record as read) once it was posted longer ago
   * than `olderThanMs`: payroll data need not be kept once it reached its target. Keys, targets,
   * runs and errors stay, so dedup and the audit trail are unchanged. Returns how many it cleared.
   */
  prunePostedPayloads(olderThanMs: number): Promise<number>;

  /**
   * Notes that the read record `readKey` went on as the record `key` (a map that set its own key, a
   * split into several records). Kept once per pair; a read's audit wait follows these links.
   */
  linkReadKeys(links: readonly ReadKeyLink[]): Promise<void>;
  /**
   * How many of these read keys are done: the record under the read key has one of `statuses`, or
   * the read key is linked to records and every one of them has one of `statuses`.
   */
  countDoneReads(readKeys: readonly string[], statuses: readonly RecordStatus[]): Promise<number>;

  getCursor(name: string): Promise<Cursor | null>;
  /** Sets the cursor; with `onlyForward` it never moves back (compared as strings, so use sortable values). */
  setCursor(name: string, value: string, options?: { onlyForward?: boolean }): Promise<Cursor>;

  startRun(run: { runId: string; flow?: string | null; note?: string | null }): Promise<RunRecord>;
  /** Adds to the run's counters (creating the run if unknown). */
  addRunCounts(runId: string, counts: RunCounts): Promise<void>;
  finishRun(runId: string, status?: 'finished' | 'failed', note?: string | null): Promise<RunRecord | null>;
  getRun(runId: string): Promise<RunRecord | null>;
  listRuns(options?: { limit?: number }): Promise<RunRecord[]>;

  /**
   * Sets each record's share of its run's control totals, replacing what the same record gave before
   * (a replayed or re-read record counts once, with its latest figures).
   */
  recordControls(entries: readonly RecordControls[]): Promise<void>;
  /** The runs whose control totals count this record (a record read again by a later run counts in both). */
  runsCounting(key: string): Promise<string[]>;
  /** The run's control totals, summed exactly in the database; null spec and no figures for a run without controls. */
  runControls(runId: string): Promise<RunControls>;
  saveReconciliation(reconciliation: RunReconciliation): Promise<void>;
  /** The last reconciliation of each of these runs that has one. */
  listReconciliations(runIds: readonly string[]): Promise<RunReconciliation[]>;

  close(): Promise<void>;
}

export type StoreConfig =
  | { kind: 'sqlite'; path: string }
  | { kind: 'postgres'; connectionString: string; password?: string; schema?: string; poolSize?: number };
