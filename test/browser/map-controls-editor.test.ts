// The map node's Controls in the Node-RED editor in headless Chromium: saved controls show as rows
// (lines, amounts, dimensions), an edit saves back the object the runtime takes, unticked saves none,
// and ticked with no rows counts records only.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { journalControls, parseControlSpec } from '../../lib/reconcile';
import { chromiumSkipReason } from '../support/chromium';
import { openEditorWith, type EditorPage } from '../support/editor-page';

const skip = chromiumSkipReason();
const NODE_ID = 'mlc-controls-map';
const CONTROLS = journalControls({ lines: 'lines', account: 'account', costCenter: 'orgLevel2' });

describe('the map editor Controls field, in headless Chromium', { skip }, () => {
  let editor: EditorPage;
  let page: Page;

  const savedControls = (): Promise<unknown> =>
    page.evaluate((id) => (window as unknown as { RED: { nodes: { node(id: string): { controls: unknown } } } }).RED.nodes.node(id).controls, NODE_ID);
  const openDialog = async (): Promise<void> => {
    await page.dblclick(`[id="${NODE_ID}"] .red-ui-flow-node`);
    await page.waitForSelector('#node-input-controls-on', { state: 'visible', timeout: 20_000 });
  };
  const saveDialog = async (): Promise<void> => {
    await page.click('#node-dialog-ok');
    await page.waitForSelector('#node-input-controls-on', { state: 'detached', timeout: 20_000 });
  };

  before(async () => {
    editor = await openEditorWith([
      { id: 'controls-tab', type: 'tab', label: 'controls' },
      { id: 'store', type: 'mlc-store', name: 'store', backend: 'sqlite', path: '' },
      {
        id: NODE_ID, z: 'controls-tab', type: 'mlc-map', name: 'GL entry', specFrom: 'node', rules: [{ op: 'copy', target: 'ref', from: 'runId', type: 'string' }],
        keep: false, keyExpression: '', outputMode: 'batch', tables: [], lookupsFrom: false, store: 'store', controls: CONTROLS, x: 300, y: 120, wires: [[], []],
      },
    ], NODE_ID);
    page = editor.page;
  });
  after(async () => {
    await editor?.close();
  });

  /** What the rows of one list show: each row's inputs, in order. */
  const rowsOf = (list: string): Promise<string[][]> =>
    page.$$eval(`${list} li`, (items) => items.map((li) => Array.from(li.querySelectorAll('input[type=text]')).map((input) => (input as HTMLInputElement).value)));

  it('shows the saved controls as rows and saves an edit back as the object the runtime takes', async () => {
    await openDialog();
    assert.equal(await page.isChecked('#node-input-controls-on'), true);
    assert.equal(await page.inputValue('#node-input-controls-lines'), 'lines');
    assert.deepEqual(await rowsOf('#node-input-controls-amounts'), CONTROLS.amounts.map((a) => [a.name, a.from, a.target]));
    assert.deepEqual(await rowsOf('#node-input-controls-dimensions'), CONTROLS.dimensions.map((d) => [d.name, d.from, d.table ?? '', d.target]));
    // Drop the credit amount and rename the cost center's source path.
    await page.locator('#node-input-controls-amounts li:nth-child(2) .red-ui-editableList-item-remove').evaluate((button) => (button as HTMLElement).click());
    await page.waitForFunction(() => document.querySelectorAll('#node-input-controls-amounts li').length === 1);
    await page.fill('#node-input-controls-dimensions li:nth-child(2) .mlc-control-from', 'orgLevel3');
    await saveDialog();
    const saved = await savedControls();
    const dimensions = CONTROLS.dimensions.map((d, i) => (i === 1 ? { ...d, from: 'orgLevel3' } : d));
    assert.deepEqual(saved, { lines: 'lines', amounts: CONTROLS.amounts.slice(0, 1), dimensions });
    assert.equal(parseControlSpec(saved).ok, true);
    assert.deepEqual(editor.pageErrors, []);
  });

  it('adds a dimension row, and a blank row is no control', async () => {
    await openDialog();
    const addButton = page.locator('.red-ui-editableList:has(#node-input-controls-dimensions) .red-ui-editableList-addButton');
    // The button sits below the fold of the tray, under its sticky footer: clicked as a user's click reaches it.
    const add = (): Promise<void> => addButton.evaluate((button) => (button as HTMLElement).click());
    await add();
    await page.fill('#node-input-controls-dimensions li:last-child .mlc-control-name', 'department');
    await page.fill('#node-input-controls-dimensions li:last-child .mlc-control-from', 'dept');
    await page.fill('#node-input-controls-dimensions li:last-child .mlc-control-target', 'department_id');
    await add();
    await saveDialog();
    const saved = (await savedControls()) as { dimensions: unknown[] };
    assert.deepEqual(saved.dimensions.at(-1), { name: 'department', from: 'dept', target: 'department_id' });
    assert.equal(saved.dimensions.length, 3);
    assert.equal(parseControlSpec(saved).ok, true);
  });

  it('saves unticked controls as none, and ticked without rows as a count of records only', async () => {
    await openDialog();
    await page.uncheck('#node-input-controls-on');
    assert.equal(await page.isVisible('#node-input-controls-lines'), false);
    await saveDialog();
    assert.equal(await savedControls(), '');
    assert.deepEqual(parseControlSpec(await savedControls()), { ok: true, spec: null });

    await openDialog();
    assert.equal(await page.isChecked('#node-input-controls-on'), false);
    await page.check('#node-input-controls-on');
    await saveDialog();
    const counted = parseControlSpec(await savedControls());
    assert.deepEqual(counted, { ok: true, spec: { lines: '', amounts: [], dimensions: [] } });
    assert.deepEqual(editor.pageErrors, []);
  });
});
