// mlc-servicenow-map in Node-RED (test helper) with mlc-servicenow-config, against the ServiceNow
// sandbox's seeded suppliers, cost centers, GL accounts and legal entity over real sockets: a purchase
// order with known references passes with its lines checked, at one query per table; an unknown cost
// center (on the record or a line) leaves by output 2 and is kept as failed by mlc-audit in a real
// SQLite store; a supplier created in ServiceNow after its first miss is found on the next record; a
// page is checked with one query per table; rows can come from a message.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { openStore } from '../../lib/store';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { INTEGRATION_USER, LEGAL_ENTITY, NO_ROLES_USER, ServiceNowSimulator } from '../../sandbox/servicenow';
import storeNode = require('../../nodes/core/store-config');
import auditNode = require('../../nodes/core/audit');
import configNode = require('../../nodes/servicenow/servicenow-config');
import mapNode = require('../../nodes/servicenow/servicenow-map');
import { collect, positioned, send, type Collected } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type Row = Record<string, unknown>;

const ROWS = [
  { field: 'supplier', kind: 'supplier', required: true },
  { field: 'cost_center', kind: 'cost_center' },
  { field: 'legal_entity', kind: 'legal_entity' },
  { field: 'gl_account', on: 'line', kind: 'gl_account' },
  { field: 'cost_center', on: 'line', kind: 'cost_center' },
];

const po = (n: number, supplier: string, costCenter: string, lines: Array<{ gl: string; cc?: string }>): Row => ({
  erp_po_number: `P0${n}`,
  erp_source: 'odoo',
  supplier,
  cost_center: costCenter,
  legal_entity: LEGAL_ENTITY.code,
  lines: lines.map((line, i) => ({ erp_line_number: String(i + 1), gl_account: line.gl, cost_center: line.cc ?? costCenter })),
});
const mlc = (n: number) => ({ key: `odoo:purchase.order:${n}`, runId: 'run-1', source: { system: 'odoo', entity: 'purchase.order', id: String(n) } });

describe('mlc-servicenow-map against the ServiceNow sandbox', () => {
  let sandbox: ServiceNowSimulator;
  let sim: RunningSimulator;
  let dir: string;
  let dbPath: string;
  let mapped: Collected;
  let refused: Collected;
  let audited: Collected;

  const load = (extra: Row = {}): Promise<void> =>
    helper.load(
      [storeNode, auditNode, configNode, mapNode],
      positioned([
        { id: 'tab', type: 'tab', label: 'servicenow map' },
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path: dbPath },
        { id: 'sn', type: 'mlc-servicenow-config', name: 'ServiceNow sandbox', instanceUrl: sim.url, authMode: 'basic' },
        { id: 'map', z: 'tab', type: 'mlc-servicenow-map', servicenow: 'sn', rows: ROWS, lines: 'lines', ttlSeconds: 300, ...extra, wires: [['mapped'], ['refused', 'audit']] },
        { id: 'mapped', z: 'tab', type: 'helper' },
        { id: 'refused', z: 'tab', type: 'helper' },
        { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
        { id: 'audited', z: 'tab', type: 'helper' },
      ]),
      { sn: { user: INTEGRATION_USER.userName, password: INTEGRATION_USER.password } },
    );
  /** Table API reads since `since`, per table. */
  const reads = (since: number): Record<string, number> => {
    const counts: Record<string, number> = {};
    for (const entry of sim.log.entries({ method: 'GET', path: '/api/now/table/', sinceSeq: since })) {
      const table = entry.path.split('/').pop() as string;
      counts[table] = (counts[table] ?? 0) + 1;
    }
    return counts;
  };
  const writes = (): number => sim.log.entries({ path: '/api/now/' }).filter((e) => e.method !== 'GET').length;
  const stored = async (key: string) => {
    const store = await openStore({ kind: 'sqlite', path: dbPath });
    try {
      return await store.get(key);
    } finally {
      await store.close();
    }
  };

  before(async () => {
    sandbox = new ServiceNowSimulator();
    sim = await startSimulator(sandbox, { port: 0 });
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });
  beforeEach(async () => {
    sim.reset();
    dir = mkdtempSync(join(tmpdir(), 'mlc-sn-map-'));
    dbPath = join(dir, 'store.sqlite');
    await load();
    mapped = collect('mapped');
    refused = collect('refused');
    audited = collect('audited');
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('passes a purchase order whose references and line references all exist, at one query per table', async () => {
    const start = sim.log.lastSeq;
    send('map', { payload: po(1, 'V-1001', 'CC-100', [{ gl: '5000' }, { gl: '6100', cc: 'CC-900' }]), mlc: mlc(1) });
    const [msg] = await mapped.waitFor(1);
    const record = msg?.['payload'] as Row;
    assert.deepEqual([record['supplier'], record['cost_center'], record['legal_entity']], ['V-1001', 'CC-100', LEGAL_ENTITY.code]);
    assert.deepEqual((record['lines'] as Row[]).map((l) => [l['gl_account'], l['cost_center']]), [
      ['5000', 'CC-100'],
      ['6100', 'CC-900'],
    ]);
    const refs = (msg?.['servicenow'] as { references: Array<{ path: string; table: string; sysId: string }> }).references;
    assert.deepEqual(refs.map((r) => r.path).sort(), ['cost_center', 'legal_entity', 'lines.0.cost_center', 'lines.0.gl_account', 'lines.1.cost_center', 'lines.1.gl_account', 'supplier']);
    assert.ok(refs.every((r) => /^[0-9a-f]{32}$/.test(r.sysId)));
    assert.deepEqual(msg?.['mlc'], mlc(1), 'msg.mlc passes unchanged');
    assert.deepEqual(reads(start), { sn_fin_supplier: 1, cmn_cost_center: 1, sn_fin_legal_entity: 1, sn_fin_gl_account: 1 });

    const again = sim.log.lastSeq;
    send('map', { payload: po(2, 'V-1001', 'CC-900', [{ gl: '6100' }]), mlc: mlc(2) });
    await mapped.waitFor(2);
    assert.deepEqual(reads(again), {}, 'all from the cache');
    assert.equal(refused.messages.length, 0);
    assert.equal(writes(), 0);
  });

  it('refuses a record with an unknown cost center (on the record or a line) and keeps it as failed in the store', async () => {
    send('map', { payload: po(3, 'V-1002', 'CC-999', [{ gl: '5000' }]), mlc: mlc(3) });
    send('map', { payload: po(4, 'V-1002', 'CC-200', [{ gl: '5000' }, { gl: '9999', cc: 'CC-777' }]), mlc: mlc(4) });
    await refused.waitFor(2);
    await audited.waitFor(2);
    const [first, second] = refused.messages.map((m) => m['error'] as { message: string; code: string });
    assert.equal(first?.code, 'MLC_SERVICENOW_REFERENCE_MISSING');
    assert.match(first?.message ?? '', /cost center "CC-999" at cost_center is not in ServiceNow: no cmn_cost_center record with code = CC-999/);
    assert.match(second?.message ?? '', /GL account "9999" at lines\.1\.gl_account is not in ServiceNow: no sn_fin_gl_account record with number = 9999; cost center "CC-777" at lines\.1\.cost_center is not in ServiceNow/);
    assert.equal((refused.messages[0]?.['payload'] as Row)['cost_center'], 'CC-999', 'the record leaves as it came');

    const kept = await stored('odoo:purchase.order:3');
    assert.equal(kept?.status, 'failed');
    assert.match(JSON.stringify(kept), /CC-999/);
    assert.equal((await stored('odoo:purchase.order:4'))?.status, 'failed');
    assert.equal(mapped.messages.length, 0);
    assert.equal(writes(), 0, 'nothing written to ServiceNow');
  });

  it('finds a supplier created in ServiceNow after its first miss on the next record', async () => {
    send('map', { payload: po(5, 'V-1013', 'CC-100', [{ gl: '5000' }]), mlc: mlc(5) });
    const [miss] = await refused.waitFor(1);
    assert.match((miss?.['error'] as { message: string }).message, /supplier "V-1013" at supplier is not in ServiceNow: no sn_fin_supplier record with erp_supplier_id = V-1013/);

    sandbox.editRecord('sn_fin_supplier', undefined, { name: 'Lakeside Lumber', erp_supplier_id: 'V-1013', active: 'true' });
    const start = sim.log.lastSeq;
    send('map', { payload: po(6, 'V-1013', 'CC-100', [{ gl: '5000' }]), mlc: mlc(6) });
    const [found] = await mapped.waitFor(1);
    assert.equal((found?.['payload'] as Row)['supplier'], 'V-1013');
    assert.deepEqual(reads(start), { sn_fin_supplier: 1 }, 'the miss was asked for again; the rest came from the cache');
  });

  it('checks a page with one query per table: passed records together, each refused one alone', async () => {
    const page = [po(7, 'V-1003', 'CC-100', [{ gl: '5100' }]), po(8, 'V-1004', 'CC-404', [{ gl: '5200' }]), po(9, 'V-1005', 'CC-300', [{ gl: '6200' }, { gl: '6300' }])];
    const start = sim.log.lastSeq;
    send('map', { payload: page, mlc: mlc(7) });
    const [ok] = await mapped.waitFor(1);
    const [bad] = await refused.waitFor(1);
    assert.deepEqual((ok?.['payload'] as Row[]).map((r) => r['erp_po_number']), ['P07', 'P09']);
    assert.equal((bad?.['payload'] as Row)['erp_po_number'], 'P08');
    assert.match((bad?.['error'] as { message: string }).message, /"CC-404"/);
    // The page's key is not the refused record's: mlc-audit keys it by its content instead, keeping the run.
    assert.deepEqual(bad?.['mlc'], { runId: 'run-1', source: mlc(7).source });
    await audited.waitFor(1);
    assert.equal(await stored(mlc(7).key), null, 'the page key was not marked failed');
    assert.deepEqual(reads(start), { sn_fin_supplier: 1, cmn_cost_center: 1, sn_fin_legal_entity: 1, sn_fin_gl_account: 1 });
  });

  it('takes rows from a message, setting the sys_id a Table API reference field takes', async () => {
    send('map', { topic: 'servicenow/references', payload: [{ field: 'cost_center', kind: 'cost_center', set: 'sys_id' }] });
    send('map', { payload: { cost_center: 'CC-900' }, mlc: mlc(10) });
    const [msg] = await mapped.waitFor(1);
    const [row] = (await fetch(`${sim.url}/api/now/table/cmn_cost_center?sysparm_query=code%3DCC-900&sysparm_fields=sys_id`, {
      headers: { accept: 'application/json', authorization: `Basic ${Buffer.from(`${INTEGRATION_USER.userName}:${INTEGRATION_USER.password}`).toString('base64')}` },
    }).then((r) => r.json() as Promise<{ result: Array<{ sys_id: string }> }>)).result;
    assert.equal((msg?.['payload'] as Row)['cost_center'], row?.sys_id);
  });

  it('sends a failed lookup (an ACL refusing the table) to done(err), not to output 2', async () => {
    await helper.unload();
    await helper.load(
      [configNode, mapNode],
      positioned([
        { id: 'tab', type: 'tab', label: 'servicenow map' },
        { id: 'sn', type: 'mlc-servicenow-config', name: 'ServiceNow sandbox', instanceUrl: sim.url, authMode: 'basic', maxAttempts: 1 },
        { id: 'map', z: 'tab', type: 'mlc-servicenow-map', servicenow: 'sn', rows: ROWS, wires: [['mapped'], ['refused']] },
        { id: 'mapped', z: 'tab', type: 'helper' },
        { id: 'refused', z: 'tab', type: 'helper' },
        { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
        { id: 'caught', z: 'tab', type: 'helper' },
      ]),
      { sn: { user: NO_ROLES_USER.userName, password: NO_ROLES_USER.password } },
    );
    const caught = collect('caught');
    const out2 = collect('refused');
    send('map', { payload: po(11, 'V-1001', 'CC-100', []), mlc: mlc(11) });
    const [err] = await caught.waitFor(1);
    assert.match((err?.['error'] as { message: string }).message, /403|not authori[sz]ed|ACL/i);
    assert.equal(out2.messages.length, 0);
  });
});
