// OdooWriter with dedup's first claim of a key (WriteRequest.firstClaim): an upsert by external id
// goes to load() without a lookup, and what Odoo already holds is still neither doubled nor miscounted.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import { OdooClient } from '../../lib/odoo';
import { OdooWriter } from '../../lib/odoo/writer';
import { writeRequestFrom, writeSettingsFrom } from '../../lib/odoo/write-input';
import type { WriteRequest } from '../../lib/odoo/write-request';

describe('OdooWriter, first claims', () => {
  let sim: RunningSimulator;
  let client: OdooClient;
  let journal = 0;
  let debit = 0;
  let credit = 0;
  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
  });
  beforeEach(async () => {
    sim.reset();
    client?.close();
    client = new OdooClient({ configName: 'first claim test', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: 'json2' });
    [journal = 0] = await client.search('account.journal', [['code', '=', 'PAY']]);
    [debit = 0] = await client.search('account.account', [['code', '=', '6100']]);
    [credit = 0] = await client.search('account.account', [['code', '=', '2100']]);
    assert.ok(journal && debit && credit, 'the sandbox seed has the PAY journal and accounts 6100, 2100');
  });
  after(async () => {
    client.close();
    await sim.close();
  });

  const entry = (key: string, amount: number, firstClaim: boolean): WriteRequest => ({
    model: 'account.move',
    operation: 'upsert',
    values: {
      move_type: 'entry',
      journal_id: journal,
      date: '2026-11-30',
      ref: `first claim ${key}`,
      line_ids: [
        [0, 0, { account_id: debit, name: 'wages', debit: amount, credit: 0 }],
        [0, 0, { account_id: credit, name: 'payable', debit: 0, credit: amount }],
      ],
    },
    key,
    match: { kind: 'external-id' },
    post: true,
    ...(firstClaim ? { firstClaim: true as const } : {}),
  });

  const refCount = (key: string): Promise<number> => client.searchCount('account.move', [['ref', '=', `first claim ${key}`]]);

  it('loads and posts a batch of first claims in two calls, each entry created once and posted', async () => {
    const writer = new OdooWriter(client);
    await client.fieldInfos('account.move');
    await client.fieldInfos('account.move.line');
    const since = sim.log.lastSeq;
    const out = await writer.writeBatch([entry('fc:1', 100, true), entry('fc:2', 200, true), entry('fc:3', 300, true)]);
    assert.ok(out.every((o) => o.ok && o.created && o.posted), JSON.stringify(out));
    assert.equal(sim.log.count({ sinceSeq: since }), 2, 'load and action_post only');
    assert.equal(sim.log.count({ sinceSeq: since, tag: { model: 'ir.model.data', method: 'search_read' } }), 0);
    for (const key of ['fc:1', 'fc:2', 'fc:3']) assert.equal(await refCount(key), 1, key);
  });

  it('prepared ahead, sends the same load as unprepared and nothing while preparing; an unloadable record is still refused by the write', async () => {
    const prepared = new OdooWriter(client);
    const plain = new OdooWriter(client);
    const loads = (since: number): unknown[] => sim.log.entries({ sinceSeq: since }).filter((e) => e.path.endsWith('/load')).map((e) => (e.body as { fields: unknown; data: unknown[][] }).fields);
    const unknownField: WriteRequest = { ...entry('fc:bad', 5, true), values: { ...entry('fc:bad', 5, true).values, no_such_field: 1 } };
    const batch = [entry('fc:p1', 10, true), unknownField, entry('fc:p2', 20, true)];
    await prepared.prepare(batch);
    let since = sim.log.lastSeq;
    await prepared.prepare(batch);
    assert.equal(sim.log.count({ sinceSeq: since }), 0, 'preparing calls nothing once the field lists are known');
    const out = await prepared.writeBatch(batch);
    const fieldsPrepared = loads(since);
    assert.equal(fieldsPrepared.length, 1, 'one load for the batch');
    assert.ok(out[0]?.ok && out[0].created && out[0].posted && out[2]?.ok && out[2].posted, JSON.stringify(out));
    assert.equal(out[1]?.ok, false);
    assert.match(out[1]?.ok === false ? out[1].error.message : '', /no_such_field/);
    since = sim.log.lastSeq;
    await plain.writeBatch([entry('fc:u1', 10, true), unknownField, entry('fc:u2', 20, true)]);
    assert.deepEqual(fieldsPrepared, loads(since), 'the same columns either way');
    for (const key of ['fc:p1', 'fc:p2', 'fc:u1', 'fc:u2']) assert.equal(await refCount(key), 1, key);
  });

  it('reports an entry Odoo already holds posted as unchanged and posts the others of the batch', async () => {
    const writer = new OdooWriter(client);
    const [earlier] = await writer.writeBatch([entry('fc:old', 50, false)]);
    assert.ok(earlier?.ok && earlier.posted, JSON.stringify(earlier));
    const [old, fresh] = await writer.writeBatch([entry('fc:old', 50, true), entry('fc:new', 60, true)]);
    assert.deepEqual(old, { ok: true, id: earlier.id, created: false, posted: true, unchanged: true });
    assert.ok(fresh?.ok && fresh.created && fresh.posted, JSON.stringify(fresh));
    assert.equal(await refCount('fc:old'), 1);
    assert.equal(await refCount('fc:new'), 1);
  });

  it('looks the key up when it is not a first claim, and for the second message of one key in a batch', async () => {
    const writer = new OdooWriter(client);
    const since = sim.log.lastSeq;
    const [again] = await writer.writeBatch([entry('fc:again', 70, false)]);
    assert.ok(again?.ok && again.created, JSON.stringify(again));
    assert.equal(sim.log.count({ sinceSeq: since, tag: { model: 'ir.model.data', method: 'search_read' } }), 1);

    const between = sim.log.lastSeq;
    const [first, second] = await writer.writeBatch([entry('fc:twice', 80, true), entry('fc:twice', 80, true)]);
    assert.ok(first?.ok && first.created && first.posted, JSON.stringify(first));
    assert.deepEqual(second, { ok: true, id: first.id, created: false, posted: true, unchanged: true });
    assert.equal(sim.log.count({ sinceSeq: between, tag: { model: 'ir.model.data', method: 'search_read' } }), 1, 'the second round looked up');
    assert.equal(await refCount('fc:twice'), 1);
  });

  it('takes a first claim from msg.mlc.attempt 1 only while the message has no target', () => {
    const settings = writeSettingsFrom({ model: 'account.move', operation: 'upsert', matchBy: 'external-id', post: true });
    const request = (attempt: unknown, hasTarget: boolean): WriteRequest => writeRequestFrom({ payload: { ref: 'x' }, key: 'k', attempt, hasTarget }, settings);
    assert.equal(request(1, false).firstClaim, true);
    assert.equal(request(2, false).firstClaim, undefined);
    assert.equal(request(undefined, false).firstClaim, undefined);
    assert.equal(request('1', false).firstClaim, undefined);
    assert.equal(request(1, true).firstClaim, undefined);
  });
});
