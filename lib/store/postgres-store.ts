// The store over PostgreSQL, for several Node-RED instances sharing one audit trail. Every decision
// that must be atomic across connections is one statement that locks the rows it decides on
// (INSERT ... ON CONFLICT DO UPDATE ... WHERE), and batches are one statement over a JSON array
// (jsonb_to_recordset), so a batch of 500 costs a handful of round trips, not 500.
import type { Pool, PoolClient, QueryResult } from 'pg';
import { checkHolder, checkLease, checkRetention, ORPHANED_CODE, processLeaseName, refusalFor, RELEASED_CODE } from './claim-rules';
import { signalAudited } from './audit-signal';
import { StoreError } from './errors';
import { PgParams, filterSql, type FilterScope } from './filters';
import {
  claimInput,
  countIncrements,
  failureInput,
  foldByKey,
  postedInput,
  type ClaimInput,
} from './inputs';
import { migratePostgres } from './migrations/postgres';
import { leaseHolderId } from './process-identity';
import { createPgConnection, isConnectionLost, isRetryable, pgStoreError, type PgConnection } from './postgres-connection';
import type { RecordControls } from '../reconcile/spec';
import { controlRows, figureOf, latestSpecs, reconciliationOf, specOf } from './control-rows';
import { PG_RECORD_COLUMNS, PG_RUN_COLUMNS, pgAuditRecord, pgCursor, pgRunRecord } from './postgres-rows';
import { pgTables, type PgTables } from './pg-names';
import { doneReadsSql } from './read-links';
import { DEFAULT_PLAN_PAGE, DEFAULT_PLAN_RUNS, PLAN_ENTRY_COLUMNS, planLimit, planRunsSql, toPlanEntry, toPlanRun } from './plan-rows';
import type { PlanEntry, PlanEntryReport, PlanRunSummary } from './plan-types';
import { jsonOrNull } from './rows';
import { COUNT_SCOPE, LIST_SCOPE, PARK_SCOPE, RELEASE_SCOPE, REPLAY_SCOPE, runListLimit } from './scopes';
import type {
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
  StoreConfig,
} from './types';

export type PostgresStoreConfig = Extract<StoreConfig, { kind: 'postgres' }>;

/** Attempts for a transaction the server aborted as a deadlock victim before giving up. */
const MAX_TRANSACTION_ATTEMPTS = 5;
/** Tries of a single claim whose row kept turning claimable between the claim and the read. */
const MAX_CLAIM_ROUNDS = 3;

export async function openPostgresStore(config: PostgresStoreConfig): Promise<PostgresStore> {
  const tables = pgTables(config.schema);
  const connection = createPgConnection(config);
  try {
    const client = await connection.pool.connect();
    try {
      await migratePostgres(client, tables);
    } finally {
      client.release();
    }
  } catch (err) {
    await connection.pool.end().catch(() => undefined);
    throw pgStoreError(err, connection, 'opening the store');
  }
  return new PostgresStore(connection, tables);
}

export class PostgresStore implements Store {
  readonly kind = 'postgres' as const;
  private closed = false;

  constructor(
    private readonly connection: PgConnection,
    private readonly t: PgTables,
  ) {}

  private get pool(): Pool {
    return this.connection.pool;
  }

  /**
   * One key needs no explicit transaction: the claim statement alone is atomic. A key already posted
   * comes back refused by the statement itself; any other refusal is read after it, outside the lock; should the row have become claimable in between (failed or
   * reset for replay by then), the claim is simply tried again. Half the round trips of claimMany.
   */
  async claim(request: ClaimRequest): Promise<ClaimResult> {
    const input = claimInput(request);
    for (let round = 1; round <= MAX_CLAIM_ROUNDS; round++) {
      const answer = await this.query('claiming a record', this.claimSql(), [jsonArray([claimRow(input)]), input.staleAfterMs]);
      const decided = claimOutcomes(answer.rows).get(input.key);
      if (decided) return decided;
      const record = await this.get(input.key);
      if (record && record.status !== 'failed' && record.status !== 'replay') return refusalFor(record);
    }
    return refusalFor(await this.get(input.key));
  }

  async claimMany(requests: ClaimRequest[]): Promise<ClaimResult[]> {
    const inputs = requests.map(claimInput);
    if (inputs.length === 0) return [];
    // One statement may touch a row once, so each key goes in once; a repeat of a key in the same
    // batch then answers as a claim made right after the first one would.
    const first = new Map<string, ClaimInput>();
    for (const input of inputs) if (!first.has(input.key)) first.set(input.key, input);
    const outcomes = await this.transaction('claiming records', (client) => this.claimDistinct(client, [...first.values()]));
    return inputs.map((input) => {
      const winner = first.get(input.key);
      const outcome = outcomes.get(input.key) ?? refusalFor(null);
      if (winner === input) return outcome;
      return outcome.outcome === 'claimed' ? { outcome: 'in-progress', claimedBy: winner?.owner ?? null } : outcome;
    });
  }

  async markPosted(report: PostedReport): Promise<void> {
    await this.markPostedMany([report]);
  }

  async markPostedMany(reports: PostedReport[]): Promise<void> {
    const inputs = foldByKey(reports.map(postedInput));
    if (inputs.length === 0) return;
    const rows = inputs.map((i) => ({ key: i.key, run_id: i.runId, source: i.source, target: i.target, mlc: i.mlc, payload: i.payload, input: i.input, flow: i.flow }));
    // Posted is what the target system says: it overrides any other state, and clears the error
    // and note of an earlier failure or parking.
    await this.query(
      'recording posted records',
      `INSERT INTO ${this.t.records} AS r (key, status, run_id, source, target, mlc, payload, input, flow, attempts, created_at, updated_at)
       SELECT x.key, 'posted', x.run_id, x.source, x.target, x.mlc, x.payload, x.input, x.flow, 0, now(), now()
       FROM jsonb_to_recordset($1::jsonb) AS x(key text, run_id text, source jsonb, target jsonb, mlc jsonb, payload jsonb, input jsonb, flow text)
       ORDER BY x.key COLLATE "C"
       ON CONFLICT (key) DO UPDATE SET status = 'posted', target = excluded.target, error = NULL, note = NULL,
         claimed_by = NULL, claimed_at = NULL, claimed_instance = NULL, claimed_process = NULL,
         run_id = coalesce(excluded.run_id, r.run_id), source = coalesce(excluded.source, r.source),
         mlc = coalesce(excluded.mlc, r.mlc), payload = coalesce(excluded.payload, r.payload),
         input = coalesce(excluded.input, r.input), flow = coalesce(excluded.flow, r.flow), updated_at = now()`,
      [jsonArray(rows)],
    );
    signalAudited(this);
  }

  async markFailed(report: FailureReport): Promise<void> {
    await this.markFailedMany([report]);
  }

  async markFailedMany(reports: FailureReport[]): Promise<void> {
    const inputs = foldByKey(reports.map(failureInput));
    if (inputs.length === 0) return;
    const at = new Date().toISOString();
    const rows = inputs.map((i) => ({
      key: i.key,
      run_id: i.runId,
      source: i.source,
      error: i.error,
      mlc: i.mlc,
      payload: i.payload,
      input: i.input,
      flow: i.flow,
      owner: i.owner,
      at,
    }));
    const recordset = `jsonb_to_recordset($1::jsonb) AS x(key text, run_id text, source jsonb, error jsonb, mlc jsonb, payload jsonb, input jsonb, flow text, owner text, at text)`;
    await this.transaction('recording failed records', async (client) => {
      // New keys first; the rows that exist (or appear meanwhile) are then updated by the same rule
      // as failureDecision in claim-rules.ts. Rows are never deleted, so none slips between the two.
      const inserted = await client.query<{ key: string }>(
        `INSERT INTO ${this.t.records} AS r (key, status, run_id, source, error, mlc, payload, input, flow, history, attempts, created_at, updated_at)
         SELECT x.key, 'failed', x.run_id, x.source, x.error, x.mlc, x.payload, x.input, x.flow,
           jsonb_build_array(jsonb_build_object('at', x.at, 'attempt', 1, 'error', x.error)), 1, now(), now()
         FROM ${recordset}
         ORDER BY x.key COLLATE "C"
         ON CONFLICT (key) DO NOTHING
         RETURNING key`,
        [jsonArray(rows)],
      );
      const done = new Set(inserted.rows.map((r) => r.key));
      // Locked in key order, as claims lock, so concurrent batches wait for each other rather than deadlock.
      const rest = rows.filter((r) => !done.has(r.key)).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      if (rest.length === 0) return;
      await client.query(
        `UPDATE ${this.t.records} AS r SET
           status = d.status,
           attempts = d.attempts,
           history = ${this.t.schema}.mlc_append_history(r.history, jsonb_build_object('at', d.at, 'attempt', d.attempts, 'error', d.error)),
           note = CASE WHEN d.kind = 'late'
             THEN 'failure reported after it was posted: ' || (d.error->>'message')
               || coalesce(' [' || nullif(d.error->>'code', '') || ']', '')
               || coalesce(' (from ' || nullif(d.error->>'source', '') || ')', '')
             ELSE r.note END,
           error = CASE WHEN d.kind IN ('failed', 'parked') THEN d.error ELSE r.error END,
           claimed_by = CASE WHEN d.kind IN ('failed', 'parked') THEN NULL ELSE r.claimed_by END,
           claimed_at = CASE WHEN d.kind IN ('failed', 'parked') THEN NULL ELSE r.claimed_at END,
           claimed_instance = CASE WHEN d.kind IN ('failed', 'parked') THEN NULL ELSE r.claimed_instance END,
           claimed_process = CASE WHEN d.kind IN ('failed', 'parked') THEN NULL ELSE r.claimed_process END,
           run_id = CASE WHEN d.kind IN ('failed', 'parked') THEN coalesce(d.run_id, r.run_id) ELSE r.run_id END,
           source = CASE WHEN d.kind IN ('failed', 'parked') THEN coalesce(d.source, r.source) ELSE r.source END,
           mlc = CASE WHEN d.kind IN ('failed', 'parked') THEN coalesce(d.mlc, r.mlc) ELSE r.mlc END,
           payload = CASE WHEN d.kind IN ('failed', 'parked') THEN coalesce(d.payload, r.payload) ELSE r.payload END,
           input = CASE WHEN d.kind IN ('failed', 'parked') THEN coalesce(d.input, r.input) ELSE r.input END,
           flow = CASE WHEN d.kind IN ('failed', 'parked') THEN coalesce(d.flow, r.flow) ELSE r.flow END,
           updated_at = now()
         FROM (
           SELECT x.*, cur.kind,
             CASE cur.kind WHEN 'failed' THEN 'failed' ELSE cur.status END AS status,
             CASE WHEN cur.status IN ('posted', 'claimed') THEN cur.attempts ELSE cur.attempts + 1 END AS attempts
           FROM ${recordset}
           JOIN LATERAL (
             SELECT c.status, c.attempts,
               CASE WHEN c.status = 'posted' THEN 'late'
                    WHEN c.status = 'claimed' AND (x.owner IS NULL OR c.claimed_by IS DISTINCT FROM x.owner) THEN 'history-only'
                    WHEN c.status = 'parked' THEN 'parked'
                    ELSE 'failed' END AS kind
             FROM ${this.t.records} AS c WHERE c.key = x.key FOR UPDATE
           ) AS cur ON true
         ) AS d
         WHERE r.key = d.key`,
        [jsonArray(rest)],
      );
    });
    signalAudited(this);
  }

  async recoverOrphans(holder: ClaimHolder): Promise<number> {
    checkHolder(holder);
    await this.query(
      "giving up the leases of this instance's earlier starts",
      `DELETE FROM ${this.t.leases} WHERE left(holder, length($1) + 1) = $1 || '|' AND holder <> $2`,
      [holder.instance, leaseHolderId(holder)],
    );
    const result = await this.query(
      'recovering orphaned claims',
      `UPDATE ${this.t.records} AS r SET status = 'failed', error = e.error,
         history = ${this.t.schema}.mlc_append_history(r.history, jsonb_build_object('at', $3::text, 'attempt', r.attempts, 'error', e.error)),
         claimed_by = NULL, claimed_at = NULL, claimed_instance = NULL, claimed_process = NULL, updated_at = now()
       FROM (SELECT key, jsonb_build_object('code', $4::text, 'source', 'mlc-store', 'message',
               'the claim of ' || coalesce(claimed_by, 'an unknown owner') || coalesce(' taken at ' || to_char(claimed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'), '')
               || ' was left by a Node-RED process that stopped (restart or crash) before the outcome was recorded; the write''s outcome is unknown, so the next claim looks the key up in the target before anything is written again') AS error
             FROM ${this.t.records}
             WHERE status = 'claimed' AND claimed_instance = $1 AND claimed_process IS DISTINCT FROM $2
             ORDER BY key COLLATE "C" FOR UPDATE) AS e
       WHERE r.key = e.key`,
      [holder.instance, holder.process, new Date().toISOString(), ORPHANED_CODE],
    );
    signalAudited(this);
    return result.rowCount ?? 0;
  }

  async heartbeat(holder: ClaimHolder, leaseMs: number): Promise<void> {
    checkHolder(holder);
    checkLease(processLeaseName(holder.process), holder.instance, leaseMs);
    await this.query(
      'renewing the process lease',
      `INSERT INTO ${this.t.leases} AS l (name, holder, expires_at, updated_at)
       VALUES ($1, $2, now() + $3::double precision * interval '1 millisecond', now())
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, updated_at = now()`,
      [processLeaseName(holder.process), holder.instance, leaseMs],
    );
  }

  async releaseClaims(filter: RecordFilter, reason: string): Promise<number> {
    const params = new PgParams();
    const reasonParam = params.add(reason);
    const atParam = params.add(new Date().toISOString());
    const codeParam = params.add(RELEASED_CODE);
    const sql = filterSql(filter, params, RELEASE_SCOPE);
    if (sql.matchesNothing) return 0;
    const result = await this.query(
      'releasing claims',
      `UPDATE ${this.t.records} AS r SET status = 'failed', error = e.error,
         history = ${this.t.schema}.mlc_append_history(r.history, jsonb_build_object('at', ${atParam}::text, 'attempt', r.attempts, 'error', e.error)),
         claimed_by = NULL, claimed_at = NULL, claimed_instance = NULL, claimed_process = NULL, updated_at = now()
       FROM (SELECT key, jsonb_build_object('code', ${codeParam}::text, 'source', 'mlc-store', 'message',
               'claim of ' || coalesce(claimed_by, 'an unknown owner') || ' released: ' || ${reasonParam}::text
               || '; the write''s outcome is unknown, so the next claim looks the key up in the target first') AS error
             FROM ${this.t.records}${sql.where}${sql.orderAndLimit} FOR UPDATE) AS e
       WHERE r.key = e.key`,
      params.values,
    );
    signalAudited(this);
    return result.rowCount ?? 0;
  }

  async acquireLease(name: string, holder: string, ttlMs: number): Promise<{ acquired: boolean; lease: Lease }> {
    checkLease(name, holder, ttlMs);
    return this.transaction('taking a lease', async (client) => {
      await client.query(
        `INSERT INTO ${this.t.leases} AS l (name, holder, expires_at, updated_at)
         VALUES ($1, $2, now() + $3::double precision * interval '1 millisecond', now())
         ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at, updated_at = now()
         WHERE l.holder = excluded.holder OR l.expires_at <= now()`,
        [name, holder, ttlMs],
      );
      const current = await client.query<{ name: string; holder: string; expires_at: Date }>(
        `SELECT name, holder, expires_at FROM ${this.t.leases} WHERE name = $1`,
        [name],
      );
      const row = current.rows[0];
      if (!row) throw new StoreError('MLC_STORE_QUERY', `store: lease "${name}" vanished while being taken`);
      const lease: Lease = { name: row.name, holder: row.holder, expiresAt: new Date(row.expires_at).toISOString() };
      return { acquired: lease.holder === holder, lease };
    });
  }

  async releaseLease(name: string, holder: string): Promise<void> {
    checkLease(name, holder);
    await this.query('giving up a lease', `DELETE FROM ${this.t.leases} WHERE name = $1 AND holder = $2`, [name, holder]);
  }

  async park(filter: RecordFilter, reason?: string): Promise<number> {
    const params = new PgParams();
    const reasonParam = params.add(reason ?? null);
    const sql = filterSql(filter, params, PARK_SCOPE);
    if (sql.matchesNothing) return 0;
    const result = await this.query(
      'parking records',
      `UPDATE ${this.t.records} SET status = 'parked', note = coalesce(${reasonParam}::text, note), updated_at = now()
       WHERE key IN (SELECT key FROM ${this.t.records}${sql.where}${sql.orderAndLimit} FOR UPDATE)`,
      params.values,
    );
    signalAudited(this);
    return result.rowCount ?? 0;
  }

  async get(key: string): Promise<AuditRecord | null> {
    const result = await this.query('reading a record', `SELECT ${PG_RECORD_COLUMNS} FROM ${this.t.records} WHERE key = $1`, [key]);
    return result.rows[0] ? pgAuditRecord(result.rows[0]) : null;
  }

  async list(filter: RecordFilter): Promise<AuditRecord[]> {
    return this.select(filter, LIST_SCOPE);
  }

  async count(filter: RecordFilter): Promise<number> {
    const query = pgCountQuery(this.t, filter);
    if (!query) return 0;
    const result = await this.query('counting records', query.sql, query.params);
    return Number(result.rows[0]?.n ?? 0);
  }

  async resetForReplay(filter: RecordFilter): Promise<AuditRecord[]> {
    const query = pgReplayQuery(this.t, filter);
    if (!query) return [];
    const result = await this.query('resetting records for replay', query.sql, query.params);
    return result.rows.map(pgAuditRecord).sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  async prunePostedPayloads(olderThanMs: number): Promise<number> {
    checkRetention(olderThanMs);
    const result = await this.query(
      'dropping the payloads of posted records',
      `UPDATE ${this.t.records} SET payload = NULL, input = NULL
       WHERE status = 'posted' AND updated_at < now() - $1::double precision * interval '1 millisecond'
         AND (payload IS NOT NULL OR input IS NOT NULL)`,
      [olderThanMs],
    );
    return result.rowCount ?? 0;
  }

  async linkReadKeys(links: readonly ReadKeyLink[]): Promise<void> {
    if (links.length === 0) return;
    await this.query(
      'linking read keys',
      `INSERT INTO ${this.t.readLinks} (read_key, key) SELECT * FROM unnest($1::text[], $2::text[]) ON CONFLICT DO NOTHING`,
      [links.map((l) => l.readKey), links.map((l) => l.key)],
    );
    signalAudited(this);
  }

  async countDoneReads(readKeys: readonly string[], statuses: readonly RecordStatus[]): Promise<number> {
    if (readKeys.length === 0 || statuses.length === 0) return 0;
    const sql = doneReadsSql(this.t, 'SELECT DISTINCT unnest($1::text[])', statuses);
    const result = await this.query('counting audited read keys', sql, [[...readKeys]]);
    return Number(result.rows[0]?.n ?? 0);
  }

  async savePlanEntries(entries: readonly PlanEntryReport[]): Promise<void> {
    if (entries.length === 0) return;
    // One statement for the batch; a key twice in it keeps its last entry (ON CONFLICT may touch a row once).
    const last = new Map(entries.map((e) => [e.key + '\u0000' + e.runId, e]));
    const rows = [...last.values()].map((e) => ({
      run_id: e.runId, key: e.key, action: e.action, system: e.system, entity: e.entity, target_id: e.targetId,
      changes: e.changes, post: e.post, mlc: e.mlc, node: e.node, flow: e.flow, error: e.error, note: e.note,
    }));
    await this.query(
      'keeping a plan',
      `INSERT INTO ${this.t.planEntries} (run_id, key, action, system, entity, target_id, changes, post, mlc, node, flow, error, note, planned_at, posted_at)
       SELECT run_id, key, action, system, entity, target_id, coalesce(changes, '[]'::jsonb), coalesce(post, '{}'::jsonb), mlc, node, flow, error, note, now(), NULL
       FROM jsonb_to_recordset($1::jsonb) AS x(run_id text, key text, action text, system text, entity text, target_id text,
         changes jsonb, post jsonb, mlc jsonb, node text, flow text, error jsonb, note text)
       ON CONFLICT (run_id, key) DO UPDATE SET action = excluded.action, system = excluded.system, entity = excluded.entity,
         target_id = excluded.target_id, changes = excluded.changes, post = excluded.post, mlc = excluded.mlc, node = excluded.node,
         flow = excluded.flow, error = excluded.error, note = excluded.note, planned_at = excluded.planned_at, posted_at = NULL`,
      [jsonOrNull(rows, 'a plan')],
    );
  }

  async listPlanEntries(runId: string, options: { limit?: number; afterKey?: string; keys?: readonly string[] } = {}): Promise<PlanEntry[]> {
    const keys = options.keys ? 'AND key = ANY($4::text[])' : '';
    const result = await this.query(
      'reading a plan',
      `SELECT ${PLAN_ENTRY_COLUMNS} FROM ${this.t.planEntries} WHERE run_id = $1 AND key > $2 ${keys} ORDER BY key LIMIT $3`,
      [runId, options.afterKey ?? '', planLimit(options.limit, DEFAULT_PLAN_PAGE), ...(options.keys ? [[...options.keys]] : [])],
    );
    return result.rows.map((raw: Record<string, unknown>) => toPlanEntry(isoTimes(raw)));
  }

  async listPlanRuns(options: { limit?: number } = {}): Promise<PlanRunSummary[]> {
    const result = await this.query('reading the plans', planRunsSql(this.t.planEntries, '$1'), [planLimit(options.limit, DEFAULT_PLAN_RUNS)]);
    return result.rows.map((raw: Record<string, unknown>) => toPlanRun(isoTimes(raw)));
  }

  async markPlanPosted(runId: string, keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const result = await this.query('noting a plan posted', `UPDATE ${this.t.planEntries} SET posted_at = now() WHERE run_id = $1 AND key = ANY($2::text[])`, [runId, [...keys]]);
    return result.rowCount ?? 0;
  }

  async getCursor(name: string): Promise<Cursor | null> {
    const result = await this.query('reading a cursor', `SELECT name, value, updated_at FROM ${this.t.cursors} WHERE name = $1`, [name]);
    return result.rows[0] ? pgCursor(result.rows[0]) : null;
  }

  async setCursor(name: string, value: string, options: { onlyForward?: boolean } = {}): Promise<Cursor> {
    const moved = await this.query(
      'setting a cursor',
      `INSERT INTO ${this.t.cursors} AS c (name, value, updated_at) VALUES ($1, $2, now())
       ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = now()
       WHERE NOT $3::boolean OR excluded.value > c.value
       RETURNING name, value, updated_at`,
      [name, value, options.onlyForward === true],
    );
    if (moved.rows[0]) return pgCursor(moved.rows[0]);
    const current = await this.getCursor(name);
    if (!current) throw new StoreError('MLC_STORE_QUERY', `store: cursor "${name}" vanished while being set`);
    return current;
  }

  async startRun(run: { runId: string; flow?: string | null; note?: string | null }): Promise<RunRecord> {
    const result = await this.query(
      'starting a run',
      `INSERT INTO ${this.t.runs} AS r (run_id, flow, status, started_at, counts, note) VALUES ($1, $2, 'running', now(), '{}', $3)
       ON CONFLICT (run_id) DO UPDATE SET flow = coalesce(excluded.flow, r.flow), note = coalesce(excluded.note, r.note),
         status = 'running', finished_at = NULL
       RETURNING ${PG_RUN_COLUMNS}`,
      [run.runId, run.flow ?? null, run.note ?? null],
    );
    return pgRunRecord(result.rows[0]);
  }

  async addRunCounts(runId: string, counts: RunCounts): Promise<void> {
    const increments = JSON.stringify(countIncrements(counts));
    // The conflicting row is locked while the sums are computed, so concurrent adds never lose one.
    await this.query(
      'adding run counts',
      `INSERT INTO ${this.t.runs} AS r (run_id, status, started_at, counts) VALUES ($1, 'running', now(), $2::jsonb)
       ON CONFLICT (run_id) DO UPDATE SET counts = (
         SELECT coalesce(jsonb_object_agg(name, total), '{}'::jsonb) FROM (
           SELECT name, sum(value) AS total FROM (
             SELECT key AS name, value::numeric AS value FROM jsonb_each_text(r.counts)
             UNION ALL
             SELECT key, value::numeric FROM jsonb_each_text(excluded.counts)) AS both_counts
           GROUP BY name) AS sums)`,
      [runId, increments],
    );
  }

  async finishRun(runId: string, status: 'finished' | 'failed' = 'finished', note?: string | null): Promise<RunRecord | null> {
    const result = await this.query(
      'finishing a run',
      `UPDATE ${this.t.runs} SET status = $1, finished_at = now(), note = CASE WHEN $2::boolean THEN $3 ELSE note END
       WHERE run_id = $4 RETURNING ${PG_RUN_COLUMNS}`,
      [status, note !== undefined, note ?? null, runId],
    );
    return result.rows[0] ? pgRunRecord(result.rows[0]) : null;
  }

  async getRun(runId: string): Promise<RunRecord | null> {
    const result = await this.query('reading a run', `SELECT ${PG_RUN_COLUMNS} FROM ${this.t.runs} WHERE run_id = $1`, [runId]);
    return result.rows[0] ? pgRunRecord(result.rows[0]) : null;
  }

  async listRuns(options: { limit?: number } = {}): Promise<RunRecord[]> {
    const result = await this.query(
      'listing runs',
      `SELECT ${PG_RUN_COLUMNS} FROM ${this.t.runs} ORDER BY started_at DESC, run_id DESC LIMIT $1`,
      [runListLimit(options.limit)],
    );
    return result.rows.map(pgRunRecord);
  }

  async recordControls(entries: readonly RecordControls[]): Promise<void> {
    if (entries.length === 0) return;
    const rows = JSON.stringify(controlRows(entries));
    const specs = JSON.stringify([...latestSpecs(entries)].map(([run_id, spec]) => ({ run_id, spec })));
    const records = JSON.stringify(entries.map((e) => ({ run_id: e.runId, key: e.key })));
    await this.transaction('recording control totals', async (client) => {
      await client.query(
        `DELETE FROM ${this.t.runControls} c USING jsonb_to_recordset($1::jsonb) AS r(run_id text, key text)
         WHERE c.run_id = r.run_id AND c.key = r.key`,
        [records],
      );
      await client.query(
        `INSERT INTO ${this.t.runControls} (run_id, key, dimension, value, measure, label, quantity)
         SELECT run_id, key, dimension, value, measure, label, quantity
         FROM jsonb_to_recordset($1::jsonb) AS r(run_id text, key text, dimension text, value text, measure text, label text, quantity bigint)
         ON CONFLICT (run_id, key, dimension, value, measure) DO UPDATE SET quantity = excluded.quantity`,
        [rows],
      );
      await client.query(
        `INSERT INTO ${this.t.runControlSpecs} (run_id, spec) SELECT run_id, spec FROM jsonb_to_recordset($1::jsonb) AS r(run_id text, spec jsonb)
         ON CONFLICT (run_id) DO UPDATE SET spec = excluded.spec, updated_at = now()`,
        [specs],
      );
    });
  }

  async runsCounting(key: string): Promise<string[]> {
    const result = await this.query('finding the runs that count a record', `SELECT DISTINCT run_id FROM ${this.t.runControls} WHERE key = $1 ORDER BY run_id`, [key]);
    return result.rows.map((row) => String(row['run_id']));
  }

  async runControls(runId: string): Promise<RunControls> {
    const spec = await this.query('reading the controls of a run', `SELECT spec FROM ${this.t.runControlSpecs} WHERE run_id = $1`, [runId]);
    const figures = await this.query(
      'reading the control totals of a run',
      `SELECT dimension, value, max(label) AS label, measure, sum(quantity) AS quantity FROM ${this.t.runControls}
       WHERE run_id = $1 GROUP BY dimension, value, measure ORDER BY dimension, value, measure`,
      [runId],
    );
    return { runId, spec: spec.rows[0] ? specOf(spec.rows[0]['spec']) : null, figures: figures.rows.map(figureOf) };
  }

  async saveReconciliation(reconciliation: RunReconciliation): Promise<void> {
    await this.query(
      'saving a reconciliation',
      `INSERT INTO ${this.t.runReconciliations} (run_id, status, checked_at, result) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (run_id) DO UPDATE SET status = excluded.status, checked_at = excluded.checked_at, result = excluded.result`,
      [reconciliation.runId, reconciliation.status, reconciliation.checkedAt, JSON.stringify(reconciliation.result ?? null)],
    );
  }

  async listReconciliations(runIds: readonly string[]): Promise<RunReconciliation[]> {
    if (runIds.length === 0) return [];
    const result = await this.query(
      'listing reconciliations',
      `SELECT run_id, status, checked_at, result FROM ${this.t.runReconciliations} WHERE run_id = ANY($1::text[]) ORDER BY run_id`,
      [[...runIds]],
    );
    return result.rows.map(reconciliationOf);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.end();
  }

  // --- claims

  /**
   * Claims keys that are distinct, inside the caller's transaction. The claim statement answers the
   * keys it took and those already posted; it locks the other rows it did not take, so reading them
   * next in the same transaction shows them exactly as the decision saw them.
   */
  private async claimDistinct(client: PoolClient, inputs: ClaimInput[]): Promise<Map<string, ClaimResult>> {
    const outcomes = new Map<string, ClaimResult>();
    // staleAfterMs is a statement parameter, so requests are grouped by it (in practice one group).
    const byStaleness = new Map<number, ClaimInput[]>();
    for (const input of inputs) {
      const group = byStaleness.get(input.staleAfterMs);
      if (group) group.push(input);
      else byStaleness.set(input.staleAfterMs, [input]);
    }
    for (const [staleAfterMs, group] of byStaleness) {
      const answer = await client.query(this.claimSql(), [jsonArray(group.map(claimRow)), staleAfterMs]);
      for (const [key, outcome] of claimOutcomes(answer.rows)) outcomes.set(key, outcome);
    }
    const refused = inputs.filter((i) => !outcomes.has(i.key)).map((i) => i.key);
    if (refused.length > 0) {
      const existing = await client.query(`SELECT ${PG_RECORD_COLUMNS} FROM ${this.t.records} WHERE key = ANY($1::text[])`, [refused]);
      for (const raw of existing.rows) {
        const record = pgAuditRecord(raw);
        outcomes.set(record.key, refusalFor(record));
      }
    }
    return outcomes;
  }

  /**
   * Claims the keys in $1 (a JSON array of claimRow) with staleAfterMs $2. It takes a key when there
   * is no row or the row may be taken (the same rule as mayTakeOver in claim-rules.ts). A row already
   * posted is refused from a plain read, unlocked: posted is final (nothing turns a posted row back),
   * and ON CONFLICT would lock it, and so write to its page, even when it does not take it. Every
   * other conflicting row is locked. Rows go in key order so that concurrent batches lock in the same
   * order and do not deadlock each other. Answers one row per key taken (won_key, won_attempts) and
   * one per key already posted (its record's columns).
   */
  private claimSql(): string {
    return `WITH x AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(key text, owner text, run_id text, source jsonb, mlc jsonb, payload jsonb, input jsonb, flow text, instance text, process text)
         ),
         posted AS (SELECT ${PG_RECORD_COLUMNS} FROM ${this.t.records} WHERE key = ANY(ARRAY(SELECT key FROM x)) AND status = 'posted'),
         won AS (
         INSERT INTO ${this.t.records} AS r (key, status, run_id, source, mlc, payload, input, flow, attempts, claimed_by, claimed_at, claimed_instance, claimed_process, created_at, updated_at)
         SELECT x.key, 'claimed', x.run_id, x.source, x.mlc, x.payload, x.input, x.flow, 1, x.owner, now(), x.instance, x.process, now(), now()
         FROM x WHERE x.key NOT IN (SELECT key FROM posted)
         ORDER BY x.key COLLATE "C"
         ON CONFLICT (key) DO UPDATE SET status = 'claimed', attempts = r.attempts + 1, claimed_by = excluded.claimed_by,
           claimed_at = now(), claimed_instance = excluded.claimed_instance, claimed_process = excluded.claimed_process, updated_at = now(),
           run_id = coalesce(excluded.run_id, r.run_id), source = coalesce(excluded.source, r.source),
           mlc = coalesce(excluded.mlc, r.mlc), payload = coalesce(excluded.payload, r.payload),
           input = coalesce(excluded.input, r.input), flow = coalesce(excluded.flow, r.flow)
         WHERE r.status IN ('failed', 'replay')
           OR (r.status = 'claimed' AND r.claimed_by IS DISTINCT FROM excluded.claimed_by
               AND (r.claimed_at IS NULL OR r.claimed_at < now() - $2::double precision * interval '1 millisecond'
                    OR (r.claimed_process IS NOT NULL AND (
                      (r.claimed_instance = excluded.claimed_instance AND r.claimed_process IS DISTINCT FROM excluded.claimed_process)
                      OR EXISTS (SELECT 1 FROM ${this.t.leases} AS l
                                 WHERE l.name = 'process:' || r.claimed_process AND l.expires_at <= now())))))
         RETURNING key, attempts
         )
         SELECT won.key AS won_key, won.attempts AS won_attempts, posted.* FROM won FULL JOIN posted ON false`;
  }

  // --- plumbing

  private async select(filter: RecordFilter, scope: FilterScope): Promise<AuditRecord[]> {
    const query = pgRecordsQuery(this.t, filter, scope);
    if (!query) return [];
    const result = await this.query('listing records', query.sql, query.params);
    return result.rows.map(pgAuditRecord);
  }

  /** One statement (atomic on its own), retried when the server picked it as a deadlock victim. */
  private async query(doing: string, sql: string, params: ReadonlyArray<unknown>): Promise<QueryResult> {
    this.checkOpen();
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.pool.query(sql, [...params]);
      } catch (err) {
        if (isRetryable(err) && attempt < MAX_TRANSACTION_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        throw pgStoreError(err, this.connection, doing);
      }
    }
  }

  private async transaction<T>(doing: string, work: (client: PoolClient) => Promise<T>): Promise<T> {
    this.checkOpen();
    for (let attempt = 1; ; attempt++) {
      let client: PoolClient;
      try {
        client = await this.pool.connect();
      } catch (err) {
        throw pgStoreError(err, this.connection, doing);
      }
      try {
        await client.query('BEGIN');
        const result = await work(client);
        await client.query('COMMIT');
        client.release();
        return result;
      } catch (err) {
        const lost = isConnectionLost(err);
        if (!lost) await client.query('ROLLBACK').catch(() => undefined);
        // A broken connection is destroyed rather than handed to the next caller.
        client.release(lost ? toError(err) : undefined);
        if (isRetryable(err) && attempt < MAX_TRANSACTION_ATTEMPTS) {
          await backoff(attempt);
          continue;
        }
        throw pgStoreError(err, this.connection, doing);
      }
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new StoreError('MLC_STORE_CLOSED', `store: PostgreSQL store ${this.connection.where} is closed`);
  }
}

export interface PgQuery {
  sql: string;
  params: PgParams['values'];
}

/** How list reads records; null when the filter matches nothing. Tests read its plan. */
export function pgRecordsQuery(t: PgTables, filter: RecordFilter, scope: FilterScope): PgQuery | null {
  const params = new PgParams();
  const sql = filterSql(filter, params, scope);
  if (sql.matchesNothing) return null;
  return { sql: `SELECT ${PG_RECORD_COLUMNS} FROM ${t.records}${sql.where}${sql.orderAndLimit}`, params: params.values };
}

export function pgCountQuery(t: PgTables, filter: RecordFilter): PgQuery | null {
  const params = new PgParams();
  const sql = filterSql(filter, params, COUNT_SCOPE);
  if (sql.matchesNothing) return null;
  return { sql: `SELECT count(*) AS n FROM ${t.records}${sql.where}`, params: params.values };
}

/** Resets the records for replay; RETURNING from the locked sub-select gives them as they were before. */
export function pgReplayQuery(t: PgTables, filter: RecordFilter): PgQuery | null {
  const params = new PgParams();
  const sql = filterSql(filter, params, REPLAY_SCOPE);
  if (sql.matchesNothing) return null;
  const oldColumns = PG_RECORD_COLUMNS.split(', ').map((c) => `old.${c}`).join(', ');
  return {
    sql: `UPDATE ${t.records} AS r SET status = 'replay', updated_at = now()
       FROM (SELECT ${PG_RECORD_COLUMNS} FROM ${t.records}${sql.where}${sql.orderAndLimit} FOR UPDATE) AS old
       WHERE r.key = old.key
       RETURNING ${oldColumns}`,
    params: params.values,
  };
}

/** The outcomes claimSql decided by itself: keys taken, and keys refused because already posted. */
function claimOutcomes(rows: ReadonlyArray<Record<string, unknown>>): Map<string, ClaimResult> {
  const outcomes = new Map<string, ClaimResult>();
  for (const row of rows) {
    if (typeof row['won_key'] === 'string') outcomes.set(row['won_key'], { outcome: 'claimed', attempts: Number(row['won_attempts']) });
    else outcomes.set(String(row['key']), refusalFor(pgAuditRecord(row)));
  }
  return outcomes;
}

function claimRow(input: ClaimInput) {
  return {
    key: input.key,
    owner: input.owner,
    run_id: input.runId,
    source: input.source,
    mlc: input.mlc,
    payload: input.payload,
    input: input.input,
    flow: input.flow,
    instance: input.holder?.instance ?? null,
    process: input.holder?.process ?? null,
  };
}

/** JSON text of batch rows for jsonb_to_recordset; null and undefined fields become SQL NULL. */
function jsonArray(rows: object[]): string {
  return jsonOrNull(rows, 'batch') ?? '[]';
}

function backoff(attempt: number): Promise<void> {
  const ms = Math.round(10 * attempt + Math.random() * 20 * attempt);
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function toError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}

/** timestamptz columns come back as Date; plan rows are decoded from ISO text in both dialects. */
function isoTimes(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).map(([column, value]) => [column, value instanceof Date ? value.toISOString() : value]));
}
