// mlc-map in Node-RED: mapped and rejected outputs, batches, tables from messages and CSV files,
// errors to Catch nodes, and keeping rejections in a store for replay.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { unkeyedKey } from '../../lib/envelope';
import { openStore } from '../../lib/store';
import type { AuditRecord } from '../../lib/store/types';
import mapNode = require('../../nodes/core/map');
import storeNode = require('../../nodes/core/store-config');
import { collect, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

const GL_RULES = [
  { op: 'copy', target: 'ref', from: 'employeeId', type: 'string', required: true },
  { op: 'date', target: 'date', from: 'payDate', inputFormat: 'MM/DD/YYYY', outputFormat: 'YYYY-MM-DD', type: 'date', required: true },
  { op: 'number', target: 'line.debit', from: 'amount', decimal: '.', thousands: ',', round: 2, negate: false, type: 'number', required: true },
  {
    op: 'lookup',
    target: 'line.analytic_account_id',
    from: 'costCenter',
    table: 'costCenters',
    onMiss: 'reject',
    caseInsensitive: false,
    label: 'cost center',
    type: 'integer',
    required: true,
  },
  { op: 'constant', target: 'journal', value: 'PAYROLL', type: 'string', required: false },
];

const COST_CENTERS = { name: 'costCenters', source: 'rows', rows: [{ key: 'CC-200', value: 17 }, { key: 'CC-300', value: 18 }] };

const GOOD = { employeeId: 'E1', payDate: '11/15/2026', amount: '1,250.00', costCenter: 'CC-200' };
const BAD = { employeeId: 'E2', payDate: '02/30/2026', amount: '10', costCenter: 'CC-999' };

// Node-RED 5 takes a node without x and y for a config node (then a Catch node never catches), so
// every flow node gets a position.
function flow(config: Record<string, unknown> = {}, extra: Array<Record<string, unknown>> = []): Array<Record<string, unknown>> {
  const at = { x: 100, y: 100 };
  return [
    { id: 'tab', type: 'tab', label: 'map' },
    {
      id: 'map',
      z: 'tab',
      type: 'mlc-map',
      specFrom: 'node',
      rules: GL_RULES,
      keep: false,
      keyExpression: '',
      outputMode: 'batch',
      tables: [COST_CENTERS],
      lookupsFrom: false,
      store: '',
      ...config,
      ...at,
      wires: [['mapped'], ['rejected']],
    },
    { id: 'mapped', z: 'tab', type: 'helper', ...at },
    { id: 'rejected', z: 'tab', type: 'helper', ...at },
    { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, ...at, wires: [['caught']] },
    { id: 'caught', z: 'tab', type: 'helper', ...at },
    ...extra,
  ];
}

// A payroll GL entry with its lines, mapped to an account.move with line_ids create commands.
const GL_ENTRY_RULES = [
  { op: 'copy', target: 'ref', from: 'runId', type: 'string' },
  { op: 'date', target: 'date', from: 'payPeriodEndDate', inputFormat: 'MM/DD/YYYY', type: 'date' },
  { op: 'constant', target: 'journal_id', value: 7, type: 'integer' },
  {
    op: 'each',
    target: 'line_ids',
    from: 'lines',
    wrap: 'x2many-create',
    elementLabel: '{generalLedgerAccount}',
    type: 'array',
    rules: [
      { op: 'lookup', target: 'account_id', from: 'baseSegment', table: 'accounts', label: 'account', type: 'integer' },
      { op: 'number', target: 'debit', from: 'debitAmt', default: 0, type: 'number' },
      { op: 'number', target: 'credit', from: 'creditAmt', default: 0, type: 'number' },
      { op: 'lookup', target: 'analytic_distribution', from: 'orgLevel2', table: 'costCenters', as: 'distribution', percent: 100, required: false, label: 'cost center', type: 'object' },
    ],
  },
];
const GL_TABLES = [
  { name: 'accounts', source: 'rows', rows: [{ key: '6100', value: 61 }, { key: '2100', value: 21 }] },
  COST_CENTERS,
];
const glEntry = (runId: string, center: string): Record<string, unknown> => ({
  runId,
  payPeriodEndDate: '11/15/2026',
  lines: [
    { baseSegment: '6100', generalLedgerAccount: `6100-${center}`, debitAmt: 100, creditAmt: 0, orgLevel2: center },
    { baseSegment: '2100', generalLedgerAccount: '2100-BR-1', debitAmt: 0, creditAmt: 100, orgLevel2: null },
  ],
});

type NodeModules = Parameters<typeof helper.load>[0];
// The helper's declared module type takes `unknown`; our modules want NodeAPI.
const NODES = [mapNode, storeNode] as unknown as NodeModules;

type Msg = Record<string, unknown>;
const payloadOf = (msg: Msg | undefined): unknown => msg?.['payload'];
const errorOf = (msg: Msg | undefined): { message: string; code: string; reasons?: Array<{ field: string; code: string; message: string }> } =>
  msg?.['error'] as { message: string; code: string; reasons?: Array<{ field: string; code: string; message: string }> };

/** Nothing more arrives within a short wait: used after the expected messages have arrived. */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 100));
}

describe('mlc-map', () => {
  let dir: string;
  before(() => helper.startServer());
  after(() => helper.stopServer());
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-map-'));
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });

  it('maps one record out of output 1, keeping msg.mlc and the rest of the message', async () => {
    await helper.load(NODES, flow());
    const mapped = collect('mapped');
    const rejected = collect('rejected');
    send('map', { payload: GOOD, topic: 'ukg/gl', mlc: { key: 'ukg:gl:E1', runId: 'r1' } });
    const [msg] = await mapped.waitFor(1);
    assert.deepEqual(payloadOf(msg), { ref: 'E1', date: '2026-11-15', line: { debit: 1250, analytic_account_id: 17 }, journal: 'PAYROLL' });
    assert.equal(msg?.['topic'], 'ukg/gl');
    assert.deepEqual(msg?.['mlc'], { key: 'ukg:gl:E1', runId: 'r1', input: GOOD }, 'the record as read rides along for the store (replay maps it again)');
    await settle();
    assert.equal(rejected.messages.length, 0);
  });

  it('rejects one record out of output 2 with the source record, its msg.mlc and every reason', async () => {
    await helper.load(NODES, flow());
    const mapped = collect('mapped');
    const rejected = collect('rejected');
    send('map', { payload: BAD, mlc: { key: 'ukg:gl:E2' } });
    const [msg] = await rejected.waitFor(1);
    assert.deepEqual(payloadOf(msg), BAD);
    assert.deepEqual(msg?.['mlc'], { key: 'ukg:gl:E2' });
    const error = errorOf(msg);
    assert.equal(error.code, 'MLC_MAP_REJECTED');
    assert.deepEqual(
      error.reasons?.map((r) => r.message),
      ['field "date": "02/30/2026" is not a valid date (format MM/DD/YYYY)', 'cost center "CC-999" not found in table "costCenters"'],
    );
    assert.match(error.message, /not a valid date.*; cost center "CC-999" not found/);
    await settle();
    assert.equal(mapped.messages.length, 0);
  });

  it('maps an array: one message with the mapped records, one message per rejected record', async () => {
    await helper.load(NODES, flow({ keyExpression: 'ukg:gl:{runId}:{employeeId}' }));
    const mapped = collect('mapped');
    const rejected = collect('rejected');
    const batch = [GOOD, BAD, { ...GOOD, employeeId: 'E3', costCenter: 'CC-300' }, { ...BAD, employeeId: 'E4' }];
    send('map', { payload: batch, mlc: { key: 'batch-key', runId: 'run-7' }, lookups: { ignored: { a: 1 } } });
    const [out] = await mapped.waitFor(1);
    const records = payloadOf(out) as Array<{ ref: string }>;
    assert.deepEqual(records.map((r) => r.ref), ['E1', 'E3']);
    assert.deepEqual(out?.['mlc'], { key: 'batch-key', runId: 'run-7' }, 'the batch message keeps its own envelope');
    const rejects = await rejected.waitFor(2);
    assert.deepEqual(rejects.map(payloadOf), [BAD, { ...BAD, employeeId: 'E4' }]);
    assert.deepEqual(rejects.map((m) => m['mlc']), [{ key: 'ukg:gl:run-7:E2', runId: 'run-7' }, { key: 'ukg:gl:run-7:E4', runId: 'run-7' }]);
    assert.equal(rejects[0]?.['lookups'], undefined, 'per-record messages do not copy the batch inputs');
    await settle();
    assert.equal(mapped.messages.length, 1);
    assert.equal(rejected.messages.length, 2);
  });

  it('keeps a page s keys (msg.mlc.keys) aligned with the records mapped, with the records as read and the read keys of records keyed anew', async () => {
    await helper.load(NODES, flow());
    const mapped = collect('mapped');
    const rejected = collect('rejected');
    send('map', { payload: [GOOD, BAD, { ...GOOD, employeeId: 'E3', costCenter: 'CC-300' }], mlc: { runId: 'run-8', page: 2, keys: ['ukg:E1', 'ukg:E2', 'ukg:E3'] } });
    const [out] = await mapped.waitFor(1);
    assert.deepEqual(out?.['mlc'], { runId: 'run-8', page: 2, keys: ['ukg:E1', 'ukg:E3'], inputs: [GOOD, { ...GOOD, employeeId: 'E3', costCenter: 'CC-300' }] });
    const [reject] = await rejected.waitFor(1);
    assert.deepEqual(reject?.['mlc'], { runId: 'run-8', page: 2, key: 'ukg:E2' }, 'a rejected record of a page goes on under its page key');

    await helper.unload();
    await helper.load(NODES, flow({ keyExpression: 'ukg:gl:{employeeId}' }));
    const rekeyed = collect('mapped');
    send('map', { payload: [GOOD, BAD, { ...GOOD, employeeId: 'E3', costCenter: 'CC-300' }], mlc: { runId: 'run-9', keys: ['ukg:E1', 'ukg:E2', 'ukg:E3'] } });
    const [again] = await rekeyed.waitFor(1);
    assert.deepEqual(again?.['mlc'], { runId: 'run-9', keys: ['ukg:gl:E1', 'ukg:gl:E3'], readKeys: ['ukg:E1', 'ukg:E3'], inputs: [GOOD, { ...GOOD, employeeId: 'E3', costCenter: 'CC-300' }] });
  });

  it('an array where every record is rejected still sends an empty array out of output 1', async () => {
    await helper.load(NODES, flow());
    const mapped = collect('mapped');
    const rejected = collect('rejected');
    send('map', { payload: [BAD] });
    const [out] = await mapped.waitFor(1);
    assert.deepEqual(payloadOf(out), []);
    const [reject] = await rejected.waitFor(1);
    assert.equal(reject?.['mlc'], undefined, 'no key of its own, no store: no envelope');
  });

  it('in split mode sends one message per mapped record, each with its own key', async () => {
    await helper.load(NODES, flow({ outputMode: 'split', keyExpression: 'ukg:gl:{employeeId}' }));
    const mapped = collect('mapped');
    send('map', { payload: [GOOD, { ...GOOD, employeeId: 'E5' }], mlc: { runId: 'r' } });
    const msgs = await mapped.waitFor(2);
    assert.deepEqual(msgs.map((m) => m['mlc']), [
      { runId: 'r', key: 'ukg:gl:E1', input: GOOD },
      { runId: 'r', key: 'ukg:gl:E5', input: { ...GOOD, employeeId: 'E5' } },
    ]);
    assert.deepEqual(msgs.map((m) => (payloadOf(m) as { ref: string }).ref), ['E1', 'E5']);
  });

  it('reads tables from msg.lookups when allowed; they replace the node\'s table of the same name', async () => {
    await helper.load(NODES, flow({ lookupsFrom: true }));
    const mapped = collect('mapped');
    const rejected = collect('rejected');
    send('map', { payload: { ...GOOD, costCenter: 'CC-900' }, lookups: { costCenters: [{ key: 'CC-900', value: 90 }] } });
    const [msg] = await mapped.waitFor(1);
    assert.equal((payloadOf(msg) as { line: { analytic_account_id: number } }).line.analytic_account_id, 90);
    send('map', { payload: GOOD, lookups: { costCenters: { 'CC-900': 90 } } });
    const [miss] = await rejected.waitFor(1);
    assert.match(errorOf(miss).message, /cost center "CC-200" not found in table "costCenters"/);
  });

  it('reads tables from flow context on every message, so a refresh of the context reaches the next record', async () => {
    await helper.load(NODES, flow({ contextTables: 'flow.lookups' }));
    const mapped = collect('mapped');
    const caught = collect('caught');
    const map = helper.getNode('map');
    send('map', { payload: GOOD });
    const [missing] = await caught.waitFor(1);
    assert.match(errorOf(missing).message, /no lookup tables in flow\.lookups yet/);
    map.context().flow.set('lookups', { costCenters: { 'CC-200': 71 } });
    send('map', { payload: GOOD });
    const [first] = await mapped.waitFor(1);
    assert.equal((payloadOf(first) as { line: { analytic_account_id: number } }).line.analytic_account_id, 71, 'the context table wins over the node table');
    map.context().flow.set('lookups', { costCenters: { 'CC-200': 72 } });
    send('map', { payload: GOOD });
    const [, second] = await mapped.waitFor(2);
    assert.equal((payloadOf(second) as { line: { analytic_account_id: number } }).line.analytic_account_id, 72);
  });

  it('refuses a context reference that is not flow.<key> or global.<key>', async () => {
    await helper.load(NODES, flow({ contextTables: 'node.lookups' }));
    const caught = collect('caught');
    send('map', { payload: GOOD });
    const [err] = await caught.waitFor(1);
    assert.match(errorOf(err).message, /context tables: "node.lookups" is not like flow.lookups/);
  });

  it('ignores msg.lookups unless allowed', async () => {
    await helper.load(NODES, flow());
    const rejected = collect('rejected');
    send('map', { payload: { ...GOOD, costCenter: 'CC-900' }, lookups: { costCenters: { 'CC-900': 90 } } });
    await rejected.waitFor(1);
  });

  it('reports bad msg.lookups to a Catch node', async () => {
    await helper.load(NODES, flow({ lookupsFrom: true }));
    const caught = collect('caught');
    send('map', { payload: GOOD, lookups: { costCenters: [{ key: 'CC-1' }] } });
    const [msg] = await caught.waitFor(1);
    assert.match(errorOf(msg).message, /msg\.lookups\.costCenters: 0\.value/);
    assert.equal(errorOf(msg).code, 'MLC_MAP_BAD_TABLE');
  });

  it('reads a CSV table and picks up a change to the file between messages', async () => {
    const path = join(dir, 'cost-centers.csv');
    writeFileSync(path, 'code,name,analytic_id\nCC-200,"Sales, West",17\n');
    const csvTable = { name: 'costCenters', source: 'csv', path, keyColumn: 'code', valueColumn: 'analytic_id', valueType: 'number', delimiter: ',' };
    await helper.load(NODES, flow({ tables: [csvTable] }));
    const mapped = collect('mapped');
    const rejected = collect('rejected');
    send('map', { payload: { ...GOOD, costCenter: 'CC-400' } });
    await rejected.waitFor(1);
    writeFileSync(path, 'code,name,analytic_id\nCC-200,"Sales, West",17\n"CC-400","New\nline",40\n');
    utimesSync(path, new Date(), new Date(Date.now() + 10_000));
    send('map', { payload: { ...GOOD, costCenter: 'CC-400' } });
    const [msg] = await mapped.waitFor(1);
    assert.equal((payloadOf(msg) as { line: { analytic_account_id: number } }).line.analytic_account_id, 40);
  });

  it('reports a lookup table that is not loaded to a Catch node instead of rejecting every record', async () => {
    await helper.load(NODES, flow({ tables: [] }));
    const caught = collect('caught');
    const rejected = collect('rejected');
    send('map', { payload: [GOOD, GOOD] });
    const [msg] = await caught.waitFor(1);
    assert.match(errorOf(msg).message, /lookup table "costCenters" is not loaded/);
    assert.deepEqual(payloadOf(msg), [GOOD, GOOD], 'the Catch node gets the message, so nothing is lost');
    await settle();
    assert.equal(rejected.messages.length, 0);
  });

  it('an invalid spec in the node reaches a Catch node with a message naming the rule', async () => {
    const rules = [GL_RULES[0], { op: 'number', target: 'line.debit', from: 'amount', decimal: ',', thousands: ',' }];
    await helper.load(NODES, flow({ rules }));
    const caught = collect('caught');
    send('map', { payload: GOOD });
    const [msg] = await caught.waitFor(1);
    assert.equal(errorOf(msg).code, 'MLC_MAP_BAD_SPEC');
    assert.match(errorOf(msg).message, /rule 2 \(target "line\.debit"\): thousands: the thousands separator must differ/);
  });

  it('takes the spec from msg.mapping when configured, and names the bad rule of a bad one', async () => {
    await helper.load(NODES, flow({ specFrom: 'msg', rules: [] }));
    const mapped = collect('mapped');
    const caught = collect('caught');
    const spec = { key: 'k:{employeeId}', rules: [{ op: 'jsonata', target: 'who', expression: 'employeeId & "@" & $lookup("costCenters", costCenter)' }] };
    send('map', { payload: GOOD, mapping: spec });
    const [msg] = await mapped.waitFor(1);
    assert.deepEqual(payloadOf(msg), { who: 'E1@17' });
    assert.deepEqual(msg?.['mlc'], { key: 'k:E1', input: GOOD });

    send('map', { payload: GOOD, mapping: { rules: [{ op: 'copy', target: 'a', from: 'a' }, { op: 'lookup', target: 'b', from: 'b' }] } });
    const [bad] = await caught.waitFor(1);
    assert.match(errorOf(bad).message, /invalid mapping spec: rule 2 \(target "b"\): table is required/);
    send('map', { payload: GOOD });
    const both = await caught.waitFor(2);
    assert.match(errorOf(both[1]).message, /msg\.mapping is missing/);
  });

  it('shows "mapped N, rejected M" in its status', async () => {
    await helper.load(NODES, flow());
    // The helper re-emits every status() call as a 'call:status' event.
    const node = helper.getNode('map') as unknown as NodeJS.EventEmitter;
    const seen = new Promise<void>((resolve) => {
      node.on('call:status', (call: { args: Array<{ text?: string }> }) => {
        if (call.args[0]?.text === 'mapped 2, rejected 1') resolve();
      });
    });
    send('map', { payload: [GOOD, BAD, GOOD] });
    await seen;
  });

  describe('with the real mlc-store (SQLite)', () => {
    const withStore = (path = join(dir, 'store.sqlite')): Array<Record<string, unknown>> =>
      flow({ store: 'store' }, [{ id: 'store', type: 'mlc-store', backend: 'sqlite', path }]);

    /** Unloads the flow (closing the node's store), then reads the file as the next session would. */
    async function storedRecords(keys: string[]): Promise<AuditRecord[]> {
      await helper.unload();
      const store = await openStore({ kind: 'sqlite', path: join(dir, 'store.sqlite') });
      try {
        return await store.list({ keys });
      } finally {
        await store.close();
      }
    }

    it('keeps each rejection as failed, with its key, source record, envelope and reasons', async () => {
      await helper.load(NODES, withStore());
      const rejected = collect('rejected');
      const mlc = { key: 'ukg:gl:E2', runId: 'r9', source: { system: 'ukg', entity: 'gl', id: 'E2' } };
      send('map', { payload: BAD, mlc });
      await rejected.waitFor(1);
      const records = await storedRecords(['ukg:gl:E2']);
      assert.equal(records.length, 1);
      const [record] = records;
      assert.equal(record?.status, 'failed');
      assert.deepEqual(record?.payload, BAD);
      assert.deepEqual(record?.mlc, mlc);
      assert.equal(record?.runId, 'r9');
      assert.deepEqual(record?.source, mlc.source);
      assert.equal(record?.error?.code, 'MLC_MAP_REJECTED');
      assert.equal(record?.error?.source, 'mlc-map');
      assert.match(record?.error?.message ?? '', /cost center "CC-999" not found/);
    });

    it('keeps rejections without a key under unkeyed:<node id>:<hash>, and says so in msg.mlc.key', async () => {
      await helper.load(NODES, withStore());
      const rejected = collect('rejected');
      const other = { ...BAD, employeeId: 'E8' };
      send('map', { payload: [GOOD, BAD, other], mlc: { runId: 'r1' } });
      const msgs = await rejected.waitFor(2);
      const keys = [unkeyedKey(BAD, 'map'), unkeyedKey(other, 'map')];
      assert.deepEqual(msgs.map((m) => (m['mlc'] as { key: string }).key), keys);
      const records = await storedRecords(keys);
      assert.deepEqual(records.map((r) => r.key).sort(), [...keys].sort());
      assert.deepEqual(records.map((r) => [r.status, r.runId]), [['failed', 'r1'], ['failed', 'r1']]);
    });

    it('maps GL entries with lines; an entry with an unknown cost center goes out of output 2 and is kept as failed', async () => {
      await helper.load(
        NODES,
        [...withStore()].map((n) => (n['id'] === 'map' ? { ...n, rules: GL_ENTRY_RULES, tables: GL_TABLES, keyExpression: 'ukg:gl:{runId}' } : n)),
      );
      const mapped = collect('mapped');
      const rejected = collect('rejected');
      const bad = glEntry('R2', 'CC-500');
      send('map', { payload: [glEntry('R1', 'CC-200'), bad], mlc: { runId: 'run-11' } });
      const [out] = await mapped.waitFor(1);
      assert.deepEqual(payloadOf(out), [
        {
          ref: 'R1',
          date: '2026-11-15',
          journal_id: 7,
          line_ids: [
            [0, 0, { account_id: 61, debit: 100, credit: 0, analytic_distribution: { '17': 100 } }],
            [0, 0, { account_id: 21, debit: 0, credit: 100 }],
          ],
        },
      ]);
      const [msg] = await rejected.waitFor(1);
      assert.deepEqual(payloadOf(msg), bad, 'the whole source entry, not a partial one');
      assert.deepEqual(msg?.['mlc'], { runId: 'run-11', key: 'ukg:gl:R2' });
      assert.deepEqual(errorOf(msg).reasons, [
        { field: 'line_ids[0].analytic_distribution', code: 'lookup_miss', message: 'line 1 (6100-CC-500): cost center "CC-500" not found in table "costCenters"' },
      ]);
      const [record] = await storedRecords(['ukg:gl:R2']);
      assert.equal(record?.status, 'failed');
      assert.deepEqual(record?.payload, bad);
      assert.match(record?.error?.message ?? '', /^record rejected: line 1 \(6100-CC-500\): cost center "CC-500" not found/);
      assert.deepEqual(await storedRecords(['ukg:gl:R1']), [], 'the mapped entry is not in the store');
    });

    it('still sends the rejection when the store cannot be opened, then reports the store error to a Catch node', async () => {
      // A directory where the file should be: SQLite cannot open it, as with a full or read-only disk.
      await helper.load(NODES, withStore(dir));
      const rejected = collect('rejected');
      const caught = collect('caught');
      send('map', { payload: BAD, mlc: { key: 'k2' } });
      const [msg] = await rejected.waitFor(1);
      assert.deepEqual(payloadOf(msg), BAD);
      const [err] = await caught.waitFor(1);
      assert.equal(errorOf(err).code, 'MLC_MAP_STORE_FAILED');
      assert.match(errorOf(err).message, /1 rejected record\(s\) went out of output 2 but could not be kept in the store: .*cannot open SQLite file/);
    });
  });
});
