// Which index the SQLite store's record listings use on a store big enough for the choice to
// matter, read from EXPLAIN QUERY PLAN of the statements the store runs.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { after, before, describe, it } from 'node:test';
import { openStore, type RecordFilter } from '../../lib/store';
import { NOT_POSTED, type FilterScope } from '../../lib/store/filters';
import { migrateSqlite } from '../../lib/store/migrations/sqlite';
import { LIST_SCOPE, REPLAY_SCOPE } from '../../lib/store/scopes';
import { countQuery, recordsQuery, type SqliteQuery } from '../../lib/store/sqlite-store';
import { FLOW, FLOW_FAILED_OR_PARKED, PLAN_RECORDS, RUN, RUN_FAILED, STATUS_OF_I, flowOfTwoStatuses, runOfOneStatus } from './fixtures/plan-data';

const AT = '2026-12-01T00:00:00.000Z';

const root = mkdtempSync(join(tmpdir(), 'mlc-store-plans-'));
after(() => rmSync(root, { recursive: true, force: true }));

function fillSqlite(db: DatabaseSync): void {
  db.exec(`WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${PLAN_RECORDS - 1})
    INSERT INTO mlc_records (key, status, run_id, flow, attempts, created_at, updated_at)
    SELECT printf('k:%07d', i), ${STATUS_OF_I}, 'run-' || (i / 1000), 'flow-' || (i % 2), 1, '${AT}', '${AT}' FROM n`);
}

function sqlitePlan(db: DatabaseSync, query: SqliteQuery | null): string {
  assert.ok(query, 'the filter should match something');
  return db.prepare(`EXPLAIN QUERY PLAN ${query.sql}`).all(...query.params).map((row) => String(row['detail'])).join(' | ');
}

const listed = (filter: RecordFilter, scope: FilterScope = LIST_SCOPE) => recordsQuery(filter, scope);

describe('SQLite query plans on a store of 300,000 records', () => {
  const path = join(root, 'plans.sqlite');
  let db: DatabaseSync;

  before(async () => {
    // Opened once empty, filled behind its back, then opened again: the statistics gathered on the
    // second open are what a long-lived store that grew would have.
    await (await openStore({ kind: 'sqlite', path })).close();
    const fill = new DatabaseSync(path);
    fillSqlite(fill);
    fill.close();
    await (await openStore({ kind: 'sqlite', path })).close();
    db = new DatabaseSync(path);
  });
  after(() => db.close());

  it('the file of the version before 5 lists a run by walking every record of the status', () => {
    // The same rows at schema version 4: shows the data is big enough to make the planner go wrong.
    const old = new DatabaseSync(join(root, 'v4.sqlite'));
    try {
      migrateSqlite(old, { upTo: 4 });
      fillSqlite(old);
      assert.match(sqlitePlan(old, listed(runOfOneStatus)), /USING INDEX mlc_records_status_key \(status=\?\)/);
    } finally {
      old.close();
    }
  });

  it('opening the grown store gathered planner statistics for the records table', () => {
    const row = db.prepare(`SELECT count(*) AS n FROM sqlite_stat1 WHERE tbl = 'mlc_records'`).get();
    assert.ok(Number(row?.['n']) > 0);
  });

  it('lists and counts a run of one status from the (run_id, status, key) index, in key order without sorting', () => {
    for (const query of [listed(runOfOneStatus), listed(runOfOneStatus, REPLAY_SCOPE), listed({ runId: RUN }, REPLAY_SCOPE)]) {
      const plan = sqlitePlan(db, query);
      assert.match(plan, /INDEX mlc_records_run_status_key \(run_id=\? AND status=\?\)/);
      assert.doesNotMatch(plan, /TEMP B-TREE/);
    }
    assert.match(sqlitePlan(db, countQuery(runOfOneStatus)), /COVERING INDEX mlc_records_run_status_key \(run_id=\? AND status=\?\)/);
  });

  it('replays a run of two statuses and lists a whole run from the run index', () => {
    assert.match(sqlitePlan(db, listed({ runId: RUN, status: ['failed', 'parked'] }, REPLAY_SCOPE)), /INDEX mlc_records_run_status_key \(run_id=\? AND status=\?\)/);
    assert.match(sqlitePlan(db, listed({ runId: RUN })), /INDEX mlc_records_run_status_key \(run_id=\?\)/);
  });

  it('lists and counts a flow of two statuses from the (flow, status, key) index', () => {
    assert.match(sqlitePlan(db, listed(flowOfTwoStatuses)), /INDEX mlc_records_flow_status \(flow=\? AND status=\?\)/);
    assert.match(sqlitePlan(db, countQuery({ flow: FLOW, status: 'failed' })), /COVERING INDEX mlc_records_flow_status \(flow=\? AND status=\?\)/);
  });

  it('lists and counts the failed records of the whole store from the (status, key) index, which holds no posted record', () => {
    const plan = sqlitePlan(db, listed({ status: 'failed' }));
    assert.match(plan, /INDEX mlc_records_status_key \(status=\?\)/);
    assert.doesNotMatch(plan, /TEMP B-TREE/);
    assert.match(sqlitePlan(db, countQuery({ status: ['failed', 'parked'] })), /COVERING INDEX mlc_records_status_key \(status=\?\)/);
    const indexed = db.prepare(`SELECT count(*) AS n FROM mlc_records INDEXED BY mlc_records_status_key WHERE ${NOT_POSTED}`).get();
    const notPosted = db.prepare(`SELECT count(*) AS n FROM mlc_records NOT INDEXED WHERE status <> 'posted'`).get();
    assert.equal(Number(indexed?.['n']), Number(notPosted?.['n']));
    for (const index of ['mlc_records_status_key', 'mlc_records_flow_status']) {
      const sql = String(db.prepare(`SELECT sql FROM sqlite_master WHERE name = ?`).get(index)?.['sql']);
      assert.ok(sql.endsWith(`WHERE ${NOT_POSTED}`), sql);
    }
  });

  it('counts the posted records of the whole store from a covering index, not the table', () => {
    const plan = sqlitePlan(db, countQuery({ status: 'posted' }));
    assert.match(plan, /COVERING INDEX/);
    assert.doesNotMatch(plan, /mlc_records_status_key|mlc_records_flow_status/);
  });

  it('a store of version 7 moves its status indexes off posted records and answers the same', async () => {
    const path7 = join(root, 'v7.sqlite');
    const old = new DatabaseSync(path7);
    migrateSqlite(old, { upTo: 7 });
    fillSqlite(old);
    old.close();
    const store = await openStore({ kind: 'sqlite', path: path7 });
    try {
      assert.equal(await store.count(flowOfTwoStatuses), FLOW_FAILED_OR_PARKED);
      const [posted, failed, parked] = await Promise.all((['posted', 'failed', 'parked'] as const).map((status) => store.count({ status })));
      assert.equal(failed, 3000);
      assert.equal(posted + failed + parked, PLAN_RECORDS);
      assert.equal((await store.list({ status: 'failed', limit: 5 })).map((r) => r.key).join(), 'k:0000000,k:0000100,k:0000200,k:0000300,k:0000400');
    } finally {
      await store.close();
    }
    const reopened = new DatabaseSync(path7);
    try {
      assert.match(sqlitePlan(reopened, listed(flowOfTwoStatuses)), /INDEX mlc_records_flow_status \(flow=\? AND status=\?\)/);
    } finally {
      reopened.close();
    }
  });

  it('the store answers those listings with the right records', async () => {
    const store = await openStore({ kind: 'sqlite', path });
    try {
      const run = await store.list(runOfOneStatus);
      assert.equal(run.length, RUN_FAILED);
      assert.ok(run.every((r) => r.runId === RUN && r.status === 'failed'));
      assert.deepEqual(run.map((r) => r.key), [...run.map((r) => r.key)].sort());
      assert.equal(await store.count(flowOfTwoStatuses), FLOW_FAILED_OR_PARKED);
      assert.equal((await store.resetForReplay({ runId: RUN })).length, RUN_FAILED);
    } finally {
      await store.close();
    }
  });
});

