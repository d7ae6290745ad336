// An incremental read waits for its page to be audited before its cursor moves. A map that sets its
// own key (its Key template) sends the records on under keys the read never gave: the read still has
// to learn that its records were audited, through the read key the map keeps on msg.mlc.readKey.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { OdooClient } from '../../lib/odoo';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import storeNode = require('../../nodes/core/store-config');
import mapNode = require('../../nodes/core/map');
import dedupNode = require('../../nodes/core/dedup');
import auditNode = require('../../nodes/core/audit');
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import odooReadNode = require('../../nodes/odoo/odoo-read');
import { testWriteNode } from '../support/stand-in-write';
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

const KEY = 'mlc-demo-key';
const VENDORS = [['supplier_rank', '>', 0]];
const NODES = [storeNode, mapNode, dedupNode, auditNode, odooConfigNode, odooReadNode, testWriteNode];

describe('incremental read → map with its own key → dedup → write → audit', () => {
  let sim: RunningSimulator;
  let dir: string;
  let dbPath: string;
  let client: OdooClient;

  /** With `audit: false` the write's output goes nowhere: records claimed, never audited. */
  const flow = (map: Record<string, unknown>, audit = true) =>
    positioned([
      { id: 'tab', type: 'tab' },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path: dbPath },
      { id: 'odoo', type: 'mlc-odoo-config', name: 'Odoo sandbox', url: sim.url, db: 'mlc_demo', transport: 'json2', maxAttempts: 2 },
      // A short audit wait: before the read knew of re-keyed records, every page ran into it.
      { id: 'read', z: 'tab', type: 'mlc-odoo-read', odoo: 'odoo', store: 'store', model: 'res.partner', mode: 'incremental', domain: JSON.stringify(VENDORS), pageSize: 4, auditTimeoutSeconds: 8, wires: [['map'], ['complete']] },
      { id: 'map', z: 'tab', type: 'mlc-map', rules: [{ op: 'copy', target: 'name', from: 'name', type: 'string' }], keep: false, outputMode: 'batch', ...map, wires: [['dedup'], []] },
      { id: 'dedup', z: 'tab', type: 'mlc-dedup', store: 'store', wires: [['write'], ['duplicates']] },
      { id: 'write', z: 'tab', type: 'mlc-test-write', wires: [audit ? ['audit'] : []] },
      { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', wires: [['audited']] },
      { id: 'audited', z: 'tab', type: 'helper' },
      { id: 'duplicates', z: 'tab', type: 'helper' },
      { id: 'complete', z: 'tab', type: 'helper' },
      { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'tab', type: 'helper' },
    ]);
  const load = (map: Record<string, unknown>, audit = true) => helper.load(NODES, flow(map, audit), { odoo: { username: 'admin', apiKey: KEY } });

  async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore({ kind: 'sqlite', path: dbPath });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }

  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
    await helper.startServer();
  });
  beforeEach(() => {
    sim.reset();
    dir = mkdtempSync(join(tmpdir(), 'mlc-rekeyed-'));
    dbPath = join(dir, 'store.sqlite');
    client = new OdooClient({ configName: 'test client', url: sim.url, db: 'mlc_demo', username: 'admin', apiKey: KEY, transport: 'json2' });
  });
  afterEach(async () => {
    await helper.unload();
    client.close();
    rmSync(dir, { recursive: true, force: true });
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });

  it('moves the cursor over every page once its re-keyed records are audited, and again when a changed record is a duplicate', async () => {
    await load({ keyExpression: 'vendor:{id}' });
    const complete = collect('complete');
    const caught = collect('caught');
    const audited = collect('audited');
    const duplicates = collect('duplicates');
    const vendors = (await client.searchRead('res.partner', { domain: VENDORS, fields: ['id', 'write_date'], order: 'write_date asc, id asc' }));
    assert.ok(vendors.length > 4, 'the sandbox has more than one page of vendors');

    send('read', {});
    const [end] = await complete.waitFor(1);
    assert.deepEqual(caught.messages.map((m) => (m['error'] as { message: string }).message), []);
    assert.equal((end?.['payload'] as { read: number }).read, vendors.length);
    assert.equal(audited.messages.length, vendors.length);
    const first = audited.messages[0]?.['mlc'] as { key: string; readKey: string };
    assert.match(first.key, /^vendor:\d+$/);
    assert.match(first.readKey, /^odoo:res\.partner:\d+:/, 'the read key travels on beside the map key');
    const last = vendors[vendors.length - 1] ?? {};
    const cursor = await withStore(async (s) => (await s.getCursor('odoo-read:read:res.partner'))?.value);
    assert.equal(cursor, `${String(last['write_date']).replace('T', ' ').replace('Z', '')}|${String(last['id']).padStart(10, '0')}`);

    // A changed vendor is a new read key but the same map key, already posted: dedup's duplicate output
    // is its end, and the read must count it as done without any audit.
    const changed = Number(vendors[2]?.['id']);
    await client.write('res.partner', [changed], { email: 'ap@changed.example' });
    send('read', {});
    const [, second] = await complete.waitFor(2);
    assert.equal(caught.messages.length, 0);
    assert.equal((second?.['payload'] as { read: number }).read, 1);
    const [dup] = await duplicates.waitFor(1);
    assert.equal((dup?.['mlc'] as { key: string }).key, `vendor:${changed}`);
    assert.notEqual(await withStore(async (s) => (await s.getCursor('odoo-read:read:res.partner'))?.value), cursor);
  });

  it('a re-keyed record that never reaches audit still stops the run with a clear count, and the cursor stays', async () => {
    await load({ keyExpression: 'vendor:{id}' }, false);
    const caught = collect('caught');
    send('read', {});
    const [err] = await caught.waitFor(1);
    assert.match((err?.['error'] as { message: string }).message, /4 of 4 records of page 1 were not audited/);
    assert.equal(await withStore(async (s) => (await s.getCursor('odoo-read:read:res.partner'))?.value ?? null), null);
  });
});
