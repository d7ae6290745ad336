// mlc-odoo-write in plan-only mode, in real Node-RED against the Odoo simulator, with mlc-audit and
// a real SQLite store: what each record would become (create, update with the fields that change,
// archive, unchanged, fail), compared the way Odoo stores values, with no write call made and nothing
// but the plan kept in the store.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import { OdooClient } from '../../lib/odoo';
import type { PlanMessage } from '../../lib/plan/plan';
import { openStore } from '../../lib/store';
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import odooWriteNode = require('../../nodes/odoo/odoo-write');
import storeNode = require('../../nodes/core/store-config');
import auditNode = require('../../nodes/core/audit');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));
const NODES = [odooConfigNode, odooWriteNode, storeNode, auditNode];
const WRITE_METHODS = ['create', 'write', 'load', 'unlink', 'action_post'];

type Msg = Record<string, unknown>;

let sim: RunningSimulator;
let client: OdooClient;
let dir: string;

function flow(write: Msg): Msg[] {
  return positioned([
    { id: 'tab', type: 'tab', label: 'plan' },
    { id: 'odoo', type: 'mlc-odoo-config', name: 'Odoo (test)', url: sim.url, db: 'mlc_demo', transport: 'json2', maxAttempts: 1 },
    { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
    { id: 'write', z: 'tab', type: 'mlc-odoo-write', odoo: 'odoo', batchSize: 100, ...write, wires: [['audit'], ['audit']] },
    { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
    { id: 'audited', z: 'tab', type: 'helper' },
  ]);
}

const EMPLOYEES = { model: 'hr.employee', operation: 'upsert', matchBy: 'field', matchField: 'identification_id' };
const load = (write: Msg): Promise<void> => helper.load(NODES, flow(write), { odoo: { username: 'admin', apiKey: 'mlc-demo-key' } });
const planOf = (msg: Msg | undefined): PlanMessage => msg?.['plan'] as PlanMessage;
const keyOf = (msg: Msg): string => (msg['mlc'] as { key: string }).key;
const writeCalls = (since: number): number => WRITE_METHODS.reduce((n, method) => n + sim.log.count({ sinceSeq: since, tag: { method } }), 0);

function employee(id: string, values: Msg, plan?: boolean): Msg {
  return { payload: { identification_id: id, ...values }, mlc: { key: `ukg:employee:${id}`, runId: 'plan-run', ...(plan === undefined ? {} : { plan }) } };
}

describe('mlc-odoo-write in plan-only mode against the Odoo sandbox', () => {
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
    dir = mkdtempSync(join(tmpdir(), 'mlc-odoo-plan-'));
    client = new OdooClient({ configName: 'test client', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: 'json2' });
  });
  afterEach(async () => {
    await helper.unload();
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plans a create, an update naming its field, an archive and an unchanged record, writing nothing', async () => {
    const [department] = await client.search('hr.department', [], { limit: 1 });
    await client.create('hr.employee', [
      { name: 'Ann Lee', identification_id: 'PLAN00000001', job_title: 'Carpenter', department_id: department, active: true },
      { name: 'Bo Ng', identification_id: 'PLAN00000002', job_title: 'Foreman', active: true },
      { name: 'Cy Oh', identification_id: 'PLAN00000003', job_title: 'Laborer', active: true },
    ]);
    const before = await client.searchRead('hr.employee', { domain: [['identification_id', 'like', 'PLAN']], fields: ['name', 'job_title', 'active'], context: { active_test: false } });
    await load({ ...EMPLOYEES, planOnly: true });
    const audited = collect('audited');
    const since = sim.log.lastSeq;
    send('write', employee('PLAN00000001', { name: 'Ann Lee-Smith', job_title: 'Carpenter', department_id: { id: department, name: 'x' }, active: true }));
    send('write', employee('PLAN00000002', { name: 'Bo Ng', job_title: 'Foreman', active: false }));
    send('write', employee('PLAN00000003', { name: 'Cy Oh', job_title: 'Laborer', work_email: '', active: true }));
    send('write', employee('PLAN00000004', { name: 'Di Wu', job_title: 'Painter', active: true }));
    send('write', { payload: { name: 'No Id' }, mlc: { key: 'ukg:employee:none', runId: 'plan-run' } });
    const out = await audited.waitFor(5);
    const byKey = new Map(out.map((m) => [keyOf(m), planOf(m)]));

    const renamed = byKey.get('ukg:employee:PLAN00000001');
    assert.equal(renamed?.action, 'update');
    assert.deepEqual(renamed?.changes, [{ field: 'name', old: 'Ann Lee', new: 'Ann Lee-Smith' }], 'only the name: the department given as {id, name} is the same id');
    assert.equal(typeof renamed?.id, 'number');
    const archived = byKey.get('ukg:employee:PLAN00000002');
    assert.equal(archived?.action, 'archive');
    assert.deepEqual(archived?.changes, [{ field: 'active', old: true, new: false }]);
    const same = byKey.get('ukg:employee:PLAN00000003');
    assert.equal(same?.action, 'unchanged', 'an empty text and a field Odoo holds empty are the same');
    const hired = byKey.get('ukg:employee:PLAN00000004');
    assert.equal(hired?.action, 'create');
    assert.deepEqual(hired?.changes.map((c) => [c.field, c.old, c.new]), [['identification_id', null, 'PLAN00000004'], ['name', null, 'Di Wu'], ['job_title', null, 'Painter'], ['active', null, true]]);
    const refused = byKey.get('ukg:employee:none');
    assert.equal(refused?.action, 'fail');
    assert.equal(refused?.error?.code, 'MLC_ODOO_WRITE_NO_KEY');
    assert.deepEqual(hired?.post, { payload: { identification_id: 'PLAN00000004', name: 'Di Wu', job_title: 'Painter', active: true } });
    for (const msg of out) assert.equal((msg['mlc'] as { plan?: boolean; target?: unknown }).plan, true);

    assert.equal(writeCalls(since), 0, 'no write call of any kind');
    assert.equal(sim.log.count({ sinceSeq: since, tag: { model: 'hr.employee', method: 'search_read' } }), 2, 'one lookup by the match field and one read of the values, for the whole batch');
    const after = await client.searchRead('hr.employee', { domain: [['identification_id', 'like', 'PLAN']], fields: ['name', 'job_title', 'active'], context: { active_test: false } });
    assert.deepEqual(after, before);

    const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
    try {
      const plan = await store.listPlanEntries('plan-run');
      assert.deepEqual(plan.map((e) => [e.key, e.action]), [
        ['ukg:employee:PLAN00000001', 'update'],
        ['ukg:employee:PLAN00000002', 'archive'],
        ['ukg:employee:PLAN00000003', 'unchanged'],
        ['ukg:employee:PLAN00000004', 'create'],
        ['ukg:employee:none', 'fail'],
      ]);
      assert.equal(plan[0]?.node, 'write');
      assert.equal(plan[0]?.flow, 'tab');
      assert.equal(await store.count({ keyPrefix: 'ukg:employee:' }), 0, 'no record was marked posted or failed');
      assert.equal((await store.getRun('plan-run'))?.counts['planned'], 5);
    } finally {
      await store.close();
    }
  });

  it('compares a journal entry as Odoo stores it: many2one ids, dates, amounts to the cent and lines one by one', async () => {
    const [journal] = await client.search('account.journal', [['code', '=', 'PAY']]);
    const accounts = await client.searchRead('account.account', { domain: [['code', 'in', ['6100', '2100']]], fields: ['code'] });
    const account = (code: string): number => Number(accounts.find((a) => a['code'] === code)?.['id']);
    const move = (wages: number, date: string): Msg => ({
      move_type: 'entry',
      journal_id: { id: journal, name: 'Payroll' },
      date,
      ref: 'PR plan',
      line_ids: [
        [0, 0, { account_id: account('6100'), name: 'Wages', debit: wages, credit: 0 }],
        [0, 0, { account_id: account('2100'), name: 'Accrued wages', debit: 0, credit: wages }],
      ],
    });
    await load({ model: 'account.move', operation: 'upsert', matchBy: 'external-id', post: false, planOnly: true });
    const audited = collect('audited');
    // Written for real through the plan-only node: msg.mlc.plan false is what posting a plan sends.
    send('write', { payload: move(1000, '2026-11-15'), mlc: { key: 'gl:plan:1', runId: 'first', plan: false } });
    const [written] = await audited.waitFor(1);
    assert.equal((written?.['odoo'] as { created: boolean }).created, true);

    const since = sim.log.lastSeq;
    send('write', { payload: move(1000.001, '2026-11-15T00:00:00Z'), mlc: { key: 'gl:plan:1', runId: 'second' } });
    send('write', { payload: move(1250, '2026-11-15'), mlc: { key: 'gl:plan:1', runId: 'third' } });
    const out = await audited.waitFor(3);
    const unchanged = planOf(out[1]);
    assert.equal(unchanged.action, 'unchanged', 'the same entry: the journal by id, the date by day, amounts to the cent, the same lines');
    const changed = planOf(out[2]);
    assert.equal(changed.action, 'update');
    assert.deepEqual(changed.changes.map((c) => c.field), ['line_ids']);
    const lines = changed.changes[0] as { old: Array<Record<string, unknown>>; new: Array<Record<string, unknown>> };
    assert.deepEqual(lines.old.map((l) => [l['debit'], l['credit']]), [[1000, 0], [0, 1000]]);
    assert.deepEqual(lines.new.map((l) => [l['debit'], l['credit']]), [[1250, 0], [0, 1250]]);
    assert.equal(writeCalls(since), 0);
  });

  it('plans a message that asks for it on a writing node, and nothing else', async () => {
    await load(EMPLOYEES);
    const audited = collect('audited');
    send('write', employee('PLAN00000009', { name: 'Ed Fox', active: true }, true));
    const [planned] = await audited.waitFor(1);
    assert.equal(planOf(planned).action, 'create');
    assert.equal(await client.searchCount('hr.employee', [['identification_id', '=', 'PLAN00000009']]), 0);
    send('write', employee('PLAN00000009', { name: 'Ed Fox', active: true }));
    const [, written] = await audited.waitFor(2);
    assert.equal(written?.['plan'], undefined);
    assert.equal(await client.searchCount('hr.employee', [['identification_id', '=', 'PLAN00000009']]), 1);
  });
});
