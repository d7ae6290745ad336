// `npm start`'s own start path (startStack: the sandbox on <user dir>/mlc-sandbox, Node-RED 5 on the
// user dir with the example flows), on ephemeral ports while every default port is held by another
// listener. The GL example posts; both Node-RED and the sandbox restart on the same user directory;
// the rerun posts nothing new, and the sidebar's posted records point at journal entries the
// restarted sandbox still has. After a start with `reset` (what `npm start -- --reset` runs), it posts again.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser } from 'playwright-core';
import { startStack, type Stack } from '../../scripts/start';
import { sandboxDataDir } from '../../scripts/sandbox-data';
import { SYSTEMS, type SystemName } from '../../sandbox/systems';
import { chromiumSkipReason, launchChromium } from '../support/chromium';
import { holdDefaultPorts, type HeldPorts } from '../support/default-ports';
import { until } from '../support/e2e';

const skip = chromiumSkipReason();
const RUN = 'GL-MLCO1-20261130';
const KEYS = [`ukg:gl:${RUN}:BR-N`, `ukg:gl:${RUN}:BR-S`];
const STORE = 'mlc-ex-store';
const EPHEMERAL = Object.fromEntries(SYSTEMS.map((system) => [system, 0])) as Record<SystemName, number>;

interface RunView {
  runId: string;
  flow: string | null;
  status: string;
  counts: { read: number; posted: number; duplicates: number; inProgress: number; failed: number };
}
interface Move {
  id: number;
  ref: string;
  state: string;
}

describe('npm start keeps the sandbox with the store across restarts, and --reset starts both over', { skip }, () => {
  let userDir: string;
  let ports: HeldPorts;
  let stack: Stack | undefined;
  let browser: Browser;
  const lines: string[] = [];

  async function start(reset = false): Promise<Stack> {
    const started = await startStack({ userDir, port: 0, sandboxPorts: EPHEMERAL, warehousePort: 0, reset, stdio: 'pipe', log: (line) => lines.push(line), env: { NODE_RED_ENABLE_PROJECTS: 'false' } });
    stack = started;
    assert.ok(!ports.held.includes(started.port));
    // Ready when the flows run: the example store node is deployed (or failed when Node-RED exits first).
    await until(
      'the example flows to start',
      async () => {
        if (started.nodeRed.exitCode !== null) throw new Error(`Node-RED exited: ${started.output()}`);
        const stores = await fetch(`${started.url}/mlc-audit-sidebar/stores`).then((res) => (res.status === 200 ? (res.json() as Promise<{ stores: { id: string }[] }>) : { stores: [] }), () => ({ stores: [] }));
        return stores.stores.map((store) => store.id);
      },
      (ids) => ids.includes(STORE),
      90_000,
    );
    return started;
  }
  async function stop(): Promise<void> {
    await stack?.stop();
    stack = undefined;
  }
  const api = async <T>(path: string): Promise<T> => {
    const res = await fetch(`${stack!.url}/mlc-audit-sidebar/stores/${STORE}${path}`);
    assert.equal(res.status, 200, `${path}: ${await res.clone().text()}`);
    return (await res.json()) as T;
  };
  const glRuns = async (): Promise<RunView[]> => (await api<{ runs: RunView[] }>('/runs?limit=50')).runs.filter((run) => run.flow === 'mlc-ex-gl-tab');
  const targetOf = async (key: string): Promise<string | undefined> => {
    const res = await fetch(`${stack!.url}/mlc-audit-sidebar/stores/${STORE}/record?key=${encodeURIComponent(key)}`);
    if (res.status !== 200) return undefined;
    const { record } = (await res.json()) as { record: { status: string; target: { id: string } | null } };
    return record.status === 'posted' ? record.target?.id : undefined;
  };
  const odooMoves = async (): Promise<Move[]> => {
    const env = stack!.sandbox.environment();
    const res = await fetch(`${env['MLC_SANDBOX_ODOO_URL']}/json/2/account.move/search_read`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `bearer ${env['MLC_SANDBOX_ODOO_API_KEY']}` },
      body: JSON.stringify({ domain: [['ref', '=like', `UKG payroll ${RUN} %`]], fields: ['ref', 'state'], order: 'id asc' }),
    });
    assert.equal(res.status, 200);
    return (await res.json()) as Move[];
  };
  /** Presses the GL example's run button and waits for that run to finish; returns its counts. */
  async function runGl(): Promise<RunView['counts']> {
    const before = (await glRuns()).length;
    for (;;) {
      const res = await fetch(`${stack!.url}/inject/mlc-ex-gl-run`, { method: 'POST' });
      if (res.status === 200) break;
      assert.equal(res.status, 404, `inject: ${res.status}`); // the flows are still starting
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    // The read finishes first; posted and duplicate counts arrive as each record is audited.
    const settled = (run: RunView): boolean => run.status !== 'running' && run.counts.read > 0 && run.counts.posted + run.counts.duplicates + run.counts.failed + run.counts.inProgress >= run.counts.read;
    const runs = await until('the GL run to be audited', glRuns, (all) => all.length > before && settled(all[0]!), 120_000);
    const newest = runs[0]!;
    return newest.counts;
  }

  /** The sidebar as a user reads it: posted records of the run, and the target each one names. */
  async function sidebarTargets(): Promise<Record<string, string>> {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    try {
      await page.goto(stack!.url, { waitUntil: 'load' });
      // The editor is up once the palette shows and our tab is in the sidebar; then open the tab.
      await page.locator('.red-ui-palette-node').first().waitFor({ timeout: 60_000 });
      await page.locator('button[data-tab-id="mlc-audit-sidebar"]').waitFor({ state: 'attached', timeout: 60_000 });
      await page.evaluate(() => (window as unknown as { RED: { sidebar: { show(t: string): void } } }).RED.sidebar.show('mlc-audit-sidebar'));
      const status = page.locator('.mlc-sb-filters select');
      await status.waitFor({ state: 'visible', timeout: 30_000 });
      await status.selectOption('posted');
      const targets: Record<string, string> = {};
      for (const key of KEYS) {
        const row = page.locator('.mlc-sb-rec').filter({ has: page.locator(`.mlc-sb-rec-key[title="${key}"]`) });
        await row.locator('.mlc-sb-rec-head').click();
        const target = row.locator('xpath=.//dt[normalize-space()="Target"]/following-sibling::dd[1]');
        await target.filter({ hasText: /^odoo \/ account\.move \/ \d+$/ }).waitFor({ timeout: 30_000 });
        targets[key] = ((await target.textContent()) ?? '').split(' / ')[2]!;
      }
      return targets;
    } finally {
      await page.close();
    }
  }

  before(async () => {
    ports = await holdDefaultPorts();
    userDir = mkdtempSync(join(tmpdir(), 'mlc-start-restart-'));
    browser = await launchChromium();
  });
  after(async () => {
    await stop().catch(() => undefined);
    await browser?.close();
    await ports?.release();
    if (userDir) rmSync(userDir, { recursive: true, force: true });
  });

  it('first start: the GL example posts two entries into the sandbox, which keeps them in the user directory', async () => {
    await start();
    assert.ok(lines.some((line) => /fresh from the seed/.test(line)), lines.join('\n'));
    const counts = await runGl();
    assert.deepEqual([counts.posted, counts.duplicates], [2, 0]);
    const moves = await odooMoves();
    assert.deepEqual(moves.map((move) => move.state), ['posted', 'posted']);
    const targets = await sidebarTargets();
    assert.deepEqual(Object.values(targets).map(Number).sort(), moves.map((move) => move.id).sort());
    await stop();
    assert.ok(existsSync(join(sandboxDataDir(userDir), 'odoo.json')));
  });

  it('after a restart of both, a rerun posts nothing new and the posted records still point at entries the sandbox has', async () => {
    lines.length = 0;
    await start();
    assert.ok(lines.some((line) => /kept from the last start/.test(line)), lines.join('\n'));
    const before = await odooMoves();
    assert.equal(before.length, 2, 'the entries survived the restart');
    const counts = await runGl();
    assert.deepEqual([counts.posted, counts.duplicates], [0, 2]);
    const moves = await odooMoves();
    assert.deepEqual(moves, before, 'nothing new in Odoo');
    const targets = await sidebarTargets();
    for (const key of KEYS) {
      assert.equal(await targetOf(key), targets[key]);
      assert.ok(moves.some((move) => String(move.id) === targets[key]), `${key} → account.move ${targets[key]}, which the sandbox has`);
    }
    await stop();
  });

  it('after a reset (npm start -- --reset), the sandbox and the store start over and the run posts again', async () => {
    lines.length = 0;
    await start(true);
    assert.ok(lines.some((line) => line.startsWith('Reset: the sandbox and the store start over')), lines.join('\n'));
    assert.deepEqual(await glRuns(), [], 'the store starts empty');
    assert.deepEqual(await odooMoves(), [], 'the sandbox starts from its seed');
    const counts = await runGl();
    assert.deepEqual([counts.posted, counts.duplicates], [2, 0]);
    const moves = await odooMoves();
    assert.equal(moves.length, 2);
    const targets = await sidebarTargets();
    assert.deepEqual(Object.values(targets).map(Number).sort(), moves.map((move) => move.id).sort());
    await stop();
  });
});
