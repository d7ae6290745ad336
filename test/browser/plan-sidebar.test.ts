// The "plans" sidebar in a real Node-RED 5 editor in headless Chromium, on a flow dedup → a write
// stand-in → audit over a SQLite store seeded with a run's plan: the run with its counts by action,
// each record's field changes, and "Post plan", which sends exactly the planned writes through the
// flow's own dedup (the stand-in then writes, audit records them posted); an unchanged record is not
// posted. The route takes JSON only.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { openStore } from '../../lib/store';
import type { PlanEntryReport } from '../../lib/store/plan-types';
import type { Store } from '../../lib/store/types';
import { chromiumSkipReason, launchChromium } from '../support/chromium';
import { PROJECT_ROOT, startNodeRed, type RunningNodeRed } from '../support/node-red-process';
import { eventually } from '../support/ui-wait';

const skip = chromiumSkipReason();
const SHOTS = join(PROJECT_ROOT, 'test-output');
const RUN = 'ukg-read:employees:plan-1';

function flows(dbPath: string): unknown[] {
  return [
    { id: 'emp-tab', type: 'tab', label: 'Employees' },
    { id: 'pl-store', type: 'mlc-store', name: 'plan store', backend: 'sqlite', path: dbPath },
    { id: 'emp-dedup', z: 'emp-tab', type: 'mlc-dedup', name: 'Employees dedup', store: 'pl-store', staleMinutes: 10, x: 140, y: 100, wires: [['emp-write'], []] },
    {
      id: 'emp-write', z: 'emp-tab', type: 'change', name: 'write (stand-in)', x: 400, y: 100, wires: [['emp-audit']],
      rules: [{ t: 'set', p: 'mlc.target', pt: 'msg', to: '{"system":"odoo","entity":"hr.employee","id":"77"}', tot: 'json' }],
    },
    { id: 'emp-audit', z: 'emp-tab', type: 'mlc-audit', store: 'pl-store', mode: 'auto', x: 640, y: 100, wires: [[]] },
  ];
}

function planned(key: string, action: PlanEntryReport['action'], changes: PlanEntryReport['changes']): PlanEntryReport {
  return {
    runId: RUN, key, action, system: 'odoo', entity: 'hr.employee', targetId: action === 'create' ? null : '77', changes,
    post: { payload: { identification_id: key.split(':')[2], name: 'x' } }, mlc: { key, runId: RUN, plan: true }, node: 'emp-write', flow: 'emp-tab', error: null, note: null,
  };
}

describe('the plans sidebar in headless Chromium', { skip }, () => {
  let dir: string;
  let nr: RunningNodeRed;
  let browser: Browser;
  let page: Page;
  let store: Store;
  const pageErrors: string[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mlc-plan-ui-'));
    const dbPath = join(dir, 'store.sqlite');
    const seed = await openStore({ kind: 'sqlite', path: dbPath });
    await seed.savePlanEntries([
      planned('ukg:employee:E1', 'create', [{ field: 'name', old: null, new: 'Nia Okafor' }]),
      planned('ukg:employee:E2', 'update', [{ field: 'name', old: 'Ann Lee', new: 'Ann Smith' }]),
      planned('ukg:employee:E3', 'archive', [{ field: 'active', old: true, new: false }]),
      planned('ukg:employee:E4', 'unchanged', []),
    ]);
    await seed.close();
    nr = await startNodeRed('node-red', flows(dbPath));
    store = await openStore({ kind: 'sqlite', path: dbPath });
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(nr.url, { waitUntil: 'load' });
    await page.waitForSelector('.red-ui-palette-node', { timeout: 60_000 });
    mkdirSync(SHOTS, { recursive: true });
  });
  after(async () => {
    await browser?.close();
    await store?.close();
    await nr?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('shows the run with its counts by action and each record with the fields that would change', async () => {
    await page.waitForSelector('button[data-tab-id="mlc-plan-sidebar"] i.fa-eye', { state: 'attached', timeout: 20_000 });
    await page.evaluate(() => (window as unknown as { RED: { sidebar: { show(t: string): void } } }).RED.sidebar.show('mlc-plan-sidebar'));
    const run = page.locator(`.mlc-pl-run[data-run="${RUN}"]`);
    await eventually('the run counts', () => run.locator('.mlc-pl-chip').allTextContents(), ['create 1', 'update 1', 'archive 1', 'unchanged 1']);
    await run.click();
    const update = page.locator('.mlc-pl-entry[data-key="ukg:employee:E2"]');
    await eventually('the update', () => update.locator('.mlc-pl-change').allTextContents(), ['name: Ann Lee → Ann Smith']);
    await eventually('the archive', () => page.locator('.mlc-pl-entry[data-key="ukg:employee:E3"] .mlc-pl-change').allTextContents(), ['active: true → false']);
    await eventually('the actions', () => page.locator('.mlc-pl-entry').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action'))), ['create', 'update', 'archive', 'unchanged']);
    await page.locator('.mlc-pl').screenshot({ path: join(SHOTS, 'plan-sidebar.png') });
  });

  it('posts the plan as it stands: the three planned writes go through the flow, the unchanged record does not', async () => {
    await page.locator('.mlc-pl-post').click();
    await page.locator('.red-ui-notification button:has-text("Post plan")').click();
    const statuses = async (): Promise<Array<string | null>> =>
      Promise.all(['E1', 'E2', 'E3', 'E4'].map(async (id) => (await store.get(`ukg:employee:${id}`))?.status ?? null));
    await eventually('the planned records posted', statuses, ['posted', 'posted', 'posted', null]);
    const posted = await store.get('ukg:employee:E2');
    assert.deepEqual(posted?.payload, { identification_id: 'E2', name: 'x' }, 'exactly the planned payload');
    assert.deepEqual(posted?.target, { system: 'odoo', entity: 'hr.employee', id: '77' });
    await eventually('shown as posted', () => page.locator('.mlc-pl-entry[data-key="ukg:employee:E2"] .mlc-pl-muted').first().textContent(), (t) => /posted/.test(t ?? ''));
    assert.deepEqual(pageErrors, []);
  });

  it('takes JSON only and a run id', async () => {
    const url = `${nr.url}/mlc-plan-sidebar/stores/pl-store/plan/post`;
    const form = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `runId=${encodeURIComponent(RUN)}` });
    assert.equal(form.status, 415);
    const empty = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    assert.equal(empty.status, 400);
    const unknown = await fetch(`${nr.url}/mlc-plan-sidebar/stores/nope/plans`);
    assert.equal(unknown.status, 404);
  });
});
