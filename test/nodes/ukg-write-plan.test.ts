// mlc-ukg-write in plan-only mode, in real Node-RED against the UKG simulator, with mlc-audit on a
// real SQLite store: a new org level, an update naming each changed field with the value UKG holds and
// the one sent, a deactivation (archive), an org level already so, and refusals, each planned from one
// look-up for the batch with no write call; then the plan posted as it stands makes exactly those writes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import type { NodeAPI } from 'node-red';
import helper from 'node-red-node-test-helper';
import type { PlanMessage } from '../../lib/plan/plan';
import { openStore } from '../../lib/store';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { UkgSimulator } from '../../sandbox/ukg';
import auditNode = require('../../nodes/core/audit');
import { postPlan } from '../../nodes/core/plan-post';
import storeNode = require('../../nodes/core/store-config');
import ukgConfigNode = require('../../nodes/ukg/ukg-config');
import ukgWriteNode = require('../../nodes/ukg/ukg-write');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
type NodeModules = Parameters<typeof helper.load>[0];

const ORG_LEVELS = '/configuration/v1/org-levels';

describe('mlc-ukg-write in plan-only mode against the UKG simulator', () => {
  const ukg = new UkgSimulator();
  let sim: RunningSimulator;
  let dir: string;
  // The API the nodes were given, for posting the plan as the sidebar does.
  let red: NodeAPI | undefined;
  const writeNode = (RED: NodeAPI): void => {
    red = RED;
    (ukgWriteNode as unknown as (api: NodeAPI) => void)(RED);
  };

  const load = (write: Msg): Promise<void> =>
    helper.load(
      [ukgConfigNode, writeNode, storeNode, auditNode] as unknown as NodeModules,
      positioned([
        { id: 'tab', type: 'tab', label: 'ukg plan' },
        { id: 'ukg', type: 'mlc-ukg-config', name: 'UKG (test)', host: sim.url, maxAttempts: 1 },
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
        { id: 'write', z: 'tab', type: 'mlc-ukg-write', ukg: 'ukg', operation: 'upsert', batchSize: 100, ...write, wires: [['audit'], ['audit']] },
        { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
        { id: 'audited', z: 'tab', type: 'helper' },
      ]),
      { ukg: { username: 'mlc-demo', password: 'mlc-demo-password', customerApiKey: 'MLCDM' } },
    );
  const writeCalls = (since: number): number => (['POST', 'PATCH', 'PUT'] as const).reduce((n, method) => n + sim.log.count({ sinceSeq: since, method, path: ORG_LEVELS }), 0);
  const planOf = (msg: Msg | undefined): PlanMessage => msg?.['plan'] as PlanMessage;
  const keyOf = (msg: Msg): string => (msg['mlc'] as { key: string }).key;
  const centers = () => ukg.state.orgLevels.filter((org) => org.level === 2 && org.isActive);
  const center = (code: string) => ukg.state.orgLevels.find((org) => org.level === 2 && org.code === code);
  const record = (key: string, payload: Msg, extra: Msg = {}): Msg => ({ payload, ...extra, mlc: { key, runId: 'plan-run' } });

  before(async () => {
    sim = await startSimulator(ukg, { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });
  beforeEach(() => {
    sim.reset();
    dir = mkdtempSync(join(tmpdir(), 'mlc-ukg-plan-'));
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('plans a create, an update with old and new values, an archive, an unchanged org level and refusals from one look-up, writing nothing; posting makes exactly those writes', async () => {
    const [renamed, closing, same, taken] = centers();
    assert.ok(renamed && closing && same && taken);
    const oldName = renamed.description;
    await load({ planOnly: true });
    const audited = collect('audited');
    const since = sim.log.lastSeq;
    send('write', record('odoo:cc:new', { level: 2, code: 'CC-600', description: 'Equipment Yard', glSegment: 'CC-600' }));
    send('write', record('odoo:cc:renamed', { level: 2, code: renamed.code, description: 'Renamed Center', glSegment: renamed.glSegment }));
    send('write', record('odoo:cc:closing', { level: 2, code: closing.code, description: closing.description, isActive: false }));
    send('write', record('odoo:cc:same', { level: 2, code: same.code.toLowerCase(), description: same.description, glSegment: same.glSegment }));
    send('write', record('odoo:cc:missing', { level: 2, code: 'CC-999', description: 'Nowhere' }, { operation: 'update' }));
    send('write', record('odoo:cc:taken', { level: 2, code: taken.code, description: 'Someone Else' }, { operation: 'create' }));
    send('write', record('odoo:cc:bad', { level: 2, description: 'No code' }));
    const out = await audited.waitFor(7);
    const byKey = new Map(out.map((m) => [keyOf(m), planOf(m)]));

    const created = byKey.get('odoo:cc:new');
    assert.equal(created?.action, 'create');
    assert.deepEqual(created?.changes.find((c) => c.field === 'description'), { field: 'description', old: null, new: 'Equipment Yard' });
    assert.deepEqual(created?.post, { payload: { level: 2, code: 'CC-600', description: 'Equipment Yard', glSegment: 'CC-600' } });
    const update = byKey.get('odoo:cc:renamed');
    assert.equal(update?.action, 'update');
    assert.equal(update?.id, `2/${renamed.code}`);
    assert.deepEqual(update?.changes, [{ field: 'description', old: oldName, new: 'Renamed Center' }]);
    const archive = byKey.get('odoo:cc:closing');
    assert.equal(archive?.action, 'archive');
    assert.deepEqual(archive?.changes, [{ field: 'isActive', old: true, new: false }]);
    assert.equal(byKey.get('odoo:cc:same')?.action, 'unchanged', 'the code in another case is the same org level');
    assert.deepEqual([byKey.get('odoo:cc:missing')?.action, byKey.get('odoo:cc:missing')?.error?.code], ['fail', 'MLC_HTTP_NOT_FOUND']);
    assert.deepEqual([byKey.get('odoo:cc:taken')?.action, byKey.get('odoo:cc:taken')?.error?.code], ['fail', 'MLC_UKG_ORG_LEVEL_EXISTS']);
    assert.deepEqual([byKey.get('odoo:cc:bad')?.action, byKey.get('odoo:cc:bad')?.error?.code], ['fail', 'MLC_UKG_WRITE_BAD_INPUT']);
    assert.deepEqual(byKey.get('odoo:cc:taken')?.post, { payload: { level: 2, code: taken.code, description: 'Someone Else' }, operation: 'create' });
    for (const plan of byKey.values()) assert.deepEqual([plan.system, plan.entity, plan.node], ['ukg', 'org-level', 'write']);

    assert.equal(writeCalls(since), 0, 'no POST, PATCH or PUT');
    assert.equal(sim.log.count({ sinceSeq: since, method: 'GET', path: ORG_LEVELS }), 1, 'one look-up for the whole batch');
    assert.equal(center('CC-600'), undefined);
    assert.equal(center(renamed.code)?.description, oldName);
    assert.equal(center(closing.code)?.isActive, true);

    const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
    try {
      const entries = await store.listPlanEntries('plan-run');
      assert.deepEqual(new Map(entries.map((e) => [e.key, e.action])), new Map([...byKey].map(([key, plan]) => [key, plan.action])));
      assert.equal(await store.count({ keyPrefix: 'odoo:cc:' }), 0, 'nothing marked posted or failed');

      // Posted as it stands: the create, the update and the archive, nothing else.
      const postedSince = sim.log.lastSeq;
      assert.ok(red);
      const result = await postPlan(red, store, 'plan-run');
      assert.deepEqual([result.sent, result.skipped, result.notDeployed], [3, 4, 0]);
      const written = await audited.waitFor(10);
      assert.deepEqual(written.slice(7).map((m) => [keyOf(m), m['plan']]).sort(), [['odoo:cc:closing', undefined], ['odoo:cc:new', undefined], ['odoo:cc:renamed', undefined]]);
      assert.equal(sim.log.count({ sinceSeq: postedSince, method: 'POST', path: ORG_LEVELS }), 1, 'the three upserts in one bulk POST');
      assert.deepEqual(
        sim.log.entries({ sinceSeq: postedSince, method: 'PATCH' }).map((e) => e.path).sort(),
        [`${ORG_LEVELS}/2/${closing.code}`, `${ORG_LEVELS}/2/${renamed.code}`].sort(),
      );
      assert.equal(center('CC-600')?.description, 'Equipment Yard');
      assert.equal(center(renamed.code)?.description, 'Renamed Center');
      assert.equal(center(closing.code)?.isActive, false);
      assert.equal(center(taken.code)?.description, taken.description);
      assert.equal(await store.count({ keyPrefix: 'odoo:cc:', status: 'posted' }), 3);
    } finally {
      await store.close();
    }
  });

  it('still writes in a flow saved before the setting existed, and plans a record that asks for it', async () => {
    await load({});
    const audited = collect('audited');
    const since = sim.log.lastSeq;
    send('write', { payload: { level: 2, code: 'CC-700', description: 'Planned Only' }, mlc: { key: 'odoo:cc:p', runId: 'r', plan: true } });
    const [planned] = await audited.waitFor(1);
    assert.equal(planOf(planned).action, 'create');
    assert.equal(writeCalls(since), 0);
    send('write', { payload: { level: 2, code: 'CC-700', description: 'Written' }, mlc: { key: 'odoo:cc:w', runId: 'r' } });
    const [, written] = await audited.waitFor(2);
    assert.equal(written?.['plan'], undefined);
    assert.equal(center('CC-700')?.description, 'Written');
  });
});
