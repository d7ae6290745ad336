// mlc-reconcile in Node-RED, against the Odoo simulator over its socket and a real SQLite store: a
// run whose entries Odoo has as counted leaves by output 1 and is kept as tied out; an entry missing
// in Odoo sends the run out of output 2 naming it; no run id, or a run without control totals, is an
// error a Catch node sees.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { tablesFromLookups } from '../../lib/mapping/lookup-tables';
import { OdooClient } from '../../lib/odoo';
import { compileControls, journalControls, type ReconcileResult } from '../../lib/reconcile';
import { openStore, type Store } from '../../lib/store';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import reconcileNode = require('../../nodes/core/reconcile');
import storeNode = require('../../nodes/core/store-config');
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import { collect, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type NodeModules = Parameters<typeof helper.load>[0];
const NODES = [reconcileNode, storeNode, odooConfigNode] as unknown as NodeModules;
const SPEC = journalControls({ lines: 'lines', account: 'account', costCenter: 'costCenter' });

describe('mlc-reconcile', () => {
  let sim: RunningSimulator;
  let client: OdooClient;
  let dir: string;
  let path: string;

  const flow = (waitSeconds = 5) => {
    const at = { x: 100, y: 100 };
    return [
      { id: 'tab', type: 'tab' },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path },
      { id: 'odoo', type: 'mlc-odoo-config', name: 'Odoo sandbox', url: sim.url, db: 'mlc_demo', transport: 'json2', maxAttempts: 2 },
      { id: 'reconcile', z: 'tab', type: 'mlc-reconcile', store: 'store', odoo: 'odoo', pageSize: 50, waitSeconds, ...at, wires: [['tied'], ['off']] },
      { id: 'tied', z: 'tab', type: 'helper', ...at },
      { id: 'off', z: 'tab', type: 'helper', ...at },
      { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, ...at, wires: [['caught']] },
      { id: 'caught', z: 'tab', type: 'helper', ...at },
    ];
  };

  /** A run of two entries counted from the source; the first posted in Odoo, the second too unless `missing`. */
  async function seedRun(store: Store, runId: string, missing: boolean): Promise<void> {
    const code = async (model: string, value: string) => (await client.search(model, [['code', '=', value]]))[0] as number;
    const accounts = { '6100': await code('account.account', '6100'), '2100': await code('account.account', '2100') };
    const tables = tablesFromLookups({ accounts, costCenters: {} }, 'test');
    const journal = await code('account.journal', 'PAY');
    const entries = ['a', 'b'].map((k, i) => ({ key: `${runId}:${k}`, lines: [{ account: '6100', debit: 100 + i, credit: 0 }, { account: '2100', debit: 0, credit: 100 + i }] }));
    const controls = compileControls(SPEC);
    await store.startRun({ runId });
    await store.addRunCounts(runId, { read: 2 });
    await store.recordControls(entries.map((e) => ({ runId, key: e.key, spec: SPEC, figures: controls.figuresOf(e, e.key, tables) })));
    for (const [i, e] of entries.entries()) {
      if (missing && i === 1) {
        await store.markFailed({ key: e.key, runId, error: { message: 'Odoo was down' } });
        continue;
      }
      const [id] = await client.create('account.move', [{ move_type: 'entry', journal_id: journal, ref: e.key, line_ids: e.lines.map((l) => [0, 0, { account_id: accounts[l.account as '6100'], debit: l.debit, credit: l.credit }]) }]);
      await store.markPosted({ key: e.key, runId, target: { system: 'odoo', entity: 'account.move', id: String(id) } });
    }
  }

  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
    client = new OdooClient({ configName: 'seed', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key', transport: 'json2' });
    dir = mkdtempSync(join(tmpdir(), 'mlc-reconcile-node-'));
    path = join(dir, 'store.sqlite');
    const store = await openStore({ kind: 'sqlite', path });
    await seedRun(store, 'run-tied', false);
    await seedRun(store, 'run-off', true);
    // A run mapped without controls: read, written and audited, and nothing counted.
    await store.startRun({ runId: 'run-uncounted' });
    await store.addRunCounts('run-uncounted', { read: 2 });
    await store.markPostedMany(['a', 'b'].map((k, i) => ({ key: `run-uncounted:${k}`, runId: 'run-uncounted', target: { system: 'odoo', entity: 'account.move', id: String(900 + i) } })));
    await store.finishRun('run-uncounted');
    await store.close();
    await helper.startServer();
  });
  afterEach(() => helper.unload());
  after(async () => {
    await helper.stopServer();
    client.close();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const creds = { odoo: { username: 'admin', apiKey: 'mlc-demo-key' } };

  it('sends a run that ties out to output 1 and keeps the result on the run', async () => {
    await helper.load(NODES, flow(), creds);
    const tied = collect('tied');
    send('reconcile', { mlc: { runId: 'run-tied' } });
    const [msg] = await tied.waitFor(1);
    const result = msg?.['payload'] as ReconcileResult;
    assert.equal(result.status, 'tied');
    assert.deepEqual(result.records, { expected: 2, found: 2 });
    assert.equal(msg?.['topic'], 'mlc/reconciliation');
    const store = await openStore({ kind: 'sqlite', path });
    try {
      const [kept] = await store.listReconciliations(['run-tied']);
      assert.equal(kept?.status, 'tied');
    } finally {
      await store.close();
    }
  });

  it('sends a run with an entry missing in Odoo to output 2, naming the entry and the amounts', async () => {
    await helper.load(NODES, flow(), creds);
    const off = collect('off');
    send('reconcile', { runId: 'run-off' });
    const [msg] = await off.waitFor(1);
    const result = msg?.['payload'] as ReconcileResult;
    assert.equal(result.status, 'off');
    assert.match(result.summary, /record run-off:b: 1 record\(s\) missing in the target/);
    assert.match(result.summary, /record run-off:b: debit off by -101.00/);
  });

  it('tells a Catch node when the run id is missing or the run has no control totals', async () => {
    await helper.load(NODES, flow(), creds);
    const caught = collect('caught');
    send('reconcile', { payload: 'go' });
    send('reconcile', { mlc: { runId: 'never-counted' } });
    const messages = await caught.waitFor(2);
    const texts = messages.map((m) => (m['error'] as { message: string }).message).sort();
    assert.match(texts[0] ?? '', /msg.mlc.runId is missing/);
    assert.match(texts[1] ?? '', /run "never-counted" has no control totals/);
  });

  it('says at once that a finished run whose records are all audited has no control totals, instead of waiting the whole wait', async () => {
    await helper.load(NODES, flow(120), creds);
    const caught = collect('caught');
    const started = Date.now();
    send('reconcile', { mlc: { runId: 'run-uncounted' } });
    const [message] = await caught.waitFor(1);
    assert.match((message?.['error'] as { message: string }).message, /run "run-uncounted" has no control totals/);
    // The wait is 120 s: answering within half of it shows the node did not sit it out.
    assert.ok(Date.now() - started < 60_000);
  });
});
