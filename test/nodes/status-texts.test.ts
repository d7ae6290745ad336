// Status texts: cut at 40 characters at a word boundary with an ellipsis, never inside a word, and
// counts in the singular for one. The cutting and counting are checked on their own, then on the
// texts real nodes set: an Odoo call of a long model's method (once shown as "…search_read do…"),
// an Odoo read of one page (once "1 pages"), a ServiceNow read's progress against X-Total-Count, and the
// UKG webhook's and write node's counts.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import { startSimulator, type RunningSimulator } from '../../sandbox/kit';
import { OdooSimulator } from '../../sandbox/odoo';
import { heldStatus } from '../../nodes/shared/read-node';
import { count, fit, MAX_STATUS_TEXT, NodeStatus, shorten } from '../../nodes/shared/status';
import { WebhookStatus } from '../../nodes/shared/webhook-status';
import odooConfigNode = require('../../nodes/odoo/odoo-config');
import odooCallNode = require('../../nodes/odoo/odoo-call');
import odooReadNode = require('../../nodes/odoo/odoo-read');
import serviceNowConfigNode = require('../../nodes/servicenow/servicenow-config');
import serviceNowReadNode = require('../../nodes/servicenow/servicenow-read');
import lookerConfigNode = require('../../nodes/looker/looker-config');
import lookerNode = require('../../nodes/looker/looker');
import { API_USER as LOOKER_USER, LookerSimulator } from '../../sandbox/looker';
import { INTEGRATION_USER, SEEDED_SUPPLIER_COUNT, ServiceNowSimulator } from '../../sandbox/servicenow';
import storeNode = require('../../nodes/core/store-config');
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

/** Whether `cut` is `text` up to a word boundary, plus an ellipsis: what is kept ends a word. */
function endsAtBoundary(text: string, cut: string): boolean {
  if (!cut.endsWith('…')) return false;
  const kept = cut.slice(0, -1);
  if (!text.startsWith(kept)) return false;
  const next = text[kept.length];
  const last = kept[kept.length - 1] ?? '';
  // The next character starts a new word (a space, or punctuation dropped before the ellipsis), or
  // the cut is after a separator inside an identifier (kept "a.b", next "."; or kept "a.", next "b").
  return next === undefined || /[\s,;:.(/_\-–—]/.test(next) || /[./_\-:]/.test(last);
}

describe('status text: cutting and counting', () => {
  it('leaves a text of up to 40 characters as it is', () => {
    const forty = 'x'.repeat(20) + ' ' + 'y'.repeat(19);
    assert.equal(forty.length, MAX_STATUS_TEXT);
    assert.equal(shorten(forty), forty);
    assert.equal(shorten('created 1, updated 2, failed 0'), 'created 1, updated 2, failed 0');
  });

  it('cuts a longer text after the last whole word that fits, with an ellipsis', () => {
    const text = 'MLC_ODOO_ACCESS_DENIED: the login or API key was refused by the server';
    const cut = shorten(text);
    assert.equal(cut, 'MLC_ODOO_ACCESS_DENIED: the login or…');
    assert.ok(cut.length <= MAX_STATUS_TEXT);
    assert.ok(endsAtBoundary(text, cut), cut);
  });

  it('drops joining punctuation before the ellipsis', () => {
    assert.equal(shorten('new 100000, duplicate 200000, in progress elsewhere 5'), 'new 100000, duplicate 200000, in…');
    assert.equal(shorten('one two three four five six seven, eight nine'), 'one two three four five six seven…');
  });

  it('cuts one long identifier after a dot or underscore inside it, not in a word', () => {
    const cut = shorten('account.analytic.account.search_read_group_by_partner done');
    assert.equal(cut, 'account.analytic.account.search_read…');
    assert.ok(!/…search_read do…/.test(cut));
  });

  it('never cuts inside a word, whatever the words', () => {
    const words = ['a', 'of', 'read', 'vendors', 'res.partner', 'account.move', 'MLC_HTTP_TIMEOUT:', '(uid', 'refused,', '12345', 'instance-name'];
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let round = 0; round < 500; round++) {
      const text = Array.from({ length: 3 + Math.floor(random() * 12) }, () => words[Math.floor(random() * words.length)]).join(' ');
      const cut = shorten(text);
      assert.ok(cut.length <= MAX_STATUS_TEXT, `${cut} (${cut.length})`);
      if (text.length <= MAX_STATUS_TEXT) assert.equal(cut, text);
      else assert.ok(endsAtBoundary(text, cut), `"${text}" → "${cut}"`);
    }
  });

  it('says 1 page, 2 pages, 0 pages; irregular plurals given', () => {
    assert.equal(count(1, 'page'), '1 page');
    assert.equal(count(2, 'page'), '2 pages');
    assert.equal(count(0, 'page'), '0 pages');
    assert.equal(count(1, 'pay register row'), '1 pay register row');
    assert.equal(count(3, 'entry', 'entries'), '3 entries');
  });

  it('fit picks the first wording that fits, else cuts the last', () => {
    assert.equal(fit('res.partner.search_read done', 'search_read done'), 'res.partner.search_read done');
    assert.equal(fit('account.analytic.account.search_read done', 'search_read done'), 'search_read done');
    assert.ok(fit('x'.repeat(50), 'y '.repeat(30)).endsWith('…'));
  });

  it('the node status cuts what it is given', () => {
    const shown: Array<{ text?: string }> = [];
    new NodeStatus({ status: (s: unknown) => shown.push(s as { text?: string }) } as never).set('error', 'mlc-odoo-read: the model res.partner.category does not exist in this database');
    assert.equal(shown[0]?.text, 'mlc-odoo-read: the model…');
  });

  it('a held read lease names the holder and always shows the time', () => {
    const text = heldStatus('a-very-long-host-name-of-a-container-1234:9f8e7d6c', '2026-12-06T08:00:30.000Z');
    assert.ok(text.length <= MAX_STATUS_TEXT, text);
    assert.equal(text, 'held by a-very-long… until 08:00:30Z');
    assert.match(text, / until 08:00:30Z$/);
  });

  it('the UKG webhook counts 1 event, 2 events', () => {
    const shown: string[] = [];
    const webhook = new WebhookStatus(new NodeStatus({ status: (s: unknown) => shown.push((s as { text: string }).text) } as never), () => undefined, 0);
    webhook.event();
    assert.equal(shown.at(-1), '1 event');
    webhook.event();
    webhook.duplicate();
    assert.equal(shown.at(-1), '2 events, 1 dup');
  });
});

describe('status text on real nodes against the Odoo sandbox', () => {
  let sim: RunningSimulator;
  const KEY = 'mlc-demo-key';
  const flow = (nodes: Record<string, unknown>[]) => [
    { id: 'tab', type: 'tab' },
    { id: 'odoo', type: 'mlc-odoo-config', name: 'Odoo sandbox', url: sim.url, db: 'mlc_demo', transport: 'json2', maxAttempts: 2 },
    ...nodes,
    { id: 'out', z: 'tab', type: 'helper' },
    { id: 'complete', z: 'tab', type: 'helper' },
  ];
  const creds = { odoo: { username: 'admin', apiKey: KEY } };
  type Spy = { args: unknown[][] };
  const statusTexts = (id: string) => ((helper.getNode(id).status as unknown as Spy).args.map((a) => (a[0] as { text?: string }).text ?? ''));

  before(async () => {
    sim = await startSimulator(new OdooSimulator(), { port: 0 });
    await helper.startServer();
  });
  beforeEach(() => sim.reset());
  afterEach(() => helper.unload());
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });

  it('an Odoo call of a long model name says which method is done, in whole words', async () => {
    await helper.load([odooConfigNode, odooCallNode], flow([
      { id: 'call', z: 'tab', type: 'mlc-odoo-call', odoo: 'odoo', model: 'account.analytic.account', method: 'search_read', args: '[[]]', wires: [['out']] },
    ]), creds);
    const out = collect('out');
    send('call', { payload: null });
    await out.waitFor(1);
    const texts = statusTexts('call');
    assert.equal(texts.at(-1), 'search_read done', texts.join(' | '));
    for (const text of texts) assert.ok(text.length <= MAX_STATUS_TEXT && !/do…|d…$/.test(text), text);
  });

  it('an Odoo read of one page says "1 page", of several "N pages"', async () => {
    await helper.load([odooConfigNode, odooReadNode], flow([
      { id: 'read', z: 'tab', type: 'mlc-odoo-read', odoo: 'odoo', model: 'res.partner', mode: 'once', domain: '[["id", "=", 1]]', fields: 'name', pageSize: 50, wires: [['out'], ['complete']] },
    ]), creds);
    const complete = collect('complete');
    send('read', { payload: 'go' });
    await complete.waitFor(1);
    assert.equal(statusTexts('read').at(-1), '1 read, 1 page');

    await helper.unload();
    await helper.load([odooConfigNode, odooReadNode], flow([
      { id: 'read', z: 'tab', type: 'mlc-odoo-read', odoo: 'odoo', model: 'res.partner', mode: 'once', domain: '[["id", "<=", 5]]', fields: 'name', pageSize: 2, wires: [['out'], ['complete']] },
    ]), creds);
    const again = collect('complete');
    send('read', { payload: 'go' });
    const [end] = await again.waitFor(1);
    const { read, pages } = end?.['payload'] as { read: number; pages: number };
    assert.ok(pages > 1, `pages ${pages}`);
    assert.equal(statusTexts('read').at(-1), `${read} read, ${pages} pages`);
  });
});

describe('status text of the ServiceNow read against its sandbox', () => {
  let sim: RunningSimulator;
  let dir: string;
  type Spy = { args: unknown[][] };
  const statusTexts = (id: string) => ((helper.getNode(id).status as unknown as Spy).args.map((a) => (a[0] as { text?: string }).text ?? ''));

  before(async () => {
    sim = await startSimulator(new ServiceNowSimulator(), { port: 0 });
    dir = mkdtempSync(join(tmpdir(), 'mlc-status-texts-'));
    await helper.startServer();
  });
  afterEach(() => helper.unload());
  after(async () => {
    await helper.stopServer();
    await sim.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('shows "N read, P pages" at the end, and "N of total <table>" from X-Total-Count while a page waits for its audit', async () => {
    const flow = (read: Record<string, unknown>) => [
      { id: 'tab', type: 'tab' },
      { id: 'sn', type: 'mlc-servicenow-config', name: 'ServiceNow sandbox', instanceUrl: sim.url, authMode: 'basic', maxAttempts: 2 },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(dir, 'store.sqlite') },
      { id: 'read', z: 'tab', type: 'mlc-servicenow-read', servicenow: 'sn', store: 'store', table: 'sn_fin_supplier', pageSize: 5, ...read, wires: [['out'], ['complete']] },
      { id: 'out', z: 'tab', type: 'helper' },
      { id: 'complete', z: 'tab', type: 'helper' },
      { id: 'catcher', z: 'tab', type: 'catch', scope: null, uncaught: false, wires: [['caught']] },
      { id: 'caught', z: 'tab', type: 'helper' },
    ];
    const creds = { sn: { user: INTEGRATION_USER.userName, password: INTEGRATION_USER.password } };
    await helper.load([storeNode, serviceNowConfigNode, serviceNowReadNode], positioned(flow({ mode: 'all' })), creds);
    const complete = collect('complete');
    send('read', { payload: 'go' });
    await complete.waitFor(1);
    assert.equal(statusTexts('read').at(-1), `${SEEDED_SUPPLIER_COUNT} read, 3 pages`);

    // Nothing audits the first page, so the run stays on it for longer than the progress throttle's second.
    await helper.unload();
    await helper.load([storeNode, serviceNowConfigNode, serviceNowReadNode], positioned(flow({ mode: 'incremental', auditTimeoutSeconds: 4 })), creds);
    const caught = collect('caught');
    send('read', { payload: 'go' });
    await caught.waitFor(1);
    const texts = statusTexts('read');
    assert.ok(texts.includes(`5 of ${SEEDED_SUPPLIER_COUNT} sn_fin_supplier`), texts.join(' | '));
    for (const text of texts) assert.ok(text.length <= MAX_STATUS_TEXT, text);
  });
});

describe('status text of mlc-looker against its sandbox', () => {
  let sim: RunningSimulator;
  type Spy = { args: unknown[][] };
  const statusTexts = (id: string) => ((helper.getNode(id).status as unknown as Spy).args.map((a) => (a[0] as { text?: string }).text ?? ''));

  before(async () => {
    // Listing models and triggering a datagroup run no query: no warehouse is reached.
    sim = await startSimulator(new LookerSimulator({ warehouse: { url: 'postgres://postgres@127.0.0.1:5432/test', schema: 'odoo' } }), { port: 0 });
    await helper.startServer();
  });
  afterEach(async () => {
    await helper.unload();
    sim.reset();
  });
  after(async () => {
    await helper.stopServer();
    await sim.close();
  });

  it('a datagroup trigger says which datagroup and when, in full; a model list says how many', async () => {
    await helper.load(
      [lookerConfigNode, lookerNode],
      [
        { id: 'tab', type: 'tab' },
        { id: 'lk', type: 'mlc-looker-config', name: 'Looker sandbox', instanceUrl: sim.url },
        { id: 'looker', z: 'tab', type: 'mlc-looker', looker: 'lk', operation: 'trigger-datagroup', model: 'odoo_finance', datagroup: 'odoo_finance_load', wires: [['out']] },
        { id: 'out', z: 'tab', type: 'helper' },
      ],
      { lk: { clientId: LOOKER_USER.clientId, clientSecret: LOOKER_USER.clientSecret } },
    );
    const out = collect('out');
    send('looker', {});
    await out.waitFor(1);
    send('looker', { operation: 'models' });
    await out.waitFor(2);
    const texts = statusTexts('looker');
    assert.ok(texts.includes('triggering odoo_finance_load'), texts.join(' | '));
    assert.ok(texts.some((t) => /^odoo_finance_load triggered \d\d:\d\d$/.test(t)), texts.join(' | '));
    assert.match(texts.at(-1) ?? '', /^1 model \d\d:\d\d$/);
    for (const text of texts) assert.ok(text.length <= MAX_STATUS_TEXT, text);
  });
});
