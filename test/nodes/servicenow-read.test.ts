// mlc-servicenow-read in Node-RED (test helper) with mlc-servicenow-config, against the ServiceNow
// sandbox over real sockets and a real SQLite store: every supplier over several offset pages (Link,
// X-Total-Count), incremental by (sys_updated_on, sys_id) through dedup and audit (the seeded rows all
// share one sys_updated_on second, so sys_id breaks the tie across page boundaries; a record edited
// in ServiceNow comes once in the next run, nothing else does), the audit wait holding the cursor, an
// ACL refusal and an injection attempt reaching a Catch node, and a raw query from msg.query.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { openStore } from '../../lib/store';
import { INTEGRATION_USER, NO_ROLES_USER, SEEDED_SUPPLIER_COUNT } from '../../sandbox/servicenow';
import storeNode = require('../../nodes/core/store-config');
import dedupNode = require('../../nodes/core/dedup');
import auditNode = require('../../nodes/core/audit');
import configNode = require('../../nodes/servicenow/servicenow-config');
import readNode = require('../../nodes/servicenow/servicenow-read');
import { testWriteNode, type Mlc } from '../support/stand-in-write';
import { collect, positioned, send, type Collected } from '../support/flow-helper';
import { call, startServiceNow, type ServiceNow } from '../sandbox/servicenow/helpers';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
type Row = Record<string, unknown>;
const SEED_STAMP = '2026-09-01 08:00:00';
const CURSOR = 'servicenow-read:read:sn_fin_supplier';
const payloadOf = (m: Msg | undefined): Row => m?.['payload'] as Row;
const mlcOf = (m: Msg | undefined): Mlc => m?.['mlc'] as Mlc;
const sysIds = (messages: Msg[]): string[] => messages.map((m) => String(payloadOf(m)['sys_id']));
const errorOf = (m: Msg | undefined) => m?.['error'] as { message: string; code?: string };

/** Lets the first `pass` messages through and drops the rest: records that never reach audit. */
function testGateNode(RED: NodeAPI): void {
  RED.nodes.registerType('mlc-test-gate', function (this: Node, def: NodeDef & { pass?: number }) {
    RED.nodes.createNode(this, def);
    let seen = 0;
    this.on('input', (msg: NodeMessage, send, done) => {
      seen++;
      if (def.pass === undefined || seen <= def.pass) send(msg);
      done();
    });
  });
}

describe('mlc-servicenow-read against the ServiceNow sandbox', () => {
  let sn: ServiceNow;
  let dir: string;
  let dbPath: string;

  const load = (read: Row, options: { user?: { userName: string; password: string }; gate?: number } = {}) =>
    helper.load(
      [storeNode, dedupNode, auditNode, configNode, readNode, testWriteNode, testGateNode],
      positioned([
        { id: 'tab', type: 'tab' },
        { id: 'sn', type: 'mlc-servicenow-config', name: 'ServiceNow sandbox', instanceUrl: sn.url, authMode: 'basic', maxAttempts: 2 },
        { id: 'store', type: 'mlc-store', backend: 'sqlite', path: dbPath },
        { id: 'read', z: 'tab', type: 'mlc-servicenow-read', servicenow: 'sn', store: 'store', table: 'sn_fin_supplier', pageSize: 5, ...read, wires: [['out', 'gate'], ['end']] },
        { id: 'out', z: 'tab', type: 'helper' },
        { id: 'end', z: 'tab', type: 'helper' },
        { id: 'gate', z: 'tab', type: 'mlc-test-gate', ...(options.gate !== undefined ? { pass: options.gate } : {}), wires: [['dedup']] },
        { id: 'dedup', z: 'tab', type: 'mlc-dedup', store: 'store', wires: [['write'], []] },
        { id: 'write', z: 'tab', type: 'mlc-test-write', wires: [['audit']] },
        { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', wires: [['audited']] },
        { id: 'audited', z: 'tab', type: 'helper' },
        { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
        { id: 'caught', z: 'tab', type: 'helper' },
      ]),
      { sn: { user: (options.user ?? INTEGRATION_USER).userName, password: (options.user ?? INTEGRATION_USER).password } },
    );
  /** One run: its records and its end message. */
  const run = async (out: Collected, end: Collected, msg: Msg = { payload: 'go' }): Promise<{ records: Msg[]; end: Row }> => {
    const [outBefore, endBefore] = [out.messages.length, end.messages.length];
    send('read', msg);
    await end.waitFor(endBefore + 1);
    return { records: out.messages.slice(outBefore), end: payloadOf(end.messages[endBefore]) };
  };
  const listCalls = () => sn.running.log.entries({ path: '/api/now/table/sn_fin_supplier', method: 'GET' });
  const cursorValue = async (): Promise<string | null> => {
    const store = await openStore({ kind: 'sqlite', path: dbPath });
    try {
      return (await store.getCursor(CURSOR))?.value ?? null;
    } finally {
      await store.close();
    }
  };
  /** Every supplier as the integration user sees it, in (sys_updated_on, sys_id) order. */
  const suppliersInOrder = async (): Promise<Row[]> => {
    const answer = await call(sn.url, '/api/now/table/sn_fin_supplier?sysparm_query=ORDERBYsys_updated_on%5EORDERBYsys_id&sysparm_fields=sys_id,sys_updated_on');
    return answer.json<{ result: Row[] }>().result;
  };
  const editInServiceNow = async (sysId: string, values: Record<string, string>): Promise<Row> => {
    const answer = await call(sn.url, '/__sandbox/records', { method: 'POST', body: { table: 'sn_fin_supplier', sysId, values } });
    assert.equal(answer.status, 200, answer.body);
    return answer.json<Row>();
  };

  before(async () => {
    sn = await startServiceNow();
    await helper.startServer();
  });
  after(async () => {
    await helper.stopServer();
    await sn.running.close();
  });
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-servicenow-read-'));
    dbPath = join(dir, 'store.sqlite');
    await sn.running.reset();
    sn.running.log.clear();
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('mode all: every supplier over offset pages (Link, X-Total-Count), one message each with key, source and topic', async () => {
    await load({ mode: 'all', fields: 'name, erp_supplier_id', excludeReferenceLink: true });
    const { records, end } = await run(collect('out'), collect('end'));
    assert.equal(records.length, SEEDED_SUPPLIER_COUNT);
    assert.deepEqual([end['read'], end['pages'], end['total']], [SEEDED_SUPPLIER_COUNT, 3, SEEDED_SUPPLIER_COUNT]);
    assert.equal(new Set(sysIds(records)).size, SEEDED_SUPPLIER_COUNT, 'no row twice across pages');
    const first = payloadOf(records[0]);
    assert.deepEqual(Object.keys(first).sort(), ['erp_supplier_id', 'name', 'sys_id', 'sys_mod_count', 'sys_updated_on'], 'the asked columns plus what the key needs');
    assert.equal(mlcOf(records[0]).key, `servicenow:sn_fin_supplier:${String(first['sys_id'])}:${SEED_STAMP}#0`);
    assert.deepEqual(mlcOf(records[0]).source, { system: 'servicenow', entity: 'sn_fin_supplier', id: first['sys_id'] });
    assert.equal(records[0]?.['topic'], 'servicenow/sn_fin_supplier');
    const calls = listCalls();
    assert.deepEqual(calls.map((c) => [c.query['sysparm_offset'], c.query['sysparm_limit'], c.status]), [['0', '5', 200], ['5', '5', 200], ['10', '5', 200]], 'stops where Link names no next page');
    assert.ok(calls.every((c) => c.query['sysparm_query'] === 'ORDERBYsys_id' && c.query['sysparm_exclude_reference_link'] === 'true'), JSON.stringify(calls[0]?.query));
  });

  it('output per page: one message per page with the keys of its records', async () => {
    await load({ mode: 'all', output: 'page' });
    const { records } = await run(collect('out'), collect('end'));
    assert.deepEqual(records.map((m) => (m['payload'] as Row[]).length), [5, 5, 2]);
    const page = records[0]?.['mlc'] as { page: number; keys: string[] };
    assert.equal(page.page, 1);
    assert.equal(page.keys.length, 5);
    assert.match(page.keys[0] ?? '', /^servicenow:sn_fin_supplier:[0-9a-f]{32}:2026-09-01 08:00:00#0$/);
  });

  it('incremental: rows tied on one second are split across pages by sys_id; an edited supplier comes in the next run, then nothing', async () => {
    await load({ mode: 'incremental', conditions: [{ field: 'active', op: '=', value: 'true' }] });
    const out = collect('out');
    const end = collect('end');
    const audited = collect('audited');
    const expected = await suppliersInOrder();
    assert.ok(expected.every((r) => r['sys_updated_on'] === SEED_STAMP), 'the seed shares one second');
    const ids = expected.map((r) => String(r['sys_id']));
    assert.deepEqual(ids, [...ids].sort(), 'the sandbox orders by the second ORDERBY within a tie');
    sn.running.log.clear();

    const first = await run(out, end);
    assert.deepEqual(sysIds(first.records), expected.map((r) => String(r['sys_id'])), 'each supplier once, in (sys_updated_on, sys_id) order');
    assert.equal(audited.messages.length, SEEDED_SUPPLIER_COUNT);
    const lastId = String(expected.at(-1)?.['sys_id']);
    assert.equal(await cursorValue(), `${SEED_STAMP}|${lastId}`);
    const queries = listCalls().map((c) => String(c.query['sysparm_query']));
    assert.equal(queries[0], 'active=true^ORDERBYsys_updated_on^ORDERBYsys_id');
    const boundary = String(expected[4]?.['sys_id']);
    assert.equal(
      queries[1],
      `active=true^sys_updated_on>${SEED_STAMP}^NQactive=true^sys_updated_on=${SEED_STAMP}^sys_id>${boundary}^ORDERBYsys_updated_on^ORDERBYsys_id`,
      'the second page starts after the last sys_id of the first, on the same second',
    );
    assert.ok(listCalls().every((c) => c.query['sysparm_offset'] === '0'), 'keyset pages, no offsets');

    const changedId = String(expected[2]?.['sys_id']);
    const changed = await editInServiceNow(changedId, { city: 'Littleton' });
    const second = await run(out, end);
    assert.deepEqual(sysIds(second.records), [changedId]);
    assert.equal(payloadOf(second.records[0])['city'], 'Littleton');
    assert.equal(mlcOf(second.records[0]).key, `servicenow:sn_fin_supplier:${changedId}:${String(changed['sys_updated_on'])}#1`);
    assert.equal(await cursorValue(), `${String(changed['sys_updated_on'])}|${changedId}`);

    const third = await run(out, end);
    assert.deepEqual([third.records.length, third.end['read']], [0, 0]);
    assert.equal(collect('caught').messages.length, 0);
  });

  it('incremental: the cursor moves only past audited pages; the next run starts at the first page not audited', async () => {
    await load({ mode: 'incremental', auditTimeoutSeconds: 0.3 }, { gate: 5 });
    const caught = collect('caught');
    const expected = (await suppliersInOrder()).map((r) => String(r['sys_id']));
    sn.running.log.clear();
    send('read', { payload: 'go' });
    const [failure] = await caught.waitFor(1);
    assert.match(errorOf(failure).message, /sn_fin_supplier: 5 of 5 records of page 2 were not audited .* stays at 2026-09-01 08:00:00\|[0-9a-f]{32}/);
    assert.equal(await cursorValue(), `${SEED_STAMP}|${expected[4]}`, 'after page 1, which was audited');
    await helper.unload();
    await load({ mode: 'incremental' });
    const second = await run(collect('out'), collect('end'));
    assert.deepEqual(sysIds(second.records), expected.slice(5));
  });

  it('msg.fullRead reads an incremental table from the start again, with the same keys; an edited row comes last', async () => {
    await load({ mode: 'incremental', advance: 'sent' });
    const out = collect('out');
    const end = collect('end');
    const first = await run(out, end);
    assert.equal((await run(out, end)).records.length, 0);
    const again = await run(out, end, { payload: 'go', fullRead: true });
    assert.deepEqual(again.records.map((m) => mlcOf(m).key), first.records.map((m) => mlcOf(m).key));
    assert.equal(again.end['fromStart'], true);
    // The lowest sys_id, edited, sorts after every row of the seed second: the first ORDERBY wins.
    const edited = String(payloadOf(first.records[0])['sys_id']);
    await editInServiceNow(edited, { city: 'Golden' });
    const afterEdit = await run(out, end, { payload: 'go', fullRead: true });
    assert.deepEqual(sysIds(afterEdit.records), [...sysIds(first.records).slice(1), edited]);
  });

  it('incremental with values "all": rows as {display_value, value}, the key and cursor from the stored value', async () => {
    await load({ mode: 'incremental', advance: 'sent', displayValue: 'all', fields: 'name, legal_entity' });
    const { records } = await run(collect('out'), collect('end'));
    assert.equal(records.length, SEEDED_SUPPLIER_COUNT);
    const last = payloadOf(records.at(-1));
    const sysId = (last['sys_id'] as { value: string }).value;
    assert.equal((last['sys_updated_on'] as { value: string }).value, SEED_STAMP);
    assert.equal(typeof (last['legal_entity'] as { display_value?: unknown }).display_value, 'string');
    assert.equal(mlcOf(records.at(-1)).key, `servicenow:sn_fin_supplier:${sysId}:${SEED_STAMP}#0`);
    assert.equal(await cursorValue(), `${SEED_STAMP}|${sysId}`);
    assert.ok(listCalls().every((c) => c.query['sysparm_display_value'] === 'all'));
  });

  it('an ACL refusal reaches Catch naming the table; the run record is failed', async () => {
    await load({ mode: 'all' }, { user: NO_ROLES_USER });
    const caught = collect('caught');
    send('read', { payload: 'go' });
    const [failure] = await caught.waitFor(1);
    const error = errorOf(failure);
    assert.match(error.message, /list on sn_fin_supplier failed \(HTTP 403\): .*User Not Authorized: Failed API level ACL Validation.*an ACL refuses this on table sn_fin_supplier/);
    assert.equal(error.code, 'MLC_HTTP_FORBIDDEN');
    const store = await openStore({ kind: 'sqlite', path: dbPath });
    try {
      const [record] = await store.listRuns({ limit: 1 });
      assert.equal(record?.status, 'failed');
      assert.match(record?.note ?? '', /HTTP 403/);
    } finally {
      await store.close();
    }
  });

  it('an injection attempt in the editor rows is refused before any call, and reaches Catch', async () => {
    await load({ mode: 'all', conditions: [{ field: 'name', op: '=', value: 'Acme^ORactive=false' }] });
    const caught = collect('caught');
    send('read', { payload: 'go' });
    const [failure] = await caught.waitFor(1);
    assert.match(errorOf(failure).message, /mlc-servicenow-read \(sn_fin_supplier\): query refused: name: a value may not contain "\^"/);
    assert.equal(errorOf(failure).code, 'MLC_SERVICENOW_QUERY');
    await helper.unload();
    await load({ mode: 'all', conditions: [{ field: 'name^ORactive', op: '=', value: 'x' }] });
    const again = collect('caught');
    send('read', { payload: 'go' });
    const [second] = await again.waitFor(1);
    assert.match(errorOf(second).message, /query refused: "name\^ORactive" is not a column name/);
    assert.equal(listCalls().length, 0, 'nothing was sent');
  });

  it('OR rows bind to the condition before them; msg.query is refused unless the node takes it, and then sent as written', async () => {
    await load({ mode: 'all', conditions: [{ field: 'erp_supplier_id', op: '=', value: 'V-1001' }, { join: 'OR', field: 'erp_supplier_id', op: '=', value: 'V-1002' }, { field: 'active', op: '=', value: 'true' }] });
    const out = collect('out');
    const end = collect('end');
    const { records } = await run(out, end);
    assert.deepEqual(records.map((m) => payloadOf(m)['erp_supplier_id']).sort(), ['V-1001', 'V-1002']);
    assert.equal(listCalls()[0]?.query['sysparm_query'], 'erp_supplier_id=V-1001^ORerp_supplier_id=V-1002^active=true^ORDERBYsys_id');
    const caught = collect('caught');
    send('read', { payload: 'go', query: 'active=false' });
    const [refused] = await caught.waitFor(1);
    assert.match(errorOf(refused).message, /msg\.query is taken only when the node's query is set to "from msg\.query \(trusted\)"/);

    await helper.unload();
    sn.running.log.clear();
    await load({ mode: 'all', queryFrom: 'msg' });
    const raw = await run(collect('out'), collect('end'), { payload: 'go', query: 'erp_supplier_idSTARTSWITHV-100^NQerp_supplier_id=V-1012' });
    assert.equal(raw.records.length, 10, 'V-1001 … V-1009 and V-1012');
    assert.equal(listCalls()[0]?.query['sysparm_query'], 'erp_supplier_idSTARTSWITHV-100^NQerp_supplier_id=V-1012^ORDERBYsys_id');
  });
});
