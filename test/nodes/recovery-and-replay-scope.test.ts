// What the core nodes do about crashes and about whose records a replay serves, in Node-RED against a
// real SQLite store file: a restarted instance takes its earlier start's claims back as soon as its
// store opens; a replay node serves its own flow's records; its third output reloads tables first.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { openStore } from '../../lib/store';
import type { AuditRecord } from '../../lib/store/types';
import storeNode = require('../../nodes/core/store-config');
import dedupNode = require('../../nodes/core/dedup');
import auditNode = require('../../nodes/core/audit');
import replayNode = require('../../nodes/core/replay');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));
// Node-RED's own change node stands for the nodes that reload a flow's lookup tables.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const changeNode = require('@node-red/nodes/core/function/15-change.js') as (red: unknown) => void;
const NODES = [storeNode, dedupNode, auditNode, replayNode, changeNode];
const INSTANCE = 'test-instance-recovery';

let dir: string;
let dbPath: string;

async function withStore<T>(work: (store: Awaited<ReturnType<typeof openStore>>) => Promise<T>): Promise<T> {
  const store = await openStore({ kind: 'sqlite', path: dbPath });
  try {
    return await work(store);
  } finally {
    await store.close();
  }
}

async function until(what: string, probe: () => Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!(await probe())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function twoFlows(replay: Record<string, unknown> = {}, store: Record<string, unknown> = {}): Array<Record<string, unknown>> {
  return positioned([
    { id: 'gl-tab', type: 'tab', label: 'GL' },
    { id: 'emp-tab', type: 'tab', label: 'Employees' },
    { id: 'store', type: 'mlc-store', backend: 'sqlite', path: dbPath, ...store },
    { id: 'gl-dedup', z: 'gl-tab', type: 'mlc-dedup', store: 'store', wires: [['gl-new'], ['gl-dup']] },
    { id: 'gl-new', z: 'gl-tab', type: 'helper' },
    { id: 'gl-dup', z: 'gl-tab', type: 'helper' },
    { id: 'gl-audit', z: 'gl-tab', type: 'mlc-audit', store: 'store', wires: [['gl-audited']] },
    { id: 'gl-audited', z: 'gl-tab', type: 'helper' },
    { id: 'gl-replay', z: 'gl-tab', type: 'mlc-replay', name: 'replay GL', store: 'store', scope: 'all', ...replay, wires: [['gl-replayed'], ['gl-summary'], replay['refresh'] ? ['gl-reload'] : []] },
    { id: 'gl-reload', z: 'gl-tab', type: 'change', rules: [{ t: 'set', p: 'reloaded', pt: 'flow', to: 'true', tot: 'bool' }], wires: [['gl-replay', 'gl-reloaded']] },
    { id: 'gl-reloaded', z: 'gl-tab', type: 'helper' },
    { id: 'gl-replayed', z: 'gl-tab', type: 'helper' },
    { id: 'gl-summary', z: 'gl-tab', type: 'helper' },
    { id: 'emp-audit', z: 'emp-tab', type: 'mlc-audit', store: 'store', wires: [['emp-audited']] },
    { id: 'emp-audited', z: 'emp-tab', type: 'helper' },
  ]);
}

describe('crash recovery and replay scope in Node-RED', () => {
  const previousInstance = process.env['MLC_INSTANCE_ID'];
  before(async () => {
    process.env['MLC_INSTANCE_ID'] = INSTANCE;
    await helper.startServer();
  });
  after(async () => {
    if (previousInstance === undefined) delete process.env['MLC_INSTANCE_ID'];
    else process.env['MLC_INSTANCE_ID'] = previousInstance;
    await helper.stopServer();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-recovery-'));
    dbPath = join(dir, 'store.sqlite');
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it("takes back the claims an earlier start of this instance left, as soon as the flows start, and they are claimed again at once", async () => {
    await withStore(async (store) => {
      // As a crash leaves them: claimed by this instance's earlier process start, never audited.
      await store.claimMany(['a', 'b', 'c'].map((k) => ({ key: `crash:${k}`, owner: 'host:1:old:gl-dedup:1', holder: { instance: INSTANCE, process: 'earlier-start' }, runId: 'run-crashed' })));
      // Another instance's live claim must not be touched.
      await store.heartbeat({ instance: 'other-instance', process: 'its-start' }, 60_000);
      await store.claim({ key: 'crash:other', owner: 'other', holder: { instance: 'other-instance', process: 'its-start' } });
    });
    await helper.load(NODES, twoFlows());
    let records: AuditRecord[] = [];
    await until('the orphaned claims to be failed', async () => {
      records = await withStore((store) => store.list({ keyPrefix: 'crash:' }));
      return records.filter((r) => r.status === 'failed').length === 3;
    });
    assert.deepEqual(records.map((r) => [r.key, r.status, r.error?.code ?? null]), [
      ['crash:a', 'failed', 'MLC_CLAIM_ORPHANED'],
      ['crash:b', 'failed', 'MLC_CLAIM_ORPHANED'],
      ['crash:c', 'failed', 'MLC_CLAIM_ORPHANED'],
      ['crash:other', 'claimed', null],
    ]);
    // The next run's claim wins without waiting for any stale time.
    const fresh = collect('gl-new');
    const dups = collect('gl-dup');
    send('gl-dedup', { payload: { n: 1 }, mlc: { key: 'crash:a', runId: 'run-next' } });
    send('gl-dedup', { payload: { n: 2 }, mlc: { key: 'crash:other', runId: 'run-next' } });
    const [won] = await fresh.waitFor(1);
    assert.equal((won?.['mlc'] as { attempt: number }).attempt, 2);
    const [held] = await dups.waitFor(1);
    assert.equal((held?.['mlc'] as { dedup: { outcome: string } }).dedup.outcome, 'in-progress');
    const run = await withStore((store) => store.getRun('run-next'));
    assert.deepEqual({ claimed: run?.counts['claimed'], inProgress: run?.counts['inProgress'], duplicates: run?.counts['duplicates'] }, { claimed: 1, inProgress: 1, duplicates: 0 });
  });

  it("replays only its own flow's failed records by default, and a saved 'all' from before version 1 means the same", async () => {
    await helper.load(NODES, twoFlows());
    send('gl-audit', { payload: { gl: 1 }, mlc: { key: 'gl:1' }, error: { message: 'x' } });
    send('emp-audit', { payload: { emp: 1 }, mlc: { key: 'emp:1' }, error: { message: 'y' } });
    await collect('gl-audited').waitFor(1);
    await collect('emp-audited').waitFor(1);
    const replayed = collect('gl-replayed');
    const res = await helper.request().post('/mlc-replay/gl-replay/replay').set('content-type', 'application/json').send({});
    assert.deepEqual(res.body, { replayed: 1, filter: { flow: 'gl-tab' }, node: { id: 'gl-replay', name: 'replay GL', flow: 'gl-tab' } });
    const [msg] = await replayed.waitFor(1);
    assert.equal((msg?.['mlc'] as { key: string }).key, 'gl:1');
    assert.equal((await withStore((s) => s.get('emp:1')))?.status, 'failed', "the other flow's record was left alone");
    const nothing = await helper.request().post('/mlc-replay/gl-replay/replay').set('content-type', 'application/json').send({});
    assert.equal((nothing.body as { replayed: number }).replayed, 0, 'says when nothing matched');
    const form = await helper.request().post('/mlc-replay/gl-replay/replay').set('content-type', 'application/x-www-form-urlencoded').send('key=emp:1');
    assert.equal(form.status, 415, 'JSON only');
  });

  it('with "every flow" chosen, replays the whole store', async () => {
    await helper.load(NODES, twoFlows({ scope: 'all', version: 1 }));
    send('gl-audit', { payload: { gl: 1 }, mlc: { key: 'gl:1' }, error: { message: 'x' } });
    send('emp-audit', { payload: { emp: 1 }, mlc: { key: 'emp:1' }, error: { message: 'y' } });
    await collect('gl-audited').waitFor(1);
    await collect('emp-audited').waitFor(1);
    const res = await helper.request().post('/mlc-replay/gl-replay/replay').set('content-type', 'application/json').send({});
    assert.equal((res.body as { replayed: number }).replayed, 2);
  });

  it('with output 3 wired, sends the request through the refresh first and replays when it comes back', async () => {
    await helper.load(NODES, twoFlows({ refresh: true }));
    send('gl-audit', { payload: { as: 'mapped' }, mlc: { key: 'gl:2', input: { as: 'read' } }, error: { message: 'x' } });
    await collect('gl-audited').waitFor(1);
    const reloaded = collect('gl-reloaded');
    const replayed = collect('gl-replayed');
    const res = await helper.request().post('/mlc-replay/gl-replay/replay').set('content-type', 'application/json').send({ key: 'gl:2' });
    assert.equal((res.body as { replayed: number }).replayed, 1);
    assert.equal(reloaded.messages.length, 1, 'the refresh ran before the record went out');
    const [msg] = await replayed.waitFor(1);
    assert.deepEqual(msg?.['payload'], { as: 'read' }, 'the record as read, for the mapping');
    assert.equal((msg?.['mlc'] as { replay: { from: string } }).replay.from, 'input');
    assert.equal(helper.getNode('gl-replay').context().flow.get('reloaded'), true);
  });

  it('with a payload retention set, drops the payloads of posted records once they are older, keeping failed ones', async () => {
    await withStore(async (store) => {
      await store.markPosted({ key: 'kept:posted', target: { system: 'odoo', entity: 'hr.employee', id: '7' }, payload: { salary: 91000 }, input: { salary: 91000 } });
      await store.markFailed({ key: 'kept:failed', error: { message: 'x' }, payload: { salary: 1 } });
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    await helper.load(NODES, twoFlows({}, { retentionDays: 0 }));
    await until('the posted payload to be dropped', async () => (await withStore((s) => s.get('kept:posted')))?.payload === null);
    const posted = await withStore((s) => s.get('kept:posted'));
    assert.equal(posted?.input, null);
    assert.deepEqual(posted?.target, { system: 'odoo', entity: 'hr.employee', id: '7' });
    assert.deepEqual((await withStore((s) => s.get('kept:failed')))?.payload, { salary: 1 });
  });
});
