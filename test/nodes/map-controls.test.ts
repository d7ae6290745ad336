// mlc-map's controls in Node-RED with a real SQLite store: every record of a run counted as it came
// in, mapped or rejected; a record mapped again (a replay) counted once; an amount that is none, or
// controls without a store, reported to a Catch node.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { openStore } from '../../lib/store';
import mapNode = require('../../nodes/core/map');
import storeNode = require('../../nodes/core/store-config');
import { collect, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type NodeModules = Parameters<typeof helper.load>[0];
const NODES = [mapNode, storeNode] as unknown as NodeModules;

const CONTROLS = {
  lines: 'lines',
  amounts: [{ name: 'debit', from: 'debit', target: 'debit' }],
  dimensions: [{ name: 'account', from: 'account', table: 'accounts', target: 'account_id' }],
};
const RULES = [
  {
    op: 'each', target: 'line_ids', from: 'lines', wrap: 'x2many-create', type: 'array',
    rules: [
      { op: 'lookup', target: 'account_id', from: 'account', table: 'accounts', label: 'account', type: 'integer' },
      { op: 'number', target: 'debit', from: 'debit', default: 0, type: 'number' },
    ],
  },
];

function flow(path: string, settings: Record<string, unknown>): Array<Record<string, unknown>> {
  const at = { x: 100, y: 100 };
  return [
    { id: 'tab', type: 'tab', label: 'map' },
    { id: 'store', type: 'mlc-store', backend: 'sqlite', path },
    {
      id: 'map', z: 'tab', type: 'mlc-map', specFrom: 'node', rules: RULES, keep: false, keyExpression: '', outputMode: 'batch',
      tables: [{ name: 'accounts', source: 'rows', rows: [{ key: '6100', value: 61 }] }], lookupsFrom: false, store: 'store', controls: CONTROLS,
      ...settings, ...at, wires: [['mapped'], ['rejected']],
    },
    { id: 'mapped', z: 'tab', type: 'helper', ...at },
    { id: 'rejected', z: 'tab', type: 'helper', ...at },
    { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, ...at, wires: [['caught']] },
    { id: 'caught', z: 'tab', type: 'helper', ...at },
  ];
}

const entry = (key: string, lines: Array<Record<string, unknown>>) => ({ payload: { lines }, mlc: { key, runId: 'run-1' } });

describe('mlc-map controls', () => {
  let dir: string;
  before(() => helper.startServer());
  after(() => helper.stopServer());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-map-controls-'));
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts mapped and rejected records of a run, and a record mapped again only once', async () => {
    const path = join(dir, 'store.sqlite');
    await helper.load(NODES, flow(path, {}));
    const mapped = collect('mapped');
    const rejected = collect('rejected');
    send('map', entry('e1', [{ account: '6100', debit: 100.1 }, { account: '6100', debit: 0.2 }]));
    send('map', entry('e2', [{ account: '6999', debit: 5 }]));
    await mapped.waitFor(1);
    await rejected.waitFor(1);
    // e1 again, as a replay sends it, with other amounts: its share is replaced, not added.
    send('map', entry('e1', [{ account: '6100', debit: 1 }]));
    await mapped.waitFor(2);

    const store = await openStore({ kind: 'sqlite', path });
    try {
      const { figures, spec } = await store.runControls('run-1');
      assert.deepEqual(spec, CONTROLS);
      const byId = Object.fromEntries(figures.map((f) => [`${f.dimension}|${f.value}|${f.measure}`, f.quantity]));
      assert.deepEqual(byId, {
        'run||count': 2,
        'run||debit': 600,
        'record|e1|count': 1,
        'record|e1|debit': 100,
        'record|e2|count': 1,
        'record|e2|debit': 500,
        'account|61|debit': 100,
        'account|unmapped:6999|debit': 500,
      });
    } finally {
      await store.close();
    }
  });

  it('gives a replayed record its new figures in every run that counted it', async () => {
    const path = join(dir, 'store.sqlite');
    await helper.load(NODES, flow(path, {}));
    const rejected = collect('rejected');
    const mapped = collect('mapped');
    // Account 6999 is unknown: two reads of the same data count it, unmapped, in their runs.
    send('map', { payload: { lines: [{ account: '6999', debit: 5 }] }, mlc: { key: 'e5', runId: 'read-1' } });
    send('map', { payload: { lines: [{ account: '6999', debit: 5 }] }, mlc: { key: 'e5', runId: 'read-2' } });
    await rejected.waitFor(2);
    await helper.unload();
    // The table knows 6999 now; the replay carries the record's last run only.
    const tables = [{ name: 'accounts', source: 'rows', rows: [{ key: '6100', value: 61 }, { key: '6999', value: 69 }] }];
    await helper.load(NODES, flow(path, { tables }));
    const replayed = collect('mapped');
    send('map', { payload: { lines: [{ account: '6999', debit: 5 }] }, mlc: { key: 'e5', runId: 'read-2', replay: { attempts: 1 } } });
    await replayed.waitFor(1);
    assert.equal(mapped.messages.length, 0);
    const store = await openStore({ kind: 'sqlite', path });
    try {
      for (const run of ['read-1', 'read-2']) {
        const accounts = (await store.runControls(run)).figures.filter((f) => f.dimension === 'account').map((f) => [f.value, f.quantity]);
        assert.deepEqual(accounts, [['69', 500]], run);
      }
    } finally {
      await store.close();
    }
  });

  it('sends the record on and tells a Catch node when an amount is not one', async () => {
    await helper.load(NODES, flow(join(dir, 'store.sqlite'), { rules: [{ op: 'constant', target: 'x', value: 1, type: 'integer' }] }));
    const mapped = collect('mapped');
    const caught = collect('caught');
    send('map', entry('e3', [{ account: '6100', debit: 'lots' }]));
    await mapped.waitFor(1);
    const [msg] = await caught.waitFor(1);
    const error = msg?.['error'] as { message: string };
    assert.match(error.message, /controls: e3 line 1: debit is "lots", not an amount/);
  });

  it('refuses controls that are not well formed, naming the setting', async () => {
    await helper.load(NODES, flow(join(dir, 'store.sqlite'), { controls: { amounts: [{ name: 'count', from: 'a', target: 'a' }] } }));
    const caught = collect('caught');
    send('map', entry('e4', []));
    const [msg] = await caught.waitFor(1);
    assert.match((msg?.['error'] as { message: string }).message, /mlc-map: controls.*"count" is a name the controls use themselves/);
  });
});
