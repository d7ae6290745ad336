// The store over one SQLite file through node:sqlite: embedded, no native build. DatabaseSync blocks
// the event loop, so each operation is one short transaction, and batches share one transaction
// (BEGIN IMMEDIATE), which also serialises writers across processes sharing the file while WAL
// lets readers go on. busy_timeout makes a second process wait for the lock instead of failing.
import { chmodSync, closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { DatabaseSync, type SQLOutputValue, type StatementSync } from 'node:sqlite';
import {
  appendHistory,
  checkHolder,
  checkLease,
  checkRetention,
  failureDecision,
  mayTakeOver,
  ORPHANED_CODE,
  orphanedMessage,
  processLeaseName,
  refusalFor,
  RELEASED_CODE,
  staleCutoffIso,
} from './claim-rules';
import type { RecordControls } from '../reconcile/spec';
import { signalAudited } from './audit-signal';
import { controlRows, figureOf, latestSpecs, reconciliationOf, specOf } from './control-rows';
import { StoreError, messageOf } from './errors';
import { SqliteParams, filterSql, type FilterScope } from './filters';
import {
  claimInput,
  countIncrements,
  failureInput,
  lateFailureNote,
  postedInput,
  type ClaimInput,
  type FailureInput,
  type PostedInput,
} from './inputs';
import { migrateSqlite } from './migrations/sqlite';
import { SQLITE_AUTOCHECKPOINT_PAGES, WalCheckpointer } from './wal-checkpointer';
import { leaseHolderId } from './process-identity';
import { doneOwnKeysSql, doneReadsSql } from './read-links';
import { DEFAULT_PLAN_PAGE, DEFAULT_PLAN_RUNS, PLAN_ENTRY_COLUMNS, planLimit, planRunsSql, toPlanEntry, toPlanRun } from './plan-rows';
import type { PlanEntry, PlanEntryReport, PlanRunSummary } from './plan-types';
import { jsonOrNull, parseJsonColumn } from './rows';
import { RECORD_COLUMNS, RUN_COLUMNS, sqliteAuditRecord, sqliteCursor, sqliteRecordRow, sqliteRunRecord, type SqliteRecordRow } from './sqlite-rows';
import { COUNT_SCOPE, LIST_SCOPE, PARK_SCOPE, RELEASE_SCOPE, REPLAY_SCOPE, runListLimit } from './scopes';
import type {
  AttemptError,
  AuditRecord,
  ClaimHolder,
  ClaimRequest,
  ClaimResult,
  Cursor,
  FailureReport,
  Lease,
  PostedReport,
  ReadKeyLink,
  RecordFilter,
  RecordStatus,
  RunControls,
  RunCounts,
  RunReconciliation,
  RunRecord,
  Store,
  StoredError,
} from './types';

/** Built once: statements are looked up by their text, and this one runs for every record claimed. */
const RECORD_BY_KEY = `SELECT ${RECORD_COLUMNS} FROM mlc_records WHERE key = ?`;

/** How long a writer waits for another process's transaction before giving up with MLC_STORE_BUSY. */
export const SQLITE_BUSY_TIMEOUT_MS = 10_000;

export function openSqliteStore(path: string): SqliteStore {
  let db: DatabaseSync;
  try {
    if (path !== ':memory:' && !path.startsWith('file:')) {
      mkdirSync(dirname(path), { recursive: true });
      ownerOnly(path);
    }
    db = new DatabaseSync(path);
  } catch (err) {
    throw new StoreError('MLC_STORE_UNAVAILABLE', `store: cannot open SQLite file ${path}: ${messageOf(err)}`, { cause: err });
  }
  try {
    // busy_timeout first: switching to WAL itself needs the lock another process may hold.
    db.exec(`PRAGMA busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
    db.prepare('PRAGMA journal_mode = WAL').get();
    // NORMAL in WAL mode: a power cut may lose the last commits but never corrupts the file.
    db.exec('PRAGMA synchronous = NORMAL');
    migrateSqlite(db);
    gatherPlannerStatistics(db);
  } catch (err) {
    db.close();
    throw storeErrorOf(err, path);
  }
  const store = new SqliteStore(db, path);
  store.startCheckpointer();
  return store;
}

/**
 * Statistics let the planner weigh the record indexes by how many rows each narrows to. optimize
 * gathers them only for tables that have none or have grown a lot since, and the analysis limit
 * makes that a sample, so opening a store of millions of records stays quick.
 */
function gatherPlannerStatistics(db: DatabaseSync): void {
  db.exec('PRAGMA analysis_limit = 1000');
  db.exec('PRAGMA optimize = 0x10002');
}

/**
 * The store holds payroll records: the file is created readable and writable by its owner only, and
 * an existing one is narrowed to that. SQLite gives its -wal and -shm files the database file's mode.
 */
function ownerOnly(path: string): void {
  closeSync(openSync(path, 'a', 0o600));
  try {
    chmodSync(path, 0o600);
  } catch {
    // Not ours to change (another user's file we may still read): SQLite says so if it cannot open it.
  }
}

export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  private db: DatabaseSync | null;
  private readonly statements = new Map<string, StatementSync>();
  private checkpointer: WalCheckpointer | null = null;

  constructor(db: DatabaseSync, private readonly path: string) {
    this.db = db;
  }

  claim(request: ClaimRequest): Promise<ClaimResult> {
    return this.claimMany([request]).then((results) => results[0] ?? refusalFor(null));
  }

  claimMany(requests: ClaimRequest[]): Promise<ClaimResult[]> {
    return this.write(() => {
      const inputs = requests.map(claimInput);
      const nowMs = Date.now();
      // The batch's rows read in a few statements and its new keys inserted several to a statement: a
      // statement call from JS costs about as much as the row it reads or writes, and claiming is
      // dedup's per-record work. A key the batch names twice goes the one-key way the second time,
      // after the rows before it are in, so it sees its own first claim.
      const found = this.rowsByKey(inputs);
      const fresh: ClaimInput[] = [];
      const seen = new Set<string>();
      const results = inputs.map((input): ClaimResult => {
        if (seen.has(input.key)) {
          this.insertClaims(fresh, nowMs);
          fresh.length = 0;
          return this.claimOne(input, nowMs);
        }
        seen.add(input.key);
        const raw = found.get(input.key);
        if (raw) return this.claimOne(input, nowMs, raw);
        fresh.push(input);
        return { outcome: 'claimed', attempts: 1 };
      });
      this.insertClaims(fresh, nowMs);
      return results;
    });
  }

  markPosted(report: PostedReport): Promise<void> {
    return this.markPostedMany([report]);
  }

  markPostedMany(reports: PostedReport[]): Promise<void> {
    return this.writeOutcomes(() => {
      const now = new Date().toISOString();
      this.upsertPosted(reports.map(postedInput), now);
    });
  }

  markFailed(report: FailureReport): Promise<void> {
    return this.markFailedMany([report]);
  }

  markFailedMany(reports: FailureReport[]): Promise<void> {
    return this.writeOutcomes(() => {
      const now = new Date().toISOString();
      for (const input of reports.map(failureInput)) this.upsertFailed(input, now);
    });
  }

  park(filter: RecordFilter, reason?: string): Promise<number> {
    return this.writeOutcomes(() => {
      const params = new SqliteParams();
      const reasonParam = params.add(reason ?? null);
      const nowParam = params.add(new Date().toISOString());
      const sql = filterSql(filter, params, PARK_SCOPE);
      if (sql.matchesNothing) return 0;
      const result = this.statement(
        `UPDATE mlc_records SET status = 'parked', note = coalesce(${reasonParam}, note), updated_at = ${nowParam}
         WHERE key IN (SELECT key FROM mlc_records${sql.where}${sql.orderAndLimit})`,
      ).run(...params.values);
      return Number(result.changes);
    });
  }

  get(key: string): Promise<AuditRecord | null> {
    return this.read(() => {
      const raw = this.statement(RECORD_BY_KEY).get(key);
      return raw ? sqliteAuditRecord(sqliteRecordRow(raw)) : null;
    });
  }

  list(filter: RecordFilter): Promise<AuditRecord[]> {
    return this.read(() => this.select(filter, LIST_SCOPE));
  }

  count(filter: RecordFilter): Promise<number> {
    return this.read(() => {
      const query = countQuery(filter);
      if (!query) return 0;
      const row = this.statement(query.sql).get(...query.params);
      return Number(row?.['n'] ?? 0);
    });
  }

  resetForReplay(filter: RecordFilter): Promise<AuditRecord[]> {
    return this.write(() => {
      const records = this.select(filter, REPLAY_SCOPE);
      const now = new Date().toISOString();
      const reset = this.statement(`UPDATE mlc_records SET status = 'replay', updated_at = ? WHERE key = ?`);
      for (const record of records) reset.run(now, record.key);
      return records;
    });
  }

  recoverOrphans(holder: ClaimHolder): Promise<number> {
    return this.writeOutcomes(() => {
      checkHolder(holder);
      const orphans = this.statement(
        `SELECT ${RECORD_COLUMNS} FROM mlc_records WHERE status = 'claimed' AND claimed_instance = ? AND claimed_process IS NOT ?`,
      )
        .all(holder.instance, holder.process)
        .map((raw) => sqliteRecordRow(raw));
      const now = new Date().toISOString();
      for (const row of orphans) {
        this.failClaim(row, { message: orphanedMessage(row.claimed_by, row.claimed_at), code: ORPHANED_CODE, source: 'mlc-store' }, now);
      }
      this.statement(`DELETE FROM mlc_leases WHERE substr(holder, 1, length(?) + 1) = ? || '|' AND holder <> ?`).run(
        holder.instance,
        holder.instance,
        leaseHolderId(holder),
      );
      return orphans.length;
    });
  }

  heartbeat(holder: ClaimHolder, leaseMs: number): Promise<void> {
    return this.write(() => {
      checkHolder(holder);
      checkLease(processLeaseName(holder.process), holder.instance, leaseMs);
      const now = Date.now();
      this.statement(
        `INSERT INTO mlc_leases (name, holder, expires_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
      ).run(processLeaseName(holder.process), holder.instance, new Date(now + leaseMs).toISOString(), new Date(now).toISOString());
    });
  }

  releaseClaims(filter: RecordFilter, reason: string): Promise<number> {
    return this.writeOutcomes(() => {
      const rows = this.selectRows(filter, RELEASE_SCOPE);
      const now = new Date().toISOString();
      for (const row of rows) {
        const message = `claim of ${row.claimed_by ?? 'an unknown owner'} released: ${reason}; the write's outcome is unknown, so the next claim looks the key up in the target first`;
        this.failClaim(row, { message, code: RELEASED_CODE, source: 'mlc-store' }, now);
      }
      return rows.length;
    });
  }

  acquireLease(name: string, holder: string, ttlMs: number): Promise<{ acquired: boolean; lease: Lease }> {
    return this.write(() => {
      checkLease(name, holder, ttlMs);
      const nowMs = Date.now();
      const now = new Date(nowMs).toISOString();
      this.statement(
        `INSERT INTO mlc_leases (name, holder, expires_at, updated_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, updated_at = excluded.updated_at
         WHERE mlc_leases.holder = excluded.holder OR mlc_leases.expires_at <= excluded.updated_at`,
      ).run(name, holder, new Date(nowMs + ttlMs).toISOString(), now);
      const lease = this.lease(name);
      if (!lease) throw new StoreError('MLC_STORE_QUERY', `store: lease "${name}" vanished while being taken`);
      return { acquired: lease.holder === holder, lease };
    });
  }

  releaseLease(name: string, holder: string): Promise<void> {
    return this.write(() => {
      checkLease(name, holder);
      this.statement('DELETE FROM mlc_leases WHERE name = ? AND holder = ?').run(name, holder);
    });
  }

  prunePostedPayloads(olderThanMs: number): Promise<number> {
    return this.write(() => {
      checkRetention(olderThanMs);
      const cutoff = new Date(Date.now() - olderThanMs).toISOString();
      const result = this.statement(
        `UPDATE mlc_records SET payload = NULL, input = NULL
         WHERE status = 'posted' AND updated_at < ? AND (payload IS NOT NULL OR input IS NOT NULL)`,
      ).run(cutoff);
      return Number(result.changes);
    });
  }

  linkReadKeys(links: readonly ReadKeyLink[]): Promise<void> {
    if (links.length === 0) return Promise.resolve();
    return this.writeOutcomes(() => {
      const link = this.statement('INSERT INTO mlc_read_links (read_key, key, created_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING');
      const now = new Date().toISOString();
      for (const l of links) link.run(l.readKey, l.key, now);
    });
  }

  countDoneReads(readKeys: readonly string[], statuses: readonly RecordStatus[]): Promise<number> {
    if (readKeys.length === 0 || statuses.length === 0) return Promise.resolve(0);
    return this.read(() => {
      const keys = JSON.stringify(readKeys);
      // Most read records go on under their own keys: when each of them already holds an outcome the
      // answer is known from the keys alone (about half the cost); otherwise links are looked at too.
      const own = Number(this.statement(doneOwnKeysSql(statuses)).get(keys)?.['n'] ?? 0);
      if (own === new Set(readKeys).size) return own;
      const sql = doneReadsSql({ records: 'mlc_records', readLinks: 'mlc_read_links' }, 'SELECT DISTINCT value FROM json_each(?)', statuses);
      return Number(this.statement(sql).get(keys)?.['n'] ?? 0);
    });
  }

  getCursor(name: string): Promise<Cursor | null> {
    return this.read(() => this.cursor(name));
  }

  setCursor(name: string, value: string, options: { onlyForward?: boolean } = {}): Promise<Cursor> {
    return this.write(() => {
      this.statement(
        `INSERT INTO mlc_cursors (name, value, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
         WHERE ? = 0 OR excluded.value > mlc_cursors.value`,
      ).run(name, value, new Date().toISOString(), options.onlyForward ? 1 : 0);
      const cursor = this.cursor(name);
      if (!cursor) throw new StoreError('MLC_STORE_QUERY', `store: cursor "${name}" vanished while being set`);
      return cursor;
    });
  }

  startRun(run: { runId: string; flow?: string | null; note?: string | null }): Promise<RunRecord> {
    return this.write(() => {
      const raw = this.statement(
        `INSERT INTO mlc_runs (run_id, flow, status, started_at, counts, note) VALUES (?, ?, 'running', ?, '{}', ?)
         ON CONFLICT (run_id) DO UPDATE SET flow = coalesce(excluded.flow, flow), note = coalesce(excluded.note, note),
           status = 'running', finished_at = NULL
         RETURNING ${RUN_COLUMNS}`,
      ).get(run.runId, run.flow ?? null, new Date().toISOString(), run.note ?? null);
      return sqliteRunRecord(raw);
    });
  }

  addRunCounts(runId: string, counts: RunCounts): Promise<void> {
    return this.write(() => {
      const increments = JSON.stringify(countIncrements(counts));
      this.statement(
        `INSERT INTO mlc_runs (run_id, status, started_at, counts) VALUES (?, 'running', ?, '{}') ON CONFLICT (run_id) DO NOTHING`,
      ).run(runId, new Date().toISOString());
      // One statement adds every counter, so the increment is atomic even without the transaction.
      this.statement(
        `UPDATE mlc_runs SET counts = (
           SELECT json_group_object(name, total) FROM (
             SELECT key AS name, sum(value) AS total
             FROM (SELECT key, value FROM json_each(mlc_runs.counts) UNION ALL SELECT key, value FROM json_each(?))
             GROUP BY key))
         WHERE run_id = ?`,
      ).run(increments, runId);
    });
  }

  finishRun(runId: string, status: 'finished' | 'failed' = 'finished', note?: string | null): Promise<RunRecord | null> {
    return this.write(() => {
      const raw = this.statement(
        `UPDATE mlc_runs SET status = ?, finished_at = ?, note = CASE WHEN ? THEN ? ELSE note END WHERE run_id = ? RETURNING ${RUN_COLUMNS}`,
      ).get(status, new Date().toISOString(), note === undefined ? 0 : 1, note ?? null, runId);
      return raw ? sqliteRunRecord(raw) : null;
    });
  }

  getRun(runId: string): Promise<RunRecord | null> {
    return this.read(() => {
      const raw = this.statement(`SELECT ${RUN_COLUMNS} FROM mlc_runs WHERE run_id = ?`).get(runId);
      return raw ? sqliteRunRecord(raw) : null;
    });
  }

  listRuns(options: { limit?: number } = {}): Promise<RunRecord[]> {
    return this.read(() =>
      this.statement(`SELECT ${RUN_COLUMNS} FROM mlc_runs ORDER BY started_at DESC, run_id DESC LIMIT ?`)
        .all(runListLimit(options.limit))
        .map(sqliteRunRecord),
    );
  }

  recordControls(entries: readonly RecordControls[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return this.write(() => {
      const now = new Date().toISOString();
      const clear = this.statement('DELETE FROM mlc_run_controls WHERE run_id = ? AND key = ?');
      for (const e of entries) clear.run(e.runId, e.key);
      const insert = this.statement(
        `INSERT INTO mlc_run_controls (run_id, key, dimension, value, measure, label, quantity) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (run_id, key, dimension, value, measure) DO UPDATE SET quantity = quantity + excluded.quantity`,
      );
      for (const r of controlRows(entries)) insert.run(r.run_id, r.key, r.dimension, r.value, r.measure, r.label, r.quantity);
      const spec = this.statement(
        `INSERT INTO mlc_run_control_specs (run_id, spec, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE SET spec = excluded.spec, updated_at = excluded.updated_at`,
      );
      for (const [runId, s] of latestSpecs(entries)) spec.run(runId, JSON.stringify(s), now);
    });
  }

  runsCounting(key: string): Promise<string[]> {
    return this.read(() =>
      this.statement('SELECT DISTINCT run_id FROM mlc_run_controls WHERE key = ? ORDER BY run_id')
        .all(key)
        .map((row) => String(row['run_id'])),
    );
  }

  runControls(runId: string): Promise<RunControls> {
    return this.read(() => {
      const specRow = this.statement('SELECT spec FROM mlc_run_control_specs WHERE run_id = ?').get(runId);
      const figures = this.statement(
        `SELECT dimension, value, max(label) AS label, measure, sum(quantity) AS quantity FROM mlc_run_controls
         WHERE run_id = ? GROUP BY dimension, value, measure ORDER BY dimension, value, measure`,
      )
        .all(runId)
        .map(figureOf);
      return { runId, spec: specRow ? specOf(specRow['spec']) : null, figures };
    });
  }

  saveReconciliation(reconciliation: RunReconciliation): Promise<void> {
    return this.write(() => {
      this.statement(
        `INSERT INTO mlc_run_reconciliations (run_id, status, checked_at, result) VALUES (?, ?, ?, ?)
         ON CONFLICT (run_id) DO UPDATE SET status = excluded.status, checked_at = excluded.checked_at, result = excluded.result`,
      ).run(reconciliation.runId, reconciliation.status, reconciliation.checkedAt, JSON.stringify(reconciliation.result ?? null));
    });
  }

  listReconciliations(runIds: readonly string[]): Promise<RunReconciliation[]> {
    if (runIds.length === 0) return Promise.resolve([]);
    return this.read(() =>
      this.statement('SELECT run_id, status, checked_at, result FROM mlc_run_reconciliations WHERE run_id IN (SELECT value FROM json_each(?)) ORDER BY run_id')
        .all(JSON.stringify(runIds))
        .map(reconciliationOf),
    );
  }

  async close(): Promise<void> {
    const db = this.db;
    this.db = null;
    this.statements.clear();
    // The checkpoint thread's connection goes first: the last connection to close checkpoints and removes the log.
    const checkpointer = this.checkpointer;
    this.checkpointer = null;
    await checkpointer?.stop();
    if (db?.isOpen) db.close();
  }

  /**
   * Hands checkpoints to a thread of their own (wal-checkpointer.ts); without one (an in-memory store,
   * or a worker that cannot start) SQLite checkpoints on this connection as it does by default.
   */
  startCheckpointer(): void {
    const db = this.open();
    try {
      this.checkpointer = WalCheckpointer.start(this.path, {
        onLost: () => {
          this.checkpointer = null;
          if (this.db?.isOpen) this.db.exec(`PRAGMA wal_autocheckpoint = ${SQLITE_AUTOCHECKPOINT_PAGES}`);
        },
      });
    } catch {
      this.checkpointer = null;
    }
    if (this.checkpointer) db.exec('PRAGMA wal_autocheckpoint = 0');
  }

  // --- claims' and records' statements, inside the caller's transaction

  /** The stored rows of these inputs' keys, by key (absent: no row yet). */
  private rowsByKey(inputs: readonly ClaimInput[]): Map<string, Record<string, SQLOutputValue>> {
    const found = new Map<string, Record<string, SQLOutputValue>>();
    const keys = [...new Set(inputs.map((input) => input.key))];
    forEachChunk(keys, (size, chunk) => {
      for (const row of this.statement(recordsByKeysSql(size)).all(...chunk)) found.set(String(row['key']), row);
    });
    return found;
  }

  /** New keys claimed: one row each, inserted several to a statement. */
  private insertClaims(inputs: readonly ClaimInput[], nowMs: number): void {
    if (inputs.length === 0) return;
    const now = new Date(nowMs).toISOString();
    forEachChunk(inputs, (size, chunk) => {
      const values: Array<string | null> = [];
      for (const input of chunk) values.push(...claimValues(input, now));
      this.statement(insertClaimsSql(size)).run(...values);
    });
  }

  /** One claim of a key: `raw` its row when the caller read it already, else it is read here. */
  private claimOne(input: ClaimInput, nowMs: number, raw: Record<string, SQLOutputValue> | undefined = this.statement(RECORD_BY_KEY).get(input.key)): ClaimResult {
    const now = new Date(nowMs).toISOString();
    if (!raw) {
      this.insertClaims([input], nowMs);
      return { outcome: 'claimed', attempts: 1 };
    }
    const row = sqliteRecordRow(raw);
    const state = {
      status: row.status,
      claimedBy: row.claimed_by,
      claimedAt: row.claimed_at,
      claimedInstance: row.claimed_instance,
      claimedProcess: row.claimed_process,
      processLeaseLapsed: row.status === 'claimed' && this.leaseLapsed(row.claimed_process, now),
    };
    if (!mayTakeOver(state, input.owner, staleCutoffIso(nowMs, input.staleAfterMs), input.holder)) return refusalFor(sqliteAuditRecord(row));
    // Serialised only for a claim that writes them: a refused key (a rerun's duplicates) costs no JSON.
    const source = jsonOrNull(input.source, 'source');
    const mlc = jsonOrNull(input.mlc, 'mlc');
    const payload = jsonOrNull(input.payload, 'payload');
    const recordInput = jsonOrNull(input.input, 'input');
    const instance = input.holder?.instance ?? null;
    const process = input.holder?.process ?? null;
    this.statement(
      `UPDATE mlc_records SET status = 'claimed', attempts = attempts + 1, claimed_by = ?, claimed_at = ?, claimed_instance = ?, claimed_process = ?, updated_at = ?,
         run_id = coalesce(?, run_id), source = coalesce(?, source), mlc = coalesce(?, mlc), payload = coalesce(?, payload),
         input = coalesce(?, input), flow = coalesce(?, flow)
       WHERE key = ?`,
    ).run(input.owner, now, instance, process, now, input.runId, source, mlc, payload, recordInput, input.flow, input.key);
    return { outcome: 'claimed', attempts: row.attempts + 1 };
  }

  /** Whether a process's lease ran out; a process with no lease row never heartbeat, so it is not judged by lease. */
  private leaseLapsed(process: string | null, nowIso: string): boolean {
    if (process === null) return false;
    const lease = this.lease(processLeaseName(process));
    return lease !== null && lease.expiresAt <= nowIso;
  }

  private lease(name: string): Lease | null {
    const raw = this.statement('SELECT name, holder, expires_at FROM mlc_leases WHERE name = ?').get(name);
    if (!raw) return null;
    return { name: String(raw['name']), holder: String(raw['holder']), expiresAt: String(raw['expires_at']) };
  }

  /** A claim ends as failed with this error, kept in the history too (recovery and release). */
  private failClaim(row: SqliteRecordRow, error: StoredError, now: string): void {
    const history = appendHistory(this.historyOf(row), { at: now, attempt: row.attempts, error });
    this.statement(
      `UPDATE mlc_records SET status = 'failed', error = ?, history = ?, claimed_by = NULL, claimed_at = NULL,
         claimed_instance = NULL, claimed_process = NULL, updated_at = ? WHERE key = ? AND status = 'claimed'`,
    ).run(jsonOrNull(error, 'error'), JSON.stringify(history), now, row.key);
  }

  private historyOf(row: SqliteRecordRow): AttemptError[] {
    return sqliteAuditRecord(row).history;
  }

  private upsertPosted(inputs: readonly PostedInput[], now: string): void {
    // Rows go in several to a statement: each statement call costs about as much as the row it writes
    // (binding and stepping from JS), and posting is the audit's per-record work.
    forEachChunk(inputs, (size, chunk) => {
      const values: Array<string | null> = [];
      for (const input of chunk) values.push(...postedValues(input, now));
      this.statement(upsertPostedSqlOf(size)).run(...values);
    });
  }

  private upsertFailed(input: FailureInput, now: string): void {
    const raw = this.statement(RECORD_BY_KEY).get(input.key);
    const error = jsonOrNull(input.error, 'error');
    const source = jsonOrNull(input.source, 'source');
    const mlc = jsonOrNull(input.mlc, 'mlc');
    const payload = jsonOrNull(input.payload, 'payload');
    const recordInput = jsonOrNull(input.input, 'input');
    if (!raw) {
      const history = JSON.stringify([{ at: now, attempt: 1, error: input.error }]);
      this.statement(
        `INSERT INTO mlc_records (key, status, run_id, source, error, mlc, payload, input, flow, history, attempts, created_at, updated_at)
         VALUES (?, 'failed', ?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)`,
      ).run(input.key, input.runId, source, error, mlc, payload, recordInput, input.flow, history, now, now);
      return;
    }
    const row = sqliteRecordRow(raw);
    const decision = failureDecision(row.status, row.claimed_by, input.owner);
    const attempts = decision.countsAttempt ? row.attempts + 1 : row.attempts;
    const history = JSON.stringify(appendHistory(this.historyOf(row), { at: now, attempt: attempts, error: input.error }));
    if (decision.kind === 'history-only') {
      this.statement('UPDATE mlc_records SET history = ?, updated_at = ? WHERE key = ?').run(history, now, input.key);
      return;
    }
    if (decision.kind === 'late') {
      this.statement('UPDATE mlc_records SET history = ?, note = ?, updated_at = ? WHERE key = ?').run(history, lateFailureNote(input.error), now, input.key);
      return;
    }
    // failed, or parked (which stays parked but keeps the latest error and record for whoever fixes it by hand).
    this.statement(
      `UPDATE mlc_records SET status = ?, error = ?, history = ?, attempts = ?,
         claimed_by = NULL, claimed_at = NULL, claimed_instance = NULL, claimed_process = NULL,
         run_id = coalesce(?, run_id), source = coalesce(?, source), mlc = coalesce(?, mlc), payload = coalesce(?, payload),
         input = coalesce(?, input), flow = coalesce(?, flow), updated_at = ?
       WHERE key = ?`,
    ).run(decision.kind === 'parked' ? 'parked' : 'failed', error, history, attempts, input.runId, source, mlc, payload, recordInput, input.flow, now, input.key);
  }

  private selectRows(filter: RecordFilter, scope: FilterScope): SqliteRecordRow[] {
    const query = recordsQuery(filter, scope);
    if (!query) return [];
    return this.statement(query.sql)
      .all(...query.params)
      .map((raw) => sqliteRecordRow(raw));
  }

  private select(filter: RecordFilter, scope: FilterScope): AuditRecord[] {
    return this.selectRows(filter, scope).map(sqliteAuditRecord);
  }

  // --- plans

  savePlanEntries(entries: readonly PlanEntryReport[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    return this.write(() => {
      const insert = this.statement(
        `INSERT INTO mlc_plan_entries (${PLAN_ENTRY_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)
         ON CONFLICT (run_id, key) DO UPDATE SET action = excluded.action, system = excluded.system, entity = excluded.entity,
           target_id = excluded.target_id, changes = excluded.changes, post = excluded.post, mlc = excluded.mlc, node = excluded.node,
           flow = excluded.flow, error = excluded.error, note = excluded.note, planned_at = excluded.planned_at, posted_at = NULL`,
      );
      const now = new Date().toISOString();
      for (const e of entries) {
        insert.run(e.runId, e.key, e.action, e.system, e.entity, e.targetId, jsonOrNull(e.changes, 'plan changes') ?? '[]', jsonOrNull(e.post, 'plan post') ?? '{}',
          jsonOrNull(e.mlc, 'msg.mlc'), e.node, e.flow, jsonOrNull(e.error, 'plan error'), e.note, now);
      }
    });
  }

  listPlanEntries(runId: string, options: { limit?: number; afterKey?: string; keys?: readonly string[] } = {}): Promise<PlanEntry[]> {
    return this.read(() => {
      const keys = options.keys ? `AND key IN (SELECT value FROM json_each(?))` : '';
      const params: Array<string | number> = [runId, options.afterKey ?? '', ...(options.keys ? [JSON.stringify(options.keys)] : []), planLimit(options.limit, DEFAULT_PLAN_PAGE)];
      return this.statement(`SELECT ${PLAN_ENTRY_COLUMNS} FROM mlc_plan_entries WHERE run_id = ? AND key > ? ${keys} ORDER BY key LIMIT ?`)
        .all(...params)
        .map((raw) => toPlanEntry(parsedPlanRow(raw)));
    });
  }

  listPlanRuns(options: { limit?: number } = {}): Promise<PlanRunSummary[]> {
    return this.read(() =>
      this.statement(planRunsSql('mlc_plan_entries', '?'))
        .all(planLimit(options.limit, DEFAULT_PLAN_RUNS))
        .map(toPlanRun),
    );
  }

  markPlanPosted(runId: string, keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return Promise.resolve(0);
    return this.write(() => {
      const result = this.statement('UPDATE mlc_plan_entries SET posted_at = ? WHERE run_id = ? AND key IN (SELECT value FROM json_each(?))').run(
        new Date().toISOString(),
        runId,
        JSON.stringify(keys),
      );
      return Number(result.changes);
    });
  }

  private cursor(name: string): Cursor | null {
    const raw = this.statement('SELECT name, value, updated_at FROM mlc_cursors WHERE name = ?').get(name);
    return raw ? sqliteCursor(raw) : null;
  }

  // --- plumbing

  private read<T>(work: () => T): Promise<T> {
    return this.guarded(work);
  }

  private write<T>(work: () => T): Promise<T> {
    return this.guarded(() => {
      const db = this.open();
      db.exec('BEGIN IMMEDIATE');
      try {
        const result = work();
        db.exec('COMMIT');
        return result;
      } catch (err) {
        if (db.isTransaction) db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  /** A write that ends records' journeys (or links read keys to them): readers waiting on them are told. */
  private async writeOutcomes<T>(work: () => T): Promise<T> {
    const result = await this.write(work);
    signalAudited(this);
    return result;
  }

  /** Runs synchronously but answers with a promise, so a throw is a rejection like on PostgreSQL. */
  private async guarded<T>(work: () => T): Promise<T> {
    try {
      return work();
    } catch (err) {
      throw storeErrorOf(err, this.path);
    }
  }

  private open(): DatabaseSync {
    if (!this.db) throw new StoreError('MLC_STORE_CLOSED', `store: SQLite store ${this.path} is closed`);
    return this.db;
  }

  private statement(sql: string): StatementSync {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.open().prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

export interface SqliteQuery {
  sql: string;
  params: Array<string | number | null>;
}

/** Rows per posted upsert, largest first (see upsertPosted); 64 rows bind 640 values, far below SQLite's limit. */
/** Rows a multi-row statement takes: sizes from a short fixed list keep the prepared statements few. */
const ROWS_PER_STATEMENT = [64, 16, 4, 1] as const;

/**
 * Calls `each` for the items in chunks of the sizes above, largest first, so a batch of n takes at most
 * three statements of each size.
 */
function forEachChunk<T>(items: readonly T[], each: (size: number, chunk: readonly T[]) => void): void {
  let at = 0;
  for (const size of ROWS_PER_STATEMENT) {
    while (items.length - at >= size) {
      each(size, items.slice(at, at + size));
      at += size;
    }
  }
}

const statementsBySize = (sqlOf: (rows: number) => string): ((rows: number) => string) => {
  const built = new Map<number, string>();
  return (rows) => {
    let sql = built.get(rows);
    if (sql === undefined) built.set(rows, (sql = sqlOf(rows)));
    return sql;
  };
};

/** The columns of what a claim and a post both say of a record, in recordFieldValues' order. */
const RECORD_FIELD_COLUMNS = 'key, run_id, source, mlc, payload, input, flow';

const upsertPostedSqlOf = statementsBySize(upsertPostedSql);

const recordsByKeysSql = statementsBySize((rows) => `SELECT ${RECORD_COLUMNS} FROM mlc_records WHERE key IN (${Array.from({ length: rows }, () => '?').join(', ')})`);

const insertClaimsSql = statementsBySize(
  (rows) => `INSERT INTO mlc_records (${RECORD_FIELD_COLUMNS}, status, attempts, claimed_by, claimed_at, claimed_instance, claimed_process, created_at, updated_at)
       VALUES ${Array.from({ length: rows }, () => `(?, ?, ?, ?, ?, ?, ?, 'claimed', 1, ?, ?, ?, ?, ?, ?)`).join(', ')}`,
);

function recordFieldValues(input: ClaimInput | PostedInput): Array<string | null> {
  return [input.key, input.runId, jsonOrNull(input.source, 'source'), jsonOrNull(input.mlc, 'mlc'), jsonOrNull(input.payload, 'payload'), jsonOrNull(input.input, 'input'), input.flow];
}

function claimValues(input: ClaimInput, now: string): Array<string | null> {
  return [...recordFieldValues(input), input.owner, now, input.holder?.instance ?? null, input.holder?.process ?? null, now, now];
}

function postedValues(input: PostedInput, now: string): Array<string | null> {
  return [...recordFieldValues(input), jsonOrNull(input.target, 'target'), now, now];
}

/**
 * Posted is what the target system says: it overrides any other state, and clears the error and note
 * of an earlier failure or parking. Rows of one statement are applied in order, so a key given twice
 * ends as its last report, as with one statement a row.
 */
function upsertPostedSql(rows: number): string {
  const row = `(?, ?, ?, ?, ?, ?, ?, 'posted', ?, 0, ?, ?)`;
  return `INSERT INTO mlc_records (${RECORD_FIELD_COLUMNS}, status, target, attempts, created_at, updated_at)
       VALUES ${Array.from({ length: rows }, () => row).join(', ')}
       ON CONFLICT (key) DO UPDATE SET status = 'posted', target = excluded.target, error = NULL, note = NULL,
         claimed_by = NULL, claimed_at = NULL, claimed_instance = NULL, claimed_process = NULL,
         run_id = coalesce(excluded.run_id, run_id), source = coalesce(excluded.source, source),
         mlc = coalesce(excluded.mlc, mlc), payload = coalesce(excluded.payload, payload),
         input = coalesce(excluded.input, input), flow = coalesce(excluded.flow, flow), updated_at = excluded.updated_at`;
}

/** How list, resetForReplay and releaseClaims read records; null when the filter matches nothing. Tests read its plan. */
export function recordsQuery(filter: RecordFilter, scope: FilterScope): SqliteQuery | null {
  const params = new SqliteParams();
  const sql = filterSql(filter, params, scope);
  if (sql.matchesNothing) return null;
  return { sql: `SELECT ${RECORD_COLUMNS} FROM mlc_records${sql.where}${sql.orderAndLimit}`, params: params.values };
}

/** How count counts; null when the filter matches nothing. */
export function countQuery(filter: RecordFilter): SqliteQuery | null {
  const params = new SqliteParams();
  const sql = filterSql(filter, params, COUNT_SCOPE);
  if (sql.matchesNothing) return null;
  return { sql: `SELECT count(*) AS n FROM mlc_records${sql.where}`, params: params.values };
}

const SQLITE_BUSY = 5;
const SQLITE_LOCKED = 6;

function storeErrorOf(err: unknown, path: string): StoreError {
  if (err instanceof StoreError) return err;
  const errcode = typeof err === 'object' && err !== null && 'errcode' in err ? Number(err.errcode) : NaN;
  // Extended result codes keep the primary code in the low byte (SQLITE_BUSY_SNAPSHOT is 517).
  const primary = errcode & 0xff;
  if (primary === SQLITE_BUSY || primary === SQLITE_LOCKED) {
    return new StoreError(
      'MLC_STORE_BUSY',
      `store: SQLite file ${path} stayed locked by another process for more than ${SQLITE_BUSY_TIMEOUT_MS} ms`,
      { cause: err },
    );
  }
  return new StoreError('MLC_STORE_QUERY', `store: SQLite ${path}: ${messageOf(err)}`, { cause: err });
}

/** A plan row with its JSON text columns parsed, as PostgreSQL hands them. */
function parsedPlanRow(raw: Record<string, unknown>): Record<string, unknown> {
  const out = { ...raw };
  for (const column of ['changes', 'post', 'mlc', 'error']) {
    const value = out[column];
    out[column] = typeof value === 'string' ? parseJsonColumn(value, 'mlc_plan_entries', column) : value;
  }
  return out;
}
