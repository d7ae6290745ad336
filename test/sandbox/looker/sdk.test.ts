import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { LookerNodeSDK } from '@looker/sdk-node';
import { API_USER } from '../../../sandbox/looker';
import { whenPostgresAvailable } from '../../support/postgres';
import { createWarehouse, dropSchema, startLooker, withPgClient, type Looker } from './helpers';

const SDK_ENV = ['LOOKERSDK_BASE_URL', 'LOOKERSDK_CLIENT_ID', 'LOOKERSDK_CLIENT_SECRET', 'LOOKERSDK_VERIFY_SSL'] as const;

// C.5: the official SDK, configured only through its environment variables, works against the sandbox.
whenPostgresAvailable('Looker sandbox with @looker/sdk-node', () => {
  describe('Looker sandbox: the official @looker/sdk-node', () => {
    let schema: string;
    let looker: Looker;
    const saved = new Map<string, string | undefined>();
    before(async () => {
      schema = await createWarehouse('looker_sdk');
      looker = await startLooker(schema);
      for (const name of SDK_ENV) saved.set(name, process.env[name]);
      process.env['LOOKERSDK_BASE_URL'] = looker.url;
      process.env['LOOKERSDK_CLIENT_ID'] = API_USER.clientId;
      process.env['LOOKERSDK_CLIENT_SECRET'] = API_USER.clientSecret;
      process.env['LOOKERSDK_VERIFY_SSL'] = 'false';
    });
    after(async () => {
      for (const [name, value] of saved) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
      await looker.running.close();
      await dropSchema(schema);
    });

    it('logs in, lists models, runs an inline query whose totals equal SQL, and logs out', async () => {
      const sdk = LookerNodeSDK.init40();
      const me = await sdk.ok(sdk.me());
      assert.equal(me.display_name, API_USER.displayName);
      const models = await sdk.ok(sdk.all_lookml_models({}));
      assert.deepEqual(models.map((model) => model.name), ['odoo_finance']);
      const explore = await sdk.ok(sdk.lookml_model_explore({ lookml_model_name: 'odoo_finance', explore_name: 'journal_lines_by_analytic' }));
      assert.ok(explore.fields?.measures?.some((field) => field.name === 'journal_lines_by_analytic.total_debit'));

      const rows = (await sdk.ok(
        sdk.run_inline_query({ result_format: 'json', body: { model: 'odoo_finance', view: 'journal_lines_by_analytic', fields: ['cost_centers.code', 'journal_lines_by_analytic.total_debit'], sorts: ['cost_centers.code'], limit: '500' } }),
      )) as unknown as Array<Record<string, unknown>>;
      const expected = await withPgClient(async (client) =>
        (await client.query<{ code: string; debit: string }>(`SELECT c.code, SUM(a.debit) AS debit FROM "${schema}".journal_lines_by_analytic a JOIN "${schema}".cost_centers c ON c.id = a.analytic_account_id GROUP BY 1 ORDER BY 1`)).rows,
      );
      assert.deepEqual(rows, expected.map((row) => ({ 'cost_centers.code': row.code, 'journal_lines_by_analytic.total_debit': Number(row.debit) })));
      assert.deepEqual(rows, [
        { 'cost_centers.code': 'CC-200', 'journal_lines_by_analytic.total_debit': 1350.625 },
        { 'cost_centers.code': 'CC-300', 'journal_lines_by_analytic.total_debit': 150.125 },
      ]);

      // The SDK's error carries Looker's message and the ValidationError's errors.
      await assert.rejects(sdk.ok(sdk.run_inline_query({ result_format: 'json', body: { model: 'odoo_finance', view: 'journal_lines', fields: ['journal_lines.nope'] } })), (error: Error & { errors?: unknown[] }) => {
        assert.match(error.message, /Validation Failed/);
        assert.equal(error.errors?.length, 1);
        return true;
      });
      await sdk.authSession.logout();
      assert.equal(sdk.authSession.isAuthenticated(), false);
    });
  });
});
