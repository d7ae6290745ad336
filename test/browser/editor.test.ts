// What a newcomer sees after `npm start`: the Node-RED 5 editor in a real (headless) browser, with the
// ml-connector palette, the example flows on their tabs, and node edit dialogs that open without errors.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { exampleFlowsForFirstStart } from '../../scripts/example-flows';
import { chromiumSkipReason, launchChromium } from '../support/chromium';
import { PROJECT_ROOT, startNodeRed, type RunningNodeRed } from '../support/node-red-process';
import { editorDefinition, packNodes } from '../support/pack-manifest';
import { placedNodes, widthOf, type FlowNode } from '../support/example-layout';
import { eventually } from '../support/ui-wait';

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
    // Config nodes (store, system connections) live in the config sidebar, not the palette.
    const ours = packNodes()
      .filter((n) => editorDefinition(readFileSync(n.html, 'utf8'), n.type).category !== 'config')
      .map((n) => n.type);
    assert.ok(ours.length >= 6, ours.join(', '));
    // The palette fills in as node sets load: wait until it shows ours, then name any still missing.
    const types = await eventually(
      'our nodes in the palette',
      () => page.$$eval('.red-ui-palette-node[data-palette-type]', (els) => els.map((e) => e.getAttribute('data-palette-type'))),
      (shown) => ours.every((type) => shown.includes(type)),
    ).catch(() => page.$$eval('.red-ui-palette-node[data-palette-type]', (els) => els.map((e) => e.getAttribute('data-palette-type'))));
    for (const type of ours) assert.ok(types.includes(type), `${type} missing from the palette`);
    const header = await page.$$eval('.red-ui-palette-header', (els) => els.map((e) => e.textContent?.trim() ?? ''));
    assert.ok(header.some((h) => h.includes('ml-connector')), `palette headers: ${header.join(', ')}`);
    await page.screenshot({ path: join(SHOTS, 'editor-palette.png') });
    // Our category sits below the core ones: scroll to it and keep a picture of just that category.
    const category = page.locator('.red-ui-palette-category', { has: page.locator('.red-ui-palette-header', { hasText: 'ml-connector' }) });
    await category.scrollIntoViewIfNeeded();
    await category.screenshot({ path: join(SHOTS, 'editor-palette-ml-connector.png') });
  });

  it('has the example flows on their tabs', async () => {
    await eventually('the example tabs', () => page.$$eval('.red-ui-tab', (els) => els.map((e) => e.textContent?.trim() ?? '')), (tabs) => tabs.some((t) => t.includes('Core: map, dedup, audit, replay')));
  });

  it('opens the map node\'s edit dialog with its rules and tables, without a script error', async () => {
    await page.dblclick('[id="mlc-ex-core-map"] .red-ui-flow-node');
    await page.waitForSelector('#node-input-outputMode', { state: 'visible', timeout: 20_000 });
    await page.screenshot({ path: join(SHOTS, 'editor-map-dialog.png') });
    await page.click('#node-dialog-cancel');
    assert.deepEqual(pageErrors, []);
  });

  it('shows each node\'s help in the sidebar', async () => {
    const nodes = [
      { id: 'mlc-ex-core-dedup', type: 'mlc-dedup', label: 'dedup' },
      { id: 'mlc-ex-core-audit', type: 'mlc-audit', label: 'audit' },
      { id: 'mlc-ex-core-replay', type: 'mlc-replay', label: 'replay' },
    ];
    // The help sidebar's own panel: a title (the palette label) followed by the rendered help. Other
    // .red-ui-help elements (settings, markdown previews) exist hidden elsewhere in the page.
    const help = page.locator('.red-ui-sidebar-help-stack .red-ui-help-title + .red-ui-help');
    for (const { id, type, label } of nodes) {
      const opening = helpOpening(type);
      await page.click(`[id="${id}"] .red-ui-flow-node`);
      await page.evaluate(() => (window as unknown as { RED: { sidebar: { show(t: string): void } } }).RED.sidebar.show('help'));
      await page.waitForFunction(
        ({ label, opening }) => {
          const body = document.querySelector<HTMLElement>('.red-ui-sidebar-help-stack .red-ui-help-title + .red-ui-help');
          const title = body?.previousElementSibling?.textContent?.trim();
          const text = (body?.textContent ?? '').replace(/\s+/g, ' ');
          return !!body && body.offsetParent !== null && title === label && text.includes(opening);
        },
        { label, opening },
        { timeout: 10_000 },
      ).catch(async (err: Error) => {
        const title = await page.locator('.red-ui-sidebar-help-stack .red-ui-help-title').allTextContents();
        throw new Error(`help for ${type} (${label}: "${opening}") not shown; titles: ${title.join(' | ')}\n${err.message}`);
      });
      const text = (await help.textContent()) ?? '';
      assert.ok(text.length > 200, `help for ${type} is short: ${text}`);
      await page.screenshot({ path: join(SHOTS, `editor-help-${label}.png`) });
    }
    assert.deepEqual(pageErrors, []);
  });
  it('draws every example node no wider than the layout test estimates, so each tab fits in 1600 px', async () => {
    const flows = exampleFlowsForFirstStart(join(PROJECT_ROOT, 'examples')) as FlowNode[];
    const tabs = flows.filter((n) => n.type === 'tab').map((n) => n.id);
    assert.ok(tabs.length >= 5, tabs.join(', '));
    const wider: string[] = [];
    for (const tab of tabs) {
      await page.evaluate((id) => (window as unknown as { RED: { workspaces: { show(id: string): void } } }).RED.workspaces.show(id), tab);
      // Node-RED sizes a node when it first draws it.
      const drawn = await page.waitForFunction(
        (id) => {
          const out: { id: string; w: number; x: number }[] = [];
          let all = true;
          (window as unknown as { RED: { nodes: { eachNode(cb: (n: { id: string; z: string; w?: number; x: number }) => void): void } } }).RED.nodes.eachNode((n) => {
            if (n.z !== id) return;
            if (typeof n.w !== 'number') all = false;
            else out.push({ id: n.id, w: n.w, x: n.x });
          });
          return all && out.length > 0 ? out : null;
        },
        tab,
        { timeout: 20_000 },
      );
      const real = (await drawn.jsonValue()) as { id: string; w: number; x: number }[];
      for (const node of placedNodes(flows.filter((n) => n['z'] === tab))) {
        const shown = real.find((r) => r.id === node.id);
        assert.ok(shown, `${node.id} not drawn`);
        if (shown.w > widthOf(node)) wider.push(`${node.id}: drawn ${shown.w} px, estimated ${widthOf(node)} px`);
        assert.ok(shown.x + shown.w / 2 <= 1600, `${node.id} reaches ${shown.x + shown.w / 2} px`);
      }
      await page.screenshot({ path: join(SHOTS, `editor-example-${tab}.png`) });
    }
    assert.deepEqual(wider, []);
  });
  it('a node dropped from the palette gets the only config node of each type it needs (Odoo, UKG, store), and none when there are two', async () => {
    // The examples bring exactly one store and one config node of each system they use; a config field
    // whose type the examples lack stays empty.
    const exampleNodes = exampleFlowsForFirstStart(join(PROJECT_ROOT, 'examples')) as FlowNode[];
    const only: Record<string, string> = Object.fromEntries(
      exampleNodes.filter((n) => n.type === 'mlc-store' || /^mlc-.+-config$/.test(n.type)).map((n) => [n.type, n.id]),
    );
    assert.equal(only['mlc-store'], 'mlc-ex-store');
    assert.equal(only['mlc-odoo-config'], 'mlc-ex-odoo');
    assert.equal(only['mlc-ukg-config'], 'mlc-ex-ukg');
    assert.equal(only['mlc-paylocity-config'], 'mlc-ex-paylocity');
    assert.equal(only['mlc-procore-config'], 'mlc-ex-procore');
    assert.equal(only['mlc-servicenow-config'], 'mlc-ex-servicenow');
    type Red = {
      nodes: {
        getType(t: string): { defaults: Record<string, { type?: string }> } | undefined;
        filterNodes(f: { type: string }): { id: string; store?: string }[];
        add(n: unknown): unknown;
        remove(id: string): unknown;
        eachConfig(cb: (n: { id: string; type: string }) => void): void;
      };
      view: { createNode(type: string): { node: Record<string, unknown> } };
    };

    // A real drag from the palette onto an empty part of the canvas.
    const before = await page.evaluate(() => (window as unknown as { RED: Red }).RED.nodes.filterNodes({ type: 'mlc-dedup' }).map((n) => n.id));
    const chart = await page.locator('#red-ui-workspace-chart').boundingBox();
    assert.ok(chart);
    await page.locator('.red-ui-palette-node[data-palette-type="mlc-dedup"]').scrollIntoViewIfNeeded();
    await page.locator('.red-ui-palette-node[data-palette-type="mlc-dedup"]').dragTo(page.locator('#red-ui-workspace-chart'), {
      targetPosition: { x: Math.min(600, chart.width - 100), y: Math.min(620, chart.height - 60) },
    });
    const dropped = await page.waitForFunction(
      (known) => (window as unknown as { RED: Red }).RED.nodes.filterNodes({ type: 'mlc-dedup' }).find((n) => !known.includes(n.id)) ?? null,
      before,
      { timeout: 10_000 },
    );
    assert.equal(((await dropped.jsonValue()) as { store?: string }).store, 'mlc-ex-store', 'the dropped dedup node has the only store');

    // Every pack node with a config field, made as a palette drop makes it.
    const picked = await page.evaluate((types) => {
      const RED = (window as unknown as { RED: Red }).RED;
      const out: Record<string, Record<string, unknown>> = {};
      for (const type of types) {
        const defaults = RED.nodes.getType(type)?.defaults ?? {};
        const fields = Object.keys(defaults).filter((k) => defaults[k]?.type);
        if (fields.length === 0) continue;
        const node = RED.view.createNode(type).node;
        out[type] = Object.fromEntries(fields.map((f) => [`${f} (${defaults[f]?.type})`, node[f]]));
      }
      return out;
    }, packNodes().map((n) => n.type));
    const types = Object.keys(picked);
    for (const type of ['mlc-odoo-read', 'mlc-odoo-write', 'mlc-odoo-call', 'mlc-ukg-read', 'mlc-ukg-write', 'mlc-ukg-webhook', 'mlc-servicenow-read', 'mlc-servicenow-map', 'mlc-servicenow-write', 'mlc-dedup', 'mlc-audit', 'mlc-replay', 'mlc-map']) {
      assert.ok(types.includes(type), `${type} has no config field? ${types.join(', ')}`);
    }
    for (const [type, fields] of Object.entries(picked)) {
      for (const [field, value] of Object.entries(fields)) {
        const configType = /\((.+)\)$/.exec(field)?.[1] ?? '';
        assert.equal(value, only[configType] ?? '', `${type}.${field}`);
      }
    }

    // Two stores: the user chooses; nothing is picked.
    const withTwo = await page.evaluate(() => {
      const RED = (window as unknown as { RED: Red }).RED;
      RED.nodes.add({ id: 'mlc-test-second-store', type: 'mlc-store', name: 'second', backend: 'sqlite', users: [], _def: RED.nodes.getType('mlc-store') });
      try {
        return RED.view.createNode('mlc-dedup').node['store'];
      } finally {
        RED.nodes.remove('mlc-test-second-store');
      }
    });
    assert.equal(withTwo, '');
    assert.deepEqual(pageErrors, []);
  });
});

/** The plain words that open a node's help (its markdown up to the first markup character), as rendered. */
function helpOpening(type: string): string {
  const entry = packNodes().find((n) => n.type === type);
  assert.ok(entry, `${type} not in package.json`);
  const html = readFileSync(entry.html, 'utf8');
  const md = new RegExp(`data-help-name=["']${type}["'][^>]*>([\\s\\S]*?)</script>`).exec(html)?.[1]?.trim() ?? '';
  const opening = (md.split(/[*`_[<#]/)[0] ?? '').replace(/\s+/g, ' ').trim();
  assert.ok(opening.length >= 20, `${type}: help does not open with plain text: ${md.slice(0, 80)}`);
  return opening;
}
