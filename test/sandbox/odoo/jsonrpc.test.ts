import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../sandbox/kit';
import { rawRequest } from '../http-client';
import { ADMIN_KEY, ADMIN_UID, DB, jsonRpc, payrollEntry, READER_KEY, READER_UID, startOdoo, type JsonRpcReply } from './helpers';

function errorOf(reply: JsonRpcReply): NonNullable<JsonRpcReply['error']> {
  assert.ok(reply.error, `expected an error, got ${JSON.stringify(reply)}`);
  assert.equal(reply.error.code, 0, 'Odoo 19 sends code 0');
  assert.equal(reply.error.message, 'Odoo Server Error');
  assert.deepEqual(Object.keys(reply.error.data), ['name', 'message', 'arguments', 'context', 'debug']);
  return reply.error;
}

describe('odoo simulator: JSON-RPC', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startOdoo();
  });
  after(() => sim.close());
  beforeEach(() => sim.reset());

  const kw = (model: string, method: string, args: unknown[], kwargs: Record<string, unknown> = {}, key = ADMIN_KEY, uid = ADMIN_UID) =>
    jsonRpc(sim.url, 'object', 'execute_kw', [DB, uid, key, model, method, args, kwargs]);

  it('version and authenticate in JSON-RPC 2.0 envelopes that echo the id', async () => {
    assert.deepEqual(await jsonRpc(sim.url, 'common', 'version', [], 'abc'), {
      jsonrpc: '2.0',
      id: 'abc',
      result: { server_version: '19.0', server_version_info: [19, 0, 0, 'final', 0, ''], server_serie: '19.0', protocol_version: 1 },
    });
    assert.deepEqual(await jsonRpc(sim.url, 'common', 'authenticate', [DB, 'admin', ADMIN_KEY, {}], 7), { jsonrpc: '2.0', id: 7, result: ADMIN_UID });
    assert.deepEqual(await jsonRpc(sim.url, 'common', 'authenticate', [DB, 'admin', 'nope', {}], 8), { jsonrpc: '2.0', id: 8, result: false });
    assert.equal((await jsonRpc(sim.url, 'common', 'login', [DB, 'reader', READER_KEY])).result, READER_UID);
  });

  it('search_read with domain, fields, limit and order; calls are tagged per model and method', async () => {
    const reply = await kw('res.partner', 'search_read', [[['supplier_rank', '>', 0]]], { fields: ['name'], limit: 2, order: 'name asc' });
    assert.deepEqual(reply.result, [
      { id: 1, name: 'Acme Lumber Supply' },
      { id: 9, name: 'Atlas Scaffolding Services' },
    ]);
    assert.equal(sim.log.count({ tag: { transport: 'jsonrpc', service: 'object', model: 'res.partner', method: 'search_read' } }), 1);
  });

  it('create one and a list, write, unlink, fields_get', async () => {
    const one = (await kw('res.partner', 'create', [{ name: 'Ridge Concrete' }])).result;
    assert.equal(typeof one, 'number');
    const many = (await kw('res.partner', 'create', [[{ name: 'A' }, { name: 'B' }]])).result as number[];
    assert.equal(many.length, 2);
    assert.equal((await kw('res.partner', 'write', [[one], { ref: 'V-7' }])).result, true);
    assert.equal((await kw('res.partner', 'unlink', [many])).result, true);
    assert.deepEqual((await kw('res.partner', 'read', [[one, ...many], ['ref']])).error?.data.name, 'odoo.exceptions.MissingError');
    const fields = (await kw('res.partner', 'fields_get', [['name']], { attributes: ['type', 'string'] })).result;
    assert.deepEqual(fields, { name: { type: 'char', string: 'Name' } });
  });

  it('errors: access denied, access error, validation, missing record, unknown field', async () => {
    const denied = errorOf(await kw('res.partner', 'search', [[]], {}, 'revoked'));
    assert.equal(denied.data.name, 'odoo.exceptions.AccessDenied');
    assert.equal(denied.data.message, 'Access Denied');
    assert.deepEqual(denied.data.arguments, ['Access Denied']);

    const access = errorOf(await kw('res.partner', 'write', [[7], { name: 'x' }], {}, READER_KEY, READER_UID));
    assert.equal(access.data.name, 'odoo.exceptions.AccessError');
    assert.match(access.data.message, /^You are not allowed to modify 'Contact' \(res\.partner\) records\./);

    const unbalanced = errorOf(await kw('account.move', 'create', [payrollEntry(500, 499)]));
    assert.equal(unbalanced.data.name, 'odoo.exceptions.UserError');
    assert.match(unbalanced.data.message, /is not balanced\./);

    const missing = errorOf(await kw('res.partner', 'write', [[99999], { name: 'x' }]));
    assert.equal(missing.data.name, 'odoo.exceptions.MissingError');
    assert.equal(missing.data.message, 'Record does not exist or has been deleted.\n(Record: res.partner(99999,), User: 2)');

    const field = errorOf(await kw('res.partner', 'search_read', [[]], { fields: ['nope'] }));
    assert.equal(field.data.name, 'builtins.ValueError');
    assert.equal(field.data.message, "Invalid field 'nope' on model 'res.partner'");
    assert.ok(field.data.debug.endsWith("\nValueError: Invalid field 'nope' on model 'res.partner'\n"));
  });

  it('a body that is not JSON is a bare 400, as Odoo aborts before its JSON-RPC handler', async () => {
    const post = (body: string, contentType = 'application/json') =>
      rawRequest(`${sim.url}/jsonrpc`, { method: 'POST', headers: { 'content-type': contentType }, body });
    const notJson = await post('{"jsonrpc": "2.0",');
    assert.equal(notJson.status, 400);
    assert.equal(notJson.body, 'Invalid JSON data');
    assert.equal((await post('[1, 2]')).body, 'Invalid JSON-RPC data');
    const wrongType = await post('{}', 'text/plain');
    assert.equal(wrongType.status, 415);
    assert.match(wrongType.body, /Request inferred type is compatible with \[&#39;http&#39;\] but &#39;\/jsonrpc&#39; is type=&#39;jsonrpc&#39;\./);
  });

  it('well-formed JSON with the wrong params is a JSON-RPC error', async () => {
    const response = await rawRequest(`${sim.url}/jsonrpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'common', method: 'version' }, id: 3 }),
    });
    const reply = JSON.parse(response.body) as JsonRpcReply;
    assert.equal(response.status, 200);
    assert.equal(reply.id, 3);
    const error = errorOf(reply);
    assert.equal(error.data.name, 'builtins.TypeError');
    assert.equal(error.data.message, "JSONRPC.jsonrpc() missing 1 required positional argument: 'args'");
    assert.equal(errorOf(await jsonRpc(sim.url, 'nope', 'version', [])).data.name, 'builtins.KeyError');
    assert.equal(errorOf(await jsonRpc(sim.url, 'object', 'execute_kw', [DB])).data.message, 'list index out of range');
  });
});
