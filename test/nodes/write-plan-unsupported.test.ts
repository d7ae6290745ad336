// Write nodes that cannot plan yet (here mlc-procore-write, through the shared startWriteNode), given
// a record of a plan run: nothing is written or even asked of the target, and
// the record goes on with msg.plan action "fail", code MLC_PLAN_UNSUPPORTED, so audit keeps it in the plan.
import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { ProcoreSimulator } from '../../sandbox/procore';
import procoreConfigNode = require('../../nodes/procore/procore-config');
import procoreWriteNode = require('../../nodes/procore/procore-write');
import type { PlanMessage } from '../../lib/plan/plan';
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

describe('a write node that cannot plan yet, in a plan run', () => {
  let procore: RunningSimulator;

  before(async () => {
    procore = await startSimulator(new ProcoreSimulator(), { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await procore.close();
  });
  afterEach(() => helper.unload());

  const planned = { topic: 'ukg/org-level', payload: { level: 2, code: 'CC-900', description: 'New center' }, mlc: { key: 'plan:cc-900', runId: 'plan-run', plan: true } };

  it('mlc-procore-write sends the record on as a refused plan entry and calls nothing', async () => {
    await helper.load([procoreConfigNode, procoreWriteNode], positioned([
      { id: 'tab', type: 'tab', label: 'procore write' },
      { id: 'p', type: 'mlc-procore-config', name: 'Procore (test)', environment: 'custom', apiBase: procore.url, tokenUrl: `${procore.url}/oauth/token`, companyId: '4264807', maxAttempts: 1, timeoutSeconds: 5 },
      { id: 'write', z: 'tab', type: 'mlc-procore-write', procore: 'p', operation: 'commitment', wires: [['written'], ['failed']] },
      { id: 'written', z: 'tab', type: 'helper' },
      { id: 'failed', z: 'tab', type: 'helper' },
    ]), { p: { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' } });
    const written = collect('written');
    const since = procore.log.lastSeq;
    send('write', { ...structuredClone(planned), topic: 'procore/commitment' });
    const [out] = await written.waitFor(1);
    const plan = out?.['plan'] as PlanMessage;
    assert.deepEqual([plan.action, plan.system, plan.entity, plan.error?.code], ['fail', 'procore', 'commitment', 'MLC_PLAN_UNSUPPORTED']);
    assert.equal(procore.log.count({ sinceSeq: since }), 0, 'no request to Procore');
  });
});
