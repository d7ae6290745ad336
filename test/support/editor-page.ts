// One node of a flow opened in the Node-RED editor in headless Chromium: Node-RED started with the
// flow, the editor loaded and the node drawn, and every page error kept for the test to check.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { startNodeRed, type RunningNodeRed } from './node-red-process';

export interface EditorPage {
  nr: RunningNodeRed;
  browser: Browser;
  page: Page;
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openEditorWith(flow: Array<Record<string, unknown>>, nodeId: string): Promise<EditorPage> {
  // The info sidebar's tips are off: their timer can fire before the sidebar has built the tip's
  // element and throw inside Node-RED's own editor code (red.min.js, "reading 'html'"), most often on
  // a loaded machine, which the page-error checks would blame on the node under test.
  const userDir = mkdtempSync(join(tmpdir(), 'mlc-editor-'));
  writeFileSync(join(userDir, '.config.users.json'), JSON.stringify({ _: { editor: { view: { 'view-show-tips': false } } } }));
  const nr = await startNodeRed('node-red', flow, { userDir }).catch((err: unknown) => {
    rmSync(userDir, { recursive: true, force: true });
    throw err;
  });
  const browser = await launchChromium().catch(async (err: unknown) => {
    await nr.stop();
    rmSync(userDir, { recursive: true, force: true });
    throw err;
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(`${err.message} (${(err.stack ?? '').split('\n').slice(1, 3).map((l) => l.trim()).join(' < ')})`));
  const close = async (): Promise<void> => {
    await browser.close();
    await nr.stop();
    rmSync(userDir, { recursive: true, force: true });
  };
  try {
    await page.goto(nr.url, { waitUntil: 'load' });
    await page.waitForSelector(`[id="${nodeId}"] .red-ui-flow-node`, { timeout: 60_000 });
  } catch (err) {
    await close();
    throw err;
  }
  return { nr, browser, page, pageErrors, close };
}
