// The ml-connector sidebar's admin routes in Node-RED, against a real SQLite store file filled before
// the flow loads, and replay through a deployed mlc-replay node back into dedup and audit.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import storeNode = require('../../nodes/core/store-config');
import dedupNode = require('../../nodes/core/dedup');
import auditNode = require('../../nodes/core/audit');
import replayNode = require('../../nodes/core/replay');
import sidebarPlugin = require('../../nodes/core/audit-sidebar');
import { collect, positioned, send } from '../support/flow-helper';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

// bcryptjs comes with Node-RED (its adminAuth hashes), untyped.
const bcrypt = require('bcryptjs') as { hashSync(password: string, rounds: number): string };

helper.init(require.resolve('node-red'));
const NODES = [storeNode, dedupNode, auditNode, replayNode, sidebarPlugin];
const API = '/mlc-audit-sidebar';

let dir: string;
let dbPath: string;

function flow(): Array<Record<string, unknown>> {
  return positioned([
    { id: 'tab', type: 'tab', label: 'Payroll GL' },
    { id: 'store', type: 'mlc-store', name: 'main store', backend: 'sqlite', path: dbPath },
    // A second store whose password must never show; it is never opened, so no server is needed.
    { id: 'pg', type: 'mlc-store', name: 'shared', backend: 'postgres', connectionString: 'postgres://mlc@db.example:5432/mlc' },
    { id: 'dedup', z: 'tab', type: 'mlc-dedup', store: 'store', staleMinutes: 10, wires: [['new'], ['dup']] },
    { id: 'new', z: 'tab', type: 'helper' },
    { id: 'dup', z: 'tab', type: 'helper' },
    { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
    { id: 'audited', z: 'tab', type: 'helper' },
    // Scoped to another run on purpose: the sidebar's own filter must not be narrowed by it.
    { id: 'replay', z: 'tab', type: 'mlc-replay', name: 'replay GL', store: 'store', scope: 'run', runId: 'run-other', wires: [['replayed'], ['summary']] },
    { id: 'replayed', z: 'tab', type: 'helper' },
    { id: 'summary', z: 'tab', type: 'helper' },
    { id: 'loose', z: 'tab', type: 'mlc-replay', store: 'store', scope: 'all', wires: [[], []] },
    { id: 'elsewhere', z: 'tab', type: 'mlc-replay', store: 'pg', scope: 'all', wires: [['replayed'], []] },
  ]);
}

const CREDENTIALS = { pg: { password: 's3cret-pg-password' } };

async function withStore<T>(work: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore({ kind: 'sqlite', path: dbPath });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

/** Seven failed records over two runs (run-1's claimed once before they failed), one posted, one parked, and the two runs' counters. */
async function seed(): Promise<void> {
  await withStore(async (store) => {
    await store.startRun({ runId: 'run-1', flow: 'Payroll GL' });
    await store.startRun({ runId: 'run-2', flow: 'Payroll GL' });
    for (let i = 0; i < 5; i++) {
      // As in a flow: dedup claimed the record (attempt 1), then the write failed.
      await store.claim({ key: `gl:run-1:${i}`, owner: 'seed', runId: 'run-1' });
      await store.markFailed({
        key: `gl:run-1:${i}`,
        owner: 'seed',
        runId: 'run-1',
        error: { message: `account 61${i}0 not found`, code: 'MLC_ODOO_NOT_FOUND', source: 'mlc-odoo-write' },
        payload: { account: `61${i}0`, amount: 10 + i },
        mlc: { key: `gl:run-1:${i}`, runId: 'run-1' },
        source: { system: 'ukg', entity: 'gl', id: String(i) },
        flow: 'tab',
      });
    }
    // A claim whose holder died mid-write: listed with its owner, released by a user.
    await store.claim({ key: 'gl:run-1:held', owner: 'nr-host:4242:main:dedup:7', runId: 'run-1', flow: 'tab', payload: { account: '6300' } });
    for (let i = 0; i < 2; i++) {
      await store.markFailed({ key: `emp:run-2:${i}`, runId: 'run-2', error: { message: 'no department' }, payload: { employee: `E${i}` } });
    }
    await store.markPosted({ key: 'gl:run-1:posted', runId: 'run-1', target: { system: 'odoo', entity: 'account.move', id: '42' } });
    await store.markFailed({ key: 'gl:run-1:parked', runId: 'run-1', error: { message: 'closed period' }, payload: { account: '9999' } });
    await store.park({ key: 'gl:run-1:parked' }, 'booked by hand');
    await store.addRunCounts('run-1', { read: 7, posted: 1, failed: 6, duplicates: 0 });
    await store.finishRun('run-1', 'finished');
    await store.addRunCounts('run-2', { read: 2, failed: 2 });
  });
}

async function storeRecord(key: string) {
  return withStore((store) => store.get(key));
}

describe('the ml-connector sidebar routes', () => {
  before(() => helper.startServer());
  after(() => helper.stopServer());
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-sidebar-'));
    dbPath = join(dir, 'store.sqlite');
    await seed();
    await helper.load(NODES, flow(), CREDENTIALS);
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('lists the deployed stores with their description and no credentials', async () => {
    const res = await helper.request().get(`${API}/stores`).expect(200);
    const stores = (res.body as { stores: Array<{ id: string; name: string; describe: string }> }).stores;
    assert.deepEqual(
      stores.map((s) => [s.id, s.name]),
      [['store', 'main store'], ['pg', 'shared']],
    );
    assert.equal(stores[0]?.describe, `SQLite ${dbPath}`);
    assert.equal(stores[1]?.describe, 'PostgreSQL mlc@db.example');
    assert.doesNotMatch(JSON.stringify(res.body), /s3cret/);
    await helper.request().get(`${API}/stores/nope`).expect(404);
  });

  it('counts a store\'s records by status', async () => {
    const res = await helper.request().get(`${API}/stores/store`).expect(200);
    assert.deepEqual(res.body, {
      id: 'store',
      name: 'main store',
      describe: `SQLite ${dbPath}`,
      kind: 'sqlite',
      counts: { claimed: 1, posted: 1, failed: 7, replay: 0, parked: 1 },
    });
  });

  it('lists recent runs with their counters and how many records are still failed', async () => {
    const res = await helper.request().get(`${API}/stores/store/runs`).query({ limit: '10' }).expect(200);
    const runs = (res.body as { runs: Array<{ runId: string; flowName: string | null; status: string; counts: Record<string, number>; failedNow: number }> }).runs;
    const byId = new Map(runs.map((r) => [r.runId, r]));
    assert.deepEqual(byId.get('run-1')?.counts, { read: 7, posted: 1, duplicates: 0, inProgress: 0, failed: 6 });
    assert.equal(byId.get('run-1')?.flowName, 'Payroll GL', 'a recorded flow that is no tab id is shown as it is');
    assert.equal(byId.get('run-1')?.status, 'finished');
    assert.equal(byId.get('run-1')?.failedNow, 5);
    assert.deepEqual(byId.get('run-2')?.counts, { read: 2, posted: 0, duplicates: 0, inProgress: 0, failed: 2 });
    assert.equal(byId.get('run-2')?.failedNow, 2);
    await helper.request().get(`${API}/stores/store/runs`).query({ limit: 'many' }).expect(400);
  });

  it('pages through failed records by key, and filters by run, key prefix and status', async () => {
    const keys: string[] = [];
    let afterKey: string | null = null;
    let pages = 0;
    do {
      const res = await helper
        .request()
        .get(`${API}/stores/store/records`)
        .query({ limit: '3', ...(afterKey ? { afterKey } : {}) })
        .expect(200);
      const page = res.body as { records: Array<{ key: string; status: string; attempts: number; error: { message: string } }>; total: number; nextAfterKey: string | null };
      assert.equal(page.total, 7);
      assert.ok(page.records.every((r) => r.status === 'failed'));
      keys.push(...page.records.map((r) => r.key));
      afterKey = page.nextAfterKey;
      pages++;
    } while (afterKey && pages < 10);
    assert.equal(pages, 3);
    assert.deepEqual(keys, [...keys].sort());
    assert.equal(new Set(keys).size, 7);

    const run2 = await helper.request().get(`${API}/stores/store/records`).query({ runId: 'run-2', keyPrefix: '' }).expect(200);
    assert.deepEqual((run2.body as { records: Array<{ key: string }> }).records.map((r) => r.key), ['emp:run-2:0', 'emp:run-2:1']);
    const prefixed = await helper.request().get(`${API}/stores/store/records`).query({ keyPrefix: 'gl:run-1:3' }).expect(200);
    assert.deepEqual((prefixed.body as { records: Array<{ key: string }> }).records.map((r) => r.key), ['gl:run-1:3']);
    const parked = await helper.request().get(`${API}/stores/store/records`).query({ status: 'parked' }).expect(200);
    const parkedRecords = (parked.body as { records: Array<{ key: string; note: string }> }).records;
    assert.deepEqual(parkedRecords.map((r) => [r.key, r.note]), [['gl:run-1:parked', 'booked by hand']]);
    const posted = await helper.request().get(`${API}/stores/store/records`).query({ status: 'posted' }).expect(200);
    assert.equal((posted.body as { total: number }).total, 1);

    const bad = await helper.request().get(`${API}/stores/store/records`).query({ status: 'lost' }).expect(400);
    assert.match((bad.body as { error: string }).error, /^status: /);
  });

  it('shows one record in full: error, attempts, refs, payload and timestamps', async () => {
    const res = await helper.request().get(`${API}/stores/store/record`).query({ key: 'gl:run-1:2' }).expect(200);
    const record = (res.body as { record: Record<string, unknown> }).record;
    assert.equal(record['key'], 'gl:run-1:2');
    assert.equal(record['status'], 'failed');
    assert.equal(record['runId'], 'run-1');
    assert.deepEqual(record['error'], { message: 'account 6120 not found', code: 'MLC_ODOO_NOT_FOUND', source: 'mlc-odoo-write' });
    assert.deepEqual(record['source'], { system: 'ukg', entity: 'gl', id: '2' });
    assert.equal(record['target'], null);
    assert.deepEqual(record['payload'], { account: '6120', amount: 12 });
    assert.equal(typeof record['createdAt'], 'string');
    assert.equal(typeof record['updatedAt'], 'string');
    assert.ok(!('mlc' in record) && !('input' in record), 'internal fields stay out');
    assert.equal(record['claimedBy'], null, 'no owner once the claim ended');
    assert.equal(record['flow'], 'tab');
    assert.equal(record['flowName'], 'Payroll GL');
    assert.equal(record['attempts'], 1);
    const history = record['history'] as Array<{ attempt: number; error: { message: string } }>;
    assert.deepEqual(history.map((h) => [h.attempt, h.error.message]), [[1, 'account 6120 not found']]);
    await helper.request().get(`${API}/stores/store/record`).query({ key: 'gl:none' }).expect(404);
    await helper.request().get(`${API}/stores/store/record`).expect(400);
  });

  it('lists the deployed replay nodes of the chosen store, saying which are not wired', async () => {
    const res = await helper.request().get(`${API}/stores/store/replay-nodes`).expect(200);
    const nodes = (res.body as { replayNodes: Array<{ id: string; name: string; flow: string; flowId: string; scope: string; runId: string | null; wired: boolean }> }).replayNodes;
    assert.deepEqual(
      nodes.map((n) => [n.id, n.name, n.flow, n.flowId, n.scope, n.runId, n.wired]).sort(),
      [
        // Saved before settings version 1: "all" meant its own flow's records, and is migrated so.
        ['loose', 'replay', 'Payroll GL', 'tab', 'flow', null, false],
        ['replay', 'replay GL', 'Payroll GL', 'tab', 'run', 'run-other', true],
      ],
    );
    const other = await helper.request().get(`${API}/stores/pg/replay-nodes`).expect(200);
    assert.deepEqual((other.body as { replayNodes: Array<{ id: string }> }).replayNodes.map((n) => n.id), ['elsewhere']);
  });

  it('replays one record through the chosen replay node: out of its output, replay in the store, then claimed and audited again', async () => {
    const replayed = collect('replayed');
    const fresh = collect('new');
    const audited = collect('audited');
    const res = await helper.request().post('/mlc-replay/replay/replay').send({ key: 'gl:run-1:2' }).expect(200);
    assert.deepEqual(res.body, { replayed: 1, filter: { key: 'gl:run-1:2' }, node: { id: 'replay', name: 'replay GL', flow: 'tab' } }, 'answered once done, naming the node and its flow');
    const [out] = await replayed.waitFor(1);
    assert.deepEqual(out?.['payload'], { account: '6120', amount: 12 });
    assert.equal((out?.['mlc'] as { key: string }).key, 'gl:run-1:2');
    assert.equal((await storeRecord('gl:run-1:2'))?.status, 'replay');
    const list = await helper.request().get(`${API}/stores/store/records`).expect(200);
    assert.ok(!(list.body as { records: Array<{ key: string }> }).records.some((r) => r.key === 'gl:run-1:2'), 'it left the failed list');

    // The flow's path: dedup claims it again (second attempt), the write succeeds, audit records it.
    send('dedup', out as Record<string, unknown>);
    const [claimed] = await fresh.waitFor(1);
    assert.equal((claimed?.['mlc'] as { attempt: number }).attempt, 2);
    send('audit', { ...claimed, mlc: { ...(claimed?.['mlc'] as object), target: { system: 'odoo', entity: 'account.move', id: 77 } } });
    await audited.waitFor(1);
    const detail = await helper.request().get(`${API}/stores/store/record`).query({ key: 'gl:run-1:2' }).expect(200);
    const record = (detail.body as { record: { status: string; attempts: number; target: unknown; error: unknown } }).record;
    assert.equal(record.status, 'posted');
    assert.equal(record.attempts, 2);
    assert.deepEqual(record.target, { system: 'odoo', entity: 'account.move', id: '77' });
    assert.equal(record.error, null);
    assert.equal(replayed.messages.length, 1, 'only the record asked for');
  });

  it('replays a run\'s failures, and all failed, whatever run the node itself is set to', async () => {
    const replayed = collect('replayed');
    const summary = collect('summary');
    await helper.request().post('/mlc-replay/replay/replay').send({ runId: 'run-2', status: 'failed' }).expect(200);
    await summary.waitFor(1);
    assert.deepEqual(replayed.messages.map((m) => (m['mlc'] as { key: string }).key).sort(), ['emp:run-2:0', 'emp:run-2:1']);
    await helper.request().post('/mlc-replay/replay/replay').send({ status: 'failed' }).expect(200);
    await summary.waitFor(2);
    assert.equal(replayed.messages.length, 7);
    const counts = await helper.request().get(`${API}/stores/store`).expect(200);
    assert.deepEqual((counts.body as { counts: Record<string, number> }).counts, { claimed: 1, posted: 1, failed: 0, replay: 7, parked: 1 });
    // The node's own button (no body) still replays only what the node is set to: run-other has nothing.
    await helper.request().post('/mlc-replay/replay/replay').expect(200);
    const [, , third] = await summary.waitFor(3);
    assert.equal((third?.['payload'] as { replayed: number }).replayed, 0);
    const bad = await helper.request().post('/mlc-replay/replay/replay').send({ runid: 'typo' }).expect(400);
    assert.match((bad.body as { error: string }).error, /replay filter/);
  });

  it('parks a record with a reason, and replays a parked record on unpark', async () => {
    const form = await helper.request().post(`${API}/stores/store/park`).set('Content-Type', 'application/x-www-form-urlencoded').send('key=gl%3Arun-1%3A0&reason=x').expect(415);
    assert.match((form.body as { error: string }).error, /application\/json/);
    await helper.request().post(`${API}/stores/store/park`).send({ key: 'gl:run-1:0' }).expect(400);
    await helper.request().post(`${API}/stores/store/park`).send({ reason: 'no key' }).expect(400);
    const res = await helper.request().post(`${API}/stores/store/park`).send({ key: 'gl:run-1:0', reason: 'vendor closed, booked by hand' }).expect(200);
    assert.deepEqual(res.body, { parked: 1 });
    const parked = await storeRecord('gl:run-1:0');
    assert.equal(parked?.status, 'parked');
    assert.equal(parked?.note, 'vendor closed, booked by hand');
    const posted = await helper.request().post(`${API}/stores/store/park`).send({ key: 'gl:run-1:posted', reason: 'x' }).expect(200);
    assert.deepEqual(posted.body, { parked: 0 }, 'a posted record is never parked');

    const replayed = collect('replayed');
    await helper.request().post('/mlc-replay/replay/replay').send({ key: 'gl:run-1:0', status: 'parked' }).expect(200);
    const [out] = await replayed.waitFor(1);
    assert.equal((out?.['mlc'] as { key: string }).key, 'gl:run-1:0');
    assert.equal((await storeRecord('gl:run-1:0'))?.status, 'replay');
  });

  it('lists a claimed record with its owner and age, and a user releases it: failed, then replayable', async () => {
    const res = await helper.request().get(`${API}/stores/store/records`).query({ status: 'claimed' }).expect(200);
    const [held] = (res.body as { records: Array<{ key: string; claimedBy: string; claimedAt: string; flow: string }> }).records;
    assert.equal(held?.key, 'gl:run-1:held');
    assert.equal(held?.claimedBy, 'nr-host:4242:main:dedup:7');
    assert.ok(Date.parse(held?.claimedAt ?? '') <= Date.now(), 'claimedAt is a time');
    assert.equal(held?.flow, 'tab');

    await helper.request().post(`${API}/stores/store/release`).set('Content-Type', 'application/x-www-form-urlencoded').send('key=gl%3Arun-1%3Aheld').expect(415);
    await helper.request().post(`${API}/stores/store/release`).send({}).expect(400);
    await helper.request().post(`${API}/stores/store/release`).send({ key: 'gl:run-1:held', owner: 'x' }).expect(400);
    const notClaimed = await helper.request().post(`${API}/stores/store/release`).send({ key: 'gl:run-1:0' }).expect(200);
    assert.deepEqual(notClaimed.body, { released: 0 }, 'only claims are released');
    const released = await helper.request().post(`${API}/stores/store/release`).send({ key: 'gl:run-1:held', reason: 'instance B was scrapped' }).expect(200);
    assert.deepEqual(released.body, { released: 1 });

    const detail = await helper.request().get(`${API}/stores/store/record`).query({ key: 'gl:run-1:held' }).expect(200);
    const record = (detail.body as { record: { status: string; claimedBy: unknown; error: { code: string; message: string }; history: Array<{ error: { code: string } }> } }).record;
    assert.equal(record.status, 'failed');
    assert.equal(record.claimedBy, null);
    assert.equal(record.error.code, 'MLC_CLAIM_RELEASED');
    assert.match(record.error.message, /nr-host:4242:main:dedup:7/);
    assert.match(record.error.message, /released by an editor user \(no adminAuth login\) in the ml-connector sidebar \(instance B was scrapped\)/);
    assert.deepEqual(record.history.map((h) => h.error.code), ['MLC_CLAIM_RELEASED']);

    const replayed = collect('replayed');
    const again = await helper.request().post('/mlc-replay/replay/replay').send({ key: 'gl:run-1:held' }).expect(200);
    assert.equal((again.body as { replayed: number }).replayed, 1);
    const [out] = await replayed.waitFor(1);
    assert.deepEqual(out?.['payload'], { account: '6300' });
  });

  it('shows every attempt\'s error, oldest first, naming the node that failed it', async () => {
    const store = await (helper.getNode('store') as unknown as { getStore(): Promise<Store> }).getStore();
    // Replayed once, claimed again by the flow's dedup, and failed again at the audit step.
    await store.resetForReplay({ key: 'gl:run-1:2' });
    await store.claim({ key: 'gl:run-1:2', owner: 'second', runId: 'run-1', flow: 'tab' });
    await store.markFailed({ key: 'gl:run-1:2', owner: 'second', runId: 'run-1', flow: 'tab', error: { message: 'period 2026-11 is closed', source: 'mlc-audit', node: 'audit' } });
    const res = await helper.request().get(`${API}/stores/store/record`).query({ key: 'gl:run-1:2' }).expect(200);
    const record = (res.body as { record: { attempts: number; error: { message: string }; history: Array<{ attempt: number; at: string; error: { message: string; node?: string }; nodeLabel: string | null }> } }).record;
    assert.equal(record.attempts, 2);
    assert.equal(record.error.message, 'period 2026-11 is closed');
    assert.deepEqual(
      record.history.map((h) => [h.attempt, h.error.message, h.nodeLabel]),
      [
        [1, 'account 6120 not found', null],
        [2, 'period 2026-11 is closed', 'mlc-audit on Payroll GL'],
      ],
    );
    assert.ok(record.history[0]!.at <= record.history[1]!.at);
  });

  it('counts failed records per flow with the flow\'s own replay node, and the rest apart', async () => {
    const res = await helper.request().get(`${API}/stores/store/failed-by-flow`).expect(200);
    const flows = (res.body as { flows: Array<{ flow: string | null; flowName: string | null; failed: number; replayNode: { id: string } | null }> }).flows;
    assert.deepEqual(
      flows.map((f) => [f.flow, f.flowName, f.failed, f.replayNode?.id ?? null]),
      [
        ['tab', 'Payroll GL', 5, 'replay'],
        [null, null, 2, null],
      ],
    );
    await helper.request().get(`${API}/stores/nope/failed-by-flow`).expect(404);
  });
});

// The permissions, with adminAuth in a real Node-RED: the helper's admin app checks none.
describe('the ml-connector sidebar routes under adminAuth', () => {
  let nr: RunningNodeRed;
  let authDir: string;

  async function token(username: string): Promise<string> {
    const res = await fetch(`${nr.url}/auth/token`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ client_id: 'node-red-admin', grant_type: 'password', scope: '' /* the user's own permissions */, username, password: `${username}-pw` }),
    });
    assert.equal(res.status, 200, `login as ${username}`);
    return ((await res.json()) as { access_token: string }).access_token;
  }

  function release(auth: string | null, body: string, type = 'application/json'): Promise<Response> {
    return fetch(`${nr.url}${API}/stores/store/release`, {
      method: 'POST',
      headers: { 'Content-Type': type, ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
      body,
    });
  }

  before(async () => {
    authDir = mkdtempSync(join(tmpdir(), 'mlc-sidebar-auth-'));
    const path = join(authDir, 'store.sqlite');
    const store = await openStore({ kind: 'sqlite', path });
    try {
      await store.claim({ key: 'gl:held', owner: 'nr-host:4242:main:dedup:7', runId: 'run-1', flow: 'tab' });
      await store.markFailed({ key: 'gl:salary', error: { message: 'no department' }, payload: { employee: 'E7', salary: 91234 }, flow: 'tab' });
    } finally {
      await store.close();
    }
    const user = (name: string, permissions: string[]) => ({ username: name, password: bcrypt.hashSync(`${name}-pw`, 8), permissions });
    nr = await startNodeRed(
      'node-red',
      [
        { id: 'tab', type: 'tab', label: 'Payroll GL' },
        { id: 'store', type: 'mlc-store', name: 'main store', backend: 'sqlite', path },
        { id: 'dedup', z: 'tab', type: 'mlc-dedup', store: 'store', staleMinutes: 10, x: 100, y: 100, wires: [[], []] },
      ],
      { settings: { adminAuth: { type: 'credentials', users: [user('alice', ['mlc-store.read', 'mlc-store.write', 'mlc-store.payload']), user('viewer', ['mlc-store.read']), user('reader', ['read'])] } } },
    );
  });
  after(async () => {
    await nr?.stop();
    if (authDir) rmSync(authDir, { recursive: true, force: true });
  });

  it('reads with mlc-store.read, releases only with mlc-store.write, and the reason names the user', async () => {
    assert.equal((await fetch(`${nr.url}${API}/stores`)).status, 401, 'no login, no answer');
    const viewer = await token('viewer');
    const stores = await fetch(`${nr.url}${API}/stores`, { headers: { Authorization: `Bearer ${viewer}` } });
    assert.equal(stores.status, 200);
    assert.equal((await release(viewer, JSON.stringify({ key: 'gl:held' }))).status, 401, 'reading is not writing');
    assert.equal((await release(null, JSON.stringify({ key: 'gl:held' }))).status, 401);

    const alice = await token('alice');
    assert.equal((await release(alice, 'key=gl%3Aheld', 'application/x-www-form-urlencoded')).status, 415);
    const released = await release(alice, JSON.stringify({ key: 'gl:held', reason: 'instance B scrapped' }));
    assert.equal(released.status, 200);
    assert.deepEqual(await released.json(), { released: 1 });
    const detail = await fetch(`${nr.url}${API}/stores/store/record?key=gl%3Aheld`, { headers: { Authorization: `Bearer ${viewer}` } });
    const record = ((await detail.json()) as { record: { status: string; error: { code: string; message: string } } }).record;
    assert.equal(record.status, 'failed');
    assert.equal(record.error.code, 'MLC_CLAIM_RELEASED');
    assert.match(record.error.message, /released by user alice in the ml-connector sidebar \(instance B scrapped\)/);
  });

  it('shows a payload only to a user with mlc-store.payload; read-only users see the record without it', async () => {
    const detail = async (who: string) => {
      const res = await fetch(`${nr.url}${API}/stores/store/record?key=gl%3Asalary`, { headers: { Authorization: `Bearer ${await token(who)}` } });
      assert.equal(res.status, 200);
      return ((await res.json()) as { record: { payload: unknown; payloadHidden?: boolean; error: { message: string } } }).record;
    };
    for (const who of ['viewer', 'reader']) {
      const record = await detail(who);
      assert.equal(record.payload, null, who);
      assert.equal(record.payloadHidden, true);
      assert.equal(record.error.message, 'no department', 'the rest of the record is there');
    }
    const shown = await detail('alice');
    assert.deepEqual(shown.payload, { employee: 'E7', salary: 91234 });
    assert.equal(shown.payloadHidden, undefined);
  });
});
