// mlc-reconcile set to Procore, in Node-RED against the Procore simulator over its socket and a real
// SQLite store: a run of vendor bills written through the pack's Procore writer ties out through the
// node's Procore connection, one read call per page; a bill changed in Procore sends the run out of
// output 2 naming it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { tablesFromLookups } from '../../lib/mapping/lookup-tables';
import { ProcoreClient } from '../../lib/procore/client';
import { procoreRequestFrom } from '../../lib/procore/write-input';
import { ProcoreWriter } from '../../lib/procore/writer';
import { compileControls, type ControlSpec, type ReconcileResult } from '../../lib/reconcile';
import { openStore } from '../../lib/store';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { PROJECT_IDS, ProcoreSimulator } from '../../sandbox/procore';
import { acmeVendorId, costCodeId } from '../support/procore-state';
import reconcileNode = require('../../nodes/core/reconcile');
import storeNode = require('../../nodes/core/store-config');
import procoreConfigNode = require('../../nodes/procore/procore-config');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type NodeModules = Parameters<typeof helper.load>[0];
const NODES = [reconcileNode, storeNode, procoreConfigNode] as unknown as NodeModules;
const RIVERSIDE = PROJECT_IDS.riverside;
const SPEC: ControlSpec = { lines: 'lines', amounts: [{ name: 'amount', from: 'amount', target: 'amount' }], dimensions: [{ name: 'cost code', from: 'costCode', target: 'cost_code.full_code' }] };

describe('mlc-reconcile set to Procore', () => {
  const procore = new ProcoreSimulator();
  let sim: RunningSimulator;
  let dir: string;
  let path: string;
  const ids = new Map<string, string>();

  const flow = () =>
    positioned([
      { id: 'tab', type: 'tab' },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path },
      { id: 'p', type: 'mlc-procore-config', name: 'Procore (test)', environment: 'custom', apiBase: sim.url, tokenUrl: `${sim.url}/oauth/token`, companyId: '4264807', maxAttempts: 1, timeoutSeconds: 5 },
      { id: 'reconcile', z: 'tab', type: 'mlc-reconcile', store: 'store', system: 'procore', procore: 'p', pageSize: 2, waitSeconds: 5, wires: [['tied'], ['off']] },
      { id: 'tied', z: 'tab', type: 'helper' },
      { id: 'off', z: 'tab', type: 'helper' },
    ]);
  const load = () => helper.load(NODES, flow(), { p: { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' } });

  before(async () => {
    sim = await startSimulator(procore, { port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'mlc-reconcile-procore-'));
    path = join(dir, 'store.sqlite');
    const client = new ProcoreClient({ configName: 'seed', apiBase: sim.url, tokenUrl: `${sim.url}/oauth/token`, clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret', companyId: '4264807' });
    const store = await openStore({ kind: 'sqlite', path });
    try {
      const full = '03-300';
      const code = costCodeId(procore, RIVERSIDE, full);
      const vendor = acmeVendorId(procore);
      const bills = ['a', 'b', 'c'].map((k, i) => ({ key: `prc:${k}`, lines: [{ costCode: full, amount: 100.25 + i }] }));
      const controls = compileControls(SPEC);
      await store.startRun({ runId: 'prc' });
      await store.addRunCounts('prc', { read: bills.length });
      await store.recordControls(bills.map((b) => ({ runId: 'prc', key: b.key, spec: SPEC, figures: controls.figuresOf(b, b.key, tablesFromLookups({}, 'test')) })));
      const requests = bills.map((b) => procoreRequestFrom({ project_id: String(RIVERSIDE), origin_id: b.key, vendor_id: vendor, invoice_number: b.key, direct_cost_date: '2026-11-30', line_items: b.lines.map((l) => ({ cost_code_id: code, amount: l.amount })) }, 'direct-cost'));
      const outcomes = await new ProcoreWriter(client).writeBatch(requests);
      for (const [i, o] of outcomes.entries()) {
        assert.ok(o.ok, JSON.stringify(o));
        ids.set(bills[i]!.key, o.id);
        await store.markPosted({ key: bills[i]!.key, runId: 'prc', target: { system: 'procore', entity: o.entity, id: o.id, scope: o.projectId as string } });
      }
    } finally {
      await store.close();
      client.close();
    }
    await helper.startServer();
  });
  afterEach(() => helper.unload());
  after(async () => {
    await helper.stopServer();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ties out a run written to Procore through the Procore connection, one read call per page', async () => {
    await load();
    const tied = collect('tied');
    const since = sim.log.lastSeq;
    send('reconcile', { mlc: { runId: 'prc' } });
    const [msg] = await tied.waitFor(1);
    const result = msg?.['payload'] as ReconcileResult;
    assert.equal(result.status, 'tied', result.summary);
    assert.deepEqual(result.records, { expected: 3, found: 3 });
    assert.deepEqual(result.totals, [{ measure: 'amount', expected: 30_375, found: 30_375 }]);
    assert.equal(sim.log.count({ sinceSeq: since, path: `/rest/v1.0/projects/${RIVERSIDE}/direct_costs/line_items` }), 2, 'three records in pages of two');
  });

  it('sends the run to output 2 naming the bill changed in Procore', async () => {
    const dc = procore.state.directCosts.find((d) => String(d.id) === ids.get('prc:b'));
    assert.ok(dc?.line_items[0]);
    dc.line_items[0].amount_cents -= 25;
    await load();
    const off = collect('off');
    send('reconcile', { mlc: { runId: 'prc' } });
    const [msg] = await off.waitFor(1);
    const result = msg?.['payload'] as ReconcileResult;
    assert.equal(result.status, 'off');
    assert.match(result.summary, /record prc:b: amount off by -0.25 \(expected 101.25, found 101.00\)/);
  });
});
