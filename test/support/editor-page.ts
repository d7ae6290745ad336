// One node of a flow opened in the Node-RED editor in headless Chromium: Node-RED started with the
// flow, the editor loaded and the node drawn, and every page error kept for the test to check.
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
  const nr = await startNodeRed('node-red', flow);
  const browser = await launchChromium().catch(async (err: unknown) => {
    await nr.stop();
    throw err;
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const pageErrors: string[] = [];
  page.on('pageerror', (err) => pageErrors.push(err.message));
  const close = async (): Promise<void> => {
    await browser.close();
    await nr.stop();
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
