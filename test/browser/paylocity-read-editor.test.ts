// The mlc-paylocity-read editor in headless Chromium: the journal's fields show for the journal only,
// the pay-code table lists its rows (a liability account only on employer-tax rows), and saving the
// dialog gives back the table as edited, which the runtime settings accept.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { DEFAULT_PAY_CODES, type PayCodeRow } from '../../lib/paylocity/pay-journal';
import { paylocityReadSettingsFromNode } from '../../nodes/paylocity/paylocity-read-settings';
import { chromiumSkipReason } from '../support/chromium';
import { openEditorWith, type EditorPage } from '../support/editor-page';

const skip = chromiumSkipReason();
const NODE_ID = 'mlc-pay-journal';

type Jq = ((selector: string) => { length: number; val(): unknown; is(s: string): boolean; each(fn: (this: unknown) => void): void; find(s: string): Jq1 }) & ((el: unknown) => Jq1);
type Jq1 = { length: number; val(): unknown; is(s: string): boolean; find(s: string): Jq1; eq(i: number): Jq1; val(v: string): Jq1; trigger(e: string): Jq1 };

describe('the paylocity read editor, in headless Chromium', { skip }, () => {
  let editor: EditorPage;
  let page: Page;
  let pageErrors: string[];

  before(async () => {
    editor = await openEditorWith([
      { id: 'pay-tab', type: 'tab', label: 'paylocity' },
      { id: NODE_ID, z: 'pay-tab', type: 'mlc-paylocity-read', name: 'journal', paylocity: '', entity: 'journal', payCodes: DEFAULT_PAY_CODES, netPayAccount: '2110', x: 300, y: 120, wires: [[], []] },
    ], NODE_ID);
    ({ page, pageErrors } = editor);
  });
  after(async () => {
    await editor?.close();
  });

  it('shows the journal fields and the pay-code table, a liability account only for employer taxes', async () => {
    await page.dblclick(`[id="${NODE_ID}"] .red-ui-flow-node`);
    await page.waitForSelector('#node-input-netPayAccount', { state: 'visible', timeout: 20_000 });
    const seen = await page.evaluate(() => {
      const $ = (window as unknown as { $: Jq }).$;
      const rows: Array<{ kind: unknown; code: unknown; liabilityShown: boolean }> = [];
      $('#node-input-payCodes-container .red-ui-editableList-item-content').each(function (this: unknown) {
        const row = $(this);
        rows.push({ kind: row.find('select').val(), code: row.find('input').eq(0).val(), liabilityShown: row.find('input').eq(2).is(':visible') });
      });
      return { rows, codeResourceShown: $('#node-input-codeResource').is(':visible'), groupingShown: $('#node-input-grouping').is(':visible') };
    });
    assert.equal(seen.rows.length, DEFAULT_PAY_CODES.length);
    assert.deepEqual(seen.rows.map((r) => r.code), DEFAULT_PAY_CODES.map((r) => r.code));
    assert.ok(seen.rows.every((r) => r.liabilityShown === (r.kind === 'employer-tax')), JSON.stringify(seen.rows));
    assert.equal(seen.groupingShown, true);
    assert.equal(seen.codeResourceShown, false);
    assert.deepEqual(pageErrors, []);
  });

  it('saves the table as edited, and the runtime takes it', async () => {
    await page.evaluate(() => {
      const $ = (window as unknown as { $: Jq }).$;
      let index = 0;
      $('#node-input-payCodes-container .red-ui-editableList-item-content').each(function (this: unknown) {
        // The OT row posts to wages now.
        if (index++ === 1) $(this).find('input').eq(1).val('6100').trigger('change');
      });
    });
    await page.click('#node-dialog-ok');
    await page.waitForSelector('#node-input-netPayAccount', { state: 'detached', timeout: 20_000 });
    const saved = await page.evaluate((id) => (window as unknown as { RED: { nodes: { node(id: string): { payCodes: PayCodeRow[] } } } }).RED.nodes.node(id).payCodes, NODE_ID);
    assert.equal(saved.length, DEFAULT_PAY_CODES.length);
    assert.deepEqual(saved[1], { kind: 'earning', code: 'OT', account: '6100' });
    assert.deepEqual(saved.find((r) => r.code === 'ER-SUTA'), { kind: 'employer-tax', code: 'ER-SUTA', account: '6200', liabilityAccount: '2210' });
    const settings = paylocityReadSettingsFromNode({ entity: 'journal', payCodes: saved });
    assert.equal(settings.rules.codes.length, DEFAULT_PAY_CODES.length);
    assert.deepEqual(pageErrors, []);
  });
});
