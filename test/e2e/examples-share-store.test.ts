// Two bundled examples that read the same Odoo models, deployed together on their one store as
// `npm start` deploys them: "Procore - Odoo purchasing to Procore projects" and "ServiceNow - Odoo
// purchase orders to S2P" both read the vendors and the confirmed purchase orders. Each read's keys
// carry its own prefix, so the second example to run does not find the first one's keys already
// posted: after Procore's "sync now" has been audited, ServiceNow's sends every vendor and confirmed
// PO as well, and both targets hold each one once.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { OdooClient } from '../../lib/odoo';
import type { Store } from '../../lib/store/types';
import type { RunningSimulator } from '../../sandbox/kit';
import { procoreQuotaRules, type ProcoreSimulator } from '../../sandbox/procore';
import { startSandbox, type Sandbox } from '../../sandbox/start-sandbox';
import { loadExamples, openExampleStore, press, stopAll, until } from '../support/e2e';
import { startNodeRed, type RunningNodeRed } from '../support/node-red-process';

const PROCORE = 'Procore - Odoo purchasing to Procore projects.json';
const SERVICENOW = 'ServiceNow - Odoo purchase orders to S2P.json';

type Row = Record<string, string>;

describe(`examples "${PROCORE}" and "${SERVICENOW}" on one store`, () => {
  let sandbox: Sandbox;
  let nr: RunningNodeRed;
  let store: Store;
  let odoo: OdooClient;
  let procore: ProcoreSimulator;
  let snSim: RunningSimulator;
  let snAuth = '';
  let orders: Array<{ id: number; name: string }> = [];
  let vendors: Array<{ id: number; ref: string }> = [];

  const table = async (name: string, query: string, fields: string[]): Promise<Row[]> => {
    const params = new URLSearchParams({ sysparm_query: query, sysparm_fields: fields.join(','), sysparm_exclude_reference_link: 'true' });
    const res = await fetch(`${snSim.url}/api/now/table/${name}?${params}`, { headers: { authorization: snAuth, accept: 'application/json' } });
    assert.equal(res.status, 200, await res.clone().text());
    return ((await res.json()) as { result: Row[] }).result;
  };
  const posted = async (prefix: string, model: string, id: number): Promise<number> => store.count({ keyPrefix: `${prefix}:odoo:${model}:${id}:`, status: 'posted' });
  const finishedReads = async (model: string): Promise<number> =>
    (await store.listRuns({ limit: 500 })).filter((r) => r.runId.startsWith(`odoo-read:${model}:`) && r.status !== 'running').length;
  /** Presses a "sync now" and waits until the last read of its chain has ended (its records audited). */
  const syncNow = async (inject: string, lastModel: string): Promise<void> => {
    const before = await finishedReads(lastModel);
    await press(nr, inject);
    await until(`the ${lastModel} read (the last of ${inject}'s run) to end`, () => finishedReads(lastModel), (n) => n > before, 120_000);
  };
  const commitments = (originId: string) => procore.state.purchaseOrders.filter((po) => po.origin_id === originId && po.deleted_at === null);

  before(async () => {
    sandbox = await startSandbox({ ports: { odoo: 0, ukg: 0, paylocity: 0, procore: 0, servicenow: 0, looker: 0 } });
    const env = sandbox.environment();
    odoo = new OdooClient({ configName: 'check', url: env['MLC_SANDBOX_ODOO_URL'] ?? '', db: 'mlc_demo', username: 'admin', apiKey: 'mlc-demo-key' });
    const procoreSim = sandbox.get('procore') as RunningSimulator;
    procore = procoreSim.simulator as ProcoreSimulator;
    snSim = sandbox.get('servicenow') as RunningSimulator;
    snAuth = `Basic ${Buffer.from(`${env['MLC_SANDBOX_SERVICENOW_USERNAME']}:${env['MLC_SANDBOX_SERVICENOW_PASSWORD']}`).toString('base64')}`;
    // Procore's own spike window (25 calls in 10 s) would make the run take half a minute.
    const quota = await fetch(`${procoreSim.url}/__sandbox/quota`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ rules: procoreQuotaRules({ hourly: 3600, spike: 500 }) }) });
    assert.equal(quota.status, 200, await quota.text());
    orders = (await odoo.searchRead('purchase.order', { domain: [['state', 'in', ['purchase', 'done']]], fields: ['name'] })).map((o) => ({ id: Number(o['id']), name: String(o['name']) }));
    vendors = (await odoo.searchRead('res.partner', { domain: [['supplier_rank', '>', 0]], fields: ['ref'] })).map((v) => ({ id: Number(v['id']), ref: String(v['ref']) }));
    assert.equal(orders.length, 5, 'the seed has five confirmed orders');

    const { flows, credentials } = loadExamples(PROCORE, SERVICENOW);
    const stores = flows.filter((n) => n.type === 'mlc-store');
    assert.equal(stores.length, 1, 'the two examples share one store');
    nr = await startNodeRed('node-red', flows, { credentials, env });
    store = await openExampleStore(nr);
  });
  after(() => stopAll({ odoo, store, nr, sandbox }));

  it('Procore first: every confirmed PO becomes one commitment, audited under the Procore read\'s keys', async () => {
    await syncNow('mlc-ex-ppp-run', 'account.move');
    for (const { id, name } of orders) {
      assert.equal(commitments(String(id)).length, 1, `${name}: one Procore commitment`);
      assert.equal(await posted('procore.pos', 'purchase.order', id), 1, `${name}: posted for Procore`);
    }
    assert.equal(await store.count({ keyPrefix: 'servicenow.', status: ['posted', 'failed', 'claimed'] }), 0, 'ServiceNow has not run yet');
  });

  it('then ServiceNow: the same vendors and confirmed POs reach S2P too, not skipped as already posted', async () => {
    await syncNow('mlc-ex-snpo-run', 'purchase.order');
    for (const { id, name } of orders) {
      const inS2P = await table('sn_shop_purchase_order', `erp_po_number=${name}`, ['sys_id']);
      assert.equal(inS2P.length, 1, `${name}: one S2P order`);
      assert.equal(await posted('servicenow.pos', 'purchase.order', id), 1, `${name}: posted for ServiceNow`);
      assert.equal(commitments(String(id)).length, 1, `${name}: still one Procore commitment`);
    }
    for (const { id, ref } of vendors) {
      assert.equal((await table('sn_fin_supplier', `erp_supplier_id=${ref}`, ['sys_id'])).length, 1, `vendor ${ref} once in S2P`);
      assert.equal(procore.state.vendors.filter((v) => v.origin_id === String(id)).length, 1, `vendor ${ref} once in Procore`);
      assert.equal(await posted('servicenow.suppliers', 'res.partner', id), 1, `vendor ${ref}: posted for ServiceNow`);
      assert.equal(await posted('procore.vendors', 'res.partner', id), 1, `vendor ${ref}: posted for Procore`);
    }
  });
});
