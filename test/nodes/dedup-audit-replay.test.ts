// dedup, audit and replay wired together in Node-RED against a real SQLite store file.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { openStore } from '../../lib/store';
import storeNode = require('../../nodes/core/store-config');
import dedupNode = require('../../nodes/core/dedup');
import auditNode = require('../../nodes/core/audit');
import replayNode = require('../../nodes/core/replay');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));
const NODES = [storeNode, dedupNode, auditNode, replayNode];

let dir: string;
let dbPath: string;

function flow(): Array<Record<string, unknown>> {
  return positioned([
    { id: 'tab', type: 'tab', label: 'core' },
    { id: 'store', type: 'mlc-store', backend: 'sqlite', path: dbPath },
    { id: 'dedup', z: 'tab', type: 'mlc-dedup', store: 'store', staleMinutes: 10, wires: [['new'], ['dup']] },
    { id: 'new', z: 'tab', type: 'helper' },
    { id: 'dup', z: 'tab', type: 'helper' },
    { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
    { id: 'audited', z: 'tab', type: 'helper' },
    { id: 'replay', z: 'tab', type: 'mlc-replay', store: 'store', scope: 'all', pageSize: 3, wires: [['replayed'], ['summary']] },
    { id: 'replayed', z: 'tab', type: 'helper' },
    { id: 'summary', z: 'tab', type: 'helper' },
    { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
    { id: 'caught', z: 'tab', type: 'helper' },
  ]);
}

async function storeRecord(key: string) {
  const store = await openStore({ kind: 'sqlite', path: dbPath });
  try {
    return await store.get(key);
  } finally {
    await store.close();
  }
}

describe('mlc-dedup, mlc-audit and mlc-replay', () => {
  before(() => helper.startServer());
  after(() => helper.stopServer());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-core-'));
    dbPath = join(dir, 'store.sqlite');
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lets a key through once, and after it is audited as posted reports it as a duplicate with its target', async () => {
    await helper.load(NODES, flow());
    const fresh = collect('new');
    const dups = collect('dup');
    const audited = collect('audited');
    const mlc = { key: 'test:1', runId: 'run-1', source: { system: 'ukg', entity: 'gl', id: '1' } };
    send('dedup', { payload: { amount: 10 }, mlc });
    const [first] = await fresh.waitFor(1);
    assert.equal((first?.['mlc'] as { attempt: number }).attempt, 1);
    send('audit', { payload: { amount: 10 }, mlc: { ...mlc, target: { system: 'odoo', entity: 'account.move', id: 42 } } });
    await audited.waitFor(1);
    send('dedup', { payload: { amount: 10 }, mlc });
    const [dup] = await dups.waitFor(1);
    const dupMlc = dup?.['mlc'] as { target: unknown; dedup: { outcome: string } };
    assert.deepEqual(dupMlc.target, { system: 'odoo', entity: 'account.move', id: '42' });
    assert.equal(dupMlc.dedup.outcome, 'duplicate');
    const record = await storeRecord('test:1');
    assert.equal(record?.status, 'posted');
    assert.deepEqual(record?.target, { system: 'odoo', entity: 'account.move', id: '42' });
  });

  it('claims a burst of records in batches and lets each through exactly once', async () => {
    await helper.load(NODES, flow());
    const fresh = collect('new');
    const dups = collect('dup');
    for (let i = 0; i < 300; i++) send('dedup', { payload: { i }, mlc: { key: `burst:${i % 150}` } });
    await fresh.waitFor(150);
    await dups.waitFor(150);
    const keys = new Set(fresh.messages.map((m) => (m['mlc'] as { key: string }).key));
    assert.equal(keys.size, 150);
    assert.equal(dups.messages.every((m) => (m['mlc'] as { dedup: { outcome: string } }).dedup.outcome === 'in-progress'), true);
  });

  it('reports a record without msg.mlc.key to a Catch node and keeps it in the store', async () => {
    await helper.load(NODES, flow());
    const caught = collect('caught');
    send('dedup', { payload: { employee: 'E1' } });
    const [msg] = await caught.waitFor(1);
    const error = msg?.['error'] as { message: string; source: { id: string } };
    assert.match(error.message, /msg\.mlc: .*kept in the store as unkeyed:/);
    assert.equal(error.source.id, 'dedup');
    const key = /unkeyed:dedup:[0-9a-f]+/.exec(error.message)?.[0] ?? '';
    const record = await storeRecord(key);
    assert.equal(record?.status, 'failed');
    assert.deepEqual(record?.payload, { employee: 'E1' });
  });

  it('audits a Catch node\'s message as failed, replays it with its original mlc, and it is claimed again', async () => {
    await helper.load(NODES, flow());
    const fresh = collect('new');
    const replayed = collect('replayed');
    const summary = collect('summary');
    const mlc = { key: 'test:fail', runId: 'run-2', source: { system: 'ukg', entity: 'gl', id: '7' } };
    send('dedup', { payload: { amount: 5 }, mlc });
    const [claimed] = await fresh.waitFor(1);
    // The shape a Catch node gives: the message as the write got it (msg.mlc with the claim) plus msg.error.
    const claimedMlc = claimed?.['mlc'] as Record<string, unknown>;
    assert.match(String(claimedMlc['claimedBy']), /:dedup:/);
    send('audit', { payload: { amount: 5 }, mlc: claimedMlc, error: { message: 'account 6100 not found', source: { id: 'w', type: 'mlc-odoo-write' } } });
    await collect('audited').waitFor(1);
    const failed = await storeRecord('test:fail');
    assert.equal(failed?.status, 'failed');
    assert.deepEqual(failed?.error, { message: 'account 6100 not found', source: 'mlc-odoo-write', node: 'w' });

    send('replay', { payload: { runId: 'run-2' } });
    const [again] = await replayed.waitFor(1);
    const [done] = await summary.waitFor(1);
    assert.deepEqual(again?.['payload'], { amount: 5 });
    const againMlc = again?.['mlc'] as { key: string; source: unknown; replay: { attempts: number } };
    assert.equal(againMlc.key, 'test:fail');
    assert.deepEqual(againMlc.source, mlc.source);
    assert.equal(againMlc.replay.attempts, 1);
    assert.equal((done?.['payload'] as { replayed: number }).replayed, 1);

    send('dedup', again as Record<string, unknown>);
    const claimedAgain = await fresh.waitFor(2);
    assert.equal((claimedAgain[1]?.['mlc'] as { attempt: number }).attempt, 2);
  });

  it('replays in pages and never replays posted records', async () => {
    await helper.load(NODES, flow());
    const audited = collect('audited');
    for (let i = 0; i < 7; i++) send('audit', { payload: { i }, mlc: { key: `page:${i}` }, error: { message: 'boom' } });
    send('audit', { payload: {}, mlc: { key: 'page:posted', target: { system: 'odoo', entity: 'x', id: 1 } } });
    await audited.waitFor(8);
    const replayed = collect('replayed');
    send('replay', { payload: {} });
    await collect('summary').waitFor(1);
    assert.deepEqual(replayed.messages.map((m) => (m['mlc'] as { key: string }).key).sort(), [0, 1, 2, 3, 4, 5, 6].map((i) => `page:${i}`));
    send('replay', { payload: {} });
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(replayed.messages.length, 7, 'a second replay finds nothing: the records wait for their claim');
  });

  it('audits a page (msg.mlc.keys by position) record by record: posted with its target, or every record failed with the page error', async () => {
    await helper.load(NODES, flow());
    const audited = collect('audited');
    const target = (id: string) => ({ system: 'warehouse', entity: 'odoo.partners', id, action: 'inserted' });
    send('audit', { payload: [{ id: 1 }, { id: 2 }], mlc: { runId: 'run-p', keys: ['p:1', 'p:2'], targets: [target('1'), target('2')] } });
    send('audit', { payload: [{ id: 3 }, { id: 4 }], mlc: { runId: 'run-p', keys: ['p:3', 'p:4'] }, error: { message: 'the warehouse is gone', code: 'MLC_WAREHOUSE_UNAVAILABLE' } });
    await audited.waitFor(2);
    const records = await Promise.all(['p:1', 'p:2', 'p:3', 'p:4'].map(storeRecord));
    assert.deepEqual(
      records.map((r) => `${r?.key} ${r?.status} ${r?.target?.id ?? r?.error?.code} ${JSON.stringify(r?.payload)}`),
      ['p:1 posted 1 {"id":1}', 'p:2 posted 2 {"id":2}', 'p:3 failed MLC_WAREHOUSE_UNAVAILABLE {"id":3}', 'p:4 failed MLC_WAREHOUSE_UNAVAILABLE {"id":4}'],
    );
  });

  it('records a message with neither error nor target as failed and tells the Catch node', async () => {
    await helper.load(NODES, flow());
    const caught = collect('caught');
    send('audit', { payload: { x: 1 }, mlc: { key: 'odd:1' } });
    const [msg] = await caught.waitFor(1);
    assert.match((msg?.['error'] as { message: string }).message, /neither msg\.error .* nor msg\.mlc\.target/);
    const record = await storeRecord('odd:1');
    assert.equal(record?.status, 'failed');
    assert.equal(record?.error?.code, 'MLC_AUDIT_UNKNOWN_OUTCOME');
  });

  it('rejects a bad replay filter with a clear error', async () => {
    await helper.load(NODES, flow());
    const caught = collect('caught');
    send('replay', { payload: { runid: 'typo' } });
    const [msg] = await caught.waitFor(1);
    assert.match((msg?.['error'] as { message: string }).message, /mlc-replay: msg\.payload/);
  });

  it('replays from the editor button through the admin route', async () => {
    await helper.load(NODES, flow());
    send('audit', { payload: { n: 1 }, mlc: { key: 'button:1' }, error: { message: 'x' } });
    await collect('audited').waitFor(1);
    const replayed = collect('replayed');
    const res = await helper.request().post('/mlc-replay/replay/replay');
    assert.equal(res.status, 200);
    await replayed.waitFor(1);
    const missing = await helper.request().post('/mlc-replay/nope/replay');
    assert.equal(missing.status, 404);
  });

  it('tells the Catch node when no store is configured', async () => {
    const f = flow().map((n) => (n['id'] === 'dedup' ? { ...n, store: '' } : n));
    await helper.load(NODES, f);
    const caught = collect('caught');
    send('dedup', { payload: {}, mlc: { key: 'k' } });
    const [msg] = await caught.waitFor(1);
    assert.match((msg?.['error'] as { message: string; code?: string }).message, /no store configured/);
  });
});
