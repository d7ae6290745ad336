// The runs table of the ml-connector sidebar in a real Node-RED 5 editor in headless Chromium: a run
// whose last reconciliation tied out says so, a run that is off says by how much, and a click on that
// line lists where (the entry, the account, the difference) without choosing the run.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import type { ReconcileResult } from '../../lib/reconcile';
import { openStore } from '../../lib/store';
import { chromiumSkipReason, launchChromium } from '../support/chromium';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';
import { eventually } from '../support/ui-wait';

const skip = chromiumSkipReason();
const TIED_RUN = 'ukg-read:gl:2026-11-15T12:00:00.000Z:aa.1';
const OFF_RUN = 'ukg-read:gl:2026-11-30T12:00:00.000Z:aa.2';
const ENTRY = 'ukg:gl:GL-MLCO1-20261130:BR-S';

function result(runId: string, status: 'tied' | 'off'): ReconcileResult {
  const differences: ReconcileResult['differences'] =
    status === 'tied'
      ? []
      : [
          { dimension: 'run', value: '', label: null, measure: 'debit', expected: 21_143_581, found: 21_144_581, off: 1000 },
          { dimension: 'record', value: ENTRY, label: null, measure: 'debit', expected: 21_143_581, found: 21_144_581, off: 1000 },
          { dimension: 'account', value: '61', label: '6100', measure: 'debit', expected: 9_000_000, found: 9_001_000, off: 1000 },
        ];
  const found = status === 'tied' ? 21_143_581 : 21_144_581;
  return {
    runId,
    status,
    checkedAt: '2026-12-01T08:00:00.000Z',
    records: { expected: 2, found: 2 },
    totals: [{ measure: 'debit', expected: 21_143_581, found }],
    differences,
    differenceCount: differences.length,
    summary: status === 'tied' ? 'tied out: 2 record(s), debit 211,435.81' : `off: record ${ENTRY}: debit off by +10.00`,
    pages: 1,
    readCalls: 1,
  };
}

describe('the sidebar runs table shows each run reconciliation', { skip }, () => {
  let dir: string;
  let nr: RunningNodeRed;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-sidebar-recon-'));
    const dbPath = join(dir, 'store.sqlite');
    const store = await openStore({ kind: 'sqlite', path: dbPath });
    for (const [runId, status] of [[TIED_RUN, 'tied'], [OFF_RUN, 'off']] as const) {
      await store.startRun({ runId, flow: 'gl-tab' });
      await store.addRunCounts(runId, { read: 2, posted: 2 });
      await store.finishRun(runId, 'finished');
      const r = result(runId, status);
      await store.saveReconciliation({ runId, status, checkedAt: r.checkedAt, result: r });
    }
    await store.startRun({ runId: 'never-reconciled', flow: 'gl-tab' });
    await store.close();
    nr = await startNodeRed('node-red', [
      { id: 'gl-tab', type: 'tab', label: 'GL' },
      { id: 'sb-store', type: 'mlc-store', name: 'payroll store', backend: 'sqlite', path: dbPath },
    ]);
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(nr.url, { waitUntil: 'load' });
    await page.waitForSelector('.red-ui-palette-node', { timeout: 60_000 });
  });
  after(async () => {
    await browser?.close();
    await nr?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('says tied out or off by how much per run, and lists where on a click', async () => {
    await page.waitForSelector('button[data-tab-id="mlc-audit-sidebar"]', { state: 'attached', timeout: 20_000 });
    await page.evaluate(() => (window as unknown as { RED: { sidebar: { show(t: string): void } } }).RED.sidebar.show('mlc-audit-sidebar'));
    const line = (runId: string) => page.locator(`.mlc-sb-runs tbody[data-run-id="${runId}"] tr.mlc-sb-recon`);
    await eventually('the tied run', () => line(TIED_RUN).locator('.mlc-sb-recon-headline').textContent(), ' tied out');
    await eventually('the off run', () => line(OFF_RUN).locator('.mlc-sb-recon-headline').textContent(), ' off by +10.00 debit');
    assert.equal(await page.locator('.mlc-sb-runs tbody[data-run-id="never-reconciled"] tr.mlc-sb-recon').count(), 0, 'nothing for a run never reconciled');
    assert.equal(await line(OFF_RUN).locator('.mlc-sb-recon-detail').isVisible(), false, 'the detail waits for a click');

    await line(OFF_RUN).locator('.mlc-sb-recon-head').click();
    const items = await eventually('the detail', () => line(OFF_RUN).locator('.mlc-sb-recon-detail li').allTextContents(), (v) => v.length === 3);
    assert.equal(items[0], 'the run: debit off by +10.00 (expected 211,435.81, found 211,445.81)');
    assert.equal(items[1], `record ${ENTRY}: debit off by +10.00 (expected 211,435.81, found 211,445.81)`);
    assert.equal(items[2], 'account 6100 (61): debit off by +10.00 (expected 90,000.00, found 90,010.00)');
    assert.equal(await page.locator(`.mlc-sb-runs tbody[data-run-id="${OFF_RUN}"]`).evaluate((el) => el.classList.contains('selected')), false, 'opening the detail does not choose the run');
    assert.deepEqual(pageErrors, []);
  });
});
