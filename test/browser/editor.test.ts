// What a newcomer sees after `npm start`: the Node-RED 5 editor in a real (headless) browser, with the
// ml-connector palette, the example flows on their tabs, and node edit dialogs that open without errors.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { exampleFlowsForFirstStart } from '../../scripts/example-flows';
import { chromiumSkipReason, launchChromium } from '../support/chromium';
import { PROJECT_ROOT, startNodeRed, type RunningNodeRed } from '../support/node-red-process';
import { packNodes } from '../support/pack-manifest';

const skip = chromiumSkipReason();
const SHOTS = join(PROJECT_ROOT, 'test-output');

describe('the editor in headless Chromium', { skip }, () => {
  let nr: RunningNodeRed;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    nr = await startNodeRed('node-red', exampleFlowsForFirstStart(join(PROJECT_ROOT, 'examples')));
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
  });

  it('shows the ml-connector palette category with every flow node of the pack', async () => {
    const types = await page.$$eval('.red-ui-palette-node[data-palette-type]', (els) => els.map((e) => e.getAttribute('data-palette-type')));
    const ours = packNodes()
      .map((n) => n.type)
      .filter((t) => t !== 'mlc-store');
    for (const type of ours) assert.ok(types.includes(type), `${type} missing from the palette`);
    const header = await page.$$eval('.red-ui-palette-header', (els) => els.map((e) => e.textContent?.trim() ?? ''));
    assert.ok(header.some((h) => h.includes('ml-connector')), `palette headers: ${header.join(', ')}`);
    await page.screenshot({ path: join(SHOTS, 'editor-palette.png') });
  });

  it('has the example flows on their tabs', async () => {
    const tabs = await page.$$eval('.red-ui-tab', (els) => els.map((e) => e.textContent?.trim() ?? ''));
    assert.ok(tabs.some((t) => t.includes('Core: map, dedup, audit, replay')), `tabs: ${tabs.join(' | ')}`);
  });

  it('opens the map node\'s edit dialog with its rules and tables, without a script error', async () => {
    await page.dblclick('[id="mlc-ex-core-map"] .red-ui-flow-node');
    await page.waitForSelector('#node-input-outputMode', { state: 'visible', timeout: 20_000 });
    await page.screenshot({ path: join(SHOTS, 'editor-map-dialog.png') });
    await page.click('#node-dialog-cancel');
    assert.deepEqual(pageErrors, []);
  });

  it('shows each node\'s help in the sidebar', async () => {
    for (const id of ['mlc-ex-core-dedup', 'mlc-ex-core-audit', 'mlc-ex-core-replay']) {
      await page.click(`[id="${id}"] .red-ui-flow-node`);
      await page.evaluate(() => (window as unknown as { RED: { sidebar: { show(t: string): void } } }).RED.sidebar.show('help'));
      const text = await page.waitForSelector('.red-ui-help', { timeout: 10_000 }).then((el) => el.textContent());
      assert.ok((text ?? '').length > 200, `help for ${id} is short: ${text}`);
    }
    assert.deepEqual(pageErrors, []);
  });
});
