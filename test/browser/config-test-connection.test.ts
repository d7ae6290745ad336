// The Test connection buttons of the Odoo and UKG config nodes, clicked in a real Node-RED 5 editor in
// headless Chromium, against the sandboxes: the dialog's ${...} values are the examples' own, the
// answer shows the version, transport and user (Odoo) and every web-service role (UKG), and a wrong key
// typed into the dialog gives the reason without echoing it. Both dialogs are built on the shared
// resources/config-editor.js, and the result is in view when it arrives, however tall the dialog.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { chromiumSkipReason, launchChromium } from '../support/chromium';
import { loadExample } from '../support/e2e';
import { PROJECT_ROOT, startNodeRed, type RunningNodeRed } from '../support/node-red-process';
import { eventually } from '../support/ui-wait';

const skip = chromiumSkipReason();
const SHOTS = join(PROJECT_ROOT, 'test-output');

interface EditorWindow {
  RED: { editor: { editConfig(name: string, type: string, id: string): void } };
}

describe('Test connection in the config node dialogs, in headless Chromium', { skip }, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const { flows, credentials } = loadExample('UKG - cost centers both ways.json');
    nr = await startNodeRed('node-red', flows, { credentials, env: sandbox.environment() });
    // The admin routes resolve ${...} from the Node-RED process's environment, which startNodeRed set.
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
    await sandbox?.close();
  });

  async function openConfig(type: string, id: string): Promise<void> {
    await page.evaluate(([t, i]) => (window as unknown as EditorWindow).RED.editor.editConfig('', t as string, i as string), [type, id]);
  }

  /**
   * Whether the whole element is on screen: inside the window and inside every scrolling box around
   * it (the edit tray scrolls its form, so an element can be in the window's rectangle and still hidden).
   */
  async function inView(selector: string): Promise<{ inView: boolean; where: string }> {
    return page.locator(selector).evaluate((el) => {
      const rect = el.getBoundingClientRect();
      const boxes: { name: string; top: number; bottom: number }[] = [{ name: 'window', top: 0, bottom: window.innerHeight }];
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const overflow = getComputedStyle(p).overflowY;
        if (overflow === 'auto' || overflow === 'scroll' || overflow === 'hidden') {
          const r = p.getBoundingClientRect();
          boxes.push({ name: p.className || p.tagName, top: r.top, bottom: r.bottom });
        }
      }
      const outside = boxes.find((b) => rect.top < b.top - 1 || rect.bottom > b.bottom + 1);
      return {
        inView: rect.height > 0 && !outside,
        where: `result ${Math.round(rect.top)}..${Math.round(rect.bottom)}` + (outside ? `, outside ${outside.name} ${Math.round(outside.top)}..${Math.round(outside.bottom)}` : ''),
      };
    });
  }

  async function closeDialog(): Promise<void> {
    await page.click('#node-config-dialog-cancel');
    await page.waitForSelector('#node-config-dialog-cancel', { state: 'detached', timeout: 10_000 }).catch(() => undefined);
  }

  it('Odoo: reports the version, the transport chosen and the user, then the reason for a wrong key', async () => {
    await openConfig('mlc-odoo-config', 'mlc-ex-odoo');
    await page.waitForSelector('#mlc-odoo-config-test', { state: 'visible', timeout: 20_000 });
    await page.click('#mlc-odoo-config-test');
    const result = page.locator('#mlc-odoo-config-test-result');
    await eventually('the Odoo check', async () => (await result.textContent()) ?? '', (text) => /Connected: Odoo 19\.0 over json2, logged in as .+ \(uid 2\)/.test(text), 30_000);
    // Scrolled into view after it renders (maybe animated): wait until it is.
    await eventually('the result in view', () => inView('#mlc-odoo-config-test-result'), (shown) => shown.inView);
    // The shared parts are in the dialog: the limit fields and the ${NAME} hint.
    for (const id of ['timeoutSeconds', 'maxAttempts', 'maxRetrySeconds']) assert.equal(await page.locator(`#node-config-input-${id}`).count(), 1, id);
    assert.match((await page.locator('.mlc-config-env-hint').textContent()) ?? '', /\$\{NAME\}/);
    await page.screenshot({ path: join(SHOTS, 'odoo-config-test-connection.png') });

    await page.fill('#node-config-input-apiKey', 'typed-Wrong-Key-8841');
    await page.click('#mlc-odoo-config-test');
    const failed = await eventually('the check with a wrong key', async () => (await result.textContent()) ?? '', (text) => /Failed/.test(text) && /refused/i.test(text), 30_000);
    assert.ok(!failed.includes('typed-Wrong-Key-8841'), failed);
    await closeDialog();
  });

  it('UKG: lists every web-service role as working', async () => {
    await openConfig('mlc-ukg-config', 'mlc-ex-ukg');
    await page.waitForSelector('#mlc-ukg-config-test', { state: 'visible', timeout: 20_000 });
    await page.click('#mlc-ukg-config-test');
    const result = page.locator('#mlc-ukg-config-test-result');
    // Wait for the whole answer (every role listed), not the first line of it.
    const text = await eventually('the UKG check', async () => (await result.textContent()) ?? '', (value) => /^(Connected|Not everything|Failed)/.test(value) && /Payroll Integration/.test(value), 30_000);
    assert.match(text, /^Connected/, text);
    assert.ok(!text.includes('✘'), text);
    assert.match(text, /Payroll Integration/);
    // The UKG dialog is taller than the window: the result is brought into view, not left below the fold.
    // Scrolled into view after it renders (maybe animated): wait until it is.
    await eventually('the result in view', () => inView('#mlc-ukg-config-test-result'), (shown) => shown.inView);
    assert.equal(await page.locator('#node-config-input-maxRetrySeconds').inputValue(), '120');
    await page.screenshot({ path: join(SHOTS, 'ukg-config-test-connection.png') });
    await closeDialog();
    assert.deepEqual(pageErrors, []);
  });
});
