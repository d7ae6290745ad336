// The map node's Controls field in the Node-RED editor in headless Chromium: saved controls show as
// JSON, an edit saves back an object the runtime takes, and an empty field saves none.
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
    await page.waitForSelector('#node-input-controls-json', { state: 'visible', timeout: 20_000 });
  };
  const saveDialog = async (): Promise<void> => {
    await page.click('#node-dialog-ok');
    await page.waitForSelector('#node-input-controls-json', { state: 'detached', timeout: 20_000 });
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

  it('shows the saved controls and saves an edit back as an object the runtime takes', async () => {
    await openDialog();
    const shown = await page.inputValue('#node-input-controls-json');
    assert.deepEqual(JSON.parse(shown), CONTROLS);
    const edited = { ...CONTROLS, amounts: CONTROLS.amounts.slice(0, 1) };
    await page.fill('#node-input-controls-json', JSON.stringify(edited));
    await saveDialog();
    const saved = await savedControls();
    assert.deepEqual(saved, edited);
    assert.equal(parseControlSpec(saved).ok, true);
    assert.deepEqual(editor.pageErrors, []);
  });

  it('saves an empty field as no controls', async () => {
    await openDialog();
    await page.fill('#node-input-controls-json', '');
    await saveDialog();
    assert.equal(await savedControls(), '');
    assert.deepEqual(parseControlSpec(await savedControls()), { ok: true, spec: null });
    assert.deepEqual(editor.pageErrors, []);
  });
});
