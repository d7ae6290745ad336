// The ml-connector sidebar in a real Node-RED 5 editor in headless Chromium: the failed records a
// store holds are listed, one opens with its error and payload, and Replay sends it through the flow
// (replay → dedup → a write stand-in → audit) until the store has it as posted.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../lib/store';
import { chromiumSkipReason, launchChromium } from '../support/chromium';
import { PROJECT_ROOT, startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const skip = chromiumSkipReason();
const SHOTS = join(PROJECT_ROOT, 'test-output');
const KEY = 'ukg:payrun:2026-11-13:GL:6100:CC-200';

function flows(dbPath: string): unknown[] {
  return [
    { id: 'sb-tab', type: 'tab', label: 'Payroll GL' },
    { id: 'sb-store', type: 'mlc-store', name: 'payroll store', backend: 'sqlite', path: dbPath },
    { id: 'sb-replay', z: 'sb-tab', type: 'mlc-replay', name: 'replay GL', store: 'sb-store', scope: 'all', pageSize: 200, x: 140, y: 100, wires: [['sb-dedup'], []] },
    { id: 'sb-dedup', z: 'sb-tab', type: 'mlc-dedup', store: 'sb-store', staleMinutes: 10, x: 320, y: 100, wires: [['sb-write'], []] },
    // Stands in for the Odoo write: the account exists now, so the journal entry gets an id.
    {
      id: 'sb-write', z: 'sb-tab', type: 'change', name: 'write (stand-in)', x: 500, y: 100, wires: [['sb-audit']],
      rules: [{ t: 'set', p: 'mlc.target', pt: 'msg', to: '{"system":"odoo","entity":"account.move","id":"501"}', tot: 'json' }],
    },
    { id: 'sb-audit', z: 'sb-tab', type: 'mlc-audit', store: 'sb-store', mode: 'auto', x: 680, y: 100, wires: [[]] },
  ];
}

/** What a payroll run that hit a missing account leaves in the store, written before Node-RED starts. */
async function seedStore(dbPath: string): Promise<void> {
  const store = await openStore({ kind: 'sqlite', path: dbPath });
  try {
    await store.startRun({ runId: 'payrun:2026-11-13', flow: 'Payroll GL' });
    const failures = [
      { key: KEY, account: '6100', cc: 'CC-200', amount: 18250.4 },
      { key: 'ukg:payrun:2026-11-13:GL:6150:CC-200', account: '6150', cc: 'CC-200', amount: 1420.15 },
      { key: 'ukg:payrun:2026-11-13:GL:6200:CC-310', account: '6200', cc: 'CC-310', amount: 932.0 },
    ];
    for (const f of failures) {
      await store.claim({ key: f.key, owner: 'seed', runId: 'payrun:2026-11-13' });
      await store.markFailed({
        key: f.key,
        owner: 'seed',
        runId: 'payrun:2026-11-13',
        error: { message: `Odoo: account ${f.account} not found in company "ML Construction"`, code: 'MLC_ODOO_NOT_FOUND', source: 'mlc-odoo-write' },
        payload: { account: f.account, costCenter: f.cc, debit: f.amount, credit: 0, payDate: '2026-11-13' },
        mlc: { key: f.key, runId: 'payrun:2026-11-13', source: { system: 'ukg', entity: 'gl', id: `${f.account}:${f.cc}` } },
        source: { system: 'ukg', entity: 'gl', id: `${f.account}:${f.cc}` },
      });
    }
    await store.markPosted({ key: 'ukg:payrun:2026-11-13:GL:5000:CC-100', runId: 'payrun:2026-11-13', target: { system: 'odoo', entity: 'account.move', id: '480' } });
    await store.addRunCounts('payrun:2026-11-13', { read: 4, posted: 1, duplicates: 0, failed: 3 });
    await store.finishRun('payrun:2026-11-13', 'finished');
  } finally {
    await store.close();
  }
}

describe('the ml-connector sidebar in headless Chromium', { skip }, () => {
  let dir: string;
  let nr: RunningNodeRed;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

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

  it('shows the store, the run and its failed records', async () => {
    await page.evaluate(() => (window as unknown as { RED: { sidebar: { show(t: string): void } } }).RED.sidebar.show('mlc-audit-sidebar'));
    await page.waitForSelector(`.mlc-sb-rec[data-key="${KEY}"]`, { timeout: 20_000 });
    // Node-RED 5 opens the debug tab below ours; clicking its active tab button folds that section
    // away, as a user would, so the screenshots show the whole sidebar.
    await page.click('button[data-tab-id="debug"]');
    await page.waitForFunction(() => (document.querySelector('.mlc-sb')?.getBoundingClientRect().height ?? 0) > 600, undefined, { timeout: 5_000 }).catch(() => undefined);
    const storeOption = await page.locator('.mlc-sb-header select option:checked').textContent();
    assert.equal(storeOption, 'payroll store');
    const run = page.locator('.mlc-sb-runs tbody[data-run-id="payrun:2026-11-13"] tr.mlc-sb-run-counts');
    assert.deepEqual((await run.locator('td').allTextContents()).slice(1), ['4', '1', '0', '3']);
    assert.equal(await page.locator('.mlc-sb-rec').count(), 3);
    assert.equal(await page.locator('#mlc-sb-via-select option:checked').textContent(), 'replay GL (Payroll GL)');
    await page.locator('.mlc-sb').screenshot({ path: join(SHOTS, 'audit-sidebar-failed.png') });
    await page.screenshot({ path: join(SHOTS, 'audit-sidebar-editor.png') });
  });

  it('opens a record with its error and payload', async () => {
    await page.click(`.mlc-sb-rec[data-key="${KEY}"] .mlc-sb-rec-head`);
    const payload = page.locator(`.mlc-sb-rec[data-key="${KEY}"] .mlc-sb-payload`);
    await payload.waitFor({ timeout: 10_000 });
    assert.deepEqual(JSON.parse((await payload.textContent()) ?? ''), { account: '6100', costCenter: 'CC-200', debit: 18250.4, credit: 0, payDate: '2026-11-13' });
    const detail = (await page.locator(`.mlc-sb-rec[data-key="${KEY}"] .mlc-sb-detail`).textContent()) ?? '';
    assert.match(detail, /account 6100 not found/);
    assert.match(detail, /MLC_ODOO_NOT_FOUND/);
    await page.locator(`.mlc-sb-rec[data-key="${KEY}"] .mlc-sb-buttons`).scrollIntoViewIfNeeded();
    await page.locator('.mlc-sb').screenshot({ path: join(SHOTS, 'audit-sidebar-record.png') });
  });

  it('replays the record through the flow: it leaves the failed list and the store has it as posted', async () => {
    await page.click(`.mlc-sb-rec[data-key="${KEY}"] .mlc-sb-replay-one`);
    await page.waitForSelector(`.mlc-sb-rec[data-key="${KEY}"]`, { state: 'detached', timeout: 20_000 });
    assert.equal(await page.locator('.mlc-sb-rec').count(), 2);
    const deadline = Date.now() + 20_000;
    let status = '';
    while (Date.now() < deadline) {
      const res = await fetch(`${nr.url}/mlc-audit-sidebar/stores/sb-store/record?key=${encodeURIComponent(KEY)}`);
      const body = (await res.json()) as { record: { status: string; attempts: number; target: { id: string } | null } };
      status = body.record.status;
      if (status === 'posted') {
        assert.equal(body.record.attempts, 2);
        assert.equal(body.record.target?.id, '501');
        break;
      }
      await new Promise((r) => setTimeout(r, 200));
    }
    assert.equal(status, 'posted');
    // The sidebar looks again once the replay node's status says it is done, and shortly after.
    await page.waitForFunction(() => {
      const chips = Array.from(document.querySelectorAll('.mlc-sb-chip')).map((c) => c.textContent ?? '');
      return chips.includes('2 failed') && chips.includes('2 posted');
    }, undefined, { timeout: 10_000 });
    await page.locator('.mlc-sb').screenshot({ path: join(SHOTS, 'audit-sidebar-after-replay.png') });
  });

  it('parks a record with a reason', async () => {
    const key = 'ukg:payrun:2026-11-13:GL:6200:CC-310';
    await page.click(`.mlc-sb-rec[data-key="${key}"] .mlc-sb-rec-head`);
    await page.click(`.mlc-sb-rec[data-key="${key}"] .mlc-sb-park-open`);
    await page.fill(`.mlc-sb-rec[data-key="${key}"] .mlc-sb-park input`, 'cost center closed, booked by hand');
    await page.click(`.mlc-sb-rec[data-key="${key}"] .mlc-sb-park-ok`);
    await page.waitForSelector(`.mlc-sb-rec[data-key="${key}"]`, { state: 'detached', timeout: 10_000 });
    await page.selectOption('.mlc-sb-filters select', 'parked');
    const row = page.locator(`.mlc-sb-rec[data-key="${key}"]`);
    await row.waitFor({ timeout: 10_000 });
    assert.match((await row.textContent()) ?? '', /parked: cost center closed, booked by hand/);
    await page.locator('.mlc-sb').screenshot({ path: join(SHOTS, 'audit-sidebar-parked.png') });
  });

  it('replays a run\'s failures after asking, and the run has none left', async () => {
    await page.selectOption('.mlc-sb-filters select', 'failed');
    await page.click('.mlc-sb-runs tbody[data-run-id="payrun:2026-11-13"]');
    await page.waitForSelector('.mlc-sb-runchip', { state: 'visible' });
    await page.waitForSelector('.mlc-sb-replay-run:not([disabled])');
    await page.click('.mlc-sb-replay-run');
    const dialog = page.locator('.red-ui-notification', { hasText: 'Replay the 1 failed record(s) of run payrun:2026-11-13 through replay GL?' });
    await dialog.waitFor({ timeout: 5_000 });
    await dialog.locator('button', { hasText: /^Replay$/ }).click();
    await page.waitForSelector('.mlc-sb-empty', { timeout: 20_000 });
    assert.equal(await page.locator('.mlc-sb-empty').textContent(), 'No failed records in this run.');
    await page.waitForFunction(() => Array.from(document.querySelectorAll('.mlc-sb-chip')).some((c) => c.textContent === '3 posted'), undefined, { timeout: 10_000 });
    await page.locator('.mlc-sb').screenshot({ path: join(SHOTS, 'audit-sidebar-run-replayed.png') });
    assert.deepEqual(pageErrors, []);
  });
});
