// The mlc-servicenow-read editor in headless Chromium: the condition rows are listed as saved (no join
// shown on the first, no value for a unary operator), the incremental fields show for mode incremental
// only, a row the runtime would refuse marks the node invalid, and saving gives back rows the runtime
// settings turn into the same encoded query.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { serviceNowReadSettingsFromNode } from '../../nodes/servicenow/servicenow-read-settings';
import { chromiumSkipReason } from '../support/chromium';
import { openEditorWith, type EditorPage } from '../support/editor-page';

const skip = chromiumSkipReason();
const NODE_ID = 'mlc-sn-read';
const ROWS = [
  { join: 'AND', field: 'active', op: '=', value: 'true' },
  { join: 'OR', field: 'code', op: 'STARTSWITH', value: 'CC-9' },
  { join: 'AND', field: 'manager', op: 'ISNOTEMPTY' },
];

type Item = { find(s: string): Item; eq(i: number): Item; val(): unknown; val(v: string): Item; is(s: string): boolean; css(p: string): string; trigger(e: string): Item };
type Jq = ((selector: string) => Item & { each(fn: (this: unknown) => void): void }) & ((el: unknown) => Item);
type Red = { nodes: { node(id: string): { conditions: unknown[]; valid: boolean; mode: string } } };

describe('the servicenow read editor, in headless Chromium', { skip }, () => {
  let editor: EditorPage;
  let page: Page;
  let pageErrors: string[];

  before(async () => {
    editor = await openEditorWith([
      { id: 'sn-tab', type: 'tab', label: 'servicenow' },
      { id: 'sn-cfg', type: 'mlc-servicenow-config', name: 'sandbox', instanceUrl: 'http://127.0.0.1:8104', authMode: 'basic' },
      { id: NODE_ID, z: 'sn-tab', type: 'mlc-servicenow-read', name: 'cost centers', servicenow: 'sn-cfg', table: 'cmn_cost_center', conditions: ROWS, mode: 'all', x: 300, y: 120, wires: [[], []] },
    ], NODE_ID);
    ({ page, pageErrors } = editor);
  });
  after(async () => {
    await editor?.close();
  });

  const rowsShown = () =>
    page.evaluate(() => {
      const $ = (window as unknown as { $: Jq }).$;
      const rows: Array<{ join: unknown; joinShown: boolean; field: unknown; op: unknown; valueShown: boolean }> = [];
      $('#node-input-conditions-list .red-ui-editableList-item-content').each(function (this: unknown) {
        const row = $(this);
        rows.push({ join: row.find('select').eq(0).val(), joinShown: row.find('select').eq(0).css('visibility') !== 'hidden', field: row.find('input').eq(0).val(), op: row.find('select').eq(1).val(), valueShown: row.find('input').eq(1).css('display') !== 'none' });
      });
      return rows;
    });

  /** Types a value into the second row and saves the dialog. */
  const saveWithSecondValue = async (value: string): Promise<void> => {
    await page.evaluate((v) => {
      const $ = (window as unknown as { $: Jq }).$;
      let index = 0;
      $('#node-input-conditions-list .red-ui-editableList-item-content').each(function (this: unknown) {
        if (index++ === 1) $(this).find('input').eq(1).val(v).trigger('change');
      });
    }, value);
    await page.click('#node-dialog-ok');
    await page.waitForSelector('#node-input-table', { state: 'detached', timeout: 20_000 });
  };

  it('lists the saved rows and shows the incremental fields for mode incremental only', async () => {
    await page.dblclick(`[id="${NODE_ID}"] .red-ui-flow-node`);
    await page.waitForSelector('#node-input-table', { state: 'visible', timeout: 20_000 });
    const rows = await rowsShown();
    assert.deepEqual(rows.map((r) => [r.field, r.op, r.join]), ROWS.map((r) => [r.field, r.op, r.join]));
    assert.deepEqual(rows.map((r) => [r.joinShown, r.valueShown]), [[false, true], [true, true], [true, false]]);
    const shown = () => page.evaluate(() => (window as unknown as { $: Jq }).$('#node-input-cursorName').is(':visible'));
    assert.equal(await shown(), false);
    await page.selectOption('#node-input-mode', 'incremental');
    assert.equal(await shown(), true);
    await page.selectOption('#node-input-mode', 'all');
    assert.deepEqual(pageErrors, []);
  });

  it('a value with ^ marks the node invalid; saved rows make the runtime query', async () => {
    const red = () => page.evaluate((id) => (window as unknown as { RED: Red }).RED.nodes.node(id), NODE_ID);
    assert.equal((await red()).valid, true, 'valid as loaded');
    await saveWithSecondValue('CC-9^ORactive=false');
    assert.equal((await red()).valid, false, 'the injection row makes the node invalid');

    await page.dblclick(`[id="${NODE_ID}"] .red-ui-flow-node`);
    await page.waitForSelector('#node-input-table', { state: 'visible', timeout: 20_000 });
    await saveWithSecondValue('CC-90');
    const saved = await red();
    assert.deepEqual(saved.conditions, [ROWS[0], { ...ROWS[1], value: 'CC-90' }, ROWS[2]]);
    const settings = serviceNowReadSettingsFromNode(NODE_ID, { table: 'cmn_cost_center', conditions: saved.conditions });
    assert.equal(settings.encodedQuery, 'active=true^ORcodeSTARTSWITHCC-90^managerISNOTEMPTY');
    assert.deepEqual(pageErrors, []);
  });
});
