// mlc-ukg-read in Node-RED, against the UKG simulator over real sockets and a real SQLite store file:
// employees in full, by delta (employee-changes and dateTimeChanged) and by a given set; payroll GL as
// journal entries per branch and as lines; pay register; org levels and jobs; a 403 reaching Catch.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { openStore } from '../../lib/store';
import type { Store } from '../../lib/store/types';
import type { UkgEmployee } from '../../lib/ukg';
import type { GlEntry } from '../../lib/ukg/gl-entries';
import { employeeKey } from '../../lib/ukg/keys';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { UkgSimulator } from '../../sandbox/ukg';
import storeNode = require('../../nodes/core/store-config');
import dedupNode = require('../../nodes/core/dedup');
import auditNode = require('../../nodes/core/audit');
import ukgConfigNode = require('../../nodes/ukg/ukg-config');
import ukgReadNode = require('../../nodes/ukg/ukg-read');
import { testWriteNode, type Mlc } from '../support/stand-in-write';
import { collect, positioned, send, type Collected } from '../support/flow-helper';

helper.init(require.resolve('node-red'));


const NODES = [storeNode, dedupNode, auditNode, testWriteNode, ukgConfigNode, ukgReadNode];
const DEMO = { username: 'mlc-demo', password: 'mlc-demo-password', customerApiKey: 'MLCDM' };
const LIMITED = { username: 'mlc-limited', password: 'mlc-limited-password', customerApiKey: 'MLCDM' };

describe('mlc-ukg-read', () => {
  let sim: RunningSimulator;
  let ukg: UkgSimulator;
  let dir: string;
  let dbPath: string;

  const flow = (read: Record<string, unknown>, audit = false) =>
    positioned([
      { id: 'tab', type: 'tab' },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path: dbPath },
      { id: 'ukg', type: 'mlc-ukg-config', name: 'UKG sandbox', host: sim.url, pageSize: 100, concurrency: 4, maxAttempts: 1 },
      { id: 'read', z: 'tab', type: 'mlc-ukg-read', ukg: 'ukg', store: 'store', ...read, wires: [audit ? ['out', 'dedup'] : ['out'], ['complete']] },
      { id: 'dedup', z: 'tab', type: 'mlc-dedup', store: 'store', wires: [['write'], []] },
      { id: 'write', z: 'tab', type: 'mlc-test-write', wires: [['audit']] },
      { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', wires: [[]] },
      { id: 'out', z: 'tab', type: 'helper' },
      { id: 'complete', z: 'tab', type: 'helper' },
      { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'tab', type: 'helper' },
    ]);
  const load = (read: Record<string, unknown>, creds = DEMO, audit = false) => helper.load(NODES, flow(read, audit), { ukg: creds });

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
  /** The statuses the read node shows, as Node-RED's test helper reports them. */
  function statuses(): Array<{ fill?: string; shape?: string; text?: string }> {
    const seen: Array<{ fill?: string; shape?: string; text?: string }> = [];
    const node = helper.getNode('read') as unknown as { on(event: 'call:status', listener: (call: { args: [{ fill?: string; shape?: string; text?: string }] }) => void): void };
    node.on('call:status', (call) => seen.push(call.args[0]));
    return seen;
  }
  const employees = (c: Collected) => c.messages.map((m) => payloadOf<UkgEmployee>(m));

  /** Triggers one run and waits for its end-of-run message. */
  async function run(complete: Collected, msg: Record<string, unknown> = { payload: 'go' }): Promise<Record<string, unknown>> {
    const before = complete.messages.length;
    send('read', msg);
    const all = await complete.waitFor(before + 1, 60_000);
    return payloadOf<Record<string, unknown>>(all[before]);
  }

  before(async () => {
    ukg = new UkgSimulator();
    sim = await startSimulator(ukg, { port: 0 });
    await helper.startServer();
  });
  beforeEach(() => {
    sim.reset();
    dir = mkdtempSync(join(tmpdir(), 'mlc-ukg-read-'));
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

  it('reads all 250 employees in two passes, merged, one message each, and records the run', async () => {
    await load({ entity: 'employees', employeeMode: 'full' });
    const out = collect('out');
    const complete = collect('complete');
    const end = await run(complete);
    assert.equal(out.messages.length, 250);
    assert.equal(end['read'], 250);
    assert.equal(end['pages'], 3);
    const all = employees(out);
    assert.equal(new Set(all.map((e) => e.employeeId)).size, 250);
    assert.equal(all.filter((e) => !e.active).length, 10);
    const rehire = all.find((e) => e.employeeId === 'HRZBE000001I');
    assert.ok(rehire?.active && rehire.rehired);
    const first = out.messages[0];
    const e = payloadOf<UkgEmployee>(first);
    assert.ok(e.firstName && e.lastName && e.email && e.orgLevels[1] && e.compensation?.annualSalary && e.source.person && e.source.compensation);
    assert.equal(first?.['topic'], 'ukg/employee');
    const mlc = mlcOf(first);
    assert.equal(mlc.key, employeeKey(e));
    assert.deepEqual(mlc.source, { system: 'ukg', entity: 'employee', id: `${e.companyId}/${e.employeeId}` });
    assert.equal(mlc.runId, end['runId']);
    assert.match(String(end['runId']), /^ukg-read:employees:\d{4}-\d{2}-\d{2}T[\d:.]+Z:[0-9a-f]{8}\.\d+$/);
    assert.equal(sim.log.count({ path: /person-details$/ }), 250);
    assert.equal(sim.log.count({ path: /compensation-details$/ }), 250);
    const recorded = await withStore((s) => s.getRun(String(end['runId'])));
    assert.equal(recorded?.status, 'finished');
    assert.equal(recorded?.counts.read, 250);
  });

  it('delta via employee-changes: a hire, a termination and a rehire come out as exactly those three; then nothing, with no detail calls', async () => {
    // A minimum window of 30 ms instead of UKG's three hours, so the test need not wait.
    await load({ entity: 'employees', employeeMode: 'delta', deltaSource: 'employee-changes', minWindowMinutes: 0.0005, advance: 'sent' });
    const out = collect('out');
    const complete = collect('complete');
    const first = await run(complete);
    assert.equal(first['basis'], 'all', 'the first delta run reads everyone');
    assert.equal(out.messages.length, 250);
    const seeded = employees(out);
    const firstKeys = new Map(out.messages.map((m) => [payloadOf<UkgEmployee>(m).employeeId, mlcOf(m).key]));
    const leaver = seeded.find((e) => e.active && !e.rehired);
    const returner = seeded.find((e) => !e.active);
    assert.ok(leaver && returner);

    await new Promise((resolve) => setTimeout(resolve, 40));
    const hired = ukg.hire({ firstName: 'Nia', lastName: 'Okafor', jobCode: 'CARP', orgLevel2Code: 'CC-300' });
    ukg.terminate(leaver.employeeId, { reason: 'Resigned' });
    ukg.rehire(returner.employeeId, { date: '2026-12-01' });
    await new Promise((resolve) => setTimeout(resolve, 40));
    out.messages.length = 0;
    const second = await run(complete);
    assert.equal(second['basis'], 'window');
    assert.equal(second['read'], 3);
    const changed = new Map(employees(out).map((e) => [e.employeeId, e]));
    assert.deepEqual([...changed.keys()].sort(), [hired.employeeId, leaver.employeeId, returner.employeeId].sort());
    assert.equal(changed.get(hired.employeeId)?.active, true);
    assert.equal(changed.get(hired.employeeId)?.lastName, 'Okafor');
    assert.equal(changed.get(leaver.employeeId)?.active, false);
    assert.ok(changed.get(leaver.employeeId)?.terminationDate);
    assert.equal(changed.get(returner.employeeId)?.active, true);
    assert.equal(changed.get(returner.employeeId)?.rehired, true);
    assert.ok(changed.get(hired.employeeId)?.compensation, 'fetched in full, compensation included');
    const newKey = (employeeId: string) => mlcOf(out.messages.find((m) => payloadOf<UkgEmployee>(m).employeeId === employeeId)).key;
    assert.notEqual(newKey(leaver.employeeId), firstKeys.get(leaver.employeeId), 'a changed employee gets a new key');

    await new Promise((resolve) => setTimeout(resolve, 40));
    out.messages.length = 0;
    const sinceSeq = sim.log.lastSeq;
    const third = await run(complete);
    assert.equal(third['read'], 0);
    assert.equal(out.messages.length, 0);
    assert.equal(sim.log.count({ sinceSeq, path: /person-details|compensation-details|employment-details/ }), 0);
    assert.equal(sim.log.count({ sinceSeq, path: '/personnel/v1/employee-changes' }), 1);
    const cursor = await withStore((s) => s.getCursor('ukg-read:read:employees'));
    assert.equal(cursor?.value, (third['window'] as { end: string }).end);
  });

  it('delta sooner than the minimum window reads nothing, says when the next window opens, and fails nothing', async () => {
    const lastEnd = new Date(Date.now() - 3600_000).toISOString();
    await withStore((s) => s.setCursor('ukg-read:read:employees', lastEnd));
    await load({ entity: 'employees', employeeMode: 'delta' });
    const out = collect('out');
    const complete = collect('complete');
    const caught = collect('caught');
    const shown = statuses();
    const end = await run(complete);
    assert.equal(end['skipped'], true);
    assert.equal(end['nextWindowAt'], new Date(Date.parse(lastEnd) + 3 * 3600_000).toISOString());
    assert.match(String(end['reason']), /minimum window/);
    assert.equal(out.messages.length, 0);
    assert.equal(caught.messages.length, 0);
    assert.equal(sim.log.count({ path: '/personnel/v1/employee-changes' }), 0);
    await new Promise((resolve) => setImmediate(resolve));
    assert.match(shown.at(-1)?.text ?? '', /^next window at /);
    assert.deepEqual([shown.at(-1)?.fill, shown.at(-1)?.shape], ['yellow', 'ring']);
  });

  it('delta via the dateTimeChanged filter asks for changes after the day before the last run', async () => {
    await withStore((s) => s.setCursor('ukg-read:read:employees', '2026-11-16T10:00:00.000Z'));
    await load({ entity: 'employees', employeeMode: 'delta', deltaSource: 'dateTimeChanged', advance: 'sent' });
    const out = collect('out');
    const complete = collect('complete');
    const end = await run(complete);
    assert.equal(end['filter'], '>11-15-2026');
    assert.equal(sim.log.entries({ path: '/personnel/v1/employment-details' })[0]?.query['dateTimeChanged'], '>11-15-2026');
    assert.ok(out.messages.length > 0 && out.messages.length < 250, `${out.messages.length} changed`);
  });

  it('reads just the employees msg.payload.employees names', async () => {
    await load({ entity: 'employees', employeeMode: 'full' });
    const out = collect('out');
    const complete = collect('complete');
    const end = await run(complete, { payload: { employees: [{ companyId: 'MLCO1', employeeId: 'HRZBE000001I' }, { companyId: 'MLCO1', employeeId: 'AKRTZ000004E' }] } });
    assert.deepEqual(employees(out).map((e) => e.employeeId).sort(), ['AKRTZ000004E', 'HRZBE000001I']);
    assert.equal(end['mode'], 'given');
    assert.equal(sim.log.count({ path: '/personnel/v1/employment-details' }), 0, 'no listing pass');
  });

  it('turns the most recent GL run into one balanced journal entry per branch', async () => {
    await load({ entity: 'gl' });
    const out = collect('out');
    const complete = collect('complete');
    const end = await run(complete);
    const entries = out.messages.map((m) => payloadOf<GlEntry>(m));
    assert.deepEqual(entries.map((e) => e.group).sort(), ['BR-E', 'BR-N', 'BR-S']);
    const total = (group: string) => entries.find((e) => e.group === group)?.totals;
    assert.deepEqual(total('BR-N'), { debit: 338_820.86, credit: 338_820.86 });
    assert.deepEqual(total('BR-S'), { debit: 211_435.81, credit: 211_435.81 });
    assert.deepEqual(total('BR-E'), { debit: 241_557.15, credit: 241_557.15 });
    const cents = entries.reduce((sum, e) => sum + Math.round(e.totals.debit * 100), 0);
    assert.equal(cents, 79_181_382);
    assert.ok(entries.every((e) => e.balanced && e.runId === 'GL-MLCO1-20261130'));
    const north = entries.find((e) => e.group === 'BR-N') as GlEntry;
    assert.equal(north.payPeriodEndDate, '2026-11-30');
    assert.match(north.periodStartDate ?? '', /^\d{4}-\d{2}-\d{2}$/);
    assert.ok(north.lines.every((l) => /^\d+$/.test(l.account) && l.orgLevel1 === 'BR-N'));
    assert.equal(entries.reduce((n, e) => n + e.lines.length, 0), 24);
    const mlc = mlcOf(out.messages.find((m) => payloadOf<GlEntry>(m).group === 'BR-N'));
    assert.equal(mlc.key, 'ukg:gl:GL-MLCO1-20261130:BR-N');
    assert.deepEqual(mlc.source, { system: 'ukg', entity: 'gl-entry', id: 'GL-MLCO1-20261130/BR-N' });
    assert.equal(end['blocks'], 3);
    assert.deepEqual(end['unbalanced'], []);
  });

  it('sends one message per GL line when asked, and reads a named run from msg.runId', async () => {
    await load({ entity: 'gl', glOutput: 'line' });
    const out = collect('out');
    const complete = collect('complete');
    const end = await run(complete);
    assert.equal(out.messages.length, 24);
    assert.equal(new Set(out.messages.map((m) => mlcOf(m).key)).size, 24);
    assert.match(mlcOf(out.messages[0]).key, /^ukg:gl:GL-MLCO1-20261130:1:\d+$/);
    assert.equal(end['blocks'], 3);
    out.messages.length = 0;
    await run(complete, { payload: 'go', runId: 'GL-MLCO1-20261115' });
    assert.equal(out.messages.length, 21);
    assert.ok(out.messages.every((m) => mlcOf(m).key.startsWith('ukg:gl:GL-MLCO1-20261115:1:')));
  });

  it('groups a named run by company code into one entry for the whole company', async () => {
    await load({ entity: 'gl', glRunId: 'GL-MLCO1-20261115', glGroup: 'companyCode' });
    const out = collect('out');
    const complete = collect('complete');
    await run(complete);
    const entries = out.messages.map((m) => payloadOf<GlEntry>(m));
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0]?.totals, { debit: 778_256.17, credit: 778_256.17 });
    assert.equal(mlcOf(out.messages[0]).key, 'ukg:gl:GL-MLCO1-20261115:MLC');
  });

  it('a 403 for the limited account reaches Catch naming the missing role, with a red status', async () => {
    await load({ entity: 'gl' }, LIMITED);
    const caught = collect('caught');
    const complete = collect('complete');
    const shown = statuses();
    send('read', { payload: 'go' });
    const [msg] = await caught.waitFor(1);
    const error = msg?.['error'] as { message: string; code: string };
    assert.equal(error.code, 'MLC_HTTP_FORBIDDEN');
    assert.match(error.message, /needs the View on "Payroll Integration" role/);
    assert.ok(!JSON.stringify(msg).includes('mlc-limited-password'));
    assert.equal(complete.messages.length, 0);
    await new Promise((resolve) => setImmediate(resolve));
    assert.deepEqual([shown.at(-1)?.fill, shown.at(-1)?.shape], ['red', 'ring']);
  });

  it('a run whose first call fails is recorded in the store as failed with its masked error: wrong password, 500 until retries run out, host down', async () => {
    const wrong = 'Wrong-Ukg-Password-7731';
    await load({ entity: 'org-levels' }, { ...DEMO, password: wrong });
    let caught = collect('caught');
    send('read', { payload: 'go' });
    const [denied] = await caught.waitFor(1);
    assert.equal((denied?.['error'] as { code: string }).code, 'MLC_HTTP_UNAUTHORIZED');
    let runs = await withStore((s) => s.listRuns());
    assert.equal(runs.length, 1);
    assert.equal(runs[0]?.status, 'failed');
    assert.match(runs[0]?.note ?? '', /401/);
    assert.match(runs[0]?.note ?? '', /UKG sandbox/, 'names the config node');
    assert.ok(!JSON.stringify(runs).includes(wrong), 'the password is masked');
    assert.match(runs[0]?.runId ?? '', /^ukg-read:org-levels:/);
    await helper.unload();

    sim.faults.add({ kind: 'status', status: 500, path: '/configuration/v1/org-levels', times: 5 });
    await load({ entity: 'org-levels' });
    caught = collect('caught');
    send('read', { payload: 'go' });
    const [broken] = await caught.waitFor(1);
    assert.equal((broken?.['error'] as { code: string }).code, 'MLC_HTTP_SERVER');
    runs = await withStore((s) => s.listRuns());
    assert.equal(runs.length, 2);
    assert.deepEqual(runs.map((r) => r.status), ['failed', 'failed']);
    assert.ok(runs.some((r) => /500/.test(r.note ?? '')), JSON.stringify(runs));
    await helper.unload();
    sim.faults.clear();

    // A host nobody listens on: the run is there, failed, before any answer could come.
    const closed = await startSimulator(new UkgSimulator(), { port: 0 });
    const deadUrl = closed.url;
    await closed.close();
    await helper.load(NODES, flow({ entity: 'org-levels' }).map((n) => (n['id'] === 'ukg' ? { ...n, host: deadUrl } : n)), { ukg: DEMO });
    caught = collect('caught');
    send('read', { payload: 'go' });
    const [down] = await caught.waitFor(1);
    assert.equal((down?.['error'] as { code: string }).code, 'MLC_HTTP_NETWORK');
    runs = await withStore((s) => s.listRuns());
    assert.equal(runs.length, 3);
    assert.ok(runs.every((r) => r.status === 'failed'), JSON.stringify(runs));
  });

  it('read lease: held by another live instance → no read, a yellow status naming it, a log line, no Catch; lapsed → read; held while running; given up on redeploy', async () => {
    const other = 'other-host:0123456789ab|5f0c2d1e-0000-4000-8000-000000000000';
    await withStore((s) => s.acquireLease('read:read', other, 60_000));
    await load({ entity: 'org-levels' });
    const out = collect('out');
    const complete = collect('complete');
    const caught = collect('caught');
    const shown = statuses();
    const logged: string[] = [];
    (helper.getNode('read') as unknown as NodeJS.EventEmitter).on('call:log', (call: { args: [unknown] }) => logged.push(String(call.args[0])));
    send('read', { payload: 'go' });
    while (!logged.some((line) => /read lease/.test(line))) await new Promise((resolve) => setImmediate(resolve));
    assert.match(logged.find((line) => /read lease/.test(line)) ?? '', /read lease "read:read" is held by instance other-host:0123456789ab until \d{4}-\d{2}-\d{2}T.*; this trigger did not read/);
    await new Promise((resolve) => setImmediate(resolve));
    const held = shown.at(-1);
    assert.deepEqual([held?.fill, held?.shape], ['yellow', 'ring']);
    assert.match(held?.text ?? '', /^held by other-host until \d{2}:\d{2}:\d{2}Z$/);
    assert.equal(out.messages.length + complete.messages.length + caught.messages.length, 0, 'nothing emitted, nothing failed');
    assert.equal(sim.log.count({}), 0, 'no call to UKG');
    assert.equal((await withStore((s) => s.listRuns())).length, 0, 'no run recorded');

    // A holder that died: its lease lapses on its own and this instance reads.
    await withStore(async (s) => {
      await s.releaseLease('read:read', other);
      await s.acquireLease('read:read', other, 1);
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    const end = await run(complete);
    assert.ok(Number(end['read']) > 0);
    assert.equal(caught.messages.length, 0);
    const free = await withStore((s) => s.acquireLease('read:read', other, 60_000));
    assert.equal(free.acquired, true, 'the finished run gave its lease up');
    await withStore((s) => s.releaseLease('read:read', other));
    await helper.unload();

    // While a run waits for its audit the lease is this instance's; a redeploy gives it up.
    await load({ entity: 'employees', employeeMode: 'delta', advance: 'audited', auditTimeoutSeconds: 600 });
    const waiting = collect('out');
    send('read', { payload: 'go' });
    await waiting.waitFor(1, 30_000);
    const during = await withStore((s) => s.acquireLease('read:read', other, 60_000));
    assert.equal(during.acquired, false);
    assert.match(during.lease.holder, /\|/);
    assert.notEqual(during.lease.holder, other);
    await helper.unload();
    const afterRedeploy = await withStore((s) => s.acquireLease('read:read', other, 60_000));
    assert.equal(afterRedeploy.acquired, true, 'closed by a redeploy: the lease is given up');
  });

  it('reads the pay register for a pay-date range, one message per check', async () => {
    await load({ entity: 'pay-register', rangeFrom: '2026-11-01', rangeTo: '2026-11-30' });
    const out = collect('out');
    const complete = collect('complete');
    const end = await run(complete);
    assert.ok(out.messages.length >= 236, `${out.messages.length} checks`);
    assert.equal(end['read'], out.messages.length);
    assert.equal(new Set(out.messages.map((m) => mlcOf(m).key)).size, out.messages.length, 'a key per check');
    assert.match(mlcOf(out.messages[0]).key, /^ukg:pay-register:MLCO1:[A-Z0-9]+:\d+-\d+$/);
    assert.equal(sim.log.entries({ path: '/payroll/v1/pay-register' })[0]?.query['payDate'], '{11-01-2026,11-30-2026}');
    out.messages.length = 0;
    await run(complete, { payload: 'go', range: { from: '2026-11-14', to: '2026-11-16' } });
    assert.ok(out.messages.length > 0 && out.messages.length < 300);
  });

  it('reads pay statement summaries of a company', async () => {
    await load({ entity: 'pay-statements', companyId: 'MLCO1', rangeFrom: '2026-11-01', rangeTo: '2026-11-30' });
    const out = collect('out');
    const complete = collect('complete');
    await run(complete);
    assert.ok(out.messages.length >= 236);
    assert.match(mlcOf(out.messages[0]).key, /^ukg:pay-statement:MLCO1:/);
  });

  it('reads org levels (one level if asked) and job codes, one message per row', async () => {
    await load({ entity: 'org-levels', orgLevel: '2' });
    const out = collect('out');
    const complete = collect('complete');
    await run(complete);
    const codes = out.messages.map((m) => mlcOf(m).key);
    assert.ok(codes.includes('ukg:org-level:2:CC-500'));
    assert.ok(codes.every((k) => k.startsWith('ukg:org-level:2:')));
    assert.equal(out.messages[0]?.['topic'], 'ukg/org-level');
    await helper.unload();
    await load({ entity: 'jobs' });
    const jobs = collect('out');
    await run(collect('complete'));
    assert.ok(jobs.messages.some((m) => mlcOf(m).key === 'ukg:job:CARP'));
    assert.deepEqual(mlcOf(jobs.messages[0]).source.entity, 'job');
  });

  it('delta with advance after audited moves the cursor once dedup → write → audit has every key', async () => {
    await load({ entity: 'employees', employeeMode: 'delta', advance: 'audited', auditTimeoutSeconds: 30 }, DEMO, true);
    const complete = collect('complete');
    const end = await run(complete);
    assert.equal(end['read'], 250);
    const posted = await withStore((s) => s.count({ keyPrefix: 'ukg:employee:', status: 'posted' }));
    assert.equal(posted, 250);
    assert.equal(await withStore(async (s) => (await s.getCursor('ukg-read:read:employees'))?.value), end['cursor']);
  });

  it('delta whose records never reach audit stops with MLC_UKG_READ_NOT_AUDITED and leaves the cursor', async () => {
    await load({ entity: 'employees', employeeMode: 'delta', advance: 'audited', auditTimeoutSeconds: 0.2 });
    const caught = collect('caught');
    send('read', { payload: 'go' });
    const [msg] = await caught.waitFor(1, 30_000);
    const error = msg?.['error'] as { message: string; code: string };
    assert.equal(error.code, 'MLC_UKG_READ_NOT_AUDITED');
    assert.match(error.message, /of page 1 were not audited/);
    assert.equal(await withStore((s) => s.getCursor('ukg-read:read:employees')), null);
  });

  it('a redeploy stops a read under way: no error, the run marked failed', async () => {
    sim.latency.set({ ms: 30 });
    await load({ entity: 'employees', employeeMode: 'full' });
    const out = collect('out');
    const caught = collect('caught');
    send('read', { payload: 'go' });
    await out.waitFor(1, 30_000);
    await helper.unload();
    const runs = await withStore((s) => s.listRuns());
    assert.equal(runs[0]?.status, 'failed');
    assert.match(runs[0]?.note ?? '', /stopped by a redeploy/);
    assert.ok(out.messages.length < 250);
    assert.equal(caught.messages.length, 0);
    sim.latency.clear();
  });
});
