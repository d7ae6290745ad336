// mlc-odoo-write in real Node-RED against the Odoo simulator over real sockets, on all three
// transports; with mlc-audit and a real SQLite store where the outcome must reach the store.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import { OdooClient, type TransportKind } from '../../lib/odoo';
import { externalIdName } from '../../lib/odoo/external-ids';
import { openStore } from '../../lib/store';
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import odooWriteNode = require('../../nodes/odoo/odoo-write');
import storeNode = require('../../nodes/core/store-config');
import auditNode = require('../../nodes/core/audit');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));
const NODES = [odooConfigNode, odooWriteNode, storeNode, auditNode];
const TRANSPORTS: TransportKind[] = ['json2', 'xmlrpc', 'jsonrpc'];
const CONFIG_NAME = 'Odoo (test)';
const WRONG_KEY = 'wrong-Key-Value-31337';

type Msg = Record<string, unknown>;
interface Ids {
  journal: number;
  accounts: Record<'6100' | '6200' | '2100' | '2200', number>;
  costCenter: number;
}

let sim: RunningSimulator;
let client: OdooClient;
let ids: Ids;
let dir: string;

async function demoIds(): Promise<Ids> {
  const [journal] = await client.search('account.journal', [['code', '=', 'PAY']]);
  const accounts = await client.searchRead('account.account', { domain: [['code', 'in', ['6100', '6200', '2100', '2200']]], fields: ['code'] });
  const [costCenter] = await client.search('account.analytic.account', [['code', '=', 'CC-200']]);
  const byCode = Object.fromEntries(accounts.map((a) => [String(a['code']), Number(a['id'])])) as Ids['accounts'];
  assert.ok(journal && costCenter && Object.keys(byCode).length === 4);
  return { journal, accounts: byCode, costCenter };
}

/** A payroll journal entry: wages and employer taxes for one cost center, 4 lines. */
function payrollMove(ref: string, wages: number, { unbalancedBy = 0 } = {}): Msg {
  const tax = Math.round(wages * 7.65) / 100;
  const analytic = { [String(ids.costCenter)]: 100 };
  return {
    move_type: 'entry',
    journal_id: ids.journal,
    date: '2026-11-15',
    ref,
    line_ids: [
      [0, 0, { account_id: ids.accounts['6100'], name: 'Wages CC-200', debit: wages, credit: 0, analytic_distribution: analytic }],
      [0, 0, { account_id: ids.accounts['6200'], name: 'Employer taxes CC-200', debit: tax, credit: 0, analytic_distribution: analytic }],
      [0, 0, { account_id: ids.accounts['2100'], name: 'Accrued wages', debit: 0, credit: wages - unbalancedBy, partner_id: null }],
      [0, 0, { account_id: ids.accounts['2200'], name: 'Payroll taxes payable', debit: 0, credit: tax }],
    ],
  };
}

function message(key: string, payload: Msg): Msg {
  return { payload, topic: 'odoo/account.move', mlc: { key, runId: 'run-1', source: { system: 'ukg', entity: 'gl', id: key } } };
}

function flow(transport: TransportKind, write: Msg, { audit = false, errorWired = true } = {}): Msg[] {
  const nodes: Msg[] = [
    { id: 'tab', type: 'tab', label: 'odoo write' },
    { id: 'odoo', type: 'mlc-odoo-config', name: CONFIG_NAME, url: sim.url, db: 'mlc_demo', transport, maxAttempts: 1 },
    {
      id: 'write',
      z: 'tab',
      type: 'mlc-odoo-write',
      odoo: 'odoo',
      model: 'account.move',
      operation: 'upsert',
      matchBy: 'external-id',
      post: true,
      batchSize: 100,
      ...write,
      wires: audit ? [['audit'], ['audit']] : [['written'], errorWired ? ['failed'] : []],
    },
    { id: 'written', z: 'tab', type: 'helper' },
    { id: 'failed', z: 'tab', type: 'helper' },
    { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'tab', type: 'helper' },
  ];
  if (audit) {
    nodes.push(
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
      { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
      { id: 'audited', z: 'tab', type: 'helper' },
    );
  }
  return positioned(nodes);
}

const credentials = (apiKey = 'mlc-demo-key') => ({ odoo: { username: 'admin', apiKey } });

async function load(transport: TransportKind, write: Msg = {}, options: { audit?: boolean; errorWired?: boolean; apiKey?: string } = {}): Promise<void> {
  await helper.load(NODES, flow(transport, write, options), credentials(options.apiKey));
}

const odooOf = (msg: Msg | undefined) => msg?.['odoo'] as { id: number; created: boolean; posted?: boolean; unchanged?: boolean };
const targetOf = (msg: Msg | undefined) => (msg?.['mlc'] as { target?: { system: string; entity: string; id: string } }).target;
const errorOf = (msg: Msg | undefined) => msg?.['error'] as { message: string; code: string; odooMessage?: string; source: { type: string } };

describe('mlc-odoo-write against the Odoo sandbox', () => {
  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });
  beforeEach(async () => {
    sim.reset();
    dir = mkdtempSync(join(tmpdir(), 'mlc-odoo-write-'));
    client = new OdooClient({ configName: 'test client', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: 'json2' });
    ids = await demoIds();
  });
  afterEach(async () => {
    await helper.unload();
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const transport of TRANSPORTS) {
    describe(`over ${transport}`, () => {
      it('creates a balanced 4-line payroll entry with analytic distribution and posts it', async () => {
        await load(transport);
        const written = collect('written');
        const key = `ukg:payrun:2026-11-15:GL:CC-200:${transport}`;
        send('write', message(key, payrollMove(`PR 2026-11-15 ${transport}`, 1000)));
        const [out] = await written.waitFor(1);
        const odoo = odooOf(out);
        assert.deepEqual(odoo, { id: odoo.id, created: true, posted: true });
        assert.deepEqual(targetOf(out), { system: 'odoo', entity: 'account.move', id: String(odoo.id) });

        const [move] = await client.read('account.move', [odoo.id], ['state', 'ref', 'journal_id', 'line_ids', 'amount_total']);
        assert.equal(move?.['state'], 'posted');
        assert.equal(move?.['amount_total'], 1076.5);
        const lines = await client.read('account.move.line', move?.['line_ids'] as number[], ['account_id', 'debit', 'credit', 'analytic_distribution']);
        assert.equal(lines.length, 4);
        const wages = lines.find((l) => (l['account_id'] as { id: number }).id === ids.accounts['6100']);
        assert.equal(wages?.['debit'], 1000);
        assert.deepEqual(wages?.['analytic_distribution'], { [String(ids.costCenter)]: 100 });
        const xmlid = await client.searchRead('ir.model.data', { domain: [['module', '=', 'mlc'], ['name', '=', externalIdName(key)]], fields: ['model', 'res_id'] });
        assert.deepEqual(xmlid.map((r) => [r['model'], r['res_id']]), [['account.move', odoo.id]]);
      });

      it('upserts, and a replay of the same message finds the record and creates nothing', async () => {
        await load(transport);
        const written = collect('written');
        const msg = message(`ukg:payrun:replay:${transport}`, payrollMove(`replay ${transport}`, 500));
        send('write', structuredClone(msg));
        const [first] = await written.waitFor(1);
        const moves = await client.searchCount('account.move');
        const xmlids = await client.searchCount('ir.model.data');
        send('write', structuredClone(msg));
        const [, second] = await written.waitFor(2);
        assert.equal(odooOf(second).id, odooOf(first).id);
        assert.deepEqual(odooOf(second), { id: odooOf(first).id, created: false, posted: true, unchanged: true });
        assert.deepEqual(targetOf(second), targetOf(first));
        assert.equal(await client.searchCount('account.move'), moves);
        assert.equal(await client.searchCount('ir.model.data'), xmlids);
      });

      it('writes 50 records arriving together with one load call: records and external ids at once', async () => {
        await load(transport);
        const written = collect('written');
        const since = sim.log.lastSeq;
        for (let i = 0; i < 50; i++) send('write', message(`ukg:burst:${transport}:${i}`, payrollMove(`burst ${i}`, 100 + i)));
        const out = await written.waitFor(50);
        assert.equal(new Set(out.map((m) => odooOf(m).id)).size, 50);
        assert.ok(out.every((m) => odooOf(m).posted === true));
        const count = (model: string, method: string) => sim.log.count({ sinceSeq: since, tag: { model, method } });
        assert.equal(count('account.move', 'load'), 1, 'one load of the moves with their external ids');
        assert.equal(count('account.move', 'create'), 0, 'no separate create');
        assert.equal(count('ir.model.data', 'create'), 0, 'no separate external id create');
        assert.equal(count('ir.model.data', 'search_read'), 1, 'one lookup');
        assert.equal(count('account.move', 'action_post'), 1, 'one post');
      });

      it('sends an unbalanced entry to output 2 with Odoo\'s message, the audit keeps it failed, and posts the rest of the batch', async () => {
        await load(transport, {}, { audit: true });
        const audited = collect('audited');
        const keys = [0, 1, 2, 3].map((i) => `ukg:mixed:${transport}:${i}`);
        keys.forEach((key, i) => send('write', message(key, payrollMove(`mixed ${i}`, 200 + i, { unbalancedBy: i === 2 ? 10 : 0 }))));
        const out = await audited.waitFor(4);
        const bad = out.find((m) => (m['mlc'] as { key: string }).key === keys[2]);
        const error = errorOf(bad);
        assert.equal(error.code, 'MLC_ODOO_VALIDATION');
        assert.match(error.message, /The move \(.*\) is not balanced\.\nThe total of debits equals/);
        assert.equal(error.source.type, 'mlc-odoo-write');
        assert.equal(targetOf(bad), undefined, 'msg.mlc unchanged');

        const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
        try {
          const failed = await store.get(keys[2]!);
          assert.equal(failed?.status, 'failed');
          assert.match(String(failed?.error?.message), /is not balanced/);
          for (const key of [keys[0]!, keys[1]!, keys[3]!]) {
            const record = await store.get(key);
            assert.equal(record?.status, 'posted', key);
            const [move] = await client.read('account.move', [Number(record?.target?.id)], ['state']);
            assert.equal(move?.['state'], 'posted');
          }
        } finally {
          await store.close();
        }
        assert.equal(await client.searchCount('account.move', [['ref', '=', 'mixed 2']]), 0, 'nothing left of the bad one');
      });

      it('100 entries whose load committed and then answered 500: one lookup, no second load, no per-record create, all posted once', async () => {
        await load(transport);
        const written = collect('written');
        const failed = collect('failed');
        (sim.simulator as OdooSimulator).callFaults.add({ model: 'account.move', method: 'load', kind: 'status', status: 500 });
        const since = sim.log.lastSeq;
        const keys = Array.from({ length: 100 }, (_, i) => `ukg:lost:${transport}:${i}`);
        keys.forEach((key, i) => send('write', message(key, payrollMove(`lost ${transport} ${i}`, 100 + i))));
        const out = await written.waitFor(100);
        assert.equal(failed.messages.length, 0);
        assert.ok(out.every((m) => odooOf(m).posted === true && odooOf(m).created === true));
        const count = (model: string, method: string) => sim.log.count({ sinceSeq: since, tag: { model, method } });
        assert.equal(count('account.move', 'load'), 1, 'not sent again');
        assert.equal(count('account.move', 'create'), 0, 'no record-by-record resend');
        assert.equal(count('ir.model.data', 'search_read'), 2, 'the lookup, and one after the lost answer');
        assert.equal(count('account.move', 'action_post'), 1);
        assert.equal(await client.searchCount('account.move', [['ref', '=like', `lost ${transport} %`], ['state', '=', 'posted']]), 100, 'one posted entry per key');
        assert.equal(await client.searchCount('ir.model.data', [['module', '=', 'mlc'], ['name', 'in', keys.map(externalIdName)]]), 100);
      });

      it('an hr.employee by external id: created through a dropped answer, archived through a 500 after commit, unarchived', async () => {
        await load(transport, { model: 'hr.employee', post: false });
        const written = collect('written');
        const odoo = sim.simulator as OdooSimulator;
        const key = `ukg:employee:xmlid:${transport}`;
        odoo.callFaults.add({ model: 'hr.employee', method: 'load', kind: 'drop' });
        send('write', { payload: { name: `Lost Answer ${transport}`, work_email: 'lost@example.com' }, mlc: { key } });
        const [created] = await written.waitFor(1);
        const id = odooOf(created).id;
        assert.equal(odooOf(created).created, true);
        odoo.callFaults.add({ model: 'hr.employee', method: 'write', kind: 'status' });
        send('write', { payload: {}, operation: 'archive', mlc: { key } });
        const [, archived] = await written.waitFor(2);
        assert.deepEqual(odooOf(archived), { id, created: false });
        const named = [['name', '=', `Lost Answer ${transport}`]];
        assert.equal(await client.searchCount('hr.employee', named), 0, 'archived');
        send('write', { payload: { active: true }, operation: 'update', mlc: { key } });
        const [, , back] = await written.waitFor(3);
        assert.deepEqual(odooOf(back), { id, created: false });
        assert.equal(await client.searchCount('hr.employee', named, { active_test: false }), 1, 'one employee, active again');
        assert.equal(await client.searchCount('hr.employee', named), 1);
      });

      const matchField = transport === 'xmlrpc' ? 'barcode' : 'identification_id';
      it(`archives and unarchives an hr.employee found by ${matchField}`, async () => {
        await load(transport, { model: 'hr.employee', matchBy: 'field', matchField, post: false });
        const written = collect('written');
        const employee = { name: `Rehire ${transport}`, identification_id: `EMP-R-${transport}`, barcode: `99${TRANSPORTS.indexOf(transport)}0001`, work_email: 'rehire@example.com' };
        send('write', { payload: employee, mlc: { key: `ukg:employee:${transport}` } });
        const [created] = await written.waitFor(1);
        const id = odooOf(created).id;
        assert.equal(odooOf(created).created, true);

        send('write', { payload: { [matchField]: employee[matchField] }, operation: 'archive', mlc: { key: `ukg:employee:${transport}` } });
        const [, archived] = await written.waitFor(2);
        assert.deepEqual(odooOf(archived), { id, created: false });
        const activeOf = async () => (await client.searchRead('hr.employee', { domain: [['id', '=', id]], fields: ['active'], context: { active_test: false } }))[0]?.['active'];
        assert.equal(await activeOf(), false);

        send('write', { payload: { ...employee, active: true, job_title: 'Foreman' }, mlc: { key: `ukg:employee:${transport}` } });
        const [, , rehired] = await written.waitFor(3);
        assert.deepEqual(odooOf(rehired), { id, created: false });
        assert.equal(await activeOf(), true);
        assert.equal(await client.searchCount('hr.employee', [[matchField, '=', employee[matchField]]], { active_test: false }), 1, 'not created twice');
      });

      it('reports a wrong API key naming the config node and never showing the key', async () => {
        await load(transport, {}, { apiKey: WRONG_KEY });
        const failed = collect('failed');
        const statuses: unknown[] = [];
        // The helper re-emits every status() call as a 'call:status' event.
        (helper.getNode('write') as unknown as NodeJS.EventEmitter).on('call:status', (call: { args: unknown[] }) => statuses.push(call.args));
        send('write', message(`ukg:denied:${transport}`, payrollMove('denied', 10)));
        const [out] = await failed.waitFor(1);
        const error = errorOf(out);
        assert.equal(error.code, 'MLC_ODOO_ACCESS_DENIED');
        assert.match(error.message, /config node "Odoo \(test\)"/);
        await new Promise((resolve) => setTimeout(resolve, 50));
        const shown = statuses.map((args) => (args as Array<{ fill?: string; shape?: string; text?: string }>)[0]);
        assert.ok(shown.some((st) => st?.fill === 'red' && st.shape === 'ring' && st.text === 'created 0, updated 0, failed 1'), JSON.stringify(shown));
        for (const text of [JSON.stringify(out), JSON.stringify(statuses)]) assert.doesNotMatch(text, new RegExp(WRONG_KEY));
      });
    });
  }

  it('hands a failure to Catch nodes with done(err) when output 2 is not wired', async () => {
    await load('json2', {}, { errorWired: false, apiKey: WRONG_KEY });
    const caught = collect('caught');
    send('write', message('ukg:caught', payrollMove('caught', 10)));
    const [out] = await caught.waitFor(1);
    const error = out?.['error'] as { message: string; source: { type: string } };
    assert.match(error.message, /config node "Odoo \(test\)"/);
    assert.equal(error.source.type, 'mlc-odoo-write');
    assert.doesNotMatch(JSON.stringify(out), new RegExp(WRONG_KEY));
  });

  it('writes two messages for one key in one batch one after the other: one record, created once', async () => {
    await load('json2');
    const written = collect('written');
    send('write', message('ukg:twice', payrollMove('twice', 120)));
    send('write', message('ukg:twice', payrollMove('twice', 120)));
    const [first, second] = await written.waitFor(2);
    assert.equal(odooOf(first).id, odooOf(second).id);
    assert.deepEqual([odooOf(first).created, odooOf(second).created], [true, false]);
    assert.equal(await client.searchCount('account.move', [['ref', '=', 'twice']]), 1);
  });

  it('fails update and archive of a record that does not exist, and a message without a key', async () => {
    await load('json2', { model: 'hr.employee', operation: 'update', matchBy: 'field', matchField: 'identification_id', post: false });
    const failed = collect('failed');
    send('write', { payload: { identification_id: 'NO-SUCH', name: 'x' }, mlc: { key: 'k1' } });
    send('write', { payload: { identification_id: 'NO-SUCH' }, operation: 'archive', mlc: { key: 'k2' } });
    send('write', { payload: { name: 'no id' }, mlc: { key: 'k3' } });
    send('write', { payload: [1, 2], mlc: { key: 'k4' } });
    const out = await failed.waitFor(4);
    const codes = Object.fromEntries(out.map((m) => [(m['mlc'] as { key: string }).key, errorOf(m).code]));
    assert.deepEqual(codes, { k1: 'MLC_ODOO_WRITE_NOT_FOUND', k2: 'MLC_ODOO_WRITE_NOT_FOUND', k3: 'MLC_ODOO_WRITE_NO_KEY', k4: 'MLC_ODOO_WRITE_BAD_INPUT' });
  });

  it('leaves an entry Odoo refuses to post in draft, says so, and posts it on replay once fixed', async () => {
    const [journal] = await client.create('account.journal', [{ code: 'OLD', name: 'Old payroll', type: 'general', active: false }]);
    await load('json2');
    const written = collect('written');
    const failed = collect('failed');
    const good = message('ukg:post:good', payrollMove('post good', 300));
    const bad = message('ukg:post:bad', { ...payrollMove('post bad', 300), journal_id: journal });
    send('write', good);
    send('write', structuredClone(bad));
    const [ok] = await written.waitFor(1);
    const [refused] = await failed.waitFor(1);
    assert.equal(odooOf(ok).posted, true);
    const error = errorOf(refused);
    assert.equal(error.code, 'MLC_ODOO_POST_FAILED');
    assert.match(error.message, /left in draft: You cannot post an entry in an archived journal/);
    const draftId = odooOf(refused).id;
    assert.equal((await client.read('account.move', [draftId], ['state']))[0]?.['state'], 'draft');

    await client.write('account.journal', [journal!], { active: true });
    send('write', structuredClone(bad));
    const [, replayed] = await written.waitFor(2);
    assert.deepEqual(odooOf(replayed), { id: draftId, created: false, posted: true });
    assert.equal((await client.read('account.move', [draftId], ['state', 'line_ids']))[0]?.['state'], 'posted');
    const lines = (await client.read('account.move', [draftId], ['line_ids']))[0]?.['line_ids'] as number[];
    assert.equal(lines.length, 4, 'the draft\'s lines were replaced, not doubled');
  });
});
