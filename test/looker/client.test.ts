// The Looker client against the Looker sandbox over real sockets, the sandbox's queries running on a
// PostgreSQL schema of this test's own: the login and its renewal (ahead of expiry on the client's
// clock, and after a 401 when the sandbox's clock has expired the token), logout, each operation,
// and Looker's error shapes (404 login, 422 with field errors, 403) kept with their documentation link.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { isAuthError } from '../../lib/auth/errors';
import { LookerClient } from '../../lib/looker/client';
import { isLookerError, LookerError } from '../../lib/looker/errors';
import { ACCESS_TOKEN_SECONDS, API_USER, CONNECTION_NAME, SEEDED_LOOK_ID, SEEDED_PLAN_ID, VIEWER_API_USER } from '../../sandbox/looker';
import { startCaptureServer } from '../support/capture-server';
import { whenPostgresAvailable } from '../support/postgres';
import { call, createWarehouse, dropSchema, startLooker, withPgClient, type Looker } from '../sandbox/looker/helpers';

const MODEL = 'odoo_finance';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  assert.fail('expected the call to fail');
}

whenPostgresAvailable('Looker client against the sandbox and PostgreSQL', () => {
  describe('LookerClient against the Looker sandbox', () => {
    let schema: string;
    let looker: Looker;
    const clients: LookerClient[] = [];
    const client = (user: { clientId: string; clientSecret: string } = API_USER, now?: () => number): LookerClient => {
      const made = new LookerClient({ configName: 'Looker sandbox', instanceUrl: looker.url, clientId: user.clientId, clientSecret: user.clientSecret, retry: { maxAttempts: 2 } }, now ? { now } : {});
      clients.push(made);
      return made;
    };
    const logins = () => looker.running.log.entries({ method: 'POST', path: '/api/4.0/login' });

    before(async () => {
      schema = await createWarehouse('looker_client');
      looker = await startLooker(schema);
    });
    afterEach(async () => {
      await Promise.all(clients.splice(0).map((c) => c.close()));
      looker.running.reset();
      looker.running.clock.useRealTime();
      looker.running.log.clear();
    });
    after(async () => {
      await looker.running.close();
      await dropSchema(schema);
    });

    it('logs in once with a form body, sends the token as Bearer, and reads the API user', async () => {
      const c = client();
      const me = await c.me();
      const again = await c.me();
      assert.equal(me.id, API_USER.id);
      assert.equal(me.display_name, API_USER.displayName);
      assert.equal(again.email, API_USER.email);
      assert.equal(c.logins, 1);
      const [login] = logins();
      assert.match(login?.headers['content-type'] ?? '', /application\/x-www-form-urlencoded/);
      assert.deepEqual(login?.query, {}, 'the credentials travel in the body, not the query string');
      const user = looker.running.log.last({ method: 'GET', path: '/api/4.0/user' });
      assert.match(user?.headers['authorization'] ?? '', /^Bearer /);
    });

    it('renews the token ahead of its expiry without waiting for a 401', async () => {
      let now = Date.now();
      const c = client(API_USER, () => now);
      await c.me();
      now += (ACCESS_TOKEN_SECONDS - 4 * 60) * 1000; // inside the five-minute margin, still valid at Looker
      await c.me();
      assert.equal(c.logins, 2);
      assert.equal(looker.running.log.count({ method: 'GET', path: '/api/4.0/user', status: 401 }), 0);
    });

    it('logs in again once when Looker answers 401 to an expired token', async () => {
      const c = client();
      await c.me();
      looker.running.clock.advance((ACCESS_TOKEN_SECONDS + 60) * 1000);
      const me = await c.me();
      assert.equal(me.id, API_USER.id);
      assert.equal(c.logins, 2);
      const answers = looker.running.log.entries({ method: 'GET', path: '/api/4.0/user' }).map((e) => e.status);
      assert.deepEqual(answers, [200, 401, 200]);
    });

    it('logs out on close: DELETE /logout, and the token stops working', async () => {
      const c = new LookerClient({ configName: 'Looker sandbox', instanceUrl: looker.url, clientId: API_USER.clientId, clientSecret: API_USER.clientSecret });
      const token = await c.token();
      await c.close();
      assert.equal(looker.running.log.last({ method: 'DELETE', path: '/api/4.0/logout' })?.status, 204);
      const after = await call(looker.url, '/user', { token, scheme: 'Bearer' });
      assert.equal(after.status, 401);
      await assert.rejects(c.me(), /closed/);
    });

    it('a wrong client secret: Looker\'s 404 "Not found" as a refused login, with no secret in the error', async () => {
      const c = client({ clientId: API_USER.clientId, clientSecret: 'Wrong-Secret-4242' });
      const err = await rejection(c.me());
      assert.ok(isAuthError(err), String(err));
      assert.equal(err.code, 'MLC_AUTH_REJECTED');
      assert.equal(err.status, 404);
      assert.match(err.message, /Looker refused the login .*\(404\): Not found \(https?:\/\/[^)]+\)/);
      assert.ok(!err.message.includes('Wrong-Secret-4242'));
    });

    it('lists models with explores and describes an explore\'s dimensions and measures', async () => {
      const c = client();
      const models = await c.models();
      const model = models.find((m) => m.name === MODEL);
      assert.ok(model?.explores?.some((e) => e.name === 'journal_lines'));
      const fields = await c.exploreFields(MODEL, 'journal_lines');
      const measure = fields.measures.find((m) => m.name === 'journal_lines.total_debit');
      assert.equal(measure?.type, 'sum');
      assert.ok(fields.dimensions.some((d) => d.name === 'accounts.name' && d.type === 'string'), 'the joined view\'s dimensions are listed');
      const missing = await rejection(c.exploreFields(MODEL, 'no_such_explore'));
      assert.ok(isLookerError(missing));
      assert.equal(missing.code, 'MLC_HTTP_NOT_FOUND');
      assert.ok(missing.documentationUrl, 'the documentation link is kept');
    });

    it('an inline query returns rows whose sums equal what SQL sums in the warehouse', async () => {
      const c = client();
      const rows = await c.runInlineQuery({ model: MODEL, view: 'journal_lines', fields: ['journal_lines.account_code', 'journal_lines.total_debit', 'journal_lines.total_credit'], sorts: ['journal_lines.account_code'], limit: -1 }, { cache: false });
      const expected = await withPgClient(async (pg) => {
        const result = await pg.query<{ code: string; debit: string; credit: string }>(`SELECT account_code AS code, SUM(debit) AS debit, SUM(credit) AS credit FROM "${schema}".journal_lines GROUP BY account_code ORDER BY account_code`);
        return result.rows.map((r) => ({ 'journal_lines.account_code': r.code, 'journal_lines.total_debit': Number(r.debit), 'journal_lines.total_credit': Number(r.credit) }));
      });
      assert.equal(rows.length, 3);
      assert.deepEqual(rows, expected);
      assert.equal(looker.running.log.last({ method: 'POST', path: '/api/4.0/queries/run/json' })?.query['cache'], 'false');
    });

    it('a query naming an unknown field: the 422 with its field errors, message and documentation link', async () => {
      const c = client();
      const err = await rejection(c.runInlineQuery({ model: MODEL, view: 'journal_lines', fields: ['journal_lines.no_such_field'] }));
      assert.ok(err instanceof LookerError, String(err));
      assert.equal(err.status, 422);
      assert.equal(err.code, 'MLC_HTTP_REJECTED');
      assert.equal(err.operation, 'inline query');
      assert.equal(err.lookerMessage, 'Validation Failed');
      assert.ok(err.documentationUrl?.startsWith('http'), String(err.documentationUrl));
      assert.ok(err.validationErrors?.some((e) => (e.message ?? '').includes('no_such_field') || (e.field ?? '').includes('fields')), JSON.stringify(err.validationErrors));
      assert.match(err.message, /looker inline query failed \(HTTP 422\).*Validation Failed/);
      assert.equal(looker.running.log.count({ method: 'POST', path: '/api/4.0/queries/run/json' }), 1, 'a 422 is not retried');
    });

    it('runs the seeded Look, and the scheduled plan once to its webhook', async () => {
      const hook = await startCaptureServer();
      try {
        looker.simulator.setDestinationAddress(SEEDED_PLAN_ID, `${hook.url}/gl`);
        const c = client();
        const rows = await c.runLook(SEEDED_LOOK_ID);
        assert.equal(rows.length, 3);
        assert.ok(rows.every((r) => typeof r['journal_lines.total_debit'] === 'number'));
        const plan = await c.runScheduledPlanOnce(SEEDED_PLAN_ID);
        assert.equal(plan.name, 'Nightly GL totals');
        await looker.simulator.plans.idle();
        assert.equal(hook.requests.length, 1);
        assert.deepEqual((JSON.parse(hook.requests[0]?.body ?? '') as { data: unknown }).data, rows);
        assert.equal(looker.running.log.count({ method: 'POST', path: `/api/4.0/scheduled_plans/${SEEDED_PLAN_ID}/run_once` }), 1);
      } finally {
        await hook.close();
      }
    });

    it('triggers the datagroup found by model and name with triggered_at = now', async () => {
      const c = client();
      const at = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
      const datagroup = await c.triggerDatagroup({ model: MODEL, name: 'odoo_finance_load' }, { at });
      assert.equal(datagroup.name, 'odoo_finance_load');
      assert.equal(datagroup.triggered_at, at.getTime() / 1000);
      assert.equal(looker.running.log.last({ method: 'PATCH' })?.path, `/api/4.0/datagroups/${datagroup.id}`);
      const listed = (await c.datagroups()).find((d) => d.id === datagroup.id);
      assert.equal(listed?.triggered_at, at.getTime() / 1000, 'Looker keeps the trigger time');
      const unknown = await rejection(c.triggerDatagroup({ model: MODEL, name: 'no_such_group' }));
      assert.match(String(unknown), /no datagroup no_such_group in model odoo_finance .*odoo_finance::odoo_finance_load/);
    });

    it('a user without the permission: the 403 with Looker\'s message and documentation link', async () => {
      const c = client(VIEWER_API_USER);
      const err = await rejection(c.triggerDatagroup({ id: '1' }));
      assert.ok(err instanceof LookerError, String(err));
      assert.equal(err.status, 403);
      assert.equal(err.code, 'MLC_HTTP_FORBIDDEN');
      assert.ok(err.lookerMessage);
      assert.ok(err.documentationUrl);
      assert.match(err.message, /lacks the permission/);
      assert.ok(!err.message.includes(VIEWER_API_USER.clientSecret));
    });

    it('lists the warehouse connections without a password', async () => {
      const c = client();
      const connections = await c.connections();
      const connection = connections.find((x) => x.name === CONNECTION_NAME);
      assert.equal(connection?.dialect_name, 'postgres');
      assert.equal(connection?.schema, schema);
      assert.ok(!('password' in (connection ?? {})));
    });
  });
});
