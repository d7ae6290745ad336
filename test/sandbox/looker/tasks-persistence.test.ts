import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Client } from 'pg';
import { SEEDED_DATAGROUP_ID, SEEDED_PLAN_ID } from '../../../sandbox/looker';
import { TEST_PG_URL, whenPostgresAvailable } from '../../support/postgres';
import { control } from '../http-client';
import { call, createWarehouse, dropSchema, login, startLooker } from './helpers';

const QUERY = { model: 'odoo_finance', view: 'journal_lines', fields: ['journal_lines.total_credit'] };

whenPostgresAvailable('Looker sandbox query tasks and persistence against PostgreSQL', () => {
  describe('Looker sandbox: query tasks, faults and the data file', () => {
    let schema: string;
    let dir: string;
    before(async () => {
      schema = await createWarehouse('looker_t');
      dir = mkdtempSync(join(tmpdir(), 'mlc-looker-'));
    });
    after(async () => {
      await dropSchema(schema);
      rmSync(dir, { recursive: true, force: true });
    });

    it('a query task answers 202 while its query waits on the warehouse, then its results', async () => {
      const looker = await startLooker(schema);
      // A lock held by another session keeps the task's query waiting: "running" without any timer.
      const holder = new Client({ connectionString: TEST_PG_URL });
      holder.on('error', () => undefined);
      await holder.connect();
      try {
        const token = await login(looker.url);
        const query = (await call(looker.url, '/queries', { method: 'POST', token, body: QUERY })).json<{ id: string }>();
        await holder.query('BEGIN');
        await holder.query(`LOCK TABLE "${schema}".journal_lines IN ACCESS EXCLUSIVE MODE`);
        const created = await call(looker.url, '/query_tasks', { method: 'POST', token, body: { query_id: query.id, result_format: 'json' } });
        assert.equal(created.status, 200, created.body);
        const task = created.json<{ id: string; status: string; query_id: string }>();
        assert.deepEqual([task.status, task.query_id], ['running', query.id]);
        const pending = await call(looker.url, `/query_tasks/${task.id}/results`, { token });
        assert.equal(pending.status, 202);
        await holder.query('COMMIT');
        await control(looker.url, 'POST', 'scheduled-plans/idle');
        assert.equal((await call(looker.url, `/query_tasks/${task.id}`, { token })).json().status, 'complete');
        const results = await call(looker.url, `/query_tasks/${task.id}/results`, { token });
        assert.equal(results.status, 200);
        assert.deepEqual(results.json(), [{ 'journal_lines.total_credit': 1560.8 }]);
        assert.equal((await call(looker.url, '/query_tasks/qt999/results', { token })).status, 404);
        assert.equal((await call(looker.url, '/query_tasks', { method: 'POST', token, body: { query_id: '999', result_format: 'json' } })).status, 422);
      } finally {
        await holder.end().catch(() => undefined);
        await looker.running.close();
      }
    });

    it('injected faults and the request log work as for every simulator', async () => {
      const looker = await startLooker(schema);
      try {
        const token = await login(looker.url);
        await control(looker.url, 'POST', 'faults', { kind: 'status', status: 503, path: '/api/4.0/queries/run/json', times: 1 });
        assert.equal((await call(looker.url, '/queries/run/json', { method: 'POST', token, body: QUERY })).status, 503);
        assert.equal((await call(looker.url, '/queries/run/json', { method: 'POST', token, body: QUERY })).status, 200);
        const log = (await control(looker.url, 'GET', 'requests?path=/api/4.0/queries/run/json')).body as { count: number; requests: Array<{ status: number }> };
        assert.deepEqual(log.requests.map((entry) => entry.status), [503, 200]);
      } finally {
        await looker.running.close();
      }
    });

    it('keeps saved queries, plans, plan addresses and datagroup triggers in its data file across a restart, never a token', async () => {
      const dataFile = join(dir, 'looker.json');
      const first = await startLooker(schema, { dataFile });
      let queryId: string;
      let slug: string;
      const token = await login(first.url);
      try {
        const query = (await call(first.url, '/queries', { method: 'POST', token, body: QUERY })).json<{ id: string; slug: string }>();
        queryId = query.id;
        slug = query.slug;
        await control(first.url, 'POST', `scheduled-plans/${SEEDED_PLAN_ID}/destination`, { address: 'http://127.0.0.1:9/kept' });
        assert.equal((await call(first.url, `/datagroups/${SEEDED_DATAGROUP_ID}`, { method: 'PATCH', token, body: { triggered_at: first.running.clock.nowSeconds() } })).status, 200);
      } finally {
        await first.running.close();
      }
      assert.doesNotMatch(readFileSync(dataFile, 'utf8'), new RegExp(token));
      const second = await startLooker(schema, { dataFile });
      try {
        assert.equal(second.running.restored, true);
        assert.equal((await call(second.url, '/user', { token })).status, 401, 'tokens are not kept');
        const fresh = await login(second.url);
        assert.equal((await call(second.url, `/queries/slug/${slug}`, { token: fresh })).json().id, queryId);
        assert.equal((await call(second.url, `/scheduled_plans/${SEEDED_PLAN_ID}`, { token: fresh })).json().scheduled_plan_destination[0].address, 'http://127.0.0.1:9/kept');
        assert.notEqual((await call(second.url, `/datagroups/${SEEDED_DATAGROUP_ID}`, { token: fresh })).json().triggered_at, null);
        // A new query gets a new id, not one the restored queries hold.
        const other = (await call(second.url, '/queries', { method: 'POST', token: fresh, body: { ...QUERY, fields: ['journal_lines.total_debit'] } })).json<{ id: string }>();
        assert.notEqual(other.id, queryId);
      } finally {
        await second.running.close();
      }
    });
  });
});
