// mlc-ukg-write in plan-only mode, in real Node-RED against the UKG simulator, with mlc-audit on a
// real SQLite store: a new org level, an update naming each changed field with the value UKG holds and
// the one sent, a deactivation (archive), an org level already so, and refusals, each planned from one
// look-up for the batch with no write call; then the plan posted as it stands makes exactly those writes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { UkgSimulator } from '../../sandbox/ukg';
import ukgConfigNode = require('../../nodes/ukg/ukg-config');
import ukgWriteNode = require('../../nodes/ukg/ukg-write');
import { collect, send } from '../support/flow-helper';
import { keyOf, planKit, planOf, planSuite, planRecord as record, plansByKey } from '../support/plan-kit';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;

const ORG_LEVELS = '/configuration/v1/org-levels';

describe('mlc-ukg-write in plan-only mode against the UKG simulator', () => {
  const ukg = new UkgSimulator();
  const parts = planSuite(ukg);
  const kit = planKit(ukgWriteNode);

  const load = (write: Msg): Promise<void> =>
    kit.load(
      ukgConfigNode,
      { id: 'ukg', type: 'mlc-ukg-config', name: 'UKG (test)', host: parts.sim.url, maxAttempts: 1 },
      { type: 'mlc-ukg-write', ukg: 'ukg', operation: 'upsert', batchSize: 100, ...write },
      parts.storePath,
      { ukg: { username: 'mlc-demo', password: 'mlc-demo-password', customerApiKey: 'MLCDM' } },
    );
  const writeCalls = (since: number): number => (['POST', 'PATCH', 'PUT'] as const).reduce((n, method) => n + parts.sim.log.count({ sinceSeq: since, method, path: ORG_LEVELS }), 0);
  const centers = () => ukg.state.orgLevels.filter((org) => org.level === 2 && org.isActive);
  const center = (code: string) => ukg.state.orgLevels.find((org) => org.level === 2 && org.code === code);

  it('plans a create, an update with old and new values, an archive, an unchanged org level and refusals from one look-up, writing nothing; posting makes exactly those writes', async () => {
    const [renamed, closing, same, taken] = centers();
    assert.ok(renamed && closing && same && taken);
    const oldName = renamed.description;
    await load({ planOnly: true });
    const audited = collect('audited');
    const since = parts.sim.log.lastSeq;
    send('write', record('odoo:cc:new', { level: 2, code: 'CC-600', description: 'Equipment Yard', glSegment: 'CC-600' }));
    send('write', record('odoo:cc:renamed', { level: 2, code: renamed.code, description: 'Renamed Center', glSegment: renamed.glSegment }));
    send('write', record('odoo:cc:closing', { level: 2, code: closing.code, description: closing.description, isActive: false }));
    send('write', record('odoo:cc:same', { level: 2, code: same.code.toLowerCase(), description: same.description, glSegment: same.glSegment }));
    send('write', record('odoo:cc:missing', { level: 2, code: 'CC-999', description: 'Nowhere' }, { operation: 'update' }));
    send('write', record('odoo:cc:taken', { level: 2, code: taken.code, description: 'Someone Else' }, { operation: 'create' }));
    send('write', record('odoo:cc:bad', { level: 2, description: 'No code' }));
    const out = await audited.waitFor(7);
    const byKey = plansByKey(out);

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
    assert.equal(parts.sim.log.count({ sinceSeq: since, method: 'GET', path: ORG_LEVELS }), 1, 'one look-up for the whole batch');
    assert.equal(center('CC-600'), undefined);
    assert.equal(center(renamed.code)?.description, oldName);
    assert.equal(center(closing.code)?.isActive, true);

    // Posted as it stands: the create, the update and the archive, nothing else.
    const postedSince = parts.sim.log.lastSeq;
    await kit.keptThenPosted(parts.storePath, byKey, 'odoo:cc:', async (store, result) => {
      assert.deepEqual([result.sent, result.skipped, result.notDeployed], [3, 4, 0]);
      const written = await audited.waitFor(10);
      assert.deepEqual(written.slice(7).map((m) => [keyOf(m), m['plan']]).sort(), [['odoo:cc:closing', undefined], ['odoo:cc:new', undefined], ['odoo:cc:renamed', undefined]]);
      assert.equal(parts.sim.log.count({ sinceSeq: postedSince, method: 'POST', path: ORG_LEVELS }), 1, 'the three upserts in one bulk POST');
      assert.deepEqual(
        parts.sim.log.entries({ sinceSeq: postedSince, method: 'PATCH' }).map((e) => e.path).sort(),
        [`${ORG_LEVELS}/2/${closing.code}`, `${ORG_LEVELS}/2/${renamed.code}`].sort(),
      );
      assert.equal(center('CC-600')?.description, 'Equipment Yard');
      assert.equal(center(renamed.code)?.description, 'Renamed Center');
      assert.equal(center(closing.code)?.isActive, false);
      assert.equal(center(taken.code)?.description, taken.description);
      assert.equal(await store.count({ keyPrefix: 'odoo:cc:', status: 'posted' }), 3);
    });
  });

  it('still writes in a flow saved before the setting existed, and plans a record that asks for it', async () => {
    await load({});
    const audited = collect('audited');
    const since = parts.sim.log.lastSeq;
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
