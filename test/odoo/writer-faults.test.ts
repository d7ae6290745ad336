// OdooWriter when answers get lost: the Odoo simulator runs and commits a call, then answers 500, cuts
// the answer, drops the connection or hangs (its after-commit faults), or answers 500 before running it
// (the kit's path faults). Whatever happens, one target record per key, posted when asked, and the
// calls counted: a lost answer costs a lookup, never a second create and never a per-record resend.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import { externalIdName } from '../../lib/odoo/external-ids';
import type { TransportKind } from '../../lib/odoo/types';
import type { WriteRequest } from '../../lib/odoo/write-request';
import { OdooWriter } from '../../lib/odoo/writer';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator, type AfterCommitAction } from '../../sandbox/odoo';

const TRANSPORTS: TransportKind[] = ['xmlrpc', 'json2', 'jsonrpc'];

interface Demo {
  journal: number;
  wages: number;
  accrued: number;
  costCenter: number;
}

describe('OdooWriter after lost answers', () => {
  let odoo: OdooSimulator;
  let sim: RunningSimulator;
  let demo: Demo;
  const clients: OdooClient[] = [];

  before(async () => {
    odoo = new OdooSimulator();
    sim = await startSimulator(odoo, { port: 0 });
  });
  beforeEach(async () => {
    sim.reset();
    const setup = connect('json2');
    const [journal] = await setup.search('account.journal', [['code', '=', 'PAY']]);
    const [wages] = await setup.search('account.account', [['code', '=', '6100']]);
    const [accrued] = await setup.search('account.account', [['code', '=', '2100']]);
    const [costCenter] = await setup.search('account.analytic.account', [['code', '=', 'CC-200']]);
    demo = { journal: journal!, wages: wages!, accrued: accrued!, costCenter: costCenter! };
  });
  after(async () => {
    for (const client of clients) client.close();
    await sim.close();
  });

  function connect(transport: TransportKind, timeoutMs = 60_000): OdooClient {
    const client = new OdooClient({ configName: 'faults', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport, timeoutMs, retry: { baseDelayMs: 0, maxDelayMs: 0 } });
    clients.push(client);
    return client;
  }

  function entry(key: string, amount: number, unbalancedBy = 0): WriteRequest {
    return {
      model: 'account.move',
      operation: 'upsert',
      key,
      match: { kind: 'external-id' },
      post: true,
      values: {
        move_type: 'entry',
        journal_id: demo.journal,
        date: '2026-11-15',
        ref: key,
        line_ids: [
          [0, 0, { account_id: demo.wages, name: 'Wages', debit: amount, credit: 0, analytic_distribution: { [String(demo.costCenter)]: 100 } }],
          [0, 0, { account_id: demo.accrued, name: 'Net wages', debit: 0, credit: amount - unbalancedBy }],
        ],
      },
    };
  }

  const calls = (since: number, model: string, method: string): number => sim.log.count({ sinceSeq: since, tag: { model, method } });

  /** Every key has exactly one move, named by its external id, in the wanted state. */
  async function assertOnePerKey(client: OdooClient, keys: string[], state: 'posted' | 'draft'): Promise<void> {
    const moves = await client.searchRead('account.move', { domain: [['ref', 'in', keys]], fields: ['ref', 'state'], raw: true });
    assert.equal(moves.length, keys.length, 'one move per key');
    assert.ok(moves.every((m) => m['state'] === state), `all ${state}`);
    const xmlids = await client.searchRead('ir.model.data', { domain: [['module', '=', 'mlc'], ['name', 'in', keys.map(externalIdName)]], fields: ['res_id'], raw: true });
    assert.deepEqual(xmlids.map((x) => x['res_id']).sort(), moves.map((m) => m.id).sort(), 'each move has its external id');
  }

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, () => {
      const afterCommit: Array<[string, AfterCommitAction]> = [
        ['answers 500', { kind: 'status', status: 500 }],
        ['drops the connection', { kind: 'drop' }],
        ['cuts the answer mid-body', { kind: 'reset-mid-body' }],
      ];
      for (const [what, action] of afterCommit) {
        it(`a 100-entry load that committed and then ${what}: one lookup, no second load or create, all posted once`, async () => {
          const client = connect(transport);
          const keys = Array.from({ length: 100 }, (_, i) => `fault:${transport}:${action.kind}:${i}`);
          odoo.callFaults.add({ model: 'account.move', method: 'load', ...action });
          const since = sim.log.lastSeq;
          const out = await new OdooWriter(client).writeBatch(keys.map((key, i) => entry(key, 100 + i)));
          assert.ok(out.every((o) => o.ok && o.posted === true && o.created), JSON.stringify(out.find((o) => !o.ok)));
          assert.equal(calls(since, 'account.move', 'load'), 1, 'not sent again');
          assert.equal(calls(since, 'account.move', 'create'), 0, 'never record by record');
          assert.equal(calls(since, 'ir.model.data', 'search_read'), 2, 'the first lookup and one after the lost answer');
          assert.equal(calls(since, 'account.move', 'action_post'), 1);
          await assertOnePerKey(client, keys, 'posted');
        });
      }

      it('action_post committed and then answered 500: the entries are read back as posted, not posted again', async () => {
        const client = connect(transport);
        const keys = Array.from({ length: 10 }, (_, i) => `post500:${transport}:${i}`);
        odoo.callFaults.add({ model: 'account.move', method: 'action_post', kind: 'status' });
        const since = sim.log.lastSeq;
        const out = await new OdooWriter(client).writeBatch(keys.map((key) => entry(key, 50)));
        assert.ok(out.every((o) => o.ok && o.posted === true), JSON.stringify(out));
        assert.equal(calls(since, 'account.move', 'action_post'), 1);
        await assertOnePerKey(client, keys, 'posted');
      });

      it('a draft left by a crash between load and post is found and posted, never loaded again', async () => {
        const client = connect(transport);
        const key = `crash:${transport}`;
        // What a kill -9 after load() leaves: the entry and its external id, in draft.
        const loaded = await client.load('account.move', ['id', 'journal_id/.id', 'date', 'ref', 'line_ids/account_id/.id', 'line_ids/debit', 'line_ids/credit'], [
          [`mlc.${externalIdName(key)}`, String(demo.journal), '2026-11-15', key, String(demo.wages), '75', '0'],
          ['', '', '', '', String(demo.accrued), '0', '75'],
        ]);
        assert.ok(loaded.ids, JSON.stringify(loaded.messages));
        const since = sim.log.lastSeq;
        const [out] = await new OdooWriter(client).writeBatch([entry(key, 75)]);
        assert.deepEqual(out, { ok: true, id: loaded.ids[0], created: false, posted: true });
        assert.equal(calls(since, 'account.move', 'load'), 0);
        await assertOnePerKey(client, [key], 'posted');
        // And once posted, a replay changes nothing.
        const [again] = await new OdooWriter(client).writeBatch([entry(key, 75)]);
        assert.deepEqual(again, { ok: true, id: loaded.ids[0], created: false, posted: true, unchanged: true });
      });

      it('an entry Odoo refuses is named by load: the others are loaded again in one call, never one by one', async () => {
        const client = connect(transport);
        const keys = Array.from({ length: 5 }, (_, i) => `refuse:${transport}:${i}`);
        const since = sim.log.lastSeq;
        const out = await new OdooWriter(client).writeBatch(keys.map((key, i) => entry(key, 20, i === 3 ? 5 : 0)));
        assert.equal(out.filter((o) => o.ok && o.posted).length, 4);
        const bad = out[3]!;
        assert.ok(!bad.ok && bad.error.code === 'MLC_ODOO_VALIDATION' && /not balanced/.test(bad.error.message), JSON.stringify(bad));
        assert.equal(calls(since, 'account.move', 'load'), 2);
        assert.equal(calls(since, 'account.move', 'create'), 0);
        await assertOnePerKey(client, keys.filter((_, i) => i !== 3), 'posted');
      });

      it('employees: created by external id through a dropped answer, then archived through a 500 after commit, then unarchived', async () => {
        const client = connect(transport);
        const employee = (operation: WriteRequest['operation'], values: Record<string, unknown>): WriteRequest => ({ model: 'hr.employee', operation, key: `emp:${transport}`, match: { kind: 'external-id' }, post: false, values });
        odoo.callFaults.add({ model: 'hr.employee', method: 'load', kind: 'drop' });
        const [created] = await new OdooWriter(client).writeBatch([employee('upsert', { name: `Fault Tester ${transport}`, work_email: 'fault@example.com' })]);
        assert.ok(created?.ok && created.created, JSON.stringify(created));
        const named = [['name', '=', `Fault Tester ${transport}`]];
        assert.equal(await client.searchCount('hr.employee', named), 1);

        odoo.callFaults.add({ model: 'hr.employee', method: 'write', kind: 'status' });
        const [archived] = await new OdooWriter(client).writeBatch([employee('archive', {})]);
        assert.deepEqual(archived, { ok: true, id: created.id, created: false });
        assert.equal(await client.searchCount('hr.employee', named), 0, 'archived');

        const [back] = await new OdooWriter(client).writeBatch([employee('update', { active: true })]);
        assert.deepEqual(back, { ok: true, id: created.id, created: false });
        assert.equal(await client.searchCount('hr.employee', named), 1, 'active again');
        assert.equal(await client.searchCount('hr.employee', [...named, ['active', 'in', [true, false]]], { active_test: false }), 1, 'never a second employee');
      });

      it('employees matched by identification_id: a create that committed and then answered 500 is found by that field', async () => {
        const client = connect(transport);
        odoo.callFaults.add({ model: 'hr.employee', method: 'create', kind: 'status' });
        const since = sim.log.lastSeq;
        const request: WriteRequest = { model: 'hr.employee', operation: 'upsert', match: { kind: 'field', field: 'identification_id' }, post: false, values: { name: 'By Badge', identification_id: `B-${transport}` } };
        const [out] = await new OdooWriter(client).writeBatch([request]);
        assert.ok(out?.ok && out.created, JSON.stringify(out));
        assert.equal(calls(since, 'hr.employee', 'create'), 1);
        assert.equal(await client.searchCount('hr.employee', [['identification_id', '=', `B-${transport}`]]), 1);
      });
    });
  }

  it('a load the client times out on after Odoo committed it: found by the lookup, not loaded again', async () => {
    const client = connect('xmlrpc', 1000);
    const keys = ['hang:0', 'hang:1'];
    odoo.callFaults.add({ model: 'account.move', method: 'load', kind: 'hang' });
    const since = sim.log.lastSeq;
    const out = await new OdooWriter(client).writeBatch(keys.map((key) => entry(key, 10)));
    assert.ok(out.every((o) => o.ok && o.posted), JSON.stringify(out));
    assert.equal(calls(since, 'account.move', 'load'), 1);
    await assertOnePerKey(client, keys, 'posted');
  });

  it('a 500 before Odoo ran the load (JSON-2 path fault): not found, so sent once more in the same batch', async () => {
    const client = connect('json2');
    const keys = Array.from({ length: 20 }, (_, i) => `before500:${i}`);
    sim.faults.add({ kind: 'status', status: 500, path: '/json/2/account.move/load' });
    const since = sim.log.lastSeq;
    const out = await new OdooWriter(client).writeBatch(keys.map((key) => entry(key, 10)));
    assert.ok(out.every((o) => o.ok && o.posted), JSON.stringify(out));
    assert.equal(sim.log.count({ sinceSeq: since, path: '/json/2/account.move/load' }), 2, 'the first try and one resend, the whole batch');
    assert.equal(calls(since, 'account.move', 'create'), 0);
    await assertOnePerKey(client, keys, 'posted');
  });

  it('when the resend meets a 500 again, the records fail with the first error and nothing is written twice', async () => {
    const client = connect('json2');
    sim.faults.add({ kind: 'status', status: 503, path: '/json/2/account.move/load', times: 2 });
    const out = await new OdooWriter(client).writeBatch([entry('twice:0', 10)]);
    const [first] = out;
    assert.ok(first && !first.ok, JSON.stringify(out));
    assert.match(first.error.message, /503/);
    assert.equal(await client.searchCount('account.move', [['ref', '=', 'twice:0']]), 0);
  });
});
