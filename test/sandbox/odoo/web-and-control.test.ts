import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../../sandbox/kit';
import { OdooSimulator } from '../../../sandbox/odoo';
import { control, rawRequest } from '../http-client';
import { executeKw, json2, startOdoo } from './helpers';

describe('odoo simulator: /web/version, unknown routes, reset and clock', () => {
  let sim: RunningSimulator;
  before(async () => {
    sim = await startOdoo();
  });
  after(() => sim.close());

  it('GET /web/version and POST /web/webclient/version_info need no login', async () => {
    const version = await rawRequest(`${sim.url}/web/version`);
    assert.equal(version.status, 200);
    assert.deepEqual(JSON.parse(version.body), { version_info: [19, 0, 0, 'final', 0, ''], version: '19.0' });
    const info = await rawRequest(`${sim.url}/web/webclient/version_info`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"jsonrpc":"2.0","method":"call","params":{},"id":1}',
    });
    assert.equal((JSON.parse(info.body) as { result: { server_serie: string } }).result.server_serie, '19.0');
  });

  it('unknown paths are werkzeug\'s HTML 404', async () => {
    const response = await rawRequest(`${sim.url}/no/such/page`);
    assert.equal(response.status, 404);
    assert.equal(response.headers['content-type'], 'text/html; charset=utf-8');
    assert.match(response.body, /<title>404 Not Found<\/title>/);
  });

  it('write_date follows the sandbox clock, and /__sandbox/reset brings back the seed', async () => {
    await control(sim.url, 'POST', 'clock', { set: '2027-03-01T12:34:56.789Z' });
    const id = (await executeKw(sim.url, 'res.partner', 'create', [{ name: 'Clocked Vendor' }])) as number;
    const [row] = (await executeKw(sim.url, 'res.partner', 'read', [[id], ['write_date']])) as Array<Record<string, unknown>>;
    assert.equal(row?.['write_date'], '2027-03-01 12:34:56');
    assert.equal((await control(sim.url, 'POST', 'reset')).status, 200);
    assert.equal(await executeKw(sim.url, 'res.partner', 'search_count', [[['name', '=', 'Clocked Vendor']]]), 0);
    assert.equal(sim.log.size, 1, 'reset cleared the log; only the count above remains');
  });

  it('an Odoo 17 server has no JSON-2 and answers JSON-RPC errors with code 200', async () => {
    const old = await startSimulator(new OdooSimulator({ serverVersion: '17.0' }), { port: 0 });
    try {
      assert.equal((await json2(old.url, 'res.partner', 'search', { domain: [] })).status, 404);
      const reply = await rawRequest(`${old.url}/jsonrpc`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method: 'call', params: { service: 'common', method: 'nope', args: [] }, id: 1 }),
      });
      assert.equal((JSON.parse(reply.body) as { error: { code: number } }).error.code, 200);
    } finally {
      await old.close();
    }
  });
});
