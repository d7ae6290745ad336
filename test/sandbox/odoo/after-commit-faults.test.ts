// The Odoo simulator's after-commit faults: the model method runs and commits, then the answer is a
// 500, never comes, or is cut. Checked over real sockets on each transport, with the record counted after.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import type { RunningSimulator } from '../../../sandbox/kit';
import type { OdooSimulator } from '../../../sandbox/odoo';
import { rawRequest } from '../http-client';
import { ADMIN_KEY, ADMIN_UID, DB, executeKw, json2, methodCall, startOdoo, xmlRpcRaw } from './helpers';

describe('odoo simulator: faults after commit', () => {
  let sim: RunningSimulator;
  let odoo: OdooSimulator;
  before(async () => {
    sim = await startOdoo();
    odoo = sim.simulator as OdooSimulator;
  });
  beforeEach(() => sim.reset());
  after(() => sim.close());

  const partners = async (name: string): Promise<number> => (await executeKw(sim.url, 'res.partner', 'search_count', [[['name', '=', name]]])) as number;

  it('JSON-2: answers 500 with an HTML page, and the record was created', async () => {
    odoo.callFaults.add({ model: 'res.partner', method: 'create', kind: 'status' });
    const answer = await json2(sim.url, 'res.partner', 'create', { vals_list: [{ name: 'After 500' }] });
    assert.equal(answer.status, 500);
    assert.match(String(answer.body), /Internal Server Error/);
    assert.equal(await partners('After 500'), 1);
    assert.equal(sim.log.count({ tag: { afterCommitFault: 'status' } }), 1);
    // Used up: the next call answers normally.
    assert.equal((await json2(sim.url, 'res.partner', 'create', { vals_list: [{ name: 'After 500' }] })).status, 200);
  });

  it('XML-RPC: load through a dropped connection still created the record and its external id', async () => {
    odoo.callFaults.add({ model: 'res.partner', method: 'load', kind: 'drop' });
    // A search before the load is not struck: the fault names the method.
    assert.equal(await partners('Dropped'), 0);
    const body = methodCall('execute_kw', [DB, ADMIN_UID, ADMIN_KEY, 'res.partner', 'load', [['id', 'name'], [['mlc.dropped', 'Dropped']]]]);
    await assert.rejects(xmlRpcRaw(sim.url, 'object', body), /socket hang up|ECONNRESET/);
    assert.equal(await partners('Dropped'), 1);
    assert.equal(odoo.engine.xmlidToResId('mlc.dropped')?.model, 'res.partner');
  });

  it('JSON-RPC: the answer cut mid-body, the record created', async () => {
    odoo.callFaults.add({ method: 'create', kind: 'reset-mid-body' });
    const request = rawRequest(`${sim.url}/jsonrpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', method: 'call', id: 1, params: { service: 'object', method: 'execute_kw', args: [DB, ADMIN_UID, ADMIN_KEY, 'res.partner', 'create', [{ name: 'Cut' }]] } }),
    });
    await assert.rejects(request, (err: Error & { partialBody?: string }) => err.message === 'response cut off mid-body' && (err.partialBody ?? '').startsWith('{'));
    assert.equal(await partners('Cut'), 1);
  });

  it('XML-RPC: a hang leaves the client to time out, the record created', async () => {
    odoo.callFaults.add({ model: 'res.partner', method: 'create', kind: 'hang' });
    const body = methodCall('execute_kw', [DB, ADMIN_UID, ADMIN_KEY, 'res.partner', 'create', [{ name: 'Hung' }]]);
    await assert.rejects(rawRequest(`${sim.url}/xmlrpc/2/object`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body, timeoutMs: 200 }), /client timeout/);
    assert.equal(await partners('Hung'), 1);
  });

  it('a call Odoo refused (rolled back) does not use the fault up', async () => {
    odoo.callFaults.add({ model: 'res.partner', method: 'create', kind: 'status' });
    const refused = await json2(sim.url, 'res.partner', 'create', { vals_list: [{ no_such_field: 1 }] });
    assert.notEqual(refused.status, 200);
    assert.equal(odoo.callFaults.pending().length, 1);
  });
});
