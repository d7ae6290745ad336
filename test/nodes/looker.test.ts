// mlc-looker through Node-RED against the Looker sandbox, whose queries run on a PostgreSQL schema of
// this test's own: every operation, the settings overridden from msg, the status it shows, a failing
// query and a refused permission reaching a Catch node with Looker's message and documentation link,
// no secret in any status or error, and the session logged out when the flow stops.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import lookerConfigNode = require('../../nodes/looker/looker-config');
import lookerNode = require('../../nodes/looker/looker');
import { API_USER, SEEDED_PLAN_ID, VIEWER_API_USER } from '../../sandbox/looker';
import { collect, positioned, send, type Collected } from '../support/flow-helper';
import { startCaptureServer } from '../support/capture-server';
import { whenPostgresAvailable } from '../support/postgres';
import { createWarehouse, dropSchema, startLooker, withPgClient, type Looker } from '../sandbox/looker/helpers';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
interface Spy {
  args: unknown[][];
}
const SECRETS = [API_USER.clientSecret, VIEWER_API_USER.clientSecret];

whenPostgresAvailable('mlc-looker against the Looker sandbox and PostgreSQL', () => {
  describe('mlc-looker against the Looker sandbox', () => {
    let schema: string;
    let looker: Looker;
    let out: Collected;
    let caught: Collected;

    const load = async (settings: Msg, user = API_USER): Promise<void> => {
      await helper.load(
        [lookerConfigNode, lookerNode],
        positioned([
          { id: 'tab', type: 'tab', label: 'looker' },
          { id: 'lk', type: 'mlc-looker-config', name: 'Looker sandbox', instanceUrl: looker.url, maxAttempts: 2 },
          { id: 'looker', z: 'tab', type: 'mlc-looker', looker: 'lk', ...settings, wires: [['out']] },
          { id: 'out', z: 'tab', type: 'helper' },
          { id: 'catch', z: 'tab', type: 'catch', scope: ['looker'], wires: [['caught']] },
          { id: 'caught', z: 'tab', type: 'helper' },
        ]),
        { lk: { clientId: user.clientId, clientSecret: user.clientSecret } },
      );
      out = collect('out');
      caught = collect('caught');
    };
    const statusTexts = (): string[] => (helper.getNode('looker').status as unknown as Spy).args.map((a) => (a[0] as { text?: string }).text ?? '');
    const noSecrets = (what: unknown): void => {
      const text = JSON.stringify(what);
      for (const secret of SECRETS) assert.ok(!text.includes(secret), `a secret in ${text}`);
    };
    const clock = (date: Date) => `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;

    before(async () => {
      schema = await createWarehouse('looker_node');
      looker = await startLooker(schema);
      await helper.startServer();
    });
    afterEach(async () => {
      noSecrets(statusTexts());
      await helper.unload();
      looker.running.reset();
      looker.running.log.clear();
    });
    after(async () => {
      await helper.stopServer();
      await looker.running.close();
      await dropSchema(schema);
    });

    it('runs the inline query of its settings; the rows equal what SQL sums, and the status says so', async () => {
      await load({ operation: 'inline-query', model: 'odoo_finance', explore: 'journal_lines', fields: 'journal_lines.account_code, journal_lines.total_balance', sorts: 'journal_lines.account_code', limit: '-1', cache: false });
      send('looker', { payload: 'go' });
      const [msg] = await out.waitFor(1);
      const expected = await withPgClient(async (pg) => {
        const result = await pg.query<{ code: string; balance: string }>(`SELECT account_code AS code, SUM(debit) - SUM(credit) AS balance FROM "${schema}".journal_lines GROUP BY account_code ORDER BY account_code`);
        return result.rows.map((r) => ({ 'journal_lines.account_code': r.code, 'journal_lines.total_balance': Number(r.balance) }));
      });
      assert.deepEqual(msg?.['payload'], expected);
      assert.equal(msg?.['topic'], 'looker/odoo_finance/journal_lines');
      const texts = statusTexts();
      assert.ok(texts.includes('running query'), texts.join(' | '));
      assert.match(texts.at(-1) ?? '', /^3 rows \d\d:\d\d$/);
    });

    it('takes the query from msg: fields, filters and limit override the settings', async () => {
      await load({ operation: 'inline-query', model: 'odoo_finance', explore: 'journal_lines', fields: 'journal_lines.account_code' });
      send('looker', { fields: ['journal_lines.account_code', 'journal_lines.total_debit'], filters: { 'journal_lines.account_code': '600000' }, limit: 10, cache: false });
      const [msg] = await out.waitFor(1);
      const debit = await withPgClient(async (pg) => Number((await pg.query<{ s: string }>(`SELECT SUM(debit) AS s FROM "${schema}".journal_lines WHERE account_code = '600000'`)).rows[0]?.s));
      assert.deepEqual(msg?.['payload'], [{ 'journal_lines.account_code': '600000', 'journal_lines.total_debit': debit }]);
    });

    it('lists models, then describes an explore given in msg', async () => {
      await load({ operation: 'models' });
      send('looker', {});
      const [models] = await out.waitFor(1);
      assert.ok((models?.['payload'] as Array<{ name: string }>).some((m) => m.name === 'odoo_finance'));
      send('looker', { operation: 'explore-fields', model: 'odoo_finance', explore: 'journal_lines' });
      const [, fields] = await out.waitFor(2);
      const payload = fields?.['payload'] as { dimensions: Array<{ name: string; type: string; label?: string }>; measures: Array<{ name: string; type: string }> };
      assert.ok(payload.measures.some((m) => m.name === 'journal_lines.total_credit' && m.type === 'sum'));
      assert.ok(payload.dimensions.some((d) => d.name === 'journal_lines.date' && d.type.startsWith('date')));
    });

    it('runs a Look, runs the scheduled plan once to its webhook, and triggers the datagroup by name', async () => {
      const hook = await startCaptureServer();
      try {
        looker.simulator.setDestinationAddress(SEEDED_PLAN_ID, `${hook.url}/gl`);
        await load({ operation: 'run-look', lookId: '1' });
        send('looker', {});
        const [look] = await out.waitFor(1);
        assert.equal((look?.['payload'] as unknown[]).length, 3);

        send('looker', { operation: 'run-plan', planId: SEEDED_PLAN_ID });
        const [, plan] = await out.waitFor(2);
        assert.equal((plan?.['payload'] as { name: string }).name, 'Nightly GL totals');
        await looker.simulator.plans.idle();
        assert.equal(hook.requests.length, 1);
        assert.deepEqual((JSON.parse(hook.requests[0]?.body ?? '') as { data: unknown }).data, look?.['payload']);

        const before = Math.floor(Date.now() / 1000);
        send('looker', { operation: 'trigger-datagroup', model: 'odoo_finance', datagroup: 'odoo_finance_load' });
        const [, , triggered] = await out.waitFor(3);
        const datagroup = triggered?.['payload'] as { name: string; triggered_at: number };
        assert.equal(datagroup.name, 'odoo_finance_load');
        assert.ok(datagroup.triggered_at >= before, `triggered_at ${datagroup.triggered_at} is now`);
        assert.equal(triggered?.['topic'], 'looker/datagroup/odoo_finance_load');
        assert.equal(statusTexts().at(-1), `odoo_finance_load triggered ${clock(new Date(datagroup.triggered_at * 1000))}`);
        assert.equal(looker.running.log.count({ method: 'PATCH', path: '/api/4.0/datagroups/1' }), 1);
      } finally {
        await hook.close();
      }
    });

    it('a query Looker refuses reaches the Catch node with Looker\'s message, documentation link and field errors', async () => {
      await load({ operation: 'inline-query', model: 'odoo_finance', explore: 'journal_lines', fields: 'journal_lines.no_such_field' });
      send('looker', { payload: 1 });
      const [msg] = await caught.waitFor(1);
      const error = msg?.['error'] as { message: string; code: string; source: { id: string }; cause: { status: number; message: string; documentation_url: string; errors: Array<{ field?: string; message?: string }> } };
      assert.equal(error.source.id, 'looker');
      assert.equal(error.code, 'MLC_HTTP_REJECTED');
      assert.match(error.message, /looker inline query failed \(HTTP 422\).*Validation Failed.*\(see https?:\/\//);
      assert.equal(error.cause.status, 422);
      assert.equal(error.cause.message, 'Validation Failed');
      assert.match(error.cause.documentation_url, /^https?:\/\//);
      assert.ok(error.cause.errors.length > 0);
      assert.equal(out.messages.length, 0);
      noSecrets(msg);
      assert.match(statusTexts().at(-1) ?? '', /^looker inline query failed/);
    });

    it('an API user without the right to trigger datagroups: the 403 reaches Catch, with no secret anywhere', async () => {
      await load({ operation: 'trigger-datagroup', datagroup: '1' }, VIEWER_API_USER);
      send('looker', {});
      const [msg] = await caught.waitFor(1);
      const error = msg?.['error'] as { code: string; cause: { status: number; message: string; documentation_url: string } };
      assert.equal(error.code, 'MLC_HTTP_FORBIDDEN');
      assert.equal(error.cause.status, 403);
      assert.ok(error.cause.message);
      assert.match(error.cause.documentation_url, /^https?:\/\//);
      noSecrets(msg);
    });

    it('a message without what its operation needs fails at once, sending nothing', async () => {
      await load({ operation: 'run-plan' });
      send('looker', {});
      const [msg] = await caught.waitFor(1);
      assert.equal((msg?.['error'] as { code: string }).code, 'MLC_LOOKER_INPUT');
      assert.match((msg?.['error'] as { message: string }).message, /needs a plan id \(msg\.planId\)/);
      assert.equal(looker.running.log.count({ path: '/api/4.0/scheduled_plans' }), 0);
    });

    it('logs the session out when the flow stops', async () => {
      await load({ operation: 'models' });
      send('looker', {});
      await out.waitFor(1);
      await helper.unload();
      assert.equal(looker.running.log.count({ method: 'DELETE', path: '/api/4.0/logout' }), 1);
      assert.equal(looker.running.log.last({ method: 'DELETE', path: '/api/4.0/logout' })?.status, 204);
      await load({ operation: 'models' });
    });
  });
});
