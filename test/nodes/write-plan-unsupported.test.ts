// Write nodes that cannot plan yet (here mlc-ukg-write), given a record of a plan run: nothing is written or even asked of the target, and
// the record goes on with msg.plan action "fail", code MLC_PLAN_UNSUPPORTED, so audit keeps it in the plan.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { UkgSimulator } from '../../sandbox/ukg';
import ukgConfigNode = require('../../nodes/ukg/ukg-config');
import ukgWriteNode = require('../../nodes/ukg/ukg-write');
import type { PlanMessage } from '../../lib/plan/plan';
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

describe('a write node that cannot plan yet, in a plan run', () => {
  let ukg: RunningSimulator;

  before(async () => {
    ukg = await startSimulator(new UkgSimulator(), { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await ukg.close();
  });
  afterEach(() => helper.unload());

  const planned = { topic: 'ukg/org-level', payload: { level: 2, code: 'CC-900', description: 'New center' }, mlc: { key: 'plan:cc-900', runId: 'plan-run', plan: true } };

  it('mlc-ukg-write sends the record on as a refused plan entry and calls nothing', async () => {
    await helper.load([ukgConfigNode, ukgWriteNode], positioned([
      { id: 'tab', type: 'tab', label: 'ukg write' },
      { id: 'ukg', type: 'mlc-ukg-config', name: 'UKG (test)', host: ukg.url, maxAttempts: 1 },
      { id: 'write', z: 'tab', type: 'mlc-ukg-write', ukg: 'ukg', operation: 'create', batchSize: 100, wires: [['written'], ['failed']] },
      { id: 'written', z: 'tab', type: 'helper' },
      { id: 'failed', z: 'tab', type: 'helper' },
    ]), { ukg: { username: 'mlc-demo', password: 'mlc-demo-password', customerApiKey: 'MLCDM' } });
    const written = collect('written');
    const since = ukg.log.lastSeq;
    send('write', structuredClone(planned));
    const [out] = await written.waitFor(1);
    const plan = out?.['plan'] as PlanMessage;
    assert.equal(plan.action, 'fail');
    assert.equal(plan.error?.code, 'MLC_PLAN_UNSUPPORTED');
    assert.equal(plan.node, 'write');
    assert.equal(ukg.log.count({ sinceSeq: since }), 0, 'no request to UKG');
  });

});
