import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../sandbox/kit';
import { rawRequest } from '../http-client';
import { DB, json2, payrollEntry, READER_KEY, startOdoo } from './helpers';

interface Json2Error {
  name: string;
  message: string;
  arguments: unknown[];
  context: unknown;
  debug: string;
}

function errorBody(response: { body: unknown }): Json2Error {
  const body = response.body as Json2Error;
  assert.deepEqual(Object.keys(body), ['name', 'message', 'arguments', 'context', 'debug']);
  return body;
}

describe('odoo simulator: JSON-2', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startOdoo();
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  it('search_read by named arguments, as a bare JSON body', async () => {
    const response = await json2(sim.url, 'res.partner', 'search_read', { domain: [['supplier_rank', '>', 0]], fields: ['name'], limit: 2, order: 'name asc' });
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-type'], 'application/json; charset=utf-8');
    assert.deepEqual(response.body, [
      { id: 1, name: 'Acme Lumber Supply' },
      { id: 9, name: 'Atlas Scaffolding Services' },
    ]);
    assert.equal(sim.log.count({ tag: { transport: 'json2', model: 'res.partner', method: 'search_read' } }), 1);
    assert.deepEqual(sim.log.last()?.body, { domain: [['supplier_rank', '>', 0]], fields: ['name'], limit: 2, order: 'name asc' });
  });

  it('create always answers ids; write, unlink, fields_get', async () => {
    const one = await json2(sim.url, 'res.partner', 'create', { vals_list: [{ name: 'Ridge Concrete' }] });
    assert.equal(one.status, 200);
    const [id] = one.body as number[];
    assert.equal(typeof id, 'number');
    const many = (await json2(sim.url, 'res.partner', 'create', { vals_list: [{ name: 'A' }, { name: 'B' }] })).body as number[];
    assert.equal(many.length, 2);
    assert.equal((await json2(sim.url, 'res.partner', 'write', { ids: [id], vals: { ref: 'V-9' } })).body, true);
    assert.deepEqual((await json2(sim.url, 'res.partner', 'read', { ids: [id], fields: ['ref'] })).body, [{ id, ref: 'V-9' }]);
    assert.equal((await json2(sim.url, 'res.partner', 'unlink', { ids: many })).body, true);
    const fields = (await json2(sim.url, 'account.move.line', 'fields_get', { allfields: ['debit'], attributes: ['type'] })).body;
    assert.deepEqual(fields, { debit: { type: 'monetary' } });
  });

  it('401 without a key or with a bad one, with WWW-Authenticate', async () => {
    const missing = await json2(sim.url, 'res.partner', 'search', { domain: [] }, { key: null });
    assert.equal(missing.status, 401);
    assert.equal(missing.headers['www-authenticate'], 'Bearer');
    const message = 'User not authenticated, use the "Authorization" header';
    assert.deepEqual({ ...errorBody(missing), debug: undefined }, { name: 'werkzeug.exceptions.Unauthorized', message, arguments: [message, 401], context: {}, debug: undefined });
    const bad = await json2(sim.url, 'res.partner', 'search', { domain: [] }, { key: 'not-a-key' });
    assert.equal(bad.status, 401);
    assert.equal(errorBody(bad).message, 'Invalid apikey');
  });

  it('403 access error, 422 validation, 404 missing record, 500 unknown field', async () => {
    const access = await json2(sim.url, 'res.partner', 'write', { ids: [7], vals: { name: 'x' } }, { key: READER_KEY });
    assert.equal(access.status, 403);
    assert.equal(errorBody(access).name, 'odoo.exceptions.AccessError');

    const unbalanced = await json2(sim.url, 'account.move', 'create', { vals_list: [payrollEntry(100, 90)] });
    assert.equal(unbalanced.status, 422);
    assert.equal(errorBody(unbalanced).name, 'odoo.exceptions.UserError');
    assert.match(errorBody(unbalanced).message, /is not balanced\./);

    const missing = await json2(sim.url, 'res.partner', 'write', { ids: [99999], vals: { name: 'x' } });
    assert.equal(missing.status, 404);
    assert.deepEqual(errorBody(missing).arguments, ['Record does not exist or has been deleted.\n(Record: res.partner(99999,), User: 2)']);

    const field = await json2(sim.url, 'res.partner', 'search_read', { domain: [], fields: ['nope'] });
    assert.equal(field.status, 500);
    assert.equal(errorBody(field).name, 'builtins.ValueError');
    assert.equal(errorBody(field).message, "Invalid field 'nope' on model 'res.partner'");
    assert.equal(sim.log.count({ tag: { transport: 'json2', fault: 'builtins.ValueError' } }), 1);
  });

  it('X-Odoo-Database: the right name works, a wrong one is the "no database" page', async () => {
    assert.equal((await json2(sim.url, 'res.partner', 'search_count', { domain: [] }, { headers: { 'x-odoo-database': DB } })).status, 200);
    const wrong = await json2(sim.url, 'res.partner', 'search_count', { domain: [] }, { headers: { 'x-odoo-database': 'prod' } });
    assert.equal(wrong.status, 404);
    assert.equal(wrong.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(String(wrong.body), /No database is selected and the requested URL was not found in the server-wide controllers\./);
  });

  it('bad bodies are 400s; unknown routes a JSON 404 with a hint; bad arguments 422', async () => {
    const post = (path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
      rawRequest(`${sim.url}${path}`, { method: 'POST', headers: { authorization: 'Bearer mlc-demo-key', ...headers }, body });
    const notJson = await post('/json/2/res.users/search', 'not json');
    assert.equal(notJson.status, 400);
    assert.equal((JSON.parse(notJson.body) as Json2Error).message, 'could not parse the body as json: Expecting value: line 1 column 1 (char 0)');
    assert.equal((JSON.parse((await post('/json/2/res.users/search', 'null')).body) as Json2Error).message, 'could not parse the body, expecting a json object');
    assert.equal((await post('/json/2/res.users/search', 'domain=[]', { 'content-type': 'application/x-www-form-urlencoded' })).status, 415);

    const hint = await rawRequest(`${sim.url}/json/2/res.partner/search_read`);
    assert.equal(hint.status, 404);
    assert.deepEqual((JSON.parse(hint.body) as Json2Error).arguments, ['Did you mean POST /json/2/<model>/<method>?', 404]);

    const noModel = await json2(sim.url, 'x.nope', 'search', { domain: [] });
    assert.equal(noModel.status, 404);
    assert.equal(errorBody(noModel).message, "the model 'x.nope' does not exist");
    const withIds = await json2(sim.url, 'res.partner', 'create', { ids: [1], vals_list: [] });
    assert.equal(withIds.status, 422);
    assert.equal(errorBody(withIds).name, 'werkzeug.exceptions.UnprocessableEntity');
  });
});
