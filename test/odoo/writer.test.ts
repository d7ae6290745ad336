// OdooWriter on its own against the Odoo simulator: what the node cannot easily provoke.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import { OdooClient } from '../../lib/odoo';
import { OdooWriter } from '../../lib/odoo/writer';
import type { WriteRequest } from '../../lib/odoo/write-request';

describe('OdooWriter', () => {
  let sim: RunningSimulator;
  let client: OdooClient;
  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
  });
  beforeEach(() => {
    sim.reset();
    client?.close();
    client = new OdooClient({ configName: 'writer test', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: 'json2' });
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  const partner = (key: string, name: string): WriteRequest => ({
    model: 'res.partner',
    operation: 'upsert',
    values: { name, supplier_rank: 1 },
    key,
    match: { kind: 'external-id' },
    post: false,
  });

  it('two batches racing for one external id end with one record: load finds the other\'s and changes nothing', async () => {
    const writer = new OdooWriter(client);
    const since = sim.log.lastSeq;
    const [a, b] = await Promise.all([writer.writeBatch([partner('race:1', 'Race Vendor')]), writer.writeBatch([partner('race:1', 'Race Vendor')])]);
    assert.ok(a[0]?.ok && b[0]?.ok, JSON.stringify([a, b]));
    assert.equal(a[0].id, b[0].id);
    assert.equal(await client.searchCount('res.partner', [['name', '=', 'Race Vendor']]), 1);
    assert.equal(sim.log.count({ sinceSeq: since, tag: { model: 'res.partner', method: 'load' } }), 2, 'both looked up before either loaded');
    assert.equal(sim.log.count({ sinceSeq: since, tag: { model: 'res.partner', method: 'unlink' } }), 0, 'nothing to clean up');
  });

  it('refuses, before any call, values load() cannot carry: an update command in new lines, an unknown field', async () => {
    const writer = new OdooWriter(client);
    const since = sim.log.lastSeq;
    const move = (key: string, values: Record<string, unknown>): WriteRequest => ({ model: 'account.move', operation: 'upsert', values, key, match: { kind: 'external-id' }, post: false });
    const [update, unknown, good] = await writer.writeBatch([
      move('nl:1', { move_type: 'entry', line_ids: [[1, 5, { name: 'x' }]] }),
      move('nl:2', { move_type: 'entry', no_such_field: 1 }),
      move('nl:3', { move_type: 'entry', ref: 'loadable' }),
    ]);
    assert.ok(update && !update.ok && update.error.code === 'MLC_ODOO_WRITE_BAD_INPUT' && /only new lines/.test(update.error.message), JSON.stringify(update));
    assert.ok(unknown && !unknown.ok && unknown.error.code === 'MLC_ODOO_UNKNOWN_FIELD', JSON.stringify(unknown));
    assert.ok(good?.ok && good.created, JSON.stringify(good));
    assert.equal(sim.log.count({ sinceSeq: since, tag: { model: 'account.move', method: 'load' } }), 1, 'only the loadable record was sent');
    assert.equal(await client.searchCount('account.move', [['ref', '=', 'loadable']]), 1);
  });

  it('archives a batch with one write call', async () => {
    const writer = new OdooWriter(client);
    const ids = await client.search('hr.employee', [], { limit: 5, order: 'id asc' });
    const since = sim.log.lastSeq;
    const out = await writer.writeBatch(ids.map((id) => ({ model: 'hr.employee', operation: 'archive', values: {}, id, match: { kind: 'external-id' }, post: false })));
    assert.ok(out.every((o) => o.ok));
    assert.equal(sim.log.count({ sinceSeq: since, tag: { model: 'hr.employee', method: 'write' } }), 1);
    assert.equal(await client.searchCount('hr.employee', [['id', 'in', ids], ['active', '=', false]]), 5);
  });
});
