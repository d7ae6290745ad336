// Which index the PostgreSQL store's record listings use on a store big enough for the choice to
// matter, read from EXPLAIN of the statements the store runs (with their parameters bound).
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { openStore } from '../../lib/store';
import { pgTables } from '../../lib/store/pg-names';
import { pgCountQuery, pgRecordsQuery, pgReplayQuery, type PgQuery } from '../../lib/store/postgres-store';
import { LIST_SCOPE } from '../../lib/store/scopes';
import { TEST_PG_URL, dropSchema, uniqueSchemaName, whenPostgresAvailable, withPgClient } from '../support/postgres';
import { FLOW_FAILED_OR_PARKED, PLAN_RECORDS, RUN, RUN_FAILED, STATUS_OF_I, flowOfTwoStatuses, runOfOneStatus } from './fixtures/plan-data';

whenPostgresAvailable('PostgreSQL query plans', () => {
  describe('PostgreSQL query plans on a store of 300,000 records', () => {
    const schema = uniqueSchemaName('mlc_test_plans');
    const t = pgTables(schema);

    before(async () => {
      await (await openStore({ kind: 'postgres', connectionString: TEST_PG_URL, schema })).close();
      await withPgClient(async (c) => {
        await c.query(
          `INSERT INTO ${t.records} (key, status, run_id, flow, attempts)
           SELECT 'k:' || lpad(i::text, 7, '0'), ${STATUS_OF_I}, 'run-' || (i / 1000), 'flow-' || (i % 2), 1
           FROM generate_series(0, ${PLAN_RECORDS - 1}) AS i`,
        );
        await c.query(`ANALYZE ${t.records}`);
      });
    });
    after(() => dropSchema(schema));

    /** The indexes the plan reads, and whether it scans the whole table. */
    async function pgPlan(query: PgQuery | null): Promise<{ indexes: string[]; seqScan: boolean }> {
      assert.ok(query, 'the filter should match something');
      const result = await withPgClient((c) => c.query(`EXPLAIN (FORMAT JSON) ${query.sql}`, [...query.params]));
      const indexes: string[] = [];
      let seqScan = false;
      const walk = (node: Record<string, unknown>): void => {
        if (typeof node['Index Name'] === 'string') indexes.push(node['Index Name']);
        if (node['Node Type'] === 'Seq Scan') seqScan = true;
        for (const child of (node['Plans'] as Record<string, unknown>[] | undefined) ?? []) walk(child);
      };
      walk((result.rows[0] as { 'QUERY PLAN': Array<{ Plan: Record<string, unknown> }> })['QUERY PLAN'][0]!.Plan);
      return { indexes, seqScan };
    }

    it('lists, counts and replays a run of one status from the (run_id, status, key) index', async () => {
      for (const query of [
        pgRecordsQuery(t, runOfOneStatus, LIST_SCOPE),
        pgCountQuery(t, runOfOneStatus),
        pgReplayQuery(t, { runId: RUN }),
        pgReplayQuery(t, { runId: RUN, status: ['failed', 'parked'] }),
      ]) {
        const plan = await pgPlan(query);
        assert.equal(plan.seqScan, false);
        assert.ok(plan.indexes.includes('mlc_records_run_status_key'), `plan reads ${plan.indexes.join(', ')}`);
        assert.ok(!plan.indexes.includes('mlc_records_status_key'), `plan reads ${plan.indexes.join(', ')}`);
      }
    });

    it('lists a flow of two statuses from the (flow, status, key) index', async () => {
      const plan = await pgPlan(pgRecordsQuery(t, flowOfTwoStatuses, LIST_SCOPE));
      assert.equal(plan.seqScan, false);
      assert.deepEqual(plan.indexes, ['mlc_records_flow_status']);
    });

    it('lists and counts the failed records of the whole store from the (status, key) index, which holds no posted record', async () => {
      for (const query of [pgRecordsQuery(t, { status: 'failed' }, LIST_SCOPE), pgCountQuery(t, { status: ['failed', 'parked'] })]) {
        const plan = await pgPlan(query);
        assert.equal(plan.seqScan, false);
        assert.deepEqual(plan.indexes, ['mlc_records_status_key']);
      }
      const definitions = await withPgClient((c) =>
        c.query<{ indexdef: string }>(`SELECT indexdef FROM pg_indexes WHERE schemaname = $1 AND indexname IN ('mlc_records_status_key', 'mlc_records_flow_status')`, [schema]),
      );
      assert.equal(definitions.rows.length, 2);
      for (const row of definitions.rows) assert.match(row.indexdef, /WHERE \(status <> 'posted'::text\)$/);
    });

    it('the store answers those listings with the right records', async () => {
      const store = await openStore({ kind: 'postgres', connectionString: TEST_PG_URL, schema });
      try {
        const run = await store.list(runOfOneStatus);
        assert.equal(run.length, RUN_FAILED);
        assert.ok(run.every((r) => r.runId === RUN && r.status === 'failed'));
        assert.equal(await store.count(flowOfTwoStatuses), FLOW_FAILED_OR_PARKED);
        assert.equal((await store.resetForReplay({ runId: RUN })).length, RUN_FAILED);
      } finally {
        await store.close();
      }
    });
  });
});
