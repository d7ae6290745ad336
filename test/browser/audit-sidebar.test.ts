// The ml-connector sidebar in a real Node-RED 5 editor in headless Chromium, on two flows that share
// one store (Employees and GL, each map → dedup → a write stand-in → audit, with its own replay node):
// a record replays through its own flow's replay node, "Replay all failed" sends each flow's records
// through that flow's node and reports per flow, an open record and a half-typed park reason survive
// the refresh after a replay, the run rows and the chips count failed records the same way, and a
// record that fails again shows one more attempt and both errors.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../lib/store';
import { chromiumSkipReason, launchChromium } from '../support/chromium';
import { PROJECT_ROOT, startNodeRed, type RunningNodeRed } from '../support/node-red-process';
import { eventually } from '../support/ui-wait';

const skip = chromiumSkipReason();
const SHOTS = join(PROJECT_ROOT, 'test-output');
const GL_RUN = 'ukg:payrun:2026-11-13';
const EMP_RUN = 'ukg:employees:2026-11-13';
/** Fails at the write, then posts on replay: account 6100 exists now. */
const KEY_A = 'ukg:payrun:2026-11-13:GL:6100:CC-200';
/** Fails again on replay, at the GL map: account 6999 is in no lookup table. */
const KEY_B = 'ukg:payrun:2026-11-13:GL:6999:CC-200';
/** Replayed behind the sidebar's back, so its Replay button finds nothing to replay. */
const KEY_C = 'ukg:payrun:2026-11-13:GL:6150:CC-200';
/** Recorded by a tab since deleted: no flow's replay node serves it. */
const KEY_N = 'ukg:payrun:2026-11-13:GL:6200:CC-310';
const EMP_KEYS = ['ukg:employee:E1', 'ukg:employee:E2'];
const HELD = 'ukg:employee:E3';

function writeStandIn(id: string, z: string, target: string, y: number, next: string): Record<string, unknown> {
  return {
    id, z, type: 'change', name: 'write (stand-in)', x: 720, y, wires: [[next]],
    rules: [{ t: 'set', p: 'mlc.target', pt: 'msg', to: JSON.stringify({ system: 'odoo', entity: 'account.move', id: target }), tot: 'json' }],
  };
}

function flows(dbPath: string): unknown[] {
  return [
    // Employees first, so the sidebar's first choice of replay node is not GL's.
    { id: 'emp-tab', type: 'tab', label: 'Employees' },
    { id: 'gl-tab', type: 'tab', label: 'GL' },
    { id: 'sb-store', type: 'mlc-store', name: 'payroll store', backend: 'sqlite', path: dbPath },
    { id: 'emp-replay', z: 'emp-tab', type: 'mlc-replay', name: 'replay Employees', store: 'sb-store', scope: 'flow', version: 1, pageSize: 200, x: 140, y: 100, wires: [['emp-map'], [], []] },
    {
      id: 'emp-map', z: 'emp-tab', type: 'mlc-map', name: 'Employees map', specFrom: 'node', keep: false, keyExpression: '', outputMode: 'batch', tables: [], lookupsFrom: false, store: 'sb-store', x: 340, y: 100, wires: [['emp-dedup'], []],
      rules: [{ op: 'copy', target: 'employee', from: 'employee', type: 'string' }, { op: 'constant', target: 'flow', value: 'Employees', type: 'string' }],
    },
    { id: 'emp-dedup', z: 'emp-tab', type: 'mlc-dedup', name: 'Employees dedup', store: 'sb-store', staleMinutes: 10, x: 540, y: 100, wires: [['emp-write'], []] },
    writeStandIn('emp-write', 'emp-tab', 'EMP-601', 100, 'emp-audit'),
    { id: 'emp-audit', z: 'emp-tab', type: 'mlc-audit', store: 'sb-store', mode: 'auto', x: 900, y: 100, wires: [[]] },
    { id: 'gl-replay', z: 'gl-tab', type: 'mlc-replay', name: 'replay GL', store: 'sb-store', scope: 'flow', version: 1, pageSize: 200, x: 140, y: 100, wires: [['gl-map'], [], []] },
    {
      id: 'gl-map', z: 'gl-tab', type: 'mlc-map', name: 'GL map', specFrom: 'node', keep: false, keyExpression: '', outputMode: 'batch', lookupsFrom: false, store: 'sb-store', x: 340, y: 100, wires: [['gl-dedup'], []],
      tables: [{ name: 'accounts', source: 'rows', rows: [{ key: '6100', value: 61 }, { key: '6150', value: 62 }, { key: '6200', value: 63 }] }],
      rules: [
        { op: 'lookup', target: 'account_id', from: 'account', table: 'accounts', onMiss: 'reject', label: 'GL account', type: 'integer' },
        { op: 'copy', target: 'debit', from: 'amount', type: 'number' },
        { op: 'constant', target: 'flow', value: 'GL', type: 'string' },
      ],
    },
    { id: 'gl-dedup', z: 'gl-tab', type: 'mlc-dedup', name: 'GL dedup', store: 'sb-store', staleMinutes: 10, x: 540, y: 100, wires: [['gl-write'], []] },
    writeStandIn('gl-write', 'gl-tab', 'GL-501', 100, 'gl-audit'),
    { id: 'gl-audit', z: 'gl-tab', type: 'mlc-audit', store: 'sb-store', mode: 'auto', x: 900, y: 100, wires: [[]] },
  ];
}

/** What a payroll run and an employee sync left behind, written before Node-RED starts. */
async function seedStore(dbPath: string): Promise<void> {
  const store = await openStore({ kind: 'sqlite', path: dbPath });
  try {
    await store.startRun({ runId: GL_RUN, flow: 'gl-tab' });
    await store.startRun({ runId: EMP_RUN, flow: 'emp-tab' });
    const gl = [
      { key: KEY_A, account: '6100', amount: 18250.4, flow: 'gl-tab' },
      { key: KEY_B, account: '6999', amount: 77.1, flow: 'gl-tab' },
      { key: KEY_C, account: '6150', amount: 1420.15, flow: 'gl-tab' },
      { key: KEY_N, account: '6200', amount: 932.0, flow: 'old-tab' },
    ];
    for (const f of gl) {
      await store.claim({ key: f.key, owner: 'seed', runId: GL_RUN, flow: f.flow, input: { account: f.account, amount: f.amount } });
      await store.markFailed({
        key: f.key,
        owner: 'seed',
        runId: GL_RUN,
        flow: f.flow,
        error: { message: `Odoo: account ${f.account} not found in company "ML Construction"`, code: 'MLC_ODOO_NOT_FOUND', source: 'mlc-odoo-write' },
        payload: { account_id: 0, debit: f.amount },
        input: { account: f.account, amount: f.amount },
        mlc: { key: f.key, runId: GL_RUN, source: { system: 'ukg', entity: 'gl', id: f.account } },
        source: { system: 'ukg', entity: 'gl', id: f.account },
      });
    }
    for (const key of EMP_KEYS) {
      const employee = key.split(':')[2] as string;
      await store.markFailed({
        key,
        runId: EMP_RUN,
        flow: 'emp-tab',
        error: { message: `no department for ${employee}`, source: 'mlc-odoo-write' },
        input: { employee },
        mlc: { key, runId: EMP_RUN, source: { system: 'ukg', entity: 'employee', id: employee } },
      });
    }
    await store.claim({ key: HELD, owner: 'nr-b:4242:main:emp-dedup:1', runId: EMP_RUN, flow: 'emp-tab', input: { employee: 'E3' } });
    await store.markPosted({ key: 'ukg:payrun:2026-11-13:GL:5000:CC-100', runId: GL_RUN, flow: 'gl-tab', target: { system: 'odoo', entity: 'account.move', id: '480' } });
    // The run met one failure as it went; three more came from claims released later: the row must
    // not say "failed 1" while four of its records are failed.
    await store.addRunCounts(GL_RUN, { read: 5, posted: 1, duplicates: 0, failed: 1 });
    await store.finishRun(GL_RUN, 'finished');
    await store.addRunCounts(EMP_RUN, { read: 3, posted: 0, duplicates: 0, inProgress: 1, failed: 2 });
    await store.finishRun(EMP_RUN, 'finished');
  } finally {
    await store.close();
  }
}

interface StoredRecord { status: string; attempts: number; flow: string | null; target: { id: string } | null; payload: Record<string, unknown> | null }

describe('the ml-connector sidebar in headless Chromium', { skip }, () => {
  let dir: string;
  let nr: RunningNodeRed;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  async function record(key: string): Promise<StoredRecord> {
    const res = await fetch(`${nr.url}/mlc-audit-sidebar/stores/sb-store/record?key=${encodeURIComponent(key)}`);
    return ((await res.json()) as { record: StoredRecord }).record;
  }

  /** Polls the store (not the page) until the record is as wanted: the flow runs on after the replay answers. */
  async function recordBecomes(key: string, wanted: (r: StoredRecord) => boolean): Promise<StoredRecord> {
    const deadline = Date.now() + 20_000;
    let last = await record(key);
    while (!wanted(last) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 100));
      last = await record(key);
    }
    assert.ok(wanted(last), `${key}: ${JSON.stringify(last)}`);
    return last;
  }

  const row = (key: string) => page.locator('.mlc-sb-rec').filter({ has: page.locator(`.mlc-sb-rec-key[title="${key}"]`) });

  /** The chip's failed count and the run rows' failed-now cells, as the user reads them. */
  async function failedCounts(): Promise<{ chip: number; runs: Record<string, number> }> {
    return page.evaluate(() => {
      const chip = document.querySelector('.mlc-sb-chip[data-status="failed"]')?.textContent ?? '';
      const runs: Record<string, number> = {};
      document.querySelectorAll('.mlc-sb-runs tbody[data-run-id]').forEach((tb) => {
        runs[tb.getAttribute('data-run-id') ?? ''] = Number(tb.querySelector('.mlc-sb-run-failed-now')?.textContent);
      });
      return { chip: Number(chip.split(' ')[0]), runs };
    });
  }

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-sidebar-ui-'));
    const dbPath = join(dir, 'store.sqlite');
    await seedStore(dbPath);
    nr = await startNodeRed('node-red', flows(dbPath));
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(nr.url, { waitUntil: 'load' });
    await page.waitForSelector('.red-ui-palette-node', { timeout: 60_000 });
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await nr?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('loads as a plugin with no error and adds the ml-connector tab', async () => {
    const res = await fetch(`${nr.url}/plugins`, { headers: { Accept: 'application/json' } });
    const sets = (await res.json()) as Array<{ id: string; err?: string; plugins: Array<{ id: string }> }>;
    const ours = sets.find((s) => s.id === '@ml-connector/node-red/mlc-audit-sidebar');
    assert.ok(ours, `plugin sets: ${sets.map((s) => s.id).join(', ')}`);
    assert.equal(ours.err, undefined);
    assert.deepEqual(ours.plugins.map((p) => p.id), ['mlc-audit-sidebar']);
    await page.waitForSelector('button[data-tab-id="mlc-audit-sidebar"] i.fa-check-square-o', { state: 'attached', timeout: 20_000 });
  });

  it('shows the runs with in-progress apart from duplicates, and counts failed records as the chip does', async () => {
    await page.evaluate(() => (window as unknown as { RED: { sidebar: { show(t: string): void } } }).RED.sidebar.show('mlc-audit-sidebar'));
    await page.waitForSelector(`.mlc-sb-rec-key[title="${KEY_A}"]`, { timeout: 20_000 });
    // Node-RED 5 opens the debug tab below ours; clicking its active tab button folds that section
    // away, as a user would, so the screenshots show the whole sidebar.
    await page.click('button[data-tab-id="debug"]');
    await page.waitForFunction(() => (document.querySelector('.mlc-sb')?.getBoundingClientRect().height ?? 0) > 600, undefined, { timeout: 5_000 }).catch(() => undefined);
    await eventually('the store shown', () => page.locator('.mlc-sb-header select option:checked').textContent(), 'payroll store');
    // Read, Posted, Dup, Busy (in progress), then Failed: failed now, and the failures the run met in grey.
    const gl = page.locator(`.mlc-sb-runs tbody[data-run-id="${GL_RUN}"] tr.mlc-sb-run-counts td`);
    await eventually('the GL run row', async () => (await gl.allTextContents()).slice(1), ['5', '1', '0', '0', '4met 1']);
    const emp = page.locator(`.mlc-sb-runs tbody[data-run-id="${EMP_RUN}"] tr.mlc-sb-run-counts td`);
    await eventually('the Employees run row', async () => (await emp.allTextContents()).slice(1), ['3', '0', '0', '1', '2']);
    await eventually('failed counts', failedCounts, { chip: 6, runs: { [GL_RUN]: 4, [EMP_RUN]: 2 } });
    await eventually('records listed', () => page.locator('.mlc-sb-rec').count(), 6);
    // Before a record is opened, the first wired replay node is chosen: Employees' here.
    await eventually('the replay node chosen', () => page.locator('#mlc-sb-via-select option:checked').textContent(), 'replay Employees (Employees)');
    await page.locator('.mlc-sb').screenshot({ path: join(SHOTS, 'audit-sidebar-failed.png') });
    await page.screenshot({ path: join(SHOTS, 'audit-sidebar-editor.png') });
  });

  it('lists a claimed record with its owner and how long it has been held', async () => {
    await page.selectOption('.mlc-sb-filters select', 'claimed');
    await row(HELD).waitFor({ timeout: 10_000 });
    await eventually('the claim line', async () => (await row(HELD).locator('.mlc-sb-rec-meta').textContent()) ?? '', (text) => /^held by nr-b:4242:main:emp-dedup:1 for \d+ (s|min)/.test(text));
    await row(HELD).locator('.mlc-sb-rec-head').click();
    await eventually('the owner', () => row(HELD).locator('.mlc-sb-owner').textContent(), 'nr-b:4242:main:emp-dedup:1');
    await row(HELD).locator('.mlc-sb-release').waitFor();
    await page.selectOption('.mlc-sb-filters select', 'failed');
    await row(KEY_A).waitFor({ timeout: 10_000 });
  });

  it('opening a record picks the replay node of its own flow', async () => {
    await row(EMP_KEYS[0] as string).locator('.mlc-sb-rec-head').click();
    await row(EMP_KEYS[0] as string).locator('.mlc-sb-own-via').waitFor({ timeout: 10_000 });
    await eventually('the replay node chosen', () => page.locator('#mlc-sb-via-select option:checked').textContent(), 'replay Employees (Employees)');
    await row(KEY_A).locator('.mlc-sb-rec-head').click();
    const via = row(KEY_A).locator('.mlc-sb-own-via');
    await eventually('its own replay node', () => via.textContent(), 'replay GL (GL)');
    await eventually('the replay node chosen', () => page.locator('#mlc-sb-via-select option:checked').textContent(), 'replay GL (GL)');
    await eventually('the flow', () => row(KEY_A).locator('.mlc-sb-flow').textContent(), 'GL');
    await eventually('the history', () => row(KEY_A).locator('.mlc-sb-history-msg').allTextContents(), ['Odoo: account 6100 not found in company "ML Construction" (MLC_ODOO_NOT_FOUND)']);
    await page.locator('.mlc-sb').screenshot({ path: join(SHOTS, 'audit-sidebar-record.png') });
  });

  it('replays the record through the GL flow and says which node and flow it used', async () => {
    await row(KEY_A).locator('.mlc-sb-replay-one').click();
    const result = page.locator('.mlc-sb-result');
    await eventually('the replay result', () => result.textContent(), `Replayed 1 record (record ${KEY_A}) through "replay GL" on flow "GL".`);
    // GL's map (it added flow "GL" from the record as read), GL's write stand-in (target GL-501).
    const posted = await recordBecomes(KEY_A, (r) => r.status === 'posted');
    assert.equal(posted.target?.id, 'GL-501');
    assert.deepEqual(posted.payload, { account_id: 61, debit: 18250.4, flow: 'GL' });
    assert.equal(posted.attempts, 2);
    for (const key of EMP_KEYS) {
      const emp = await record(key);
      assert.deepEqual([emp.status, emp.attempts], ['failed', 1], `${key} untouched by the GL replay`);
    }
    await row(KEY_A).waitFor({ state: 'detached', timeout: 10_000 });
    await page.locator('.mlc-sb').screenshot({ path: join(SHOTS, 'audit-sidebar-after-replay.png') });
  });

  it('says so when a replay finds nothing to replay', async () => {
    await row(KEY_C).locator('.mlc-sb-rec-head').click();
    await row(KEY_C).locator('.mlc-sb-replay-one').waitFor({ timeout: 10_000 });
    // Someone else replays it first (the node's own button, another editor).
    const res = await fetch(`${nr.url}/mlc-replay/gl-replay/replay`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ key: KEY_C }) });
    assert.equal(((await res.json()) as { replayed: number }).replayed, 1);
    await row(KEY_C).locator('.mlc-sb-replay-one').click();
    const result = page.locator('.mlc-sb-result');
    await eventually('the replay result', async () => (await result.textContent()) ?? '', (text) => /^Nothing matched: 0 records replayed through "replay GL" on flow "GL"/.test(text));
    await recordBecomes(KEY_C, (r) => r.status === 'posted');
  });

  it('replays all failed records, each flow through its own replay node, reporting per flow; an open record and its half-typed park reason survive the refresh', async () => {
    await row(KEY_N).locator('.mlc-sb-rec-head').click();
    await eventually('its replay node', () => row(KEY_N).locator('.mlc-sb-own-via').textContent(), "no replay node on this record's flow (old-tab); the one chosen above");
    await row(KEY_N).locator('.mlc-sb-park-open').click();
    await row(KEY_N).locator('.mlc-sb-park input').fill('booked by ha');
    const before = await row(KEY_N).locator('.mlc-sb-detail').getAttribute('data-renders');

    await page.click('.mlc-sb-replay-all');
    const dialog = page.locator('.red-ui-notification', { hasText: 'Replay all 4 failed record(s) of this store' });
    await dialog.waitFor({ timeout: 5_000 });
    await dialog.locator('button', { hasText: /^Replay all$/ }).click();
    const result = page.locator('.mlc-sb-result');
    await eventually('the per-flow result', () => result.locator('div').allTextContents(), [
      'flow "Employees": Replayed 2 records (its failed records) through "replay Employees" on flow "Employees".',
      'flow "GL": Replayed 1 record (its failed records) through "replay GL" on flow "GL".',
      '1 failed record names no deployed flow: not replayed; open one to replay it through a node you choose.',
    ]);
    // The refresh after the replay rebuilt the list around the open record: wait until its detail was redrawn.
    await page.waitForFunction(
      ([key, n]) => {
        const rec = Array.from(document.querySelectorAll('.mlc-sb-rec')).find((el) => el.getAttribute('data-key') === key);
        return Number(rec?.querySelector('.mlc-sb-detail')?.getAttribute('data-renders')) > Number(n);
      },
      [KEY_N, before] as const,
      { timeout: 20_000 },
    );
    await eventually('the record stays open', () => row(KEY_N).getAttribute('class'), 'mlc-sb-rec expanded');
    await eventually('the half-typed reason', () => row(KEY_N).locator('.mlc-sb-park input').inputValue(), 'booked by ha');
    await eventually('the park form stays open', () => row(KEY_N).locator('.mlc-sb-park').isVisible(), true);
    await page.locator('.mlc-sb').screenshot({ path: join(SHOTS, 'audit-sidebar-replayed-all.png') });

    for (const key of EMP_KEYS) {
      const emp = await recordBecomes(key, (r) => r.status === 'posted');
      assert.equal(emp.target?.id, 'EMP-601', `${key} went through the Employees flow`);
      assert.deepEqual(emp.payload, { employee: key.split(':')[2], flow: 'Employees' });
    }
  });

  it('counts one more attempt when a replayed record fails again, and shows both errors with the node that failed it', async () => {
    // The GL map rejects account 6999 (no lookup row): the second failure, at the map stage.
    await recordBecomes(KEY_B, (r) => r.status === 'failed' && r.attempts === 2);
    await page.click('.mlc-sb-header button[aria-label="Refresh"]');
    await page.waitForFunction((key) => {
      const rec = Array.from(document.querySelectorAll('.mlc-sb-rec')).find((el) => el.getAttribute('data-key') === key);
      return /^2 attempts/.test(rec?.querySelector('.mlc-sb-rec-meta')?.textContent ?? '');
    }, KEY_B, { timeout: 20_000 });
    await row(KEY_B).locator('.mlc-sb-rec-head').click();
    const history = row(KEY_B).locator('.mlc-sb-history li');
    await eventually('attempts', () => row(KEY_B).locator('.mlc-sb-attempts').textContent(), '2');
    await eventually('two errors', () => history.count(), 2);
    const heads = await history.locator('.mlc-sb-history-head').allTextContents();
    const messages = await history.locator('.mlc-sb-history-msg').allTextContents();
    assert.equal(heads.length, 2);
    assert.match(heads[0] ?? '', /^attempt 1 · .* · mlc-odoo-write$/);
    assert.match(heads[1] ?? '', /^attempt 2 · .* · GL map \(mlc-map\) on GL$/);
    assert.match(messages[0] ?? '', /account 6999 not found/);
    assert.match(messages[1] ?? '', /GL account/);
    await page.locator('.mlc-sb').screenshot({ path: join(SHOTS, 'audit-sidebar-history.png') });

    // Two failed now (B at the map, N with no flow): the chip and the run row agree.
    await eventually('failed counts', failedCounts, { chip: 2, runs: { [GL_RUN]: 2, [EMP_RUN]: 0 } });
  });

  it('parks a record with a reason', async () => {
    await row(KEY_B).locator('.mlc-sb-park-open').click();
    await row(KEY_B).locator('.mlc-sb-park input').fill('account 6999 retired, booked by hand');
    await row(KEY_B).locator('.mlc-sb-park-ok').click();
    await row(KEY_B).waitFor({ state: 'detached', timeout: 10_000 });
    await page.selectOption('.mlc-sb-filters select', 'parked');
    await eventually('the parked record', async () => (await row(KEY_B).textContent()) ?? '', (text) => /parked: account 6999 retired, booked by hand/.test(text));
    await page.selectOption('.mlc-sb-filters select', 'failed');
    await row(KEY_N).waitFor({ timeout: 10_000 });
  });

  it('releases a claim after asking: the record is failed and replayable', async () => {
    await page.selectOption('.mlc-sb-filters select', 'claimed');
    await row(HELD).locator('.mlc-sb-rec-head').click();
    await row(HELD).locator('.mlc-sb-release').click();
    const dialog = page.locator('.red-ui-notification', { hasText: `Release the claim of nr-b:4242:main:emp-dedup:1 on ${HELD}?` });
    await dialog.waitFor({ timeout: 5_000 });
    await dialog.locator('button', { hasText: /^Release$/ }).click();
    await page.locator('.mlc-sb-result', { hasText: `Released the claim on ${HELD}` }).waitFor({ timeout: 10_000 });
    const released = await record(HELD);
    assert.equal(released.status, 'failed');
    await page.selectOption('.mlc-sb-filters select', 'failed');
    await row(HELD).waitFor({ timeout: 10_000 });
    await eventually('failed counts', failedCounts, { chip: 2, runs: { [GL_RUN]: 1, [EMP_RUN]: 1 } });
  });

  it("replays a run's failures through the run's own flow's replay node, whatever node is chosen above", async () => {
    await page.selectOption('#mlc-sb-via-select', 'emp-replay');
    await page.click(`.mlc-sb-runs tbody[data-run-id="${GL_RUN}"]`);
    await page.waitForSelector('.mlc-sb-runchip', { state: 'visible' });
    await page.waitForSelector('.mlc-sb-replay-run:not([disabled])');
    await page.click('.mlc-sb-replay-run');
    const dialog = page.locator('.red-ui-notification', { hasText: `Replay the 1 failed record(s) of run ${GL_RUN} through "replay GL" on flow "GL"?` });
    await dialog.waitFor({ timeout: 5_000 });
    await dialog.locator('button', { hasText: /^Replay$/ }).click();
    await page.locator('.mlc-sb-result', { hasText: `Replayed 1 record (the failures of run ${GL_RUN}) through "replay GL" on flow "GL".` }).waitFor({ timeout: 20_000 });
    const posted = await recordBecomes(KEY_N, (r) => r.status === 'posted');
    assert.equal(posted.target?.id, 'GL-501');
    await eventually('the empty run', () => page.locator('.mlc-sb-empty').textContent(), 'No failed records in this run.');
    await eventually('failed counts', failedCounts, { chip: 1, runs: { [GL_RUN]: 0, [EMP_RUN]: 1 } });
    await page.locator('.mlc-sb').screenshot({ path: join(SHOTS, 'audit-sidebar-run-replayed.png') });
    assert.deepEqual(pageErrors, []);
  });
});
