// The map node's editor with an each rule, in headless Chromium: the line rules show up in their own
// list with their own fields, and saving the dialog gives back a spec that maps a GL entry the same way.
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Page } from 'playwright-core';
import { compileMapping, type MapResult } from '../../lib/mapping';
import { chromiumSkipReason } from '../support/chromium';
import { openEditorWith, type EditorPage } from '../support/editor-page';
import { PROJECT_ROOT } from '../support/node-red-process';

const skip = chromiumSkipReason();
const NODE_ID = 'mlc-each-map';
const SHOTS = join(PROJECT_ROOT, 'test-output');

const RULES = [
  { op: 'copy', target: 'ref', from: 'runId', type: 'string' },
  { op: 'date', target: 'date', from: 'payPeriodEndDate', inputFormat: 'MM/DD/YYYY', type: 'date' },
  {
    op: 'each',
    target: 'line_ids',
    from: 'lines',
    wrap: 'x2many-create',
    elementLabel: '{generalLedgerAccount}',
    rules: [
      { op: 'lookup', target: 'account_id', from: 'baseSegment', table: 'accounts', label: 'account', type: 'integer' },
      { op: 'copy', target: 'name', from: 'description', type: 'string', required: false },
      { op: 'number', target: 'debit', from: 'debitAmt', round: 2, default: 0, type: 'number' },
      { op: 'lookup', target: 'analytic_distribution', from: 'orgLevel2', table: 'costCenters', as: 'distribution', percent: 50, required: false, label: 'cost center', type: 'object' },
      { op: 'date', target: 'date_maturity', from: '$parent.payPeriodEndDate', inputFormat: 'MM/DD/YYYY', type: 'date' },
    ],
  },
];

const TABLES = new Map([
  ['accounts', new Map<string, unknown>([['6100', 61], ['2100', 21]])],
  ['costCenters', new Map<string, unknown>([['CC-200', 17]])],
]);

const ENTRY = {
  runId: 'R1',
  payPeriodEndDate: '11/15/2026',
  lines: [
    { baseSegment: '6100', generalLedgerAccount: '6100-CC-200', description: 'Salaries', debitAmt: 10, orgLevel2: 'CC-200' },
    { baseSegment: '2100', generalLedgerAccount: '2100-BR-1', description: 'Net pay', debitAmt: null, orgLevel2: null },
    { baseSegment: '2100', generalLedgerAccount: '2100-CC-9', debitAmt: 1, orgLevel2: 'CC-9' },
  ],
};

function mapWith(rules: unknown, entry: unknown): MapResult {
  return compileMapping({ rules }).prepare(TABLES).mapSync(entry);
}

describe('the map editor with an each rule, in headless Chromium', { skip }, () => {
  let editor: EditorPage;
  let page: Page;
  let pageErrors: string[];

  before(async () => {
    editor = await openEditorWith([
      { id: 'each-tab', type: 'tab', label: 'each rule' },
      { id: NODE_ID, z: 'each-tab', type: 'mlc-map', name: 'GL entry → move', specFrom: 'node', rules: RULES, keep: false, keyExpression: '', outputMode: 'batch', tables: [], lookupsFrom: true, store: '', x: 300, y: 120, wires: [[], []] },
    ], NODE_ID);
    ({ page, pageErrors } = editor);
  });
  after(async () => {
    await editor?.close();
  });

  it('shows the line rules in their own list, each with the fields of its op', async () => {
    await page.dblclick(`[id="${NODE_ID}"] .red-ui-flow-node`);
    await page.waitForSelector('#node-input-outputMode', { state: 'visible', timeout: 20_000 });
    // Per rule (by target): the labels of its own fields that are visible.
    const fields = await page.evaluate(() => {
      const $ = (window as unknown as { $: JQueryLike }).$;
      const out: Record<string, string[]> = {};
      $('.mlc-map-rule').each(function (this: unknown) {
        const rule = $(this);
        const target = String(rule.find('input[type="text"]').first().val());
        const visible: string[] = [];
        rule.find('.mlc-map-field').each(function (this: unknown) {
          const field = $(this);
          if (field.closest('.mlc-map-rule')[0] === rule[0] && field.is(':visible')) visible.push(field.children('span').first().text());
        });
        // The top row holds target, op and type: the type shown for the rule.
        visible.push(`type=${String(rule.children('div').first().find('select').eq(1).val())}`);
        out[target] = visible;
      });
      return out;
    });
    assert.deepEqual(Object.keys(fields), ['ref', 'date', 'line_ids', 'account_id', 'name', 'debit', 'analytic_distribution', 'date_maturity']);
    assert.ok(fields['line_ids']?.includes('type=array'), 'an each rule without a type shows its default, array');
    assert.ok(fields['line_ids']?.includes('write each line as') && fields['line_ids'].includes('name lines by'), JSON.stringify(fields['line_ids']));
    assert.ok(!fields['line_ids']?.includes('table'), 'the each rule does not show its line rules\' lookup fields');
    assert.ok(fields['analytic_distribution']?.includes('write') && fields['analytic_distribution'].includes('%'), JSON.stringify(fields['analytic_distribution']));
    assert.ok(!fields['account_id']?.includes('%'), 'percent only with a distribution');
    assert.ok(fields['name']?.includes('from') && !fields['name'].includes('table'), JSON.stringify(fields['name']));
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'editor-map-each.png'), fullPage: true });
    assert.deepEqual(pageErrors, []);
  });

  it('saves a spec that maps a GL entry exactly as the original spec does', async () => {
    await page.click('#node-dialog-ok');
    await page.waitForSelector('#node-input-outputMode', { state: 'detached', timeout: 20_000 });
    const saved = await page.evaluate((id) => (window as unknown as { RED: { nodes: { node(id: string): { rules: unknown } } } }).RED.nodes.node(id).rules, NODE_ID);
    const good = { ...ENTRY, lines: ENTRY.lines.slice(0, 2) };
    const expected = mapWith(RULES, good);
    assert.equal(expected.ok, true, JSON.stringify(expected));
    assert.deepEqual(mapWith(saved, good), expected);
    assert.deepEqual(mapWith(saved, ENTRY), mapWith(RULES, ENTRY), 'the same rejection, naming line 3');
    assert.deepEqual(pageErrors, []);
  });

  it('documents each rules, $parent, element labels and distributions in the help sidebar', async () => {
    await page.click(`[id="${NODE_ID}"] .red-ui-flow-node`);
    await page.evaluate(() => (window as unknown as { RED: { sidebar: { show(t: string): void } } }).RED.sidebar.show('help'));
    await page.waitForFunction(() => (document.querySelector('.red-ui-sidebar-help-stack .red-ui-help-title + .red-ui-help')?.textContent ?? '').includes('payroll GL entry'), undefined, {
      timeout: 10_000,
    });
    const text = ((await page.locator('.red-ui-sidebar-help-stack .red-ui-help-title + .red-ui-help').textContent()) ?? '').replace(/\s+/g, ' ');
    for (const words of ['Lists of lines (each)', '$parent.', 'x2many-create', 'elementLabel', '"as": "distribution"', 'Absent is not unknown']) {
      assert.ok(text.includes(words), `help lacks ${words}`);
    }
  });
});

/** The little of jQuery the page-side code above uses. */
interface JQueryLike {
  (selector: unknown): {
    each(fn: (this: unknown) => void): void;
    find(selector: string): ReturnType<JQueryLike>;
    first(): ReturnType<JQueryLike>;
    eq(index: number): ReturnType<JQueryLike>;
    children(selector: string): ReturnType<JQueryLike>;
    closest(selector: string): ReturnType<JQueryLike>;
    is(selector: string): boolean;
    val(): unknown;
    text(): string;
    [index: number]: unknown;
  };
}
