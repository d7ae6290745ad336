// mlc-odoo-read in Node-RED, against the Odoo simulator over real sockets and a real SQLite store
// file: once on all three transports, incremental with its cursor, records tied on one write_date
// second across pages and restarts, the audit wait, the trigger queue, errors and redeploys.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import storeNode = require('../../nodes/core/store-config');
import dedupNode = require('../../nodes/core/dedup');
import auditNode = require('../../nodes/core/audit');
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import odooReadNode = require('../../nodes/odoo/odoo-read');
import { testWriteNode, type Mlc } from '../support/stand-in-write';
import { collect, positioned, send, type Collected } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

const KEY = 'mlc-demo-key';
const VENDORS = [['supplier_rank', '>', 0]];
const BULK = [['ref', '=like', 'BULK-%']];


/** Lets the first `pass` messages through and drops the rest: records that never reach audit. */
function testGateNode(RED: NodeAPI): void {
  RED.nodes.registerType('mlc-test-gate', function (this: Node, def: NodeDef & { pass?: number }) {
    RED.nodes.createNode(this, def);
    let seen = 0;
    this.on('input', (msg: NodeMessage, send, done) => {
      seen++;
      if (def.pass === undefined || seen <= def.pass) send(msg);
      done();
    });
  });
}

const NODES = [storeNode, dedupNode, auditNode, odooConfigNode, odooReadNode, testWriteNode, testGateNode];

describe('mlc-odoo-read', () => {
  let sim: RunningSimulator;
  let dir: string;
  let dbPath: string;
  let client: OdooClient;

  /** read → out, and with `audit` also read → gate → dedup → write → audit → audited. */
  const flow = (read: Record<string, unknown>, options: { transport?: string; audit?: boolean; gate?: number } = {}) =>
    positioned([
      { id: 'tab', type: 'tab' },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path: dbPath },
      { id: 'odoo', type: 'mlc-odoo-config', name: 'Odoo sandbox', url: sim.url, db: 'mlc_demo', transport: options.transport ?? 'json2', maxAttempts: 2 },
      { id: 'read', z: 'tab', type: 'mlc-odoo-read', odoo: 'odoo', store: 'store', model: 'res.partner', ...read, wires: [options.audit ? ['out', 'gate'] : ['out'], ['complete']] },
      { id: 'out', z: 'tab', type: 'helper' },
      { id: 'complete', z: 'tab', type: 'helper' },
      { id: 'gate', z: 'tab', type: 'mlc-test-gate', ...(options.gate !== undefined ? { pass: options.gate } : {}), wires: [['dedup']] },
      { id: 'dedup', z: 'tab', type: 'mlc-dedup', store: 'store', wires: [['write'], []] },
      { id: 'write', z: 'tab', type: 'mlc-test-write', wires: [['audit']] },
      { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', wires: [['audited']] },
      { id: 'audited', z: 'tab', type: 'helper' },
      { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'tab', type: 'helper' },
    ]);
  const creds = (apiKey = KEY) => ({ odoo: { username: 'admin', apiKey } });
  const load = (read: Record<string, unknown>, options: { transport?: string; audit?: boolean; gate?: number; apiKey?: string } = {}) =>
    helper.load(NODES, flow(read, options), creds(options.apiKey));

  async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore({ kind: 'sqlite', path: dbPath });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }
  const cursorValue = (name = 'odoo-read:read:res.partner') => withStore(async (s) => (await s.getCursor(name))?.value ?? null);
  const ids = (c: Collected) => c.messages.map((m) => Number((m['mlc'] as Mlc).source.id));
  const errorOf = (m: Record<string, unknown> | undefined) => m?.['error'] as { message: string; code?: string };

  /** Vendor ids in the order an incremental read returns them. */
  async function expectedIds(domain: unknown[]): Promise<number[]> {
    const rows = await client.searchRead('res.partner', { domain, fields: ['id'], order: 'write_date asc, id asc' });
    return rows.map((r) => r['id'] as number);
  }

  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
    await helper.startServer();
  });
  beforeEach(() => {
    sim.reset();
    dir = mkdtempSync(join(tmpdir(), 'mlc-odoo-read-'));
    dbPath = join(dir, 'store.sqlite');
    client = new OdooClient({ configName: 'test client', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: KEY, transport: 'json2' });
  });
  afterEach(async () => {
    await helper.unload();
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });

  for (const transport of ['json2', 'xmlrpc', 'jsonrpc']) {
    it(`reads every vendor once, in pages, over ${transport}, then reports the end of the run`, async () => {
      await load({ mode: 'once', domain: JSON.stringify(VENDORS), fields: 'name, supplier_rank', pageSize: 7 }, { transport });
      const out = collect('out');
      const complete = collect('complete');
      send('read', { payload: 'go', flowNote: 'kept' });
      const [end] = await complete.waitFor(1);
      const expected = (await client.search('res.partner', VENDORS, { order: 'id asc' }));
      assert.deepEqual(ids(out), expected);
      const summary = end?.['payload'] as { read: number; pages: number; runId: string; mode: string };
      assert.equal(summary.read, expected.length);
      assert.equal(summary.pages, Math.ceil(expected.length / 7));
      assert.match(summary.runId, /^odoo-read:res\.partner:\d{4}-\d{2}-\d{2}T[\d:.]+Z:[0-9a-f]{8}\.\d+$/);
      assert.equal(end?.['flowNote'], 'kept', 'the trigger message goes on');
      const [first] = out.messages;
      const record = first?.['payload'] as Record<string, unknown>;
      assert.deepEqual(Object.keys(record).sort(), ['id', 'name', 'supplier_rank', 'write_date']);
      assert.equal(first?.['topic'], 'odoo/res.partner');
      const mlc = first?.['mlc'] as Mlc;
      assert.equal(mlc.key, `odoo:res.partner:${record['id']}:${record['write_date']}`);
      assert.match(String(record['write_date']), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.deepEqual(mlc.source, { system: 'odoo', entity: 'res.partner', id: String(record['id']) });
      assert.equal(mlc.runId, summary.runId);
      const run = await withStore((s) => s.getRun(summary.runId));
      assert.equal(run?.status, 'finished');
      assert.equal(run?.counts.read, expected.length);
    });
  }

  it('once: msg.domain narrows the read, and one message per page carries the keys', async () => {
    await load({ mode: 'once', domain: JSON.stringify(VENDORS), pageSize: 4, output: 'page', order: 'name asc' });
    const out = collect('out');
    const complete = collect('complete');
    send('read', { domain: [['name', 'ilike', 'a']] });
    await complete.waitFor(1);
    const expected = await client.searchRead('res.partner', { domain: [...VENDORS, ['name', 'ilike', 'a']], fields: ['name'], order: 'name asc, id asc' });
    const pages = out.messages.map((m) => m['payload'] as Array<{ id: number }>);
    assert.ok(pages.every((p) => p.length <= 4));
    assert.deepEqual(pages.flat().map((r) => r.id), expected.map((r) => r['id']));
    const mlc = out.messages[0]?.['mlc'] as { page: number; keys: string[] };
    assert.equal(mlc.page, 1);
    assert.equal(mlc.keys.length, pages[0]?.length);
  });

  it('incremental: reads all vendors, then nothing, then exactly the record written in Odoo; the cursor moves once audited', async () => {
    await load({ mode: 'incremental', domain: JSON.stringify(VENDORS), pageSize: 10, auditTimeoutSeconds: 20 }, { audit: true });
    const out = collect('out');
    const complete = collect('complete');
    const audited = collect('audited');
    const vendors = await expectedIds(VENDORS);
    send('read', {});
    await complete.waitFor(1);
    assert.deepEqual(ids(out), vendors);
    assert.equal(audited.messages.length, vendors.length);
    const last = vendors[vendors.length - 1];
    const [lastRow] = await client.read('res.partner', [last ?? 0], ['write_date']);
    const wd = String(lastRow?.['write_date']).replace('T', ' ').replace('Z', '');
    assert.equal(await cursorValue(), `${wd}|${String(last).padStart(10, '0')}`);

    send('read', {});
    const [, second] = await complete.waitFor(2);
    assert.equal((second?.['payload'] as { read: number }).read, 0);
    assert.equal(out.messages.length, vendors.length);

    const changed = vendors[3] ?? 0;
    await client.write('res.partner', [changed], { email: 'ap@changed.example' });
    send('read', {});
    await complete.waitFor(3);
    assert.deepEqual(ids(out).slice(vendors.length), [changed]);
    const msg = out.messages[vendors.length];
    assert.equal((msg?.['payload'] as { email: string }).email, 'ap@changed.example');
    await audited.waitFor(vendors.length + 1);
    const record = await withStore((s) => s.get((msg?.['mlc'] as Mlc).key));
    assert.equal(record?.status, 'posted', 'a changed record is a new key, posted again');
  });

  it('incremental with "include archived": reads archived vendors and sees a vendor being archived; off (the default), they stay hidden', async () => {
    const all = await client.searchRead('res.partner', { domain: VENDORS, fields: ['id', 'active'], order: 'write_date asc, id asc', context: { active_test: false } });
    const archived = all.filter((r) => r['active'] === false).map((r) => r.id);
    assert.ok(archived.length > 0, 'the sandbox seeds archived vendors');
    await load({ mode: 'incremental', domain: JSON.stringify(VENDORS), fields: 'name,active', pageSize: 10, advance: 'sent', includeArchived: true });
    const out = collect('out');
    const complete = collect('complete');
    send('read', {});
    await complete.waitFor(1);
    assert.deepEqual(ids(out), all.map((r) => r.id));
    const activeOf = (c: Collected) => c.messages.map((m) => (m['payload'] as { active: boolean }).active);
    assert.deepEqual(activeOf(out), all.map((r) => r['active']));

    const leaving = (await expectedIds(VENDORS))[0] ?? 0;
    await client.write('res.partner', [leaving], { active: false });
    send('read', {});
    await complete.waitFor(2);
    assert.deepEqual(ids(out).slice(all.length), [leaving]);
    assert.deepEqual(activeOf(out).slice(all.length), [false]);

    await helper.unload();
    rmSync(dbPath, { force: true });
    await load({ mode: 'incremental', domain: JSON.stringify(VENDORS), fields: 'name,active', pageSize: 10, advance: 'sent' });
    const hidden = collect('out');
    const done = collect('complete');
    send('read', {});
    await done.waitFor(1);
    assert.deepEqual(ids(hidden), await expectedIds(VENDORS));
    assert.ok(!ids(hidden).some((id) => archived.includes(id) || id === leaving), 'archived vendors are left out by default');
  });

  it('a key prefix keeps two audited reads of the same model apart: the second waits for its own records, not those of the first', async () => {
    const expected = await expectedIds(VENDORS);
    await load({ mode: 'incremental', domain: JSON.stringify(VENDORS), pageSize: 50, keyPrefix: 'warehouse.vendors' }, { audit: true });
    const audited = collect('audited');
    const complete = collect('complete');
    send('read', {});
    await complete.waitFor(1);
    const keys = audited.messages.map((m) => (m['mlc'] as Mlc).key);
    assert.equal(keys.length, expected.length);
    for (const key of keys) assert.match(key, /^warehouse\.vendors:odoo:res\.partner:\d+:\d{4}-/);
    await helper.unload();

    // The same model read again without the prefix (another table, another flow on this store): its keys
    // are new, so every record is audited under its own key, none taken as done by the first read's.
    await load({ mode: 'incremental', domain: JSON.stringify(VENDORS), pageSize: 50, cursorName: 'second' }, { audit: true });
    const again = collect('audited');
    const done = collect('complete');
    send('read', {});
    await done.waitFor(1);
    const plain = again.messages.map((m) => (m['mlc'] as Mlc).key);
    assert.deepEqual(plain, keys.map((k) => k.slice('warehouse.vendors:'.length)));
    const statuses = await withStore(async (store) => Promise.all([...keys, ...plain].map(async (k) => (await store.get(k))?.status)));
    assert.deepEqual(new Set(statuses), new Set(['posted']));
    assert.equal(statuses.length, 2 * expected.length);
  });

  it('incremental: 50 records on one write_date second, pages of 7, across a failed run, a restart and new records on that second: each audited exactly once', async () => {
    const engine = (sim.simulator as OdooSimulator).engine;
    engine.seedBulkPartners(50, { startAt: '2026-11-20 09:00:00', perSecond: 1000 });
    const expected = await expectedIds(BULK);
    assert.equal(expected.length, 50);
    const read = { mode: 'incremental', domain: JSON.stringify(BULK), pageSize: 7, auditTimeoutSeconds: 0.5 };
    const auditedIds: number[] = [];

    // Run 1: only the first 14 records reach audit; page 3 is not audited, so the run stops there.
    await load(read, { audit: true, gate: 14 });
    let audited = collect('audited');
    const caught = collect('caught');
    send('read', {});
    const [failure] = await caught.waitFor(1);
    assert.match(errorOf(failure).message, /7 of 7 records of page 3 were not audited .* stays at 2026-11-20 09:00:00 \/ id \d+/);
    assert.equal(errorOf(failure).code, 'MLC_ODOO_READ_NOT_AUDITED');
    auditedIds.push(...ids(audited));
    assert.deepEqual(auditedIds, expected.slice(0, 14));
    assert.equal(await cursorValue(), `2026-11-20 09:00:00|${String(expected[13]).padStart(10, '0')}`);

    // Restart: a new flow, the cursor comes back from the SQLite file.
    await helper.unload();
    await load(read, { audit: true });
    let out = collect('out');
    audited = collect('audited');
    let complete = collect('complete');
    send('read', {});
    await complete.waitFor(1);
    assert.deepEqual(ids(out), expected.slice(14), 'the second run starts at the first record not audited');
    auditedIds.push(...ids(audited));
    assert.deepEqual(auditedIds, expected);

    // More records on the same second, after another restart: only they are read.
    const more = engine.seedBulkPartners(9, { startAt: '2026-11-20 09:00:00', perSecond: 1000 });
    await helper.unload();
    await load(read, { audit: true });
    out = collect('out');
    complete = collect('complete');
    send('read', {});
    await complete.waitFor(1);
    assert.deepEqual(ids(out), Array.from({ length: 9 }, (_, i) => more.firstId + i));
  });

  it('incremental: without an audit the cursor stays, the error reaches Catch, and the next run reads the same records', async () => {
    await load({ mode: 'incremental', domain: JSON.stringify(VENDORS), pageSize: 5, auditTimeoutSeconds: 0.3 });
    const out = collect('out');
    const caught = collect('caught');
    const vendors = await expectedIds(VENDORS);
    send('read', {});
    const [first] = await caught.waitFor(1);
    assert.match(errorOf(first).message, /5 of 5 records of page 1 were not audited .* within 300 ms; the cursor "odoo-read:read:res\.partner" stays at its start/);
    assert.equal(await cursorValue(), null);
    const runs = await withStore((s) => s.listRuns());
    assert.equal(runs[0]?.status, 'failed');
    assert.match(runs[0]?.note ?? '', /not audited/);
    send('read', {});
    await caught.waitFor(2);
    assert.deepEqual(ids(out), [...vendors.slice(0, 5), ...vendors.slice(0, 5)]);
  });

  it('incremental: "as soon as sent" moves the cursor without an audit', async () => {
    await load({ mode: 'incremental', domain: JSON.stringify(VENDORS), pageSize: 6, advance: 'sent', cursorName: 'vendors' });
    const complete = collect('complete');
    const vendors = await expectedIds(VENDORS);
    send('read', {});
    const [end] = await complete.waitFor(1);
    assert.equal((end?.['payload'] as { read: number }).read, vendors.length);
    assert.match((await cursorValue('vendors')) ?? '', new RegExp(`\\|${String(vendors[vendors.length - 1]).padStart(10, '0')}$`));
  });

  it('incremental, a plan run (msg.plan): every record marked planned, no audit waited for, the cursor left where it was for the real run', async () => {
    // No audit is wired and the audit timeout is short: a plan run that waited would fail on page 1.
    await load({ mode: 'incremental', domain: JSON.stringify(VENDORS), pageSize: 5, auditTimeoutSeconds: 0.3, cursorName: 'vendors' });
    const out = collect('out');
    const complete = collect('complete');
    const caught = collect('caught');
    const vendors = await expectedIds(VENDORS);
    send('read', { plan: true });
    const [end] = await complete.waitFor(1);
    assert.equal((end?.['payload'] as { read: number }).read, vendors.length);
    assert.equal(caught.messages.length, 0);
    assert.deepEqual(ids(out), vendors);
    assert.ok(out.messages.every((m) => (m['mlc'] as { plan?: boolean }).plan === true));
    assert.equal(await cursorValue('vendors'), null);
    const runs = await withStore((s) => s.listRuns());
    assert.equal(runs[0]?.status, 'finished');
    assert.match(runs[0]?.note ?? '', /^plan: /);

    // The real run after it reads every vendor again, as if the plan had not been made.
    send('read', {});
    await caught.waitFor(1);
    assert.deepEqual(ids(out).slice(vendors.length), vendors.slice(0, 5));
    assert.ok(out.messages.slice(vendors.length).every((m) => (m['mlc'] as { plan?: boolean }).plan === undefined));
  });

  it('queues one trigger while a read runs and refuses more', async () => {
    await load({ mode: 'once', domain: JSON.stringify(VENDORS), pageSize: 3 });
    const complete = collect('complete');
    const caught = collect('caught');
    send('read', { n: 1 });
    send('read', { n: 2 });
    send('read', { n: 3 });
    const ends = await complete.waitFor(2);
    assert.deepEqual(ends.map((m) => m['n']), [1, 2]);
    const [refused] = await caught.waitFor(1);
    assert.equal(errorOf(refused).code, 'MLC_ODOO_READ_BUSY');
    assert.equal(refused?.['n'], 3);
  });

  it('sends an unknown model, a wrong key and a bad msg.domain to Catch with a clear message', async () => {
    await load({ mode: 'once', model: 'res.partnr' });
    let caught = collect('caught');
    send('read', {});
    const [unknown] = await caught.waitFor(1);
    assert.match(errorOf(unknown).message, /res\.partnr/);
    assert.equal(errorOf(unknown).code, 'MLC_ODOO_NOT_FOUND');
    await helper.unload();

    const wrong = 'wrong-Odoo-Key-4242';
    await load({ mode: 'once' }, { transport: 'xmlrpc', apiKey: wrong });
    caught = collect('caught');
    send('read', {});
    const [denied] = await caught.waitFor(1);
    assert.match(errorOf(denied).message, /config node "Odoo sandbox"/);
    assert.equal(errorOf(denied).code, 'MLC_ODOO_ACCESS_DENIED');
    assert.ok(!JSON.stringify(denied).includes(wrong));

    send('read', { domain: [['name', 'like']] });
    const [, bad] = await caught.waitFor(2);
    assert.match(errorOf(bad).message, /msg\.domain\[0\]: .* is not a \[field, operator, value\] triple/);
    assert.equal(errorOf(bad).code, 'MLC_ODOO_BAD_DOMAIN');
  });

  it('a run whose first call fails is recorded in the store as failed with its masked error: wrong key, host down', async () => {
    const wrong = 'wrong-Odoo-Key-5151';
    await load({ mode: 'incremental', domain: JSON.stringify(VENDORS) }, { transport: 'jsonrpc', apiKey: wrong });
    let caught = collect('caught');
    send('read', {});
    const [denied] = await caught.waitFor(1);
    assert.equal(errorOf(denied).code, 'MLC_ODOO_ACCESS_DENIED');
    let runs = await withStore((s) => s.listRuns());
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.status, 'failed');
    assert.match(runs[0]?.note ?? '', /config node "Odoo sandbox"/);
    assert.ok(!JSON.stringify(runs).includes(wrong), 'the key is masked');
    assert.match(runs[0]?.runId ?? '', /^odoo-read:res\.partner:/);
    await helper.unload();

    const closed = await startSimulator(new OdooSimulator(), { port: 0 });
    const deadUrl = closed.url;
    await closed.close();
    await helper.load(NODES, flow({ mode: 'once' }).map((n) => (n['id'] === 'odoo' ? { ...n, url: deadUrl } : n)), creds());
    caught = collect('caught');
    send('read', {});
    const [down] = await caught.waitFor(1);
    assert.match(errorOf(down).code ?? '', /NETWORK/);
    runs = await withStore((s) => s.listRuns());
    assert.equal(runs.length, 2);
    assert.ok(runs.every((r) => r.status === 'failed'), JSON.stringify(runs));
  });

  it('reports invalid settings and a missing store on the trigger', async () => {
    await load({ mode: 'once', domain: '["|", ["name", "=", "x"]]' });
    let caught = collect('caught');
    send('read', {});
    const [arity] = await caught.waitFor(1);
    assert.match(errorOf(arity).message, /mlc-odoo-read: domain: '\|' at position 0 needs two conditions/);
    await helper.unload();

    await load({ mode: 'incremental', store: '' });
    caught = collect('caught');
    send('read', {});
    const [noStore] = await caught.waitFor(1);
    assert.equal(errorOf(noStore).code, 'MLC_NO_STORE');
  });

  it('stops a read under way on redeploy, quickly, and records the run as failed', async () => {
    await load({ mode: 'incremental', domain: JSON.stringify(VENDORS), pageSize: 5, auditTimeoutSeconds: 600 });
    const out = collect('out');
    send('read', {});
    await out.waitFor(5);
    const started = Date.now();
    await helper.unload();
    assert.ok(Date.now() - started < 3000, `close took ${Date.now() - started} ms`);
    const runs = await withStore((s) => s.listRuns());
    assert.equal(runs[0]?.status, 'failed');
    assert.match(runs[0]?.note ?? '', /stopped by a redeploy/);
    assert.equal(await cursorValue(), null);
  });
});
