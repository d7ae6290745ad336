// mlc-reconcile set to UKG and to Paylocity, in real Node-RED: a run's records written by the
// system's write node and audited into a real SQLite store, then read back through the reconcile
// node's config node against the simulator over its socket; tied out, with the read calls counted.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { tablesFromLookups } from '../../lib/mapping/lookup-tables';
import { compileControls, type ControlSpec, type ReconcileResult } from '../../lib/reconcile';
import { openStore } from '../../lib/store';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { PaylocitySimulator } from '../../sandbox/paylocity';
import { UkgSimulator } from '../../sandbox/ukg';
import auditNode = require('../../nodes/core/audit');
import reconcileNode = require('../../nodes/core/reconcile');
import storeNode = require('../../nodes/core/store-config');
import paylocityConfigNode = require('../../nodes/paylocity/paylocity-config');
import paylocityWriteNode = require('../../nodes/paylocity/paylocity-write');
import ukgConfigNode = require('../../nodes/ukg/ukg-config');
import ukgWriteNode = require('../../nodes/ukg/ukg-write');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
type NodeModules = Parameters<typeof helper.load>[0];
const NODES = [storeNode, auditNode, reconcileNode, ukgConfigNode, ukgWriteNode, paylocityConfigNode, paylocityWriteNode] as unknown as NodeModules;

describe('mlc-reconcile reading back from UKG and Paylocity', () => {
  let ukg: RunningSimulator;
  let paylocity: RunningSimulator;
  let dir: string;
  let path: string;

  const flow = (): Msg[] =>
    positioned([
      { id: 'tab', type: 'tab', label: 'reconcile hr' },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path },
      { id: 'ukg', type: 'mlc-ukg-config', name: 'UKG (test)', host: ukg.url, maxAttempts: 1 },
      { id: 'p', type: 'mlc-paylocity-config', name: 'Paylocity (test)', environment: 'custom', apiBase: `${paylocity.url}/api`, tokenUrl: `${paylocity.url}/IdentityServer/connect/token`, companyId: 'MLC01', maxAttempts: 1, timeoutSeconds: 5 },
      { id: 'ukg-write', z: 'tab', type: 'mlc-ukg-write', ukg: 'ukg', operation: 'create', wires: [['audit'], ['audit']] },
      { id: 'pcty-write', z: 'tab', type: 'mlc-paylocity-write', paylocity: 'p', operation: 'hire', wires: [['audit'], ['audit']] },
      { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
      { id: 'audited', z: 'tab', type: 'helper' },
      { id: 'ukg-reconcile', z: 'tab', type: 'mlc-reconcile', store: 'store', system: 'ukg', ukg: 'ukg', pageSize: 2, waitSeconds: 5, wires: [['tied'], ['off']] },
      { id: 'pcty-reconcile', z: 'tab', type: 'mlc-reconcile', store: 'store', system: 'paylocity', paylocity: 'p', pageSize: 2, waitSeconds: 5, wires: [['tied'], ['off']] },
      { id: 'tied', z: 'tab', type: 'helper' },
      { id: 'off', z: 'tab', type: 'helper' },
    ]);
  const credentials = { ukg: { username: 'mlc-demo', password: 'mlc-demo-password', customerApiKey: 'MLCDM' }, p: { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' } };

  /** The run as the read and the map count it: records read, and each record's share of the control totals. */
  async function countRun(runId: string, spec: ControlSpec, sources: Array<{ key: string; record: Msg }>): Promise<void> {
    const store = await openStore({ kind: 'sqlite', path });
    try {
      const controls = compileControls(spec);
      await store.startRun({ runId });
      await store.addRunCounts(runId, { read: sources.length });
      await store.recordControls(sources.map(({ key, record }) => ({ runId, key, spec, figures: controls.figuresOf(record, key, tablesFromLookups({}, 'test')) })));
    } finally {
      await store.close();
    }
  }

  before(async () => {
    ukg = await startSimulator(new UkgSimulator(), { port: 0 });
    paylocity = await startSimulator(new PaylocitySimulator(), { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await ukg.close();
    await paylocity.close();
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-reconcile-hr-'));
    path = join(dir, 'store.sqlite');
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ties out a run of org levels written by mlc-ukg-write, one GET per page', async () => {
    const sources = [1, 2, 3].map((n) => ({ key: `odoo:cc:${n}`, record: { code: `HR-${n}`, name: `Center ${n}`, budget: 1000.1 * n, branch: 'BR-N' } }));
    await countRun('ukg-run', { amounts: [{ name: 'budget', from: 'budget', target: 'currentYearBudgetSalary' }], dimensions: [{ name: 'branch', from: 'branch', target: 'budgetGroup' }] }, sources);
    await helper.load(NODES, flow(), credentials);
    const audited = collect('audited');
    const tied = collect('tied');
    for (const { key, record } of sources) {
      send('ukg-write', { payload: { level: 2, code: record['code'], description: record['name'], currentYearBudgetSalary: record['budget'], budgetGroup: record['branch'] }, mlc: { key, runId: 'ukg-run' } });
    }
    await audited.waitFor(3);
    const since = ukg.log.lastSeq;
    send('ukg-reconcile', { mlc: { runId: 'ukg-run' } });
    const [msg] = await tied.waitFor(1);
    const result = msg?.['payload'] as ReconcileResult;
    assert.equal(result.status, 'tied', result.summary);
    assert.deepEqual(result.records, { expected: 3, found: 3 });
    assert.deepEqual(result.totals, [{ measure: 'budget', expected: 600060, found: 600060 }]);
    assert.deepEqual([result.pages, result.readCalls], [2, 2]);
    assert.equal(ukg.log.count({ sinceSeq: since }), 2);
  });

  it('ties out a run of employees hired by mlc-paylocity-write, one GET per employee', async () => {
    const sources = [1, 2, 3].map((n) => ({ key: `odoo:employee:${n}`, record: { id: `RC00000${n}`, wage: 60000.33 * n, costCenter: 'CC-200' } }));
    await countRun('pcty-run', { amounts: [{ name: 'salary', from: 'wage', target: 'primaryPayRate.annualSalary' }], dimensions: [{ name: 'cost center', from: 'costCenter', target: 'departmentPosition.costCenter1' }] }, sources);
    await helper.load(NODES, flow(), credentials);
    const audited = collect('audited');
    const tied = collect('tied');
    for (const { key, record } of sources) {
      const payload = {
        employeeId: record['id'],
        firstName: 'Rae',
        lastName: `Cole${String(record['id'])}`,
        status: { hireDate: '2026-12-01' },
        departmentPosition: { costCenter1: record['costCenter'], jobTitle: 'Estimator' },
        primaryPayRate: { payType: 'Salary', payFrequency: 'B', annualSalary: record['wage'] },
      };
      send('pcty-write', { payload, mlc: { key, runId: 'pcty-run' } });
    }
    await audited.waitFor(3);
    const since = paylocity.log.lastSeq;
    send('pcty-reconcile', { mlc: { runId: 'pcty-run' } });
    const [msg] = await tied.waitFor(1);
    const result = msg?.['payload'] as ReconcileResult;
    assert.equal(result.status, 'tied', result.summary);
    assert.deepEqual(result.records, { expected: 3, found: 3 });
    assert.deepEqual(result.totals, [{ measure: 'salary', expected: 36000198, found: 36000198 }]);
    assert.deepEqual([result.pages, result.readCalls], [2, 3]);
    assert.equal(paylocity.log.count({ sinceSeq: since, path: '/api/' }), 3);
  });
});
