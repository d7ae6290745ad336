// mlc-paylocity-read in Node-RED, against the Paylocity sandbox over real sockets and a real SQLite store
// file: employees two-pass with progress, one or a given set, an incremental second read that posts
// nothing through dedup; pay statements of a check date; the payroll journal, balanced and equal to the
// statements to the cent, per run and per cost center, a rerun posting nothing, an unmapped pay code
// reaching Catch; company codes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import type { PaylocityEmployeeRecord } from '../../lib/paylocity/employee';
import { employeeKey } from '../../lib/paylocity/keys';
import { DEFAULT_PAY_CODES, type PayJournalEntry } from '../../lib/paylocity/pay-journal';
import type { PaidCheck } from '../../lib/paylocity/pay-statements';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { PaylocitySimulator } from '../../sandbox/paylocity';
import storeNode = require('../../nodes/core/store-config');
import dedupNode = require('../../nodes/core/dedup');
import mapNode = require('../../nodes/core/map');
import auditNode = require('../../nodes/core/audit');
import paylocityConfigNode = require('../../nodes/paylocity/paylocity-config');
import paylocityReadNode = require('../../nodes/paylocity/paylocity-read');
import { testWriteNode, type Mlc } from '../support/stand-in-write';
import { collect, positioned, send, type Collected } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

const NODES = [storeNode, mapNode, dedupNode, auditNode, testWriteNode, paylocityConfigNode, paylocityReadNode];
const DEMO = { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' };
const cents = (n: number | null | undefined) => Math.round((n ?? 0) * 100);

describe('mlc-paylocity-read', () => {
  let sim: RunningSimulator;
  let paylocity: PaylocitySimulator;
  let dir: string;
  let dbPath: string;

  /** Most tests lift the sandbox's 25/s quota and pace the client fast; the first keeps both as shipped. */
  const flow = (read: Record<string, unknown>, config: Record<string, unknown> = { requestsPerSecond: 1000 }) =>
    positioned([
      { id: 'tab', type: 'tab' },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path: dbPath },
      { id: 'pay', type: 'mlc-paylocity-config', name: 'Paylocity sandbox', environment: 'custom', apiBase: `${sim.url}/api`, tokenUrl: `${sim.url}/IdentityServer/connect/token`, companyId: 'MLC01', pageSize: 50, concurrency: 8, maxAttempts: 1, ...config },
      { id: 'read', z: 'tab', type: 'mlc-paylocity-read', paylocity: 'pay', store: 'store', ...read, wires: [['out', 'dedup'], ['complete']] },
      { id: 'dedup', z: 'tab', type: 'mlc-dedup', store: 'store', wires: [['write'], ['dup']] },
      { id: 'write', z: 'tab', type: 'mlc-test-write', wires: [['audit']] },
      { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', wires: [[]] },
      { id: 'out', z: 'tab', type: 'helper' },
      { id: 'dup', z: 'tab', type: 'helper' },
      { id: 'complete', z: 'tab', type: 'helper' },
      { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'tab', type: 'helper' },
    ]);
  const load = async (read: Record<string, unknown>, config?: Record<string, unknown>) => {
    if (!config) sim.quota.set([]);
    await helper.load(NODES, flow(read, config), { pay: DEMO });
  };
  async function withStore<T>(fn: (store: Store) => Promise<T>): Promise<T> {
    const store = await openStore({ kind: 'sqlite', path: dbPath });
    try {
      return await fn(store);
    } finally {
      await store.close();
    }
  }
  const mlcOf = (m: Record<string, unknown> | undefined) => m?.['mlc'] as Mlc;
  const payloadOf = <T>(m: Record<string, unknown> | undefined) => m?.['payload'] as T;
  function statuses(): Array<{ fill?: string; shape?: string; text?: string }> {
    const seen: Array<{ fill?: string; shape?: string; text?: string }> = [];
    const node = helper.getNode('read') as unknown as { on(event: 'call:status', listener: (call: { args: [{ fill?: string; shape?: string; text?: string }] }) => void): void };
    node.on('call:status', (call) => seen.push(call.args[0]));
    return seen;
  }
  async function run(complete: Collected, msg: Record<string, unknown> = { payload: 'go' }): Promise<Record<string, unknown>> {
    const before = complete.messages.length;
    send('read', msg);
    const all = await complete.waitFor(before + 1, 120_000);
    return payloadOf<Record<string, unknown>>(all[before]);
  }
  /** Waits until audit has an outcome for `count` keys under the prefix (the write path runs after the read's own end). */
  async function audited(prefix: string, count: number): Promise<void> {
    for (;;) {
      const n = await withStore((s) => s.count({ keyPrefix: prefix, status: ['posted', 'failed'] }));
      if (n >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  before(async () => {
    paylocity = new PaylocitySimulator();
    sim = await startSimulator(paylocity, { port: 0 });
    await helper.startServer();
  });
  beforeEach(() => {
    sim.reset();
    dir = mkdtempSync(join(tmpdir(), 'mlc-paylocity-read-'));
    dbPath = join(dir, 'store.sqlite');
  });
  afterEach(async () => {
    await helper.unload();
    rmSync(dir, { recursive: true, force: true });
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });

  it('reads all 120 employees two-pass under the sandbox quota and the shipped pace, progress from X-Pcty-Total-Count, and records the run', async () => {
    await load({ entity: 'employees' }, { requestsPerSecond: 20 });
    const out = collect('out');
    const complete = collect('complete');
    const shown = statuses();
    const end = await run(complete);
    assert.equal(out.messages.length, 120);
    assert.equal(end['read'], 120);
    assert.equal(end['total'], 120);
    assert.equal(end['pages'], 3);
    const all = out.messages.map((m) => payloadOf<PaylocityEmployeeRecord>(m));
    assert.equal(new Set(all.map((e) => e.employeeId)).size, 120);
    assert.equal(all.filter((e) => !e.active).length, 8);
    assert.deepEqual(all.filter((e) => e.rehired).map((e) => e.employeeId).sort(), ['1052', '1088']);
    const first = all[0] as PaylocityEmployeeRecord;
    assert.ok(first.firstName && first.lastName && first.costCenter1 && first.hireDate && /^\d{4}-\d{2}-\d{2}$/.test(first.hireDate));
    assert.equal(out.messages[0]?.['topic'], 'paylocity/employee');
    assert.equal(mlcOf(out.messages[0]).key, employeeKey(first));
    assert.match(mlcOf(out.messages[0]).key, /^paylocity:employee:MLC01:\d+:h[0-9a-f]{16}$/);
    assert.deepEqual(mlcOf(out.messages[0]).source, { system: 'paylocity', entity: 'employee', id: `MLC01/${first.employeeId}` });
    assert.equal(sim.log.count({ tag: { operation: 'employees.get' } }), 120);
    assert.equal(sim.log.count({ tag: { operation: 'employees.list' } }), 3);
    assert.equal(sim.log.count({ status: 429 }), 0, 'the pace keeps under the quota');
    assert.ok(shown.some((s) => / of 120 employees$/.test(s.text ?? '')), JSON.stringify(shown));
    assert.equal(shown.at(-1)?.text, '120 employees sent');
    const recorded = await withStore((s) => s.getRun(String(end['runId'])));
    assert.equal(recorded?.status, 'finished');
    assert.equal(recorded?.counts.read, 120);
  });

  it('reads one employee from a webhook payload, or a given set, without the listing pass; unknown ids are named', async () => {
    await load({ entity: 'employees' });
    const out = collect('out');
    const complete = collect('complete');
    const one = await run(complete, { payload: { companyId: 'MLC01', employeeId: '1052' } });
    assert.deepEqual(out.messages.map((m) => payloadOf<PaylocityEmployeeRecord>(m).employeeId), ['1052']);
    assert.equal(one['mode'], 'given');
    out.messages.length = 0;
    const set = await run(complete, { payload: { employeeIds: ['1001', '1002', '9999'] } });
    assert.deepEqual(out.messages.map((m) => payloadOf<PaylocityEmployeeRecord>(m).employeeId).sort(), ['1001', '1002']);
    assert.deepEqual(set['notFound'], ['9999']);
    assert.equal(sim.log.count({ tag: { operation: 'employees.list' } }), 0, 'no listing pass');
    const caught = collect('caught');
    send('read', { payload: { companyId: 'MLC02', employeeId: '1001' } });
    const [wrong] = await caught.waitFor(1);
    assert.equal((wrong?.['error'] as { code: string }).code, 'MLC_PAYLOCITY_READ_OTHER_COMPANY');
  });

  it('incremental: a second read posts nothing through dedup; a changed employee posts once with a new key', async () => {
    await load({ entity: 'employees' });
    const complete = collect('complete');
    const dup = collect('dup');
    const written = collect('write');
    await run(complete);
    await audited('paylocity:employee:', 120);
    assert.equal(written.messages.length, 120);
    await run(complete);
    await dup.waitFor(120);
    assert.equal(written.messages.length, 120, 'nothing new to write');
    paylocity.change('1005', { departmentPosition: { jobTitle: 'Senior Carpenter' } });
    await run(complete);
    await dup.waitFor(239);
    await audited('paylocity:employee:MLC01:1005:', 2);
    assert.equal(written.messages.length, 121);
    const changed = payloadOf<PaylocityEmployeeRecord>(written.messages[120]);
    assert.equal(changed.employeeId, '1005');
    assert.equal(changed.jobTitle, 'Senior Carpenter');
    assert.equal(await withStore((s) => s.count({ keyPrefix: 'paylocity:employee:', status: 'posted' })), 121);
  });

  it('reads the pay statements of a check date across the employees paid on it, to the cent', async () => {
    await load({ entity: 'pay-statements', checkDate: '2026-11-13' });
    const out = collect('out');
    const complete = collect('complete');
    const shown = statuses();
    const end = await run(complete);
    const checks = out.messages.map((m) => payloadOf<PaidCheck>(m));
    assert.equal(checks.length, 108);
    assert.equal(end['employeesAsked'], 120);
    assert.equal(end['employeesPaid'], 108);
    assert.equal(checks.reduce((s, c) => s + cents(c.grossPay), 0), 27_373_190);
    assert.equal(checks.reduce((s, c) => s + cents(c.netPay), 0), 19_528_919);
    assert.ok(checks.every((c) => c.runId === '1' && c.checkDate === '2026-11-13' && c.details.length > 0 && c.summary));
    const earnings = checks.flatMap((c) => c.details).filter((d) => d.detType === 'E').reduce((s, d) => s + cents(d.amount), 0);
    assert.equal(earnings, 27_373_190);
    assert.match(mlcOf(out.messages[0]).key, /^paylocity:pay-statement:MLC01:\d+:2026-11-13:\d+$/);
    assert.equal(new Set(out.messages.map((m) => mlcOf(m).key)).size, 108);
    assert.equal(sim.log.count({ tag: { operation: 'paystatement.details' } }), 120);
    assert.equal(sim.log.count({ tag: { operation: 'paystatement.summary' } }), 120);
    assert.equal(shown.at(-1)?.text, '108 checks sent');
  });

  it('the payroll journal of a Payroll Processed payload: one balanced entry whose totals equal the statements; a rerun posts nothing', async () => {
    await load({ entity: 'journal' });
    const out = collect('out');
    const complete = collect('complete');
    const dup = collect('dup');
    const processed = { companyId: 'MLC01', processId: '2026111301', checkDate: '2026-11-13T00:00:00', runId: '1', processDate: '2026-11-11T10:31:05.9', status: 'Processed' };
    const end = await run(complete, { payload: processed });
    assert.equal(out.messages.length, 1);
    const entry = payloadOf<PayJournalEntry>(out.messages[0]);
    assert.equal(mlcOf(out.messages[0]).key, 'paylocity:journal:MLC01:2026-11-13:1');
    assert.deepEqual(mlcOf(out.messages[0]).source, { system: 'paylocity', entity: 'journal-entry', id: 'MLC01/2026-11-13/1' });
    assert.equal(out.messages[0]?.['topic'], 'paylocity/journal-entry');
    assert.equal(entry.balanced, true);
    assert.equal(entry.tiedOut, true);
    assert.equal(cents(entry.totals.gross), 27_373_190);
    assert.equal(cents(entry.totals.net), 19_528_919);
    assert.deepEqual(entry.statements, { gross: 273_731.9, net: 195_289.19, checks: 108 });
    assert.equal(entry.checks, 108);
    const debit = entry.lines.reduce((s, l) => s + cents(l.debit), 0);
    const credit = entry.lines.reduce((s, l) => s + cents(l.credit), 0);
    assert.equal(debit, credit);
    assert.equal(debit, cents(entry.totals.debit));
    assert.equal(debit, 27_373_190 + cents(entry.totals.employerTaxes));
    assert.equal(entry.lines.find((l) => l.kind === 'net-pay')?.credit, 195_289.19);
    assert.deepEqual([...new Set(entry.lines.filter((l) => l.kind === 'earning').map((l) => l.costCenter))].sort(), ['CC-100', 'CC-200', 'CC-300', 'CC-400']);
    assert.ok(entry.lines.some((l) => l.kind === 'employer-tax' && l.detCode === 'ER-SUTA' && l.account === '6200'));
    assert.deepEqual(end['payRunIds'], ['1']);
    assert.deepEqual(end['notTiedOut'], []);
    await audited('paylocity:journal:', 1);
    await run(complete, { payload: processed });
    await dup.waitFor(1);
    assert.equal(await withStore((s) => s.count({ keyPrefix: 'paylocity:journal:', status: 'posted' })), 1);
  });

  it('per cost center: one entry each, their totals adding up to the run; no check date reads the latest', async () => {
    await load({ entity: 'journal', grouping: 'costCenter' });
    const out = collect('out');
    const complete = collect('complete');
    const end = await run(complete);
    assert.equal(end['checkDate'], '2026-11-27');
    const entries = out.messages.map((m) => payloadOf<PayJournalEntry>(m));
    assert.deepEqual(entries.map((e) => e.group), ['CC-100', 'CC-200', 'CC-300', 'CC-400', 'CC-500']);
    assert.ok(entries.every((e) => e.balanced && e.tiedOut && e.checkDate === '2026-11-27' && e.runId === '1'));
    assert.equal(entries.reduce((s, e) => s + cents(e.totals.gross), 0), 27_557_340);
    assert.equal(entries.reduce((s, e) => s + cents(e.totals.net), 0), 19_667_923);
    assert.equal(entries.reduce((s, e) => s + e.checks, 0), 112);
    assert.deepEqual(out.messages.map((m) => mlcOf(m).key).at(-1), 'paylocity:journal:MLC01:2026-11-27:1:CC-500');
    assert.ok(entries.every((e) => e.lines.filter((l) => l.kind === 'earning').every((l) => l.costCenter === e.group)));
  });

  it('journal entries map to Odoo account.move as the UKG GL flow does: accounts and analytic cost centers looked up; an unknown cost center fails the entry whole', async () => {
    const accounts = ['2110', '2200', '2210', '2300', '2310', '6100', '6110', '6200'].map((key, i) => ({ key, value: 100 + i }));
    const costCenters = ['CC-100', 'CC-200', 'CC-300', 'CC-400'].map((key, i) => ({ key, value: 11 + i }));
    const rules = [
      { op: 'constant', target: 'move_type', value: 'entry', type: 'string' },
      { op: 'jsonata', target: 'ref', expression: '"Paylocity payroll " & checkDate & " run " & runId', type: 'string', required: true },
      { op: 'date', target: 'date', from: 'checkDate', inputFormat: 'YYYY-MM-DD', outputFormat: 'YYYY-MM-DD', type: 'date' },
      {
        op: 'each',
        target: 'line_ids',
        from: 'lines',
        wrap: 'x2many-create',
        elementLabel: '{name}',
        type: 'array',
        rules: [
          { op: 'lookup', target: 'account_id', from: 'account', table: 'accounts', onMiss: 'reject', label: 'account', type: 'integer' },
          { op: 'copy', target: 'name', from: 'name', type: 'string' },
          { op: 'number', target: 'debit', from: 'debit', round: 2, default: 0, type: 'number' },
          { op: 'number', target: 'credit', from: 'credit', round: 2, default: 0, type: 'number' },
          { op: 'lookup', target: 'analytic_distribution', from: 'costCenter', table: 'costCenters', onMiss: 'reject', as: 'distribution', percent: 100, required: false, label: 'cost center', type: 'object' },
        ],
      },
    ];
    const base = flow({ entity: 'journal' });
    await helper.load(
      NODES,
      [
        ...base.map((n) => (n['id'] === 'read' ? { ...n, wires: [['map'], ['complete']] } : n)),
        { id: 'map', z: 'tab', type: 'mlc-map', specFrom: 'node', rules, keep: false, keyExpression: '', outputMode: 'batch', tables: [{ name: 'accounts', source: 'rows', rows: accounts }, { name: 'costCenters', source: 'rows', rows: costCenters }], lookupsFrom: false, store: 'store', x: 300, y: 300, wires: [['mapped'], ['rejected']] },
        { id: 'mapped', z: 'tab', type: 'helper', x: 400, y: 300 },
        { id: 'rejected', z: 'tab', type: 'helper', x: 400, y: 340 },
      ],
      { pay: DEMO },
    );
    sim.quota.set([]);
    const complete = collect('complete');
    const mapped = collect('mapped');
    const rejected = collect('rejected');
    await run(complete, { payload: { processId: '2026111301' } });
    const [ok] = await mapped.waitFor(1);
    const move = payloadOf<{ ref: string; date: string; line_ids: Array<[0, 0, { account_id: number; debit: number; credit: number; analytic_distribution?: Record<string, number> }]> }>(ok);
    assert.equal(move.ref, 'Paylocity payroll 2026-11-13 run 1');
    assert.equal(mlcOf(ok).key, 'paylocity:journal:MLC01:2026-11-13:1');
    const lines = move.line_ids.map((command) => command[2]);
    assert.equal(lines.reduce((s, l) => s + cents(l.debit), 0), lines.reduce((s, l) => s + cents(l.credit), 0));
    assert.ok(lines.filter((l) => l.debit > 0).every((l) => l.analytic_distribution && Object.values(l.analytic_distribution)[0] === 100));
    assert.ok(lines.filter((l) => l.credit > 0).every((l) => l.analytic_distribution === undefined));

    // The second run paid CC-500 (Field Services), which Odoo has no analytic account for.
    await run(complete, { payload: { processId: '2026112701' } });
    const [bad] = await rejected.waitFor(1);
    assert.equal(mlcOf(bad).key, 'paylocity:journal:MLC01:2026-11-27:1');
    assert.equal(payloadOf<PayJournalEntry>(bad).checkDate, '2026-11-27', 'the whole entry, as read');
    assert.match((bad?.['error'] as { message: string }).message, /cost center "CC-500" not found in table "costCenters"/);
    assert.equal(mapped.messages.length, 1);
    await audited('paylocity:journal:MLC01:2026-11-27:1', 1);
    assert.equal((await withStore((s) => s.get('paylocity:journal:MLC01:2026-11-27:1')))?.status, 'failed', 'kept as failed, for replay once the cost center exists');
  });

  it('two runs on one check date: an entry each, told apart by the summaries\' process; a Payroll Processed payload reads its run only', async () => {
    paylocity.processPayroll({ checkDate: '2026-11-13', runNumber: 2 });
    await load({ entity: 'journal', checkDate: '2026-11-13', costCenter: 'none' });
    const out = collect('out');
    const complete = collect('complete');
    const both = await run(complete);
    assert.deepEqual(both['payRunIds'], ['1', '2']);
    const entries = out.messages.map((m) => payloadOf<PayJournalEntry>(m));
    assert.deepEqual(out.messages.map((m) => mlcOf(m).key), ['paylocity:journal:MLC01:2026-11-13:1', 'paylocity:journal:MLC01:2026-11-13:2']);
    assert.ok(entries.every((e) => e.balanced && e.tiedOut));
    assert.equal(cents(entries[0]?.totals.gross), 27_373_190, 'run 1 unchanged by run 2');
    out.messages.length = 0;
    await run(complete, { payload: { companyId: 'MLC01', processId: '2026111302', checkDate: '2026-11-13', runId: '2' } });
    assert.deepEqual(out.messages.map((m) => mlcOf(m).key), ['paylocity:journal:MLC01:2026-11-13:2']);
  });

  it('a 403 (a client outside the company) reaches Catch naming the company; the run is recorded failed', async () => {
    sim.quota.set([]);
    await helper.load(NODES, flow({ entity: 'codes' }), { pay: { clientId: 'mlc-limited-client', clientSecret: 'mlc-limited-secret' } });
    const caught = collect('caught');
    send('read', { payload: 'go' });
    const [msg] = await caught.waitFor(1);
    const error = msg?.['error'] as { code: string; message: string };
    assert.equal(error.code, 'MLC_HTTP_FORBIDDEN');
    assert.match(error.message, /MLC01/);
    assert.ok(!JSON.stringify(msg).includes('mlc-limited-secret'));
    const runs = await withStore((s) => s.listRuns());
    assert.deepEqual(runs.map((r) => r.status), ['failed']);
  });

  it('a pay code the table does not map fails the run, naming it, with nothing sent', async () => {
    await load({ entity: 'journal', checkDate: '2026-11-13', costCenter: 'none', payCodes: DEFAULT_PAY_CODES.filter((r) => r.code !== 'ER-SUTA' && r.code !== 'DEN') });
    const out = collect('out');
    const caught = collect('caught');
    const shown = statuses();
    send('read', { payload: 'go' });
    const [msg] = await caught.waitFor(1, 60_000);
    const error = msg?.['error'] as { code: string; message: string };
    assert.equal(error.code, 'MLC_PAYLOCITY_UNMAPPED_PAY_CODE');
    assert.match(error.message, /deduction DEN/);
    assert.match(error.message, /employer-tax ER-SUTA/);
    assert.equal(out.messages.length, 0);
    assert.equal(sim.log.count({ tag: { operation: 'employees.get' } }), 0, 'cost center none: no employee calls');
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual([shown.at(-1)?.fill, shown.at(-1)?.shape], ['red', 'ring']);
  });

  it('reads company codes, one message each, the resource from the node or the message', async () => {
    await load({ entity: 'codes', codeResource: 'costcenter1' });
    const out = collect('out');
    const complete = collect('complete');
    await run(complete);
    assert.deepEqual(out.messages.map((m) => mlcOf(m).key), ['CC-100', 'CC-200', 'CC-300', 'CC-400', 'CC-500'].map((c) => `paylocity:code:MLC01:costcenter1:${c}`));
    assert.deepEqual(payloadOf<Record<string, unknown>>(out.messages[1]), { code: 'CC-200', description: 'North Branch', companyId: 'MLC01', resource: 'costcenter1' });
    out.messages.length = 0;
    const end = await run(complete, { payload: 'go', resource: 'positions' });
    assert.equal(end['resource'], 'positions');
    assert.ok(out.messages.some((m) => mlcOf(m).key === 'paylocity:code:MLC01:positions:CARP'));
  });
});
