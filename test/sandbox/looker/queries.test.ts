import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CONNECTION_NAME } from '../../../sandbox/looker';
import { whenPostgresAvailable } from '../../support/postgres';
import { control } from '../http-client';
import { call, fixtureLooker, withPgClient } from './helpers';

const MODEL = 'odoo_finance';

whenPostgresAvailable('Looker sandbox queries against PostgreSQL', () => {
  describe('Looker sandbox: models, explores and queries run on the warehouse', () => {
    const fx = fixtureLooker('looker_q');

    const inline = (body: unknown, format = 'json', query = '') => call(fx.looker.url, `/queries/run/${format}${query}`, { method: 'POST', token: fx.token, body });

    it('lists the model and describes an explore with its joined views\' fields', async () => {
      const models = await call(fx.looker.url, '/lookml_models', { token: fx.token });
      assert.equal(models.status, 200);
      const [model] = models.json<Array<{ name: string; allowed_db_connection_names: string[]; explores: Array<{ name: string }> }>>();
      assert.equal(model?.name, MODEL);
      assert.deepEqual(model?.allowed_db_connection_names, [CONNECTION_NAME]);
      assert.deepEqual(
        model?.explores.map((explore) => explore.name),
        ['journal_lines', 'journal_lines_by_analytic', 'vendor_bills', 'purchase_orders', 'employees'],
      );
      const explore = await call(fx.looker.url, `/lookml_models/${MODEL}/explores/journal_lines`, { token: fx.token });
      assert.equal(explore.status, 200);
      const body = explore.json<{ connection_name: string; dialect_name: string; fields: { dimensions: Array<{ name: string; type: string }>; measures: Array<{ name: string; type: string; sql: string }> }; joins: Array<{ name: string }> }>();
      assert.equal(body.connection_name, CONNECTION_NAME);
      assert.equal(body.dialect_name, 'postgres');
      assert.ok(body.fields.dimensions.some((field) => field.name === 'accounts.code' && field.type === 'string'));
      assert.ok(body.fields.dimensions.some((field) => field.name === 'journal_lines.date' && field.type === 'date_date'));
      const debit = body.fields.measures.find((field) => field.name === 'journal_lines.total_debit');
      assert.deepEqual([debit?.type, debit?.sql], ['sum', '${TABLE}.debit']);
      assert.deepEqual(body.joins.map((join) => join.name), ['accounts', 'journal_entries']);
      assert.equal((await call(fx.looker.url, `/lookml_models/${MODEL}/explores/nope`, { token: fx.token })).status, 404);
      assert.deepEqual((await call(fx.looker.url, '/lookml_models/nope', { token: fx.token })).json().message, 'Not found');
    });

    it('an inline query\'s totals per account equal SUM() in SQL, numbers as JSON numbers, over a join', async () => {
      const answer = await inline({ model: MODEL, view: 'journal_lines', fields: ['accounts.code', 'accounts.name', 'journal_lines.total_debit', 'journal_lines.total_credit', 'journal_lines.total_balance', 'journal_lines.count'], sorts: ['accounts.code'] });
      assert.equal(answer.status, 200, answer.body);
      const expected = await withPgClient(async (client) =>
        (
          await client.query<{ code: string; name: string; debit: string; credit: string; balance: string; n: string }>(
            `SELECT a.code, a.name, SUM(l.debit) AS debit, SUM(l.credit) AS credit, SUM(l.balance) AS balance, COUNT(*) AS n FROM "${fx.schema}".journal_lines l JOIN "${fx.schema}".accounts a ON a.id = l.account_id GROUP BY 1, 2 ORDER BY 1`,
          )
        ).rows,
      );
      assert.equal(expected.length, 3);
      assert.deepEqual(
        answer.json(),
        expected.map((row) => ({
          'accounts.code': row.code,
          'accounts.name': row.name,
          'journal_lines.total_debit': Number(row.debit),
          'journal_lines.total_credit': Number(row.credit),
          'journal_lines.total_balance': Number(row.balance),
          'journal_lines.count': Number(row.n),
        })),
      );
    });

    it('a query after a load returns the loaded numbers (cache=false), and a saved query runs by id and slug', async () => {
      const body = { model: MODEL, view: 'journal_lines', fields: ['journal_lines.account_code', 'journal_lines.total_debit'], filters: { 'journal_lines.account_code': '600000' } };
      const created = await call(fx.looker.url, '/queries', { method: 'POST', token: fx.token, body });
      assert.equal(created.status, 200);
      const query = created.json<{ id: string; slug: string; model: string; fields: string[] }>();
      assert.equal(query.model, MODEL);
      const again = await call(fx.looker.url, '/queries', { method: 'POST', token: fx.token, body: { ...body, filters: { ...body.filters } } });
      assert.deepEqual([again.json().id, again.json().slug], [query.id, query.slug]);
      const other = await call(fx.looker.url, '/queries', { method: 'POST', token: fx.token, body: { ...body, fields: ['journal_lines.total_debit'] } });
      assert.notEqual(other.json().id, query.id);
      assert.equal((await call(fx.looker.url, `/queries/slug/${query.slug}`, { token: fx.token })).json().id, query.id);
      assert.deepEqual((await call(fx.looker.url, `/queries/${query.id}`, { token: fx.token })).json().fields, body.fields);

      const before = await call(fx.looker.url, `/queries/${query.id}/run/json`, { token: fx.token });
      assert.deepEqual(before.json(), [{ 'journal_lines.account_code': '600000', 'journal_lines.total_debit': 1500.75 }]);
      await withPgClient((client) => client.query(`INSERT INTO "${fx.schema}".journal_lines (id, account_id, account_code, debit, credit, balance) VALUES (99, 10, '600000', 100.10, 0, 100.10)`));
      try {
        const loaded = await call(fx.looker.url, `/queries/${query.id}/run/json?cache=false`, { token: fx.token });
        assert.deepEqual(loaded.json(), [{ 'journal_lines.account_code': '600000', 'journal_lines.total_debit': 1600.85 }]);
      } finally {
        await withPgClient((client) => client.query(`DELETE FROM "${fx.schema}".journal_lines WHERE id = 99`));
      }
    });

    it('filters: exact value, list, exclusion, NULL, numeric comparisons and ranges, dates, date ranges, before/after', async () => {
      const ids = async (filters: Record<string, string>): Promise<number[]> => {
        const answer = await inline({ model: MODEL, view: 'journal_lines', fields: ['journal_lines.id'], filters, sorts: ['journal_lines.id'] });
        assert.equal(answer.status, 200, `${JSON.stringify(filters)}: ${answer.body}`);
        return answer.json<Array<Record<string, number>>>().map((row) => row['journal_lines.id'] ?? -1);
      };
      assert.deepEqual(await ids({ 'journal_lines.account_code': '600000' }), [1, 3]);
      assert.deepEqual(await ids({ 'journal_lines.account_code': '600000,445660' }), [1, 3, 4]);
      assert.deepEqual(await ids({ 'journal_lines.account_code': '-600000' }), [2, 4, 5]);
      assert.deepEqual(await ids({ 'journal_lines.account_code': '-600000,-401000' }), [4]);
      assert.deepEqual(await ids({ 'journal_lines.account_code': '60%' }), [1, 3]);
      assert.deepEqual(await ids({ 'journal_lines.move_name': 'NULL' }), [1, 2, 3, 4, 5]);
      assert.deepEqual(await ids({ 'journal_lines.move_name': '-NULL' }), []);
      assert.deepEqual(await ids({ 'journal_lines.debit': '>300.25' }), [1]);
      assert.deepEqual(await ids({ 'journal_lines.debit': '>=300.25' }), [1, 3]);
      assert.deepEqual(await ids({ 'journal_lines.debit': '<100' }), [2, 4, 5]);
      assert.deepEqual(await ids({ 'journal_lines.debit': '[60.05,300.25]' }), [3, 4]);
      assert.deepEqual(await ids({ 'journal_lines.debit': '(60.05,300.25]' }), [3]);
      assert.deepEqual(await ids({ 'journal_lines.debit': '0,60.05' }), [2, 4, 5]);
      assert.deepEqual(await ids({ 'journal_lines.debit': 'NOT 0' }), [1, 3, 4]);
      assert.deepEqual(await ids({ 'journal_lines.date': '2026-11-03' }), [1, 2]);
      assert.deepEqual(await ids({ 'journal_lines.date': '2026/11' }), [1, 2, 3, 4, 5]);
      assert.deepEqual(await ids({ 'journal_lines.date': '2026-11-03 to 2026-11-20' }), [1, 2]);
      assert.deepEqual(await ids({ 'journal_lines.date': '2026-11-03 to 2026-11-21' }), [1, 2, 3, 4, 5]);
      assert.deepEqual(await ids({ 'journal_lines.date': 'before 2026-11-20' }), [1, 2]);
      assert.deepEqual(await ids({ 'journal_lines.date': 'after 2026-11-20' }), [3, 4, 5]);
      // A measure filter goes to HAVING.
      const having = await inline({ model: MODEL, view: 'journal_lines', fields: ['journal_lines.account_code', 'journal_lines.total_credit'], filters: { 'journal_lines.total_credit': '>0' } });
      assert.deepEqual(having.json(), [{ 'journal_lines.account_code': '401000', 'journal_lines.total_credit': 1560.8 }]);
      // Values never reach the SQL text: a quote is just a value.
      assert.deepEqual(await ids({ 'journal_lines.account_code': "600000' OR '1'='1" }), []);
    });

    it('answers 422 ValidationError for filters it does not understand, unknown fields and bad sorts, 404 for an unknown model', async () => {
      for (const [filters, field] of [
        [{ 'journal_lines.date': 'this month' }, 'filters'],
        [{ 'journal_lines.debit': 'abc' }, 'filters'],
        [{ 'journal_lines.nope': '1' }, 'filters'],
      ] as const) {
        const answer = await inline({ model: MODEL, view: 'journal_lines', fields: ['journal_lines.id'], filters });
        assert.equal(answer.status, 422, answer.body);
        const body = answer.json<{ message: string; errors: Array<{ field: string; code: string; message: string; documentation_url: string }>; documentation_url: string }>();
        assert.equal(body.message, 'Validation Failed');
        assert.equal(body.errors[0]?.field, field);
        assert.match(body.errors[0]?.documentation_url ?? '', /^https:\/\//);
        assert.match(body.documentation_url, /\/422\//);
      }
      const unknownField = await inline({ model: MODEL, view: 'journal_lines', fields: ['journal_lines.nope'], sorts: ['accounts.code'] });
      assert.deepEqual(
        unknownField.json().errors.map((error: { field: string }) => error.field),
        ['fields', 'sorts'],
      );
      const missing = await inline({ fields: ['journal_lines.id'] });
      assert.equal(missing.status, 422);
      assert.deepEqual(
        missing.json().errors.map((error: { field: string; code: string }) => [error.field, error.code]),
        [
          ['model', 'missing'],
          ['view', 'missing'],
        ],
      );
      const model = await inline({ model: 'nope', view: 'journal_lines', fields: ['journal_lines.id'] });
      assert.equal(model.status, 404);
      assert.equal(model.json().message, 'Not found');
    });

    it('formats: json_bi metadata, csv with labels, sql with the values shown; limit as a string, "-1" unlimited', async () => {
      const body = { model: MODEL, view: 'journal_lines', fields: ['journal_lines.account_code', 'journal_lines.total_debit'], sorts: ['journal_lines.account_code desc'], filters: { 'journal_lines.date': '2026-11-20' } };
      const bi = (await inline(body, 'json_bi')).json<{ metadata: { fields: { dimensions: Array<{ name: string }>; measures: Array<{ name: string }> } }; rows: unknown[] }>();
      assert.deepEqual(bi.metadata.fields.dimensions.map((field) => field.name), ['journal_lines.account_code']);
      assert.deepEqual(bi.metadata.fields.measures.map((field) => field.name), ['journal_lines.total_debit']);
      assert.deepEqual(bi.rows, [
        { 'journal_lines.account_code': '600000', 'journal_lines.total_debit': 300.25 },
        { 'journal_lines.account_code': '445660', 'journal_lines.total_debit': 60.05 },
        { 'journal_lines.account_code': '401000', 'journal_lines.total_debit': 0 },
      ]);
      const csv = await inline(body, 'csv');
      assert.match(csv.headers['content-type'] ?? '', /^text\/csv/);
      assert.equal(csv.body, 'Journal Lines Account Code,Journal Lines Total Debit\n600000,300.25\n445660,60.05\n401000,0\n');
      const sql = await inline(body, 'sql');
      assert.equal(sql.status, 200);
      assert.match(sql.body, /SUM\("journal_lines"\."debit"\)/);
      assert.match(sql.body, new RegExp(`FROM "${fx.schema}"\\."journal_lines"`));
      assert.match(sql.body, /'2026-11-20'/);
      assert.equal((await inline({ ...body, limit: '2' })).json().length, 2);
      assert.equal((await inline({ ...body, limit: '2' }, 'json', '?limit=1')).json().length, 1);
      assert.equal((await inline({ ...body, limit: '-1' })).json().length, 3);
      assert.equal((await inline({ ...body, limit: 'lots' })).status, 422);
      assert.equal((await inline(body, 'xlsx')).status, 422);
    });

    it('a SQL error answers 400 with the database\'s message; a warehouse that is down answers 400 and the sandbox stays up', async () => {
      fx.looker.simulator.setWarehouse({ ...fx.looker.simulator.warehouse, schema: `${fx.schema}_missing` });
      const missing = await inline({ model: MODEL, view: 'journal_lines', fields: ['journal_lines.total_debit'] });
      assert.equal(missing.status, 400);
      assert.match(missing.json().message, /relation ".*journal_lines" does not exist/);
      assert.ok(missing.json().documentation_url);

      fx.looker.simulator.setWarehouse({ url: 'postgres://postgres@127.0.0.1:1/test', schema: fx.schema });
      const down = await inline({ model: MODEL, view: 'journal_lines', fields: ['journal_lines.total_debit'] });
      assert.equal(down.status, 400);
      assert.match(down.json().message, /ECONNREFUSED|connect/);
      const tested = await call(fx.looker.url, `/connections/${CONNECTION_NAME}/test`, { method: 'PUT', token: fx.token });
      assert.equal(tested.json()[0].status, 'error');

      fx.looker.simulator.setWarehouse({ ...fx.looker.simulator.warehouse, url: 'postgres://postgres@127.0.0.1:5432/test' });
      assert.equal((await inline({ model: MODEL, view: 'journal_lines', fields: ['journal_lines.total_debit'] })).status, 200);
    });

    it('connections: the warehouse without a password; test runs select 1; the control API points it elsewhere', async () => {
      const connections = await call(fx.looker.url, '/connections', { token: fx.token });
      const [connection] = connections.json<Array<Record<string, unknown>>>();
      assert.equal(connection?.name, CONNECTION_NAME);
      assert.deepEqual([connection?.dialect_name, connection?.host, connection?.port, connection?.database, connection?.schema, connection?.username], ['postgres', '127.0.0.1', '5432', 'test', fx.schema, 'postgres']);
      assert.equal('password' in (connection ?? {}), false);
      const tested = await call(fx.looker.url, `/connections/${CONNECTION_NAME}/test`, { method: 'PUT', token: fx.token });
      assert.deepEqual(tested.json().map((result: { status: string }) => result.status), ['success', 'success']);
      assert.equal((await call(fx.looker.url, '/connections/other', { token: fx.token })).status, 404);

      const set = await control(fx.looker.url, 'POST', 'warehouse', { host: '127.0.0.1', port: 5432, database: 'test', user: 'postgres', password: 's3cret', schema: 'elsewhere' });
      assert.equal(set.status, 200);
      assert.doesNotMatch(JSON.stringify(set.body), /s3cret/);
      const moved = (await call(fx.looker.url, `/connections/${CONNECTION_NAME}`, { token: fx.token })).json();
      assert.deepEqual([moved.schema, moved.has_password], ['elsewhere', true]);
      assert.doesNotMatch(JSON.stringify(moved), /s3cret/);
      assert.equal((await control(fx.looker.url, 'POST', 'warehouse', { url: 'mysql://x' })).status, 400);
    });
  });
});
