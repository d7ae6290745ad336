// mlc-procore-write in plan-only mode, in real Node-RED against the Procore simulator, with mlc-audit
// and a real SQLite store: a purchase order planned as an update naming its changed header field and
// lines (old and new as Procore holds them), one unchanged, one created, one refused and a vendor to
// create, with no write call made and the plan kept in the store; then the plan posted as it stands
// makes exactly the planned writes.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import helper from 'node-red-node-test-helper';
import type { PlanMessage } from '../../lib/plan/plan';
import { openStore } from '../../lib/store';
import { PROJECT_IDS, ProcoreSimulator } from '../../sandbox/procore';
import { acmeVendorId, costCodeId } from '../support/procore-state';
import { postMessageOf } from '../../nodes/core/plan-post';
import procoreConfigNode = require('../../nodes/procore/procore-config');
import procoreWriteNode = require('../../nodes/procore/procore-write');
import storeNode = require('../../nodes/core/store-config');
import auditNode = require('../../nodes/core/audit');
import { simulatorSuite } from '../support/simulator-suite';
import { collect, positioned, send } from '../support/flow-helper';

helper.init(require.resolve('node-red'));

type Msg = Record<string, unknown>;
const NODES = [procoreConfigNode, procoreWriteNode, storeNode, auditNode];
const RIVERSIDE = PROJECT_IDS.riverside;

describe('mlc-procore-write in plan-only mode against the Procore sandbox', () => {
  const procore = new ProcoreSimulator();
  const suite = simulatorSuite(procore, { tmpPrefix: 'mlc-procore-plan' });

  const flow = (write: Msg): Msg[] =>
    positioned([
      { id: 'tab', type: 'tab', label: 'plan' },
      { id: 'p', type: 'mlc-procore-config', name: 'Procore (test)', environment: 'custom', apiBase: suite.sim.url, tokenUrl: `${suite.sim.url}/oauth/token`, companyId: '4264807', maxAttempts: 1, timeoutSeconds: 5 },
      { id: 'store', type: 'mlc-store', backend: 'sqlite', path: join(suite.dir, 'store.sqlite') },
      { id: 'write', z: 'tab', type: 'mlc-procore-write', procore: 'p', operation: 'commitment', ...write, wires: [['audit'], ['audit']] },
      { id: 'audit', z: 'tab', type: 'mlc-audit', store: 'store', mode: 'auto', wires: [['audited']] },
      { id: 'audited', z: 'tab', type: 'helper' },
    ]);
  const load = (write: Msg): Promise<void> => helper.load(NODES, flow(write), { p: { clientId: 'mlc-demo-client', clientSecret: 'mlc-demo-secret' } });
  const planOf = (msg: Msg | undefined): PlanMessage => msg?.['plan'] as PlanMessage;
  const keyOf = (msg: Msg): string => (msg['mlc'] as { key: string }).key;
  /** Calls that change Procore: anything but a GET on the API. */
  const writeCalls = (since: number): string[] =>
    suite.sim.log
      .entries({ sinceSeq: since, path: '/rest/' })
      .filter((e) => e.method !== 'GET')
      .map((e) => `${e.method} ${e.path}`);
  const codeId = (full: string): number => costCodeId(procore, RIVERSIDE, full);
  const vendorId = (): number => acmeVendorId(procore);
  const order = (origin: string, title: string, lines: Array<[string, string, string]>, vendor: Msg = { vendor_id: vendorId() }): Msg => ({
    project_id: String(RIVERSIDE),
    origin_id: origin,
    ...vendor,
    title,
    line_items: lines.map(([line, code, amount]) => ({ origin_id: line, cost_code_id: codeId(code), amount, description: `line ${line}` })),
  });
  const po = (key: string, payload: Msg, plan?: boolean, operation?: string): Msg => ({ payload, ...(operation ? { operation } : {}), mlc: { key, runId: plan === false ? 'setup' : 'plan-run', ...(plan === undefined ? {} : { plan }) } });
  const contract = (origin: string) => procore.state.purchaseOrders.find((c) => c.origin_id === origin && c.deleted_at === null);


  it('plans an update naming its fields and lines, an unchanged, a create and a refused record, writes nothing, and posting the plan writes exactly that', async () => {
    await load({ planOnly: true });
    const audited = collect('audited');
    // Written for real through the plan-only node: msg.mlc.plan false is what posting a plan sends.
    send('write', po('odoo:po:A', order('odoo-po-A', 'Ready-mix', [['A-1', '03-300', '1500.00'], ['A-2', '06-100', '240.50']]), false));
    send('write', po('odoo:po:B', order('odoo-po-B', 'Lumber', [['B-1', '06-100', '80.00']]), false));
    await audited.waitFor(2);
    const aBefore = structuredClone(contract('odoo-po-A'));

    const since = suite.sim.log.lastSeq;
    send('write', po('odoo:po:A', order('odoo-po-A', 'Ready-mix (rev 1)', [['A-1', '03-300', '1750'], ['A-3', '06-100', '99.90']])));
    send('write', po('odoo:po:B', order('odoo-po-B', 'Lumber', [['B-1', '06-100', '80']])));
    send('write', po('odoo:po:C', order('odoo-po-C', 'Rebar', [['C-1', '03-300', '410.00']])));
    send('write', po('odoo:po:D', order('odoo-po-D', 'Nobody', [['D-1', '03-300', '1.00']], { vendor_origin_id: 'odoo-partner-none' })));
    send('write', po('odoo:vendor:9', { origin_id: 'odoo-partner-9', name: 'Foothills Aggregate', city: 'Golden' }, undefined, 'vendor'));
    const out = (await audited.waitFor(7)).slice(2);
    const byKey = new Map(out.map((m) => [keyOf(m), planOf(m)]));

    const a = byKey.get('odoo:po:A');
    assert.equal(a?.action, 'update');
    assert.equal(a?.id, String(aBefore?.id));
    assert.deepEqual(
      a?.changes,
      [
        { field: 'title', old: 'Ready-mix', new: 'Ready-mix (rev 1)' },
        { field: 'line_items[A-1].amount', old: '1500.00', new: '1750.00' },
        { field: 'line_items[A-3]', old: null, new: { origin_id: 'A-3', cost_code_id: codeId('06-100'), amount: '99.90', description: 'line A-3' } },
        { field: 'line_items[A-2]', old: { origin_id: 'A-2', cost_code_id: String(codeId('06-100')), amount: '240.50', description: 'line A-2' }, new: null },
      ],
      'the changed title, line A-1 by its amount as Procore holds it, A-3 added and A-2 removed; the cost code by its id (as the client reads ids: text), not the object Procore answers',
    );
    assert.equal(byKey.get('odoo:po:B')?.action, 'unchanged', '80 and "80.00" are the same amount');
    const c = byKey.get('odoo:po:C');
    assert.equal(c?.action, 'create');
    assert.deepEqual(c?.changes.find((ch) => ch.field === 'title'), { field: 'title', old: null, new: 'Rebar' });
    assert.equal(c?.changes.some((ch) => ch.field === 'line_items[C-1]'), true);
    const d = byKey.get('odoo:po:D');
    assert.deepEqual([d?.action, d?.error?.code], ['fail', 'MLC_PROCORE_VENDOR_UNKNOWN']);
    const vendor = byKey.get('odoo:vendor:9');
    assert.deepEqual([vendor?.action, vendor?.entity, vendor?.post], ['create', 'vendor', { payload: { origin_id: 'odoo-partner-9', name: 'Foothills Aggregate', city: 'Golden' }, operation: 'vendor' }]);
    assert.equal(a?.system, 'procore');
    assert.equal(a?.entity, 'purchase_order_contract');

    assert.deepEqual(writeCalls(since), [], 'no write call of any kind since the plan started');
    assert.deepEqual(contract('odoo-po-A'), aBefore);
    assert.equal(contract('odoo-po-C'), undefined);
    assert.equal(procore.state.vendors.some((v) => v.origin_id === 'odoo-partner-9'), false);

    const store = await openStore({ kind: 'sqlite', path: join(suite.dir, 'store.sqlite') });
    try {
      const plan = await store.listPlanEntries('plan-run');
      assert.deepEqual(plan.map((e) => [e.key, e.action]), [
        ['odoo:po:A', 'update'],
        ['odoo:po:B', 'unchanged'],
        ['odoo:po:C', 'create'],
        ['odoo:po:D', 'fail'],
        ['odoo:vendor:9', 'create'],
      ]);
      assert.equal((await store.getRun('plan-run'))?.counts['planned'], 5);

      // Posting the plan as it stands: the planned writes are sent again, marked to be written.
      const posted = Date.now();
      const postSince = suite.sim.log.lastSeq;
      const toPost = plan.filter((e) => ['create', 'update', 'archive'].includes(e.action));
      for (const entry of toPost) send('write', postMessageOf(entry));
      const written = (await audited.waitFor(7 + toPost.length)).slice(7);
      assert.deepEqual(written.map((m) => [keyOf(m), (m['procore'] as { created: boolean } | undefined)?.created]).sort(), [['odoo:po:A', false], ['odoo:po:C', true], ['odoo:vendor:9', false]]);
      assert.deepEqual(writeCalls(postSince).sort(), [
        `DELETE /rest/v1.0/purchase_order_contracts/${aBefore?.id}/line_items/${aBefore?.line_items.find((l) => l.origin_id === 'A-2')?.id}`,
        `PATCH /rest/v1.0/purchase_order_contracts/${aBefore?.id}`,
        `PATCH /rest/v1.0/purchase_order_contracts/${aBefore?.id}/line_items/${aBefore?.line_items.find((l) => l.origin_id === 'A-1')?.id}`,
        'PATCH /rest/v1.0/vendors/sync',
        `POST /rest/v1.0/purchase_order_contracts`,
        `POST /rest/v1.0/purchase_order_contracts/${aBefore?.id}/line_items`,
        `POST /rest/v1.0/purchase_order_contracts/${contract('odoo-po-C')?.id}/line_items`,
      ].sort(), 'exactly the planned writes: A updated (title, A-1, A-3 added, A-2 removed), C created with its line, the vendor synced; nothing for B or D');
      assert.equal(contract('odoo-po-A')?.title, 'Ready-mix (rev 1)');
      assert.deepEqual(contract('odoo-po-A')?.line_items.map((l) => [l.origin_id, l.amount_cents]), [['A-1', 175000], ['A-3', 9990]]);
      assert.equal(procore.state.vendors.filter((v) => v.origin_id === 'odoo-partner-9').length, 1);
      assert.ok(Date.now() >= posted);
      const posts = await store.list({ keys: ['odoo:po:A', 'odoo:po:C', 'odoo:vendor:9'], status: 'posted', limit: 10 });
      assert.equal(posts.length, 3, 'audit records the posted plan as posted');
    } finally {
      await store.close();
    }
  });
});
