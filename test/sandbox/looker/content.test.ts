import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { SEEDED_DATAGROUP_ID, SEEDED_LOOK_ID, SEEDED_PLAN_ID, VIEWER_API_USER, type PlanRun } from '../../../sandbox/looker';
import { whenPostgresAvailable } from '../../support/postgres';
import { control } from '../http-client';
import { call, fixtureLooker, login, withPgClient } from './helpers';

const MODEL = 'odoo_finance';
const DEBIT_600000 = { model: MODEL, view: 'journal_lines', fields: ['journal_lines.account_code', 'journal_lines.total_debit'], filters: { 'journal_lines.account_code': '600000' } };

interface Received {
  body: unknown;
  contentType: string | undefined;
}

/** A webhook receiver on an ephemeral port: each POST is kept; `next()` waits for the next one. */
async function startReceiver(status = 200): Promise<{ url: string; next: () => Promise<Received>; close: () => Promise<void> }> {
  const received: Received[] = [];
  const waiting: Array<(value: Received) => void> = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const item = { body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown, contentType: request.headers['content-type'] };
      response.writeHead(status).end();
      const waiter = waiting.shift();
      if (waiter) waiter(item);
      else received.push(item);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/looker-hook`,
    next: () => {
      const ready = received.shift();
      return ready ? Promise.resolve(ready) : new Promise((resolve) => waiting.push(resolve));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

whenPostgresAvailable('Looker sandbox cache, Looks and scheduled plans against PostgreSQL', () => {
  describe('Looker sandbox: datagroup cache, Looks, scheduled plans', () => {
    const fx = fixtureLooker('looker_c');

    const debit = async (query = ''): Promise<number | undefined> => {
      const answer = await call(fx.looker.url, `/queries/run/json${query}`, { method: 'POST', token: fx.token, body: DEBIT_600000 });
      assert.equal(answer.status, 200, answer.body);
      return answer.json<Array<Record<string, number>>>()[0]?.['journal_lines.total_debit'];
    };
    const load = (id: number, amount: string) => withPgClient((client) => client.query(`INSERT INTO "${fx.schema}".journal_lines (id, account_id, account_code, debit, credit, balance) VALUES ($1, 10, '600000', $2::numeric, 0, $2::numeric)`, [id, amount]));
    const unload = (id: number) => withPgClient((client) => client.query(`DELETE FROM "${fx.schema}".journal_lines WHERE id = $1`, [id]));
    const patchDatagroup = (body: unknown, as = fx.token) => call(fx.looker.url, `/datagroups/${SEEDED_DATAGROUP_ID}`, { method: 'PATCH', token: as, body });

    it('serves a cached result after a load until the datagroup is triggered; cache=false bypasses', async () => {
      assert.equal(await debit(), 1500.75);
      await load(201, '99.25');
      try {
        assert.equal(await debit(), 1500.75, 'stale: served from the cache after the load');
        assert.equal(await debit('?cache=false'), 1600, 'cache=false runs on the warehouse');
        const triggered = await patchDatagroup({ triggered_at: fx.looker.running.clock.nowSeconds() });
        assert.equal(triggered.status, 200, triggered.body);
        assert.equal(triggered.json().triggered_at, fx.looker.running.clock.nowSeconds());
        assert.equal(await debit(), 1600, 'fresh after the trigger');
        await load(202, '0.75');
        assert.equal(await debit(), 1600, 'cached again until the next trigger');
        fx.looker.running.clock.advance(5000);
        assert.equal((await patchDatagroup({ stale_before: fx.looker.running.clock.nowSeconds() })).status, 200);
        assert.equal(await debit(), 1600.75);
      } finally {
        await unload(201);
        await unload(202);
      }
      const log = await control(fx.looker.url, 'GET', 'requests?tag.cache=hit');
      assert.equal((log.body as { count: number }).count, 2);
      const triggers = (await control(fx.looker.url, 'GET', 'datagroups/triggers')).body as { triggers: Array<{ datagroupId: string; user: string }> };
      assert.deepEqual(triggers.triggers.map((trigger) => trigger.datagroupId), [SEEDED_DATAGROUP_ID, SEEDED_DATAGROUP_ID]);
    });

    it('datagroups: listed, read, 422 for timestamps that are not whole seconds or in the future, 403 without the right, 404 unknown', async () => {
      const list = await call(fx.looker.url, '/datagroups', { token: fx.token });
      assert.deepEqual(list.json().map((group: { id: string; name: string; model_name: string }) => [group.id, group.name, group.model_name]), [[SEEDED_DATAGROUP_ID, 'odoo_finance_load', MODEL]]);
      assert.equal((await call(fx.looker.url, `/datagroups/${SEEDED_DATAGROUP_ID}`, { token: fx.token })).json().triggered_at, null);
      for (const body of [{ triggered_at: 'now' }, { triggered_at: 1.5 }, { stale_before: -1 }, { triggered_at: fx.looker.running.clock.nowSeconds() + 3600 }]) {
        const answer = await patchDatagroup(body);
        assert.equal(answer.status, 422, JSON.stringify(body));
        assert.equal(answer.json().message, 'Validation Failed');
        assert.equal(answer.json().errors[0].field, Object.keys(body)[0]);
      }
      const viewer = await login(fx.looker.url, VIEWER_API_USER);
      const forbidden = await patchDatagroup({ triggered_at: fx.looker.running.clock.nowSeconds() }, viewer);
      assert.equal(forbidden.status, 403);
      assert.deepEqual(Object.keys(forbidden.json()).sort(), ['documentation_url', 'message']);
      assert.equal((await call(fx.looker.url, '/datagroups/99', { method: 'PATCH', token: fx.token, body: { triggered_at: 1 } })).status, 404);
    });

    it('the seeded Look "GL totals by account" reads and runs over journal_lines', async () => {
      const looks = await call(fx.looker.url, '/looks', { token: fx.token });
      assert.deepEqual(looks.json().map((look: { id: string; title: string }) => [look.id, look.title]), [[SEEDED_LOOK_ID, 'GL totals by account']]);
      const look = (await call(fx.looker.url, `/looks/${SEEDED_LOOK_ID}`, { token: fx.token })).json<{ query_id: string; query: { model: string; view: string } }>();
      assert.deepEqual([look.query.model, look.query.view], [MODEL, 'journal_lines']);
      const rows = (await call(fx.looker.url, `/looks/${SEEDED_LOOK_ID}/run/json`, { token: fx.token })).json<Array<Record<string, string | number>>>();
      assert.deepEqual(rows, [
        { 'journal_lines.account_code': '401000', 'accounts.name': 'Payables', 'journal_lines.total_debit': 0, 'journal_lines.total_credit': 1560.8, 'journal_lines.total_balance': -1560.8 },
        { 'journal_lines.account_code': '445660', 'accounts.name': 'Tax Receivable', 'journal_lines.total_debit': 60.05, 'journal_lines.total_credit': 0, 'journal_lines.total_balance': 60.05 },
        { 'journal_lines.account_code': '600000', 'accounts.name': 'Expenses', 'journal_lines.total_debit': 1500.75, 'journal_lines.total_credit': 0, 'journal_lines.total_balance': 1500.75 },
      ]);
      assert.equal((await call(fx.looker.url, `/queries/${look.query_id}/run/csv`, { token: fx.token })).body.split('\n')[0], 'Journal Lines Account Code,Accounts Name,Journal Lines Total Debit,Journal Lines Total Credit,Journal Lines Total Balance');
      assert.equal((await call(fx.looker.url, '/looks/42/run/json', { token: fx.token })).status, 404);
    });

    it('run_once of the seeded plan POSTs {"data":[rows]} to its webhook; runs and deliveries are recorded', async () => {
      const receiver = await startReceiver();
      try {
        const set = await control(fx.looker.url, 'POST', `scheduled-plans/${SEEDED_PLAN_ID}/destination`, { address: receiver.url });
        assert.equal(set.status, 200);
        const plan = (await call(fx.looker.url, `/scheduled_plans/${SEEDED_PLAN_ID}`, { token: fx.token })).json<{ name: string; look_id: string; scheduled_plan_destination: Array<{ type: string; address: string }> }>();
        assert.deepEqual([plan.name, plan.look_id, plan.scheduled_plan_destination[0]?.type, plan.scheduled_plan_destination[0]?.address], ['Nightly GL totals', SEEDED_LOOK_ID, 'webhook', receiver.url]);

        const run = await call(fx.looker.url, `/scheduled_plans/${SEEDED_PLAN_ID}/run_once`, { method: 'POST', token: fx.token, body: {} });
        assert.equal(run.status, 200, run.body);
        const delivered = await receiver.next();
        assert.equal(delivered.contentType, 'application/json');
        const data = (delivered.body as { data: Array<Record<string, unknown>> }).data;
        assert.deepEqual(
          data.map((row) => [row['journal_lines.account_code'], row['journal_lines.total_balance']]),
          [
            ['401000', -1560.8],
            ['445660', 60.05],
            ['600000', 1500.75],
          ],
        );
        const runs = ((await control(fx.looker.url, 'POST', 'scheduled-plans/idle')).body as { runs: PlanRun[] }).runs;
        assert.equal(runs.length, 1);
        assert.deepEqual([runs[0]?.planId, runs[0]?.status, runs[0]?.deliveries[0]?.status, runs[0]?.deliveries[0]?.httpStatus, runs[0]?.deliveries[0]?.rows], [SEEDED_PLAN_ID, 'success', 'success', 200, 3]);
        assert.ok((await call(fx.looker.url, `/scheduled_plans/${SEEDED_PLAN_ID}`, { token: fx.token })).json().last_run_at);

        // An ad-hoc run_once with a query and two destinations: the email is recorded, not sent.
        const query = (await call(fx.looker.url, '/queries', { method: 'POST', token: fx.token, body: DEBIT_600000 })).json<{ id: string }>();
        const adHoc = await call(fx.looker.url, '/scheduled_plans/run_once', {
          method: 'POST',
          token: fx.token,
          body: { name: 'once', query_id: query.id, scheduled_plan_destination: [{ type: 'webhook', format: 'json', address: receiver.url }, { type: 'email', format: 'csv', address: 'finance@example.invalid' }] },
        });
        assert.equal(adHoc.status, 200, adHoc.body);
        assert.deepEqual(((await receiver.next()).body as { data: unknown }).data, [{ 'journal_lines.account_code': '600000', 'journal_lines.total_debit': 1500.75 }]);
        const all = ((await control(fx.looker.url, 'POST', 'scheduled-plans/idle')).body as { runs: PlanRun[] }).runs;
        assert.deepEqual(all[1]?.deliveries.map((delivery) => [delivery.type, delivery.status]), [
          ['webhook', 'success'],
          ['email', 'recorded'],
        ]);
      } finally {
        await receiver.close();
      }
    });

    it('a webhook that answers 500 is a failed delivery', async () => {
      const receiver = await startReceiver(500);
      try {
        await control(fx.looker.url, 'POST', `scheduled-plans/${SEEDED_PLAN_ID}/destination`, { address: receiver.url });
        assert.equal((await call(fx.looker.url, `/scheduled_plans/${SEEDED_PLAN_ID}/run_once`, { method: 'POST', token: fx.token })).status, 200);
        await receiver.next();
        const runs = ((await control(fx.looker.url, 'POST', 'scheduled-plans/idle')).body as { runs: PlanRun[] }).runs;
        assert.deepEqual([runs[0]?.status, runs[0]?.deliveries[0]?.status, runs[0]?.deliveries[0]?.httpStatus], ['failure', 'failure', 500]);
      } finally {
        await receiver.close();
      }
    });

    it('require_change holds back a result equal to the last run\'s, require_results an empty one; PATCH and DELETE a plan', async () => {
      const receiver = await startReceiver();
      try {
        const plan = `/scheduled_plans/${SEEDED_PLAN_ID}`;
        const patched = await call(fx.looker.url, plan, { method: 'PATCH', token: fx.token, body: { require_change: true, scheduled_plan_destination: [{ type: 'webhook', format: 'json', address: receiver.url }] } });
        assert.equal(patched.status, 200, patched.body);
        assert.equal(patched.json().require_change, true);
        const runOnce = async (): Promise<PlanRun | undefined> => {
          assert.equal((await call(fx.looker.url, `${plan}/run_once`, { method: 'POST', token: fx.token })).status, 200);
          return ((await control(fx.looker.url, 'POST', 'scheduled-plans/idle')).body as { runs: PlanRun[] }).runs.at(-1);
        };
        assert.equal((await runOnce())?.status, 'success');
        await receiver.next();
        const unchanged = await runOnce();
        assert.deepEqual([unchanged?.status, unchanged?.deliveries.length], ['skipped', 0]);
        await withPgClient((client) => client.query(`INSERT INTO "${fx.schema}".journal_lines (id, account_id, account_code, debit, credit, balance) VALUES (301, 30, '445660', 1, 0, 1)`));
        try {
          assert.equal((await runOnce())?.status, 'success', 'changed rows are delivered');
          await receiver.next();
        } finally {
          await withPgClient((client) => client.query(`DELETE FROM "${fx.schema}".journal_lines WHERE id = 301`));
        }

        const query = (await call(fx.looker.url, '/queries', { method: 'POST', token: fx.token, body: { ...DEBIT_600000, filters: { 'journal_lines.account_code': 'none' } } })).json<{ id: string }>();
        const empty = await call(fx.looker.url, '/scheduled_plans/run_once', { method: 'POST', token: fx.token, body: { name: 'empty', query_id: query.id, require_results: true, scheduled_plan_destination: [{ type: 'webhook', format: 'json', address: receiver.url }] } });
        assert.equal(empty.status, 200, empty.body);
        const last = ((await control(fx.looker.url, 'POST', 'scheduled-plans/idle')).body as { runs: PlanRun[] }).runs.at(-1);
        assert.deepEqual([last?.status, last?.deliveries.length], ['skipped', 0]);

        assert.equal((await call(fx.looker.url, plan, { method: 'PATCH', token: fx.token, body: { name: '' } })).status, 422);
        assert.equal((await call(fx.looker.url, plan, { method: 'DELETE', token: fx.token })).status, 204);
        assert.equal((await call(fx.looker.url, plan, { token: fx.token })).status, 404);
      } finally {
        await receiver.close();
      }
    });

    it('scheduled plans: 422 lists the missing fields, creation stores the plan, 403 for run_once without the right, 404 unknown', async () => {
      const empty = await call(fx.looker.url, '/scheduled_plans', { method: 'POST', token: fx.token, body: { look_id: SEEDED_LOOK_ID } });
      assert.equal(empty.status, 422);
      assert.equal(empty.json().message, 'Validation Failed');
      assert.deepEqual(
        empty.json().errors.map((error: { field: string; code: string }) => error.field),
        ['name', 'crontab', 'require_results', 'require_no_results', 'require_change', 'scheduled_plan_destination'],
      );
      const created = await call(fx.looker.url, '/scheduled_plans', {
        method: 'POST',
        token: fx.token,
        body: { name: 'Weekly', look_id: SEEDED_LOOK_ID, crontab: '0 7 * * 1', require_results: false, require_no_results: false, require_change: false, scheduled_plan_destination: [{ type: 'webhook', format: 'json', address: 'http://127.0.0.1:9/x' }] },
      });
      assert.equal(created.status, 200, created.body);
      const id = created.json<{ id: string }>().id;
      assert.equal((await call(fx.looker.url, '/scheduled_plans', { token: fx.token })).json().length, 2);
      assert.equal((await call(fx.looker.url, `/scheduled_plans/${id}`, { token: fx.token })).json().name, 'Weekly');

      const viewer = await login(fx.looker.url, VIEWER_API_USER);
      const forbidden = await call(fx.looker.url, `/scheduled_plans/${SEEDED_PLAN_ID}/run_once`, { method: 'POST', token: viewer });
      assert.equal(forbidden.status, 403);
      assert.match(forbidden.json().message, /permission/);
      assert.equal((await call(fx.looker.url, '/scheduled_plans/run_once', { method: 'POST', token: viewer, body: {} })).status, 403);
      assert.equal((await call(fx.looker.url, '/scheduled_plans/99/run_once', { method: 'POST', token: fx.token })).status, 404);
    });
  });
});
